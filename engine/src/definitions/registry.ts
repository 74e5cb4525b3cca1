/**
 * The registry of definition versions. Loading reads the definitions folder, validates each
 * file (meta-schema, then semantics), records each good version's content hash in the ledger (PostgreSQL)
 * and refuses a changed file for a recorded version. Versions recorded earlier stay usable
 * when their file is removed, so running instances never lose their definition.
 *
 * @example
 *   const registry = await loadDefinitions({ ledger, dir: 'definitions', actions: new Set(['noop']) });
 *   registry.process('claim');          // latest good version
 *   registry.problems;                  // every file that failed, with codes and JSON pointers
 */
import { sensitiveKeysOf } from '../privacy/index.ts';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createError, isCasewayError, type ErrorDetail } from '../errors.ts';
import type {
  CalendarDefinition,
  DecisionDefinition,
  FormDefinition,
  ProcessDefinition,
  ScenarioDefinition,
  SlaDefinition,
} from '../generated/index.ts';
import { compileCalendar, type BusinessCalendar } from '../time/index.ts';
import { buildGraph, type PinnedDecision, type ProcessGraph } from '../runtime/index.ts';
import { lintForm, lintProcess, type ActionCatalog, type LintScope } from './lint.ts';
import { lintNames, lintSlaNames } from './lint-names.ts';
import { lintThrownErrors } from './lint-thrown.ts';
import { lintCalendar } from './lint-calendar.ts';
import { lintDecision } from './lint-decision.ts';
import { lintSla, type SlaLintScope } from './lint-sla.ts';
import { coveredVersions, coversVersion } from './version-range.ts';
import { readScenarios } from './scenarios.ts';

/** Everything a definition body may refer to, as known to the registry. */
export type DefinitionScope = LintScope & SlaLintScope;
import type { DefinitionLedger } from './ledger.ts';
import { DEFINITION_KINDS, schemaProblems, type DefinitionKind } from './meta-schemas.ts';

interface Versioned {
  id: string;
  version: number;
}

export interface StoredVersion {
  kind: DefinitionKind;
  id: string;
  version: number;
  hash: string;
  body: Versioned & Record<string, unknown>;
  source: string | null;
  /** The file is present in the folder (false: kept from the store for running instances). */
  present: boolean;
}

export interface DefinitionSummary {
  kind: DefinitionKind;
  id: string;
  latestVersion: number | null;
  versions: number[];
  name: unknown;
  /** Problems of files of this id that did not load. */
  problems: ErrorDetail[];
  /** Processes: whether the latest version takes cases from customers (`public.intake`). */
  publicIntake?: boolean;
}

const FILE_RE = /^v([1-9][0-9]*)\.json$/;

/** Whether a process body takes cases from customers without a login (`public.intake`). */
const publicIntakeOf = (body: Record<string, unknown> | undefined): boolean =>
  (body?.public as { intake?: unknown } | undefined)?.intake === true;

/** The folder of each kind inside the definitions folder. */
export const FOLDER: Record<DefinitionKind, string> = {
  process: 'processes',
  form: 'forms',
  sla: 'slas',
  calendar: 'calendars',
  decision: 'decisions',
};

export class DefinitionRegistry {
  readonly #versions = new Map<string, Map<number, StoredVersion>>();
  readonly #graphs = new Map<string, ProcessGraph>();
  readonly #calendars = new Map<string, BusinessCalendar>();
  readonly #slasByProcess = new Map<string, SlaDefinition[]>();
  readonly #measured = new Map<string, boolean>();
  /** Problems by `${kind}/${id}`: those ids are refused when asked for their latest version. */
  readonly #broken = new Map<string, { version: number; problems: ErrorDetail[] }[]>();
  readonly #scenarios = new Map<string, ScenarioDefinition[]>();
  readonly problems: ErrorDetail[] = [];

