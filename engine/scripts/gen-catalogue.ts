/**
 * Writes docs/catalogue.md from the shipped definitions (run by `npm run gen`): each process
 * with its steps, paths, forms and SLAs, in Traditional Chinese and English, so a business
 * reader can check it against the source document. tests/meta/catalogue.test.ts fails when
 * the page is stale.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import type {
  DecisionDefinition,
  FormDefinition,
  FormField,
  ProcessDefinition,
  ProcessNode,
  SlaAction,
  SlaCondition,
  SlaDefinition,
  TimerSpec,
} from '../src/generated/index.ts';
import { coversVersion, describeProcessRef } from '../src/definitions/index.ts';

type Text = { 'zh-Hant': string; en: string } | undefined;
type Kind = 'processes' | 'forms' | 'slas' | 'decisions';

/** The latest version of every definition of a kind in the folder, by id. */
async function latest<T>(dir: string, kind: Kind): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const ids = await readdir(join(dir, kind)).catch(() => [] as string[]);
  for (const id of ids.sort()) {
    const versions = (await readdir(join(dir, kind, id)))
      .map((f) => /^v([1-9][0-9]*)\.json$/.exec(f)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const v = versions.at(-1);
    if (v === undefined) continue;
    out.set(id, JSON.parse(await readFile(join(dir, kind, id, `v${v}.json`), 'utf8')) as T);
  }
  return out;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const both = (t: Text, fallback = '') => (t ? `${t['zh-Hant']} / ${t.en}` : fallback);
const code = (s: string) => `\`${cell(s)}\``;

function timer(t: TimerSpec | undefined): string {
  if (!t) return '';
  const on = t.calendar ? ` (working time, calendar \`${t.calendar}\`)` : '';
  const cycle = t.cycle && /^R(\d+)\/(.+)$/.exec(t.cycle);
  if (cycle) return `every ${cycle[2]}, ${cycle[1]} times at most${on}`;
  if (t.duration) return `after ${t.duration}${on}`;
  if (t.durationExpression) return `after ${code(t.durationExpression)}${on}`;
  return `at ${code(t.dateExpression ?? '')}`;
}

/** A bound as written: a number, or FEEL on a date field. */
const bound = (v: number | string) => (typeof v === 'string' ? code(v) : String(v));

/** What a step does, in one cell (a multi-instance activity says what it runs once per). */
function what(n: ProcessNode, processes: Map<string, ProcessDefinition>): string {
  const mi = 'multiInstance' in n ? n.multiInstance : undefined;
  if (!mi) return does(n, processes);
  const collected = mi.outputCollection ? `, collected in order as \`${mi.outputCollection}\`` : '';
  return `${does(n, processes)}; once per item of ${code(mi.collection)} (${mi.mode ?? 'parallel'}, each as \`${mi.elementVariable}\`)${collected}`;
}

function does(n: ProcessNode, processes: Map<string, ProcessDefinition>): string {
  switch (n.type) {
    case 'start':
      return n.form ? `start form \`${n.form.id}\`` : 'start';
    case 'end':
      return n.outcome ? `end, outcome \`${n.outcome}\`` : 'end';
    case 'terminateEnd':
      return `ends the whole case${n.outcome ? `, outcome \`${n.outcome}\`` : ''}`;
    case 'errorEnd':
      return `throws error ${code(n.errorCode)}`;
    case 'userTask': {
      const who = [
        n.candidateGroups && `groups ${code(n.candidateGroups)}`,
        n.candidateUsers && `users ${code(n.candidateUsers)}`,
        n.assignee && `assignee ${code(n.assignee)}`,
      ].filter(Boolean);
      return [`task, form \`${n.form.id}\``, ...who, n.dueDate && `due ${timer(n.dueDate)}`]
        .filter(Boolean)
        .join('; ');
    }
    case 'serviceTask':
      return `service \`${n.action}\`${n.compensation ? `, undone by \`${n.compensation.action}\`` : ''}`;
    case 'compensateThrow':
      return 'undoes the completed service tasks, the last first';
    case 'compensateEnd':
      return `undoes the completed service tasks, the last first, then ends${n.outcome ? `, outcome \`${n.outcome}\`` : ''}`;
    case 'exclusiveGateway':
      return 'decision (one path)';
    case 'parallelGateway':
      return 'parallel (all paths)';
    case 'inclusiveGateway':
      return 'inclusive (every path whose condition holds)';
    case 'eventBasedGateway':
      return 'first event wins (message or timer)';
    case 'timer':
      return `wait ${timer(n.timer)}`;
    case 'messageCatch':
      return `wait for message \`${n.message}\` (key ${code(n.correlationKey)})`;
    case 'boundaryTimer':
      return `${n.interrupting === false ? 'reminder' : 'deadline'} on \`${n.attachedTo}\` ${timer(n.timer)}`;
    case 'boundaryMessage':
      return `interrupted by message \`${n.message}\` on \`${n.attachedTo}\` (key ${code(n.correlationKey)})`;
    case 'boundaryError':
      return `on error ${n.errorCode ? code(n.errorCode) : '(any code)'} of \`${n.attachedTo}\``;
    case 'callActivity': {
      const child = processes.get(n.process.id);
      return `runs process \`${n.process.id}\`${child ? ` (${child.name.en})` : ''}`;
    }
    case 'subProcess':
      return 'subprocess: the steps inside it, until they have all ended';
    case 'businessRuleTask':
      return `decides by table \`${n.decision.id}\`${n.decision.version ? ` v${n.decision.version}` : ''}`;
  }
}

