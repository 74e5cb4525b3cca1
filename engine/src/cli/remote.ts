/**
 * The commands that talk to a running engine over its HTTP API, as a user with a token:
 * `export` (every published version back to files, the folder layout the engine loads) and
 * `start` (a case of a process with variables).
 *
 * @example
 *   const engine = engineClient('http://localhost:3000', token);
 *   await exportDefinitions(engine, 'definitions'); // ['processes/claim/v4.json', …]
 *   await startCase(engine, 'claim', parseVars(['policyNumber=PL-1', 'amount=120000']));
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { asVersion, contentHash } from '../definitions/index.ts';

export interface EngineClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
}

/** An error the engine answered: its status, code and message. */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { pointer?: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export function engineClient(url: string, token: string): EngineClient {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url.replace(/\/+$/, '')}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'accept-language': 'en',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await res.json().catch(() => ({}))) as T & {
      code?: string;
      message?: string;
      details?: { pointer?: string; message: string }[];
    };
    if (!res.ok)
      throw new EngineError(
        res.status,
        answer.code ?? '',
        answer.message ?? `HTTP ${res.status}`,
        answer.details ?? [],
      );
    return answer;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
  };
}

const FOLDERS = { process: 'processes', form: 'forms', sla: 'slas', calendar: 'calendars' };
type Kind = keyof typeof FOLDERS;

/**
 * Writes every published version of every definition the engine holds as
 * `<dir>/<kind>s/<id>/v<version>.json` (the body as published); answers the files written,
 * relative to `dir`.
 */
export async function exportDefinitions(engine: EngineClient, dir: string): Promise<string[]> {
  const list = await engine.get<{ items: { kind: Kind; id: string }[] }>('/definitions');
  const written: string[] = [];
  for (const d of list.items) {
    const base = `/definitions/${encodeURIComponent(d.kind)}/${encodeURIComponent(d.id)}`;
    const detail = await engine.get<{ versions: { version: number }[] }>(base);
    for (const { version } of detail.versions) {
      const v = await engine.get<{ body: unknown }>(`${base}/versions/${version}`);
      const file = join(FOLDERS[d.kind], d.id, `v${version}.json`);
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), `${JSON.stringify(v.body, null, 2)}\n`);
      written.push(file);
    }
  }
  return written.sort();
}

/**
 * `--var k=v` pairs as variables: a value that reads as JSON (a number, true, an object…) is
 * that value, any other text a string (`policyNumber=PL-1`, `amount=120000`, `urgent=true`).
 */
export function parseVars(pairs: readonly string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--var ${pair}: write it as name=value`);
    const text = pair.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: the text itself
    }
    vars[pair.slice(0, at)] = value;
  }
  return vars;
}

/** Starts a case of the process's latest version; answers its id and reference. */
export async function startCase(
  engine: EngineClient,
  processId: string,
  variables: Record<string, unknown>,
): Promise<{ id: string; processVersion: number; businessKey: string | null }> {
  return engine.post('/instances', { processId, variables });
}

/** What a deploy did with each file: published, already there, or refused (and why). */
export interface DeployReport {
  published: string[];
  unchanged: string[];
  problems: string[];
}

/** The kinds in the order a deploy publishes them: what processes and SLAs use comes first. */
const ORDER: Kind[] = ['calendar', 'form', 'process', 'sla'];

/**
 * Publishes a definitions folder to a running engine, as a designer would in the studio: each
 * version the engine lacks (the next one of its definition) as a draft, then published with
 * `note`; a version the engine holds with the same body is left alone; one whose body differs
 * is refused (published versions are immutable), as is a version that skips one. Processes
 * are tried again while any was published, so one calling another may come before it.
 */
export async function deployFolder(
  engine: EngineClient,
  dir: string,
  note: string,
): Promise<DeployReport> {
  const report: DeployReport = { published: [], unchanged: [], problems: [] };
  const files = await definitionFiles(dir);
  for (const kind of ORDER) {
    let pending = files.filter((f) => f.kind === kind).sort((a, b) => a.version - b.version);
    for (let progress = true; pending.length && progress;) {
      progress = false;
      const failed: typeof pending = [];
      const failures = new Map<string, string[]>();
      for (const f of pending) {
        const base = `/definitions/${kind}/${encodeURIComponent(f.id)}`;
        const held = await engine
          .get<{ versions: { version: number; hash: string }[] }>(base)
          .catch((e: unknown) => {
            if (e instanceof EngineError && e.status === 404) return { versions: [] };
            throw e;
          });
        const same = held.versions.find((v) => v.version === f.version);
        const latest = held.versions.at(-1)?.version ?? 0;
        if (same) {
          // the body as the file says it, or as a publish of it stored it (with its $schema)
          if (
            same.hash === contentHash(f.body) ||
            same.hash === contentHash(asVersion(kind, f.id, f.version, f.body))
          )
            report.unchanged.push(f.file);
          else
            report.problems.push(
              `${f.file}:/ differs from the engine's published v${f.version}; published versions are immutable: add v${latest + 1} instead`,
            );
          continue;
        }
        if (f.version !== latest + 1) {
          report.problems.push(
            `${f.file}:/version the engine's next version of ${kind} ${f.id} is v${latest + 1}, not v${f.version}`,
          );
          continue;
        }
        try {
          await engine.put(`/drafts/${kind}/${encodeURIComponent(f.id)}`, {
            body: f.body,
            baseVersion: latest || null,
          });
          await engine.post(`/drafts/${kind}/${encodeURIComponent(f.id)}/publish`, { note });
          report.published.push(f.file);
          progress = true;
        } catch (e) {
          if (!(e instanceof EngineError) || e.status >= 500) throw e;
          failed.push(f);
          failures.set(
            f.file,
            e.details.length
              ? e.details.map((d) => `${f.file}:${d.pointer || '/'} ${d.message}`)
              : [`${f.file}:/ ${e.code} ${e.message}`],
          );
          // the draft stays on the engine for a designer to see; the next pass tries again
        }
      }
      pending = failed;
      if (!progress) for (const f of failed) report.problems.push(...failures.get(f.file)!);
    }
  }
  return report;
}

