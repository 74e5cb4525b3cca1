/**
 * Semantic checks of an SLA definition: the process, its nodes and messages, the calendar and
 * the processes and actions its escalations use exist; FEEL parses. Every problem has a stable
 * code and the JSON pointer of the offending field.
 */
import type { ErrorCode, ErrorDetail } from '../errors.ts';
import { syntaxError } from '../expressions/index.ts';
import { lintMessage } from './lint-messages.ts';
import { coveredVersions } from './version-range.ts';
import type { ProcessDefinition, SlaAction, SlaDefinition } from '../generated/index.ts';

export interface SlaLintScope {
  /** Process bodies by id and version. */
  processBodies: ReadonlyMap<string, ReadonlyMap<number, ProcessDefinition>>;
  /** Calendar versions by id. */
  calendars: ReadonlyMap<string, ReadonlySet<number>>;
  /** The actions escalations may call (by name). */
  actions: { has(name: string): boolean };
}

const CONDITION_LISTS = ['start', 'pause', 'resume', 'stop', 'cancel', 'reset'] as const;

export function lintSla(def: SlaDefinition, scope: SlaLintScope): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (code: ErrorCode, pointer: string, message: string) =>
    problems.push({ code, pointer, message });
  const expression = (source: string, pointer: string) => {
    const error = syntaxError(source);
    if (error) add('CW_ERR_DEF_BAD_EXPRESSION', pointer, `${error}: ${source}`);
  };

  // The process versions measured (a range: each must have the nodes and messages the SLA
  // names; every version: the latest, as older ones may predate a node the SLA now measures).
  const versions = scope.processBodies.get(def.process.id);
  const every = def.process.version === undefined && def.process.versions === undefined;
  const inRange = coveredVersions(def.process, versions?.keys() ?? []);
  const covered = (every ? inRange.slice(-1) : inRange).map((v) => ({
    v,
    body: versions!.get(v)!,
  }));
  if (!versions)
    add('CW_ERR_DEF_UNKNOWN_REFERENCE', '/process', `process ${def.process.id} is not loaded`);
  else if (!covered.length) {
    const params = {
      process: def.process.id,
      range: def.process.versions?.trim() ?? `v${def.process.version}`,
      known: [...versions.keys()].sort((a, b) => a - b).join(', '),
    };
    problems.push({
      code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
      pointer: def.process.versions !== undefined ? '/process/versions' : '/process/version',
      message: lintMessage('lint.slaCoversNoVersion', params, 'en'),
      key: 'lint.slaCoversNoVersion',
      params,
    });
  }
  const measured = covered.length > 0;
  /** The first measured version that lacks something, for the message. */
  const lacking = (has: (p: ProcessDefinition) => boolean) => covered.find((c) => !has(c.body))?.v;
  const nodeOf = (p: ProcessDefinition, id: string) => p.nodes.find((n) => n.id === id);
  const waitsFor = (p: ProcessDefinition, message: string) =>
    p.nodes.some(
      (n) => (n.type === 'messageCatch' || n.type === 'boundaryMessage') && n.message === message,
    );
  const inVersion = (v: number) => (covered.length > 1 ? ` in version ${v}` : '');

  const calendarVersions = scope.calendars.get(def.calendar.id);
  if (
    !calendarVersions ||
    (def.calendar.version !== undefined && !calendarVersions.has(def.calendar.version))
  )
    add('CW_ERR_DEF_UNKNOWN_REFERENCE', '/calendar', `calendar ${def.calendar.id} is not loaded`);

  const scopeKind = def.scope ?? 'instance';
  if (scopeKind === 'task' && !def.nodes?.length)
    add('CW_ERR_DEF_SCHEMA', '/nodes', 'a task-scope SLA names the user-task nodes it measures');
  if (scopeKind === 'instance' && !def.start?.length)
    add('CW_ERR_DEF_SCHEMA', '/start', 'an instance-scope SLA needs at least one start condition');
  def.nodes?.forEach((id, i) => {
    const v = lacking((p) => nodeOf(p, id)?.type === 'userTask');
    if (measured && v !== undefined)
      add(
        'CW_ERR_DEF_UNKNOWN_NODE',
        `/nodes/${i}`,
        `${id} is not a user task of the process${inVersion(v)}`,
      );
  });

  for (const list of CONDITION_LISTS) {
    def[list]?.forEach((c, i) => {
      const at = `/${list}/${i}`;
      const node = c.node;
      const missingNode = node === undefined ? undefined : lacking((p) => !!nodeOf(p, node));
      if (measured && missingNode !== undefined)
        add(
          'CW_ERR_DEF_UNKNOWN_NODE',
          `${at}/node`,
          `the process has no node ${c.node}${inVersion(missingNode)}`,
        );
      const message = c.message;
      const unheard = message === undefined ? undefined : lacking((p) => waitsFor(p, message));
      if (measured && unheard !== undefined)
        add(
          'CW_ERR_DEF_UNKNOWN_REFERENCE',
          `${at}/message`,
          `no message catch or message boundary of the process waits for "${c.message}"${inVersion(unheard)}`,
        );
      if (c.when !== undefined) expression(c.when, `${at}/when`);
    });
  }
  if (def.target.expression) expression(def.target.expression, '/target/expression');
  if (def.startAt) expression(def.startAt, '/startAt');

  const seen = new Set<number>();
  def.thresholds?.forEach((t, i) => {
    if (seen.has(t.percent))
      add('CW_ERR_DEF_DUPLICATE_ID', `/thresholds/${i}/percent`, `${t.percent}% is listed twice`);
    seen.add(t.percent);
    actions(t.actions, `/thresholds/${i}/actions`);
  });
  actions(def.breach?.actions, '/breach/actions');
  return problems;

  function actions(list: SlaAction[] | undefined, base: string): void {
    list?.forEach((a, i) => {
      const at = `${base}/${i}`;
      if (a.type === 'startProcess') {
        if (!scope.processBodies.has(a.process.id))
          add(
            'CW_ERR_DEF_UNKNOWN_REFERENCE',
            `${at}/process`,
            `process ${a.process.id} is not loaded`,
          );
        for (const [k, v] of Object.entries(a.variables ?? {}))
          if (v !== undefined) expression(v, `${at}/variables/${k}`);
      }
      if (a.type === 'callAction') {
        if (!scope.actions.has(a.action))
          add(
            'CW_ERR_DEF_UNKNOWN_REFERENCE',
            `${at}/action`,
            `action "${a.action}" is not provided by any loaded plugin`,
          );
        for (const [k, v] of Object.entries(a.input ?? {}))
          if (v !== undefined) expression(v, `${at}/input/${k}`);
      }
    });
  }
}