function rules(f: FormField): string {
  return [
    f.required && 'required',
    f.requiredIf && `required if ${code(f.requiredIf)}`,
    f.visibleIf && `shown if ${code(f.visibleIf)}`,
    f.compute && `computed: ${code(f.compute)}`,
    f.sensitive && '**personal data**',
    f.format && `format ${f.format}`,
    f.min !== undefined && `min ${bound(f.min)}`,
    f.max !== undefined && `max ${bound(f.max)}`,
    f.exclusiveMinimum !== undefined &&
      (typeof f.exclusiveMinimum === 'string'
        ? `after ${code(f.exclusiveMinimum)}`
        : `> ${f.exclusiveMinimum}`),
    f.exclusiveMaximum !== undefined &&
      (typeof f.exclusiveMaximum === 'string'
        ? `before ${code(f.exclusiveMaximum)}`
        : `< ${f.exclusiveMaximum}`),
    f.validations?.length && `${f.validations.length} check(s)`,
    f.repeatable && `list${f.minItems !== undefined ? ` of ≥ ${f.minItems}` : ''}`,
    f.options &&
      `options: ${f.options.map((o) => `${o.value} (${o.label['zh-Hant']})`).join(', ')}`,
    f.accept && `accepts ${f.accept.join(', ')}`,
    f.type === 'file' && `at most ${f.maxFiles ?? 1} file(s)`,
    f.maxSize !== undefined && `≤ ${f.maxSize} bytes each`,
    f.columns !== undefined && `${f.columns} columns`,
  ]
    .filter(Boolean)
    .join('; ');
}

/** One row per field; sections and pages are layout (their fields keep the level's keys). */
function fieldRows(fields: FormField[], prefix = ''): string[] {
  return fields.flatMap((f) =>
    f.type === 'section' || f.type === 'page'
      ? [
          `| (${f.type} ${code(f.key)}) | ${cell(f.label['zh-Hant'])} | ${cell(f.label.en)} | ${f.type} | ${cell(rules(f))} |`,
          ...fieldRows(f.fields ?? [], prefix),
        ]
      : [
          `| ${code(prefix + f.key)} | ${cell(f.label['zh-Hant'])} | ${cell(f.label.en)} | ${f.type} | ${cell(rules(f))} |`,
          ...fieldRows(f.fields ?? [], `${prefix}${f.key}${f.repeatable ? '[]' : ''}.`),
        ],
  );
}

function condition(c: SlaCondition): string {
  const on = [c.event, c.node && `\`${c.node}\``, c.message && `\`${c.message}\``]
    .filter(Boolean)
    .join(' ');
  return c.when ? `${on} when ${code(c.when)}` : on;
}