/** The definition files of a folder: `<kind>s/<id>/v<n>.json`, read as JSON. */
async function definitionFiles(dir: string) {
  const out: {
    kind: Kind;
    id: string;
    version: number;
    file: string;
    body: Record<string, unknown>;
  }[] = [];
  for (const kind of ORDER) {
    const ids = await readdir(join(dir, FOLDERS[kind]), { withFileTypes: true }).catch(() => []);
    for (const id of ids.filter((d) => d.isDirectory()).map((d) => d.name)) {
      for (const name of await readdir(join(dir, FOLDERS[kind], id))) {
        const m = /^v([1-9][0-9]*)\.json$/.exec(name);
        if (!m) continue;
        const file = join(FOLDERS[kind], id, name);
        out.push({
          kind,
          id,
          version: Number(m[1]),
          file,
          body: JSON.parse(await readFile(join(dir, file), 'utf8')) as Record<string, unknown>,
        });
      }
    }
  }
  return out;
}

/** One case's migration as `migrateCases` reports it. */
export interface CaseMigration {
  id: string;
  from: number;
  /** What the case would do (dry run) or what became of it. */
  outcome: 'would move' | 'moved' | 'refused' | 'skipped' | 'cancelled';
  /** The engine's problems (`pointer message`), empty when it moves or moved. */
  problems: string[];
}

interface Problem {
  pointer?: string;
  message: string;
}
interface BulkMigration {
  id: string;
  status: 'running' | 'done' | 'cancelled';
  total: number;
  done: number;
}

const problemText = (ps: Problem[]) => ps.map((p) => `${p.pointer ?? ''} ${p.message}`.trim());

/**
 * Migrates the running cases of a process to a version (those on `from`, else every running
 * case on another version) with one node mapping through the engine's bulk migration
 * (POST /migrations): a dry run has the engine report what each case would do and changes
 * nothing; otherwise the engine runs the batch in the background, each case all or nothing,
 * and this follows its progress until it ends (`started` hears the batch's id first: stopping
 * this command does not stop the batch). `progress` hears done/total as it grows, `onCase`
 * each case's outcome.
 */
export async function migrateCases(
  engine: EngineClient,
  o: {
    processId: string;
    to: number;
    from?: number;
    mapping: Record<string, string>;
    dryRun: boolean;
    progress?: (done: number, total: number) => void;
    onCase?: (c: CaseMigration) => void;
    started?: (batchId: string) => void;
    /** How long to wait between progress reads (ms). */
    pollMs?: number;
  },
): Promise<CaseMigration[]> {
  const request = {
    processId: o.processId,
    toVersion: o.to,
    ...(o.from === undefined ? {} : { fromVersion: o.from }),
    mapping: o.mapping,
  };
  const out: CaseMigration[] = [];
  if (o.dryRun) {
    const report = await engine.post<{
      total: number;
      items: { instanceId: string; fromVersion: number; problems: Problem[] }[];
    }>('/migrations', { ...request, dryRun: true });
    for (const i of report.items) {
      const c: CaseMigration = {
        id: i.instanceId,
        from: i.fromVersion,
        outcome: i.problems.length ? 'refused' : 'would move',
        problems: problemText(i.problems),
      };
      out.push(c);
      o.onCase?.(c);
      o.progress?.(out.length, report.total);
    }
    return out;
  }
  let batch = await engine.post<BulkMigration>('/migrations', { ...request, dryRun: false });
  o.started?.(batch.id);
  let told = -1;
  for (;;) {
    if (batch.done !== told) o.progress?.((told = batch.done), batch.total);
    if (batch.status !== 'running') break;
    await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
    batch = await engine.get<BulkMigration>(`/migrations/${batch.id}?limit=1`);
  }
  for (let offset = 0; ; offset += 1000) {
    const page = await engine.get<{
      cases: {
        instanceId: string;
        fromVersion: number;
        status: CaseMigration['outcome'] | 'pending';
        problems: Problem[];
      }[];
    }>(`/migrations/${batch.id}?limit=1000&offset=${offset}`);
    for (const i of page.cases) {
      const c: CaseMigration = {
        id: i.instanceId,
        from: i.fromVersion,
        outcome: i.status === 'pending' ? 'cancelled' : i.status,
        problems: problemText(i.problems),
      };
      out.push(c);
      o.onCase?.(c);
    }
    if (page.cases.length < 1000) break;
  }
  return out;
}