  add(v: StoredVersion): void {
    const key = `${v.kind}/${v.id}`;
    const map = this.#versions.get(key) ?? new Map<number, StoredVersion>();
    map.set(v.version, v);
    this.#versions.set(key, map);
  }

  addProblems(kind: DefinitionKind, id: string, version: number, problems: ErrorDetail[]): void {
    this.problems.push(...problems);
    const key = `${kind}/${id}`;
    this.#broken.set(key, [...(this.#broken.get(key) ?? []), { version, problems }]);
  }

  /** How many versions it holds, of every kind (compared with the ledger's size). */
  size(): number {
    let n = 0;
    for (const versions of this.#versions.values()) n += versions.size;
    return n;
  }

  /** A process's saved plays (definitions/scenarios/<process-id>/), by name. */
  scenariosOf(processId: string): ScenarioDefinition[] {
    return this.#scenarios.get(processId) ?? [];
  }

  addScenario(s: ScenarioDefinition): void {
    this.#scenarios.set(
      s.process,
      [...this.scenariosOf(s.process).filter((x) => x.name !== s.name), s].sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
    );
  }

  get(kind: DefinitionKind, id: string, version?: number | null): StoredVersion {
    const key = `${kind}/${id}`;
    const versions = this.#versions.get(key);
    const broken = this.#broken.get(key) ?? [];
    if (version !== undefined && version !== null) {
      const v = versions?.get(version);
      if (v) return v;
      const bad = broken.find((b) => b.version === version);
      if (bad)
        throw createError('CW_ERR_DEF_NOT_LOADED', undefined, {
          details: bad.problems,
          data: { kind, id, version },
        });
      throw createError('CW_ERR_NOT_FOUND', `${kind} ${id} v${version} is not defined`, {
        data: { kind, id, version },
      });
    }
    const latest = versions ? Math.max(...versions.keys()) : 0;
    const newerBroken = broken.filter((b) => b.version > latest);
    if (newerBroken.length) {
      throw createError('CW_ERR_DEF_NOT_LOADED', undefined, {
        details: newerBroken.flatMap((b) => b.problems),
        data: { kind, id, version: Math.max(...newerBroken.map((b) => b.version)) },
      });
    }
    const v = versions?.get(latest);
    if (!v)
      throw createError('CW_ERR_NOT_FOUND', `${kind} ${id} is not defined`, { data: { kind, id } });
    return v;
  }

  process(
    id: string,
    version?: number | null,
  ): { definition: ProcessDefinition; graph: ProcessGraph } {
    const v = this.get('process', id, version);
    const key = `${v.id}@${v.version}`;
    let graph = this.#graphs.get(key);
    if (!graph) {
      graph = buildGraph(v.body as unknown as ProcessDefinition);
      this.#graphs.set(key, graph);
    }
    return { definition: graph.definition, graph };
  }