function action(a: SlaAction): string {
  switch (a.type) {
    case 'notify':
      return `notify ${a.to.map((r) => (r.id ? `${r.kind} ${r.id}` : r.kind)).join(', ')}`;
    case 'raisePriority':
      return `priority ≥ ${a.priority}`;
    case 'reassign':
      return `reassign to ${a.group}`;
    case 'startProcess':
      return `start \`${a.process.id}\``;
    case 'callAction':
      return `call \`${a.action}\``;
  }
}

function slaSection(s: SlaDefinition): string {
  const conds = (label: string, cs: SlaCondition[] | undefined) =>
    cs?.length ? `- ${label}: ${cs.map(condition).join('; or ')}` : '';
  const target = s.target.duration
    ? `${s.target.duration}`
    : `${code(s.target.expression ?? '')} (from the case data)`;
  return [
    `#### SLA ${both(s.name)} (\`${s.id}\` v${s.version})`,
    '',
    s.description ? `${s.description['zh-Hant']}\n\n${s.description.en}\n` : '',
    s.process.version !== undefined || s.process.versions !== undefined
      ? `- measures: ${code(describeProcessRef(s.process))}`
      : '',
    `- target: ${target}${s.startAt ? `, counted from ${code(s.startAt)}` : ''}, calendar \`${s.calendar.id}\`, measured per ${s.scope ?? 'instance'}${s.nodes ? ` on ${s.nodes.map((n) => `\`${n}\``).join(', ')}` : ''}`,
    conds('starts', s.start),
    conds('pauses', s.pause),
    conds('resumes', s.resume),
    conds('stops', s.stop),
    conds('cancelled', s.cancel),
    conds('reset', s.reset),
    ...(s.thresholds ?? []).map(
      (t) => `- at ${t.percent} %: ${(t.actions ?? []).map(action).join('; ') || 'recorded'}`,
    ),
    s.breach?.actions?.length ? `- on breach: ${s.breach.actions.map(action).join('; ')}` : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** A decision table: its hit policy and why, and its rules as rows (inputs, outputs, annotation). */
function decisionSection(d: DecisionDefinition): string {
  const head = [
    ...d.inputs.map((i) => `${i.label['zh-Hant']} / ${i.label.en}`),
    ...d.outputs.map((o) => `→ ${o.label['zh-Hant']} / ${o.label.en}`),
    'Why',
  ];
  const rows = d.rules.map(
    (r, i) =>
      `| ${i + 1}${r.id ? ` ${code(r.id)}` : ''} | ${[...r.inputEntries, ...r.outputEntries]
        .map((e) => (e.trim() === '-' ? '-' : code(e)))
        .join(' | ')} | ${cell(r.annotation ?? '')} |`,
  );
  return [
    `### Decision table ${both(d.name)} (\`${d.id}\` v${d.version}, hit policy ${d.hitPolicy}${d.aggregation ? ` ${d.aggregation}` : ''})`,
    '',
    d.description ? `${d.description['zh-Hant']}\n\n${d.description.en}\n` : '',
    ...d.inputs.map((i) => `- ${both(i.label)}: ${code(i.expression)}`),
    '',
    `| Rule | ${head.map(cell).join(' | ')} |`,
    `| ${['---', ...head.map(() => '---')].join(' | ')} |`,
    ...rows,
    '',
  ].join('\n');
}

function processSection(
  p: ProcessDefinition,
  processes: Map<string, ProcessDefinition>,
  forms: Map<string, FormDefinition>,
  slas: SlaDefinition[],
  decisions: Map<string, DecisionDefinition> = new Map(),
): string {
  const steps = p.nodes.map(
    (n) =>
      `| ${code(n.id)} | ${cell(n.name?.['zh-Hant'] ?? '')} | ${cell(n.name?.en ?? '')} | ${cell(what(n, processes))} |`,
  );
  const paths = p.flows
    .filter(
      (f) =>
        f.condition ||
        p.nodes.some(
          (n) =>
            (n.type === 'exclusiveGateway' || n.type === 'inclusiveGateway') && n.default === f.id,
        ),
    )
    .map(
      (f) =>
        `- \`${f.from}\` → \`${f.to}\` ${f.condition ? `when ${code(f.condition)}` : '(otherwise)'}`,
    );
  const formIds = [
    ...new Set(
      p.nodes.flatMap((n) =>
        (n.type === 'userTask' || n.type === 'start') && n.form ? [n.form.id] : [],
      ),
    ),
  ];
  return [
    `## ${both(p.name)}`,
    '',
    `\`${p.id}\` v${p.version}${p.retention ? `; personal data kept ${p.retention} after the case closes` : ''}${keyNote(p)}\n`,
    p.description ? `${p.description['zh-Hant']}\n\n${p.description.en}\n` : '',
    '### Steps',
    '',
    '| Step | 步驟 | Name | What |',
    '| --- | --- | --- | --- |',
    ...steps,
    '',
    paths.length ? `### Decisions\n\n${paths.join('\n')}\n` : '',
    ...[
      ...new Set(p.nodes.flatMap((n) => (n.type === 'businessRuleTask' ? [n.decision.id] : []))),
    ].map((id) => {
      const d = decisions.get(id);
      return d ? decisionSection(d) : `### Decision table \`${id}\` (missing)\n`;
    }),
    ...formIds.map((id) => {
      const f = forms.get(id);
      if (!f) return `### Form \`${id}\` (missing)\n`;
      return [
        `### Form ${both(f.title)} (\`${f.id}\` v${f.version})`,
        '',
        '| Field | 欄位 | Label | Type | Rules |',
        '| --- | --- | --- | --- | --- |',
        ...fieldRows(f.fields),
        '',
      ].join('\n');
    }),
    p.public
      ? [
          '### What customers see',
          '',
          p.public.intake ? 'Customers may file it online (public intake).\n' : '',
          ...(p.public.steps ?? []).map(
            (st, i) =>
              `${i + 1}. ${both(st.label)} (${st.nodes.map((n) => `\`${n}\``).join(', ')})`,
          ),
          '',
          ...(p.public.uploads ?? []).map(
            (u) => `- upload: ${both(u.label)} answers \`${u.message}\``,
          ),
          '',
        ].join('\n')
      : '',
    slas.length ? `### Service levels\n\n${slas.map(slaSection).join('\n\n')}\n` : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** The Markdown page for a definitions folder, formatted as Prettier would. */
export async function catalogue(dir: string): Promise<string> {
  const processes = await latest<ProcessDefinition>(dir, 'processes');
  const forms = await latest<FormDefinition>(dir, 'forms');
  const slas = [...(await latest<SlaDefinition>(dir, 'slas')).values()];
  const decisions = await latest<DecisionDefinition>(dir, 'decisions');
  const intro = [
    '# Process catalogue 流程目錄',
    '',
    'Every process shipped in `definitions/` (latest versions), with its steps, decisions, decision',
    'tables, forms and service levels, to check against the source document',
    '(`../shared/domain/processes.md`).',
    'Generated from the definitions by `npm run gen` (`engine/scripts/gen-catalogue.ts`); a test',
    'fails when it is stale. Fields marked **personal data** are masked, encrypted at rest and',
    'never logged (see [security.md](security.md)).',
    '',
    ...[...processes.values()].map(
      (p) => `- [${both(p.name)}](#${anchor(both(p.name))}) \`${p.id}\``,
    ),
    '',
  ].join('\n');
  const body = [...processes.values()]
    .map((p) =>
      processSection(
        p,
        processes,
        forms,
        slas.filter((s) => s.process.id === p.id && coversVersion(s.process, p.version)),
        decisions,
      ),
    )
    .join('\n\n');
  return format(`${intro}\n${body}\n`, { parser: 'markdown', singleQuote: true, printWidth: 100 });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  await writeFile(join(root, 'docs/catalogue.md'), await catalogue(join(root, 'definitions')));
  console.log('wrote docs/catalogue.md');
}

/** What the catalogue says of a process's business key and reference. */
function keyNote(p: ProcessDefinition): string {
  const k = p.businessKey;
  const notes = [
    ...(typeof k === 'object' && k.unique ? ['business key unique among open cases'] : []),
    ...(p.public?.reference ? [`\`${p.public.reference}\` is the engine's case reference`] : []),
  ];
  return notes.map((n) => `; ${n}`).join('');
}