  /** Keys of form fields marked sensitive in any form version held (personal data). */
  sensitiveKeys(): Set<string> {
    const keys = new Set<string>();
    for (const [key, versions] of this.#versions)
      if (key.startsWith('form/'))
        for (const v of versions.values())
          for (const k of sensitiveKeysOf(v.body as unknown as FormDefinition)) keys.add(k);
    return keys;
  }

  /**
   * The variables that identify a customer in any process version held: what `search` names
   * as the customer's name, ID number and phone number. Personal data like a sensitive field.
   */
  identityKeys(): Set<string> {
    const keys = new Set<string>();
    for (const [key, versions] of this.#versions)
      if (key.startsWith('process/'))
        for (const v of versions.values()) {
          const { search, public: pub } = v.body as unknown as ProcessDefinition;
          // a tracking link is a secret that opens the case: personal data like the customer's ID
          for (const k of [
            search?.customerName,
            search?.idNumber,
            search?.phone,
            pub?.trackingLink,
          ])
            if (k) keys.add(k);
        }
    return keys;
  }

  form(id: string, version?: number | null): FormDefinition {
    return this.get('form', id, version).body as unknown as FormDefinition;
  }

  /**
   * The processes whose latest version uses a form (at its start or in a user task), by id: where
   * a form's editor finds the zone its `today()` counts days in.
   */
  processesUsingForm(formId: string): ProcessDefinition[] {
    const out: ProcessDefinition[] = [];
    for (const key of [...this.#versions.keys()].sort()) {
      if (!key.startsWith('process/')) continue;
      const def = this.get('process', key.slice('process/'.length))
        .body as unknown as ProcessDefinition;
      if (def.nodes.some((n) => 'form' in n && n.form?.id === formId)) out.push(def);
    }
    return out;
  }

  versionsOf(kind: DefinitionKind, id: string): StoredVersion[] {
    return [...(this.#versions.get(`${kind}/${id}`)?.values() ?? [])].sort(
      (a, b) => a.version - b.version,
    );
  }

  list(kind?: DefinitionKind): DefinitionSummary[] {
    const keys = new Set([...this.#versions.keys(), ...this.#broken.keys()]);
    const out: DefinitionSummary[] = [];
    for (const key of [...keys].sort()) {
      const [k, id] = key.split('/') as [DefinitionKind, string];
      if (kind && k !== kind) continue;
      const versions = [...(this.#versions.get(key)?.keys() ?? [])].sort((a, b) => a - b);
      const latest = versions.at(-1) ?? null;
      const body = latest === null ? undefined : this.#versions.get(key)?.get(latest)?.body;
      out.push({
        kind: k,
        id,
        latestVersion: latest,
        versions,
        name: body ? (body.name ?? body.title ?? null) : null,
        problems: (this.#broken.get(key) ?? []).flatMap((b) => b.problems),
        ...(k === 'process' ? { publicIntake: publicIntakeOf(body) } : {}),
      });
    }
    return out;
  }

  /** What processes may refer to, for linting a body against this registry. */
  scope(actions: ActionCatalog): DefinitionScope {
    const forms = new Map<string, Map<number, FormDefinition>>();
    const processes = new Map<string, Set<number>>();
    const processBodies = new Map<string, Map<number, ProcessDefinition>>();
    const calendars = new Map<string, Set<number>>();
    const decisions = new Map<string, Map<number, DecisionDefinition>>();
    for (const [key, versions] of this.#versions) {
      const [k, id] = key.split('/') as [DefinitionKind, string];
      for (const [n, v] of versions) {
        if (k === 'form')
          forms.set(id, (forms.get(id) ?? new Map()).set(n, v.body as unknown as FormDefinition));
        if (k === 'process') {
          processes.set(id, (processes.get(id) ?? new Set()).add(n));
          processBodies.set(
            id,
            (processBodies.get(id) ?? new Map()).set(n, v.body as unknown as ProcessDefinition),
          );
        }
        if (k === 'calendar') calendars.set(id, (calendars.get(id) ?? new Set()).add(n));
        if (k === 'decision')
          decisions.set(
            id,
            (decisions.get(id) ?? new Map()).set(n, v.body as unknown as DecisionDefinition),
          );
      }
    }
    return {
      forms,
      processes,
      processBodies,
      calendars,
      decisions,
      actions,
      starters: this.#starters(),
    };
  }

  /**
   * What starts each process passes in: the input names of every call activity calling it (in
   * the latest version of each process) and of every SLA action starting it (latest versions).
   */
  #starters(): Map<string, { by: string; names: string[] }[]> {
    const out = new Map<string, { by: string; names: string[] }[]>();
    const push = (id: string, by: string, names: string[]) =>
      out.set(id, [...(out.get(id) ?? []), { by, names }]);
    for (const [key, versions] of this.#versions) {
      const [kind, id] = key.split('/') as [DefinitionKind, string];
      const latest = versions.get(Math.max(...versions.keys()))?.body;
      if (!latest) continue;
      if (kind === 'process')
        for (const n of (latest as unknown as ProcessDefinition).nodes)
          if (n.type === 'callActivity')
            push(n.process.id, `${id}/${n.id}`, Object.keys(n.input ?? {}));
      if (kind === 'sla') {
        const sla = latest as unknown as SlaDefinition;
        for (const a of [
          ...(sla.thresholds ?? []).flatMap((t) => t.actions ?? []),
          ...(sla.breach?.actions ?? []),
        ])
          if (a.type === 'startProcess')
            push(a.process.id, `sla ${id}`, Object.keys(a.variables ?? {}));
      }
    }
    return out;
  }

  sla(id: string, version?: number | null): SlaDefinition {
    return this.get('sla', id, version).body as unknown as SlaDefinition;
  }

  /** A decision table's version (the latest without one). */
  decision(id: string, version?: number | null): DecisionDefinition {
    return this.get('decision', id, version).body as unknown as DecisionDefinition;
  }

  /** A decision table with its version for a business rule task; undefined when not loaded. */
  pinnedDecision(id: string, version?: number | null): PinnedDecision | undefined {
    try {
      const v = this.get('decision', id, version);
      return { version: v.version, definition: v.body as unknown as DecisionDefinition };
    } catch (e) {
      if (isCasewayError(e)) return undefined;
      throw e;
    }
  }

  /** A calendar compiled for arithmetic (cached per version). */
  calendar(id: string, version?: number | null): BusinessCalendar {
    const v = this.get('calendar', id, version);
    const key = `${v.id}@${v.version}`;
    let cal = this.#calendars.get(key);
    if (!cal) {
      cal = compileCalendar(v.body as unknown as CalendarDefinition);
      this.#calendars.set(key, cal);
    }
    return cal;
  }

  /** Whether any version of any SLA measures this process (else its steps skip SLA work). */
  measured(processId: string): boolean {
    let hit = this.#measured.get(processId);
    if (hit === undefined) {
      hit = [...this.#versions]
        .filter(([k]) => k.startsWith('sla/'))
        .some(([, versions]) =>
          [...versions.values()].some(
            (v) => (v.body as unknown as SlaDefinition).process.id === processId,
          ),
        );
      this.#measured.set(processId, hit);
    }
    return hit;
  }

  /**
   * Per SLA, its latest version that measures this process version (`coversVersion`): a case
   * keeps the clocks of its process version when a later SLA version moves on to later process
   * versions only.
   */
  slasFor(processId: string, processVersion: number): SlaDefinition[] {
    const key = `${processId}@${processVersion}`;
    let list = this.#slasByProcess.get(key);
    if (!list) {
      list = [];
      for (const [k] of this.#versions) {
        if (!k.startsWith('sla/')) continue;
        const sla = this.slaFor(k.slice('sla/'.length), processId, processVersion);
        if (sla) list.push(sla);
      }
      this.#slasByProcess.set(key, list);
    }
    return list;
  }

  /** The latest version of one SLA that measures this process version, if any does. */
  slaFor(slaId: string, processId: string, processVersion: number): SlaDefinition | undefined {
    const versions = this.#versions.get(`sla/${slaId}`);
    if (!versions) return undefined;
    for (const v of [...versions.keys()].sort((a, b) => b - a)) {
      const sla = versions.get(v)!.body as unknown as SlaDefinition;
      if (sla.process.id === processId && coversVersion(sla.process, processVersion)) return sla;
    }
    return undefined;
  }
}

/** sha256 over JSON with sorted keys: reformatting a file is not a change. */
export function contentHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Validates one body (meta-schema, then semantics against the scope); used by loading and by the
 * API. With `warnings` (the default) the lint's warnings come too (`severity: 'warning'`: what a
 * process's FEEL reads, assignments nobody receives); loading and publishing ask for errors only.
 */
export function validateBody(
  kind: DefinitionKind,
  body: unknown,
  scope: DefinitionScope,
  { warnings = true }: { warnings?: boolean } = {},
): ErrorDetail[] {
  const schema = schemaProblems(kind, body);
  if (schema.length) return schema;
  if (kind === 'process')
    return [
      ...lintProcess(body as ProcessDefinition, scope),
      ...(warnings
        ? [
            ...lintNames(body as ProcessDefinition, scope),
            ...lintThrownErrors(body as ProcessDefinition, scope),
          ]
        : []),
    ];
  if (kind === 'form') return lintForm(body as FormDefinition);
  if (kind === 'sla') {
    const sla = body as SlaDefinition;
    const versions = scope.processBodies.get(sla.process.id);
    const latest = coveredVersions(sla.process, versions?.keys() ?? []).at(-1);
    const measured = latest === undefined ? undefined : versions?.get(latest);
    return [...lintSla(sla, scope), ...(warnings ? lintSlaNames(sla, measured, scope) : [])];
  }
  if (kind === 'calendar') return lintCalendar(body as CalendarDefinition);
  if (kind === 'decision') return lintDecision(body as DecisionDefinition, { warnings });
  return [];
}

interface FileEntry {
  kind: DefinitionKind;
  id: string;
  version: number;
  source: string;
  body?: Versioned & Record<string, unknown>;
  problems: ErrorDetail[];
}

export interface LoadOptions {
  /** The versions recorded before (store/'s definitionLedger). */
  ledger: DefinitionLedger;
  dir: string;
  /** Action names services may call (built-ins and loaded plugins). */
  actions: ActionCatalog;
}

/**
 * Loads the definitions folder into a registry. One bad file never stops the others:
 * it is reported in `registry.problems` and instances of it are refused.
 */
export async function loadDefinitions({
  ledger,
  dir,
  actions,
}: LoadOptions): Promise<DefinitionRegistry> {
  const files = await readFolder(dir);
  const registry = new DefinitionRegistry();
  const stored = await ledger.recordedVersions();
  const storedByKey = new Map(stored.map((r) => [`${r.kind}/${r.id}/${r.version}`, r]));

  // Immutability: a recorded version keeps its recorded body, whatever the file says now.
  for (const f of files) {
    if (!f.body || f.problems.length) continue;
    const prior = storedByKey.get(`${f.kind}/${f.id}/${f.version}`);
    if (prior && prior.hash !== contentHash(f.body)) {
      f.problems.push({
        code: 'CW_ERR_DEF_IMMUTABLE',
        pointer: '',
        file: f.source,
        message: `${f.source} differs from the published ${f.kind} ${f.id} v${f.version} (hash ${prior.hash.slice(0, 12)}); published versions are immutable, add v${f.version + 1} instead. The published body stays in use.`,
      });
    }
  }
  for (const r of stored) {
    registry.add({
      ...r,
      present: files.some((f) => f.kind === r.kind && f.id === r.id && f.version === r.version),
    });
  }

  // Forms, calendars and decisions first, then processes in an order where called processes
  // come before callers, then SLAs (which measure processes and use calendars).
  const fresh = files.filter(
    (f) => f.body && !f.problems.length && !storedByKey.has(`${f.kind}/${f.id}/${f.version}`),
  );
  const validateFresh = (kind: DefinitionKind) => {
    for (const f of fresh.filter((x) => x.kind === kind)) {
      f.problems.push(
        ...validateBody(kind, f.body, registry.scope(actions), { warnings: false }).map((p) => ({
          ...p,
          file: f.source,
        })),
      );
      if (!f.problems.length)
        registry.add({
          kind,
          id: f.id,
          version: f.version,
          hash: contentHash(f.body),
          body: f.body!,
          source: f.source,
          present: true,
        });
    }
  };
  validateFresh('form');
  validateFresh('calendar');
  validateFresh('decision');
  let pending = fresh.filter((f) => f.kind === 'process' && !f.problems.length);
  for (let progress = true; progress && pending.length;) {
    progress = false;
    const next: FileEntry[] = [];
    for (const f of pending) {
      const problems = validateBody('process', f.body, registry.scope(actions), {
        warnings: false,
      });
      const waitingOnCall =
        problems.length > 0 &&
        problems.every(
          (p) => p.code === 'CW_ERR_DEF_UNKNOWN_REFERENCE' && /\/process$/.test(p.pointer),
        );
      if (!problems.length) {
        registry.add({
          kind: 'process',
          id: f.id,
          version: f.version,
          hash: contentHash(f.body),
          body: f.body!,
          source: f.source,
          present: true,
        });
        progress = true;
      } else if (waitingOnCall) {
        next.push(f);
      } else {
        f.problems.push(...problems.map((p) => ({ ...p, file: f.source })));
      }
    }
    pending = next;
  }
  for (const f of pending) {
    f.problems.push(
      ...validateBody('process', f.body, registry.scope(actions), { warnings: false }).map((p) => ({
        ...p,
        file: f.source,
      })),
    );
  }
  validateFresh('sla');

  // Record the new good versions (another engine may record the same ones at the same time).
  for (const f of fresh.filter((x) => !x.problems.length)) {
    const hash = contentHash(f.body);
    const held = await ledger.recordVersion({
      kind: f.kind,
      id: f.id,
      version: f.version,
      hash,
      body: f.body!,
      source: f.source,
    });
    if (held !== hash) {
      f.problems.push({
        code: 'CW_ERR_DEF_IMMUTABLE',
        pointer: '',
        file: f.source,
        message: `${f.source} was published concurrently with different content`,
      });
    }
  }
  for (const f of files)
    if (f.problems.length) registry.addProblems(f.kind, f.id, f.version, f.problems);
  const saved = await readScenarios(dir);
  for (const s of saved.scenarios) registry.addScenario(s);
  registry.problems.push(...saved.problems);
  return registry;
}

async function readFolder(dir: string): Promise<FileEntry[]> {
  const out: FileEntry[] = [];
  for (const kind of DEFINITION_KINDS) {
    const kindDir = join(dir, FOLDER[kind]);
    const ids = await readdir(kindDir, { withFileTypes: true }).catch(() => []);
    for (const idEntry of ids
      .filter((e) => e.isDirectory())
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const names = await readdir(join(kindDir, idEntry.name));
      for (const name of names.sort()) {
        const m = FILE_RE.exec(name);
        if (!m) continue;
        const source = `${FOLDER[kind]}/${idEntry.name}/${name}`;
        const entry: FileEntry = {
          kind,
          id: idEntry.name,
          version: Number(m[1]),
          source,
          problems: [],
        };
        out.push(entry);
        let body: unknown;
        try {
          body = JSON.parse(await readFile(join(dir, source), 'utf8'));
        } catch (e) {
          entry.problems.push({
            code: 'CW_ERR_DEF_PARSE',
            pointer: '',
            file: source,
            message: `${source}: ${(e as Error).message}`,
          });
          continue;
        }
        const schema = schemaProblems(kind, body).map((p) => ({
          ...p,
          file: source,
          message: `${source}: ${p.message}`,
        }));
        if (schema.length) {
          entry.problems.push(...schema);
          continue;
        }
        const b = body as Versioned & Record<string, unknown>;
        if (b.id !== entry.id)
          entry.problems.push({
            code: 'CW_ERR_DEF_PATH_MISMATCH',
            pointer: '/id',
            file: source,
            message: `${source}: id "${b.id}" does not match the folder "${entry.id}"`,
          });
        if (b.version !== entry.version)
          entry.problems.push({
            code: 'CW_ERR_DEF_PATH_MISMATCH',
            pointer: '/version',
            file: source,
            message: `${source}: version ${b.version} does not match the file name v${entry.version}`,
          });
        entry.body = b;
      }
    }
  }
  return out;
}
