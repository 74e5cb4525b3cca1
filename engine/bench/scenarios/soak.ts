/**
 * Memory under mixed load: an engine process with every shipped definition and plugin, plus the
 * bench's own processes, worked by 8 clients that each, in turn, start a straight-through
 * instance, start a case with a user task and complete it with a form, start a timer due within
 * seconds, read the group queue of the inbox, open a case with its history, and start a case
 * whose service task calls the shipped `http` plugin (in its worker thread), which sends a GET to
 * a stub server in the bench's process (an outside system that answers at once). It called the
 * engine's own `/api/ready` before 2026-12-06, then limited to `PUBLIC_RATE_LIMIT` (120) calls a
 * minute per address like every public route, so most calls were answered 429 and after three
 * attempts became incidents (docs/benchmarks.md). At the end, the plugin cases still open are waited for
 * (at most a minute) and the figure says how many completed, how many became incidents.
 * The process's RSS (from /proc) is sampled every second: the figures are RSS when the engine
 * is ready, the most it reached and what it holds at the end of the load.
 *
 * The engine is measured as production runs it: compiled by `npm run build:engine` (into
 * .tsbuild/bench-dist) and started by plain node, as the engine's image does (engine/Dockerfile),
 * for 10 minutes at scale 1. Then, for `npm start`, the same through tsx for a tenth of that
 * (one minute). A quick run (`--quick`) skips the build (it keeps to its 3 minutes) and loads
 * the engine through tsx for 6 seconds. `SOAK_NODE_ARGS` (space-separated) go to the engine's
 * node before its script (not to the bench's), to try V8's flags on it (`--optimize-for-size`).
 */
import { cp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildEngine } from '../../scripts/build.ts';
import {
  DATABASE_URL,
  definitions,
  dropSchema,
  http,
  pct,
  writeDefinitions,
  type Figure,
  type Scenario,
} from '../lib.ts';
import { startProcess, stop } from '../processes.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BUILT = join(ROOT, '.tsbuild', 'bench-dist');
const MB = 1024 * 1024;
const CLIENTS = 8;
const KINDS = 6;
const NODE_ARGS = (process.env.SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** start → the http plugin's `request` to `target` → end: a call into a plugin's worker. */
export const plugged = {
  id: 'plugged',
  version: 1,
  name: { 'zh-Hant': 'plugged', en: 'plugged' },
  nodes: [
    { id: 's', type: 'start' },
    {
      id: 'x',
      type: 'serviceTask',
      action: 'http/request',
      input: { method: '"GET"', url: 'target' },
    },
    { id: 'e', type: 'end' },
  ],
  flows: [
    { id: 'f1', from: 's', to: 'x' },
    { id: 'f2', from: 'x', to: 'e' },
  ],
};

/**
 * The outside system the `plugged` cases call: answers every GET with a small JSON body at once,
 * and counts the calls.
 */
export async function stubTarget(): Promise<{
  url: string;
  calls(): number;
  close(): Promise<void>;
}> {
  let calls = 0;
  const server = createServer((_req, res) => {
    calls++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ok`,
    calls: () => calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The `plugged` cases of a schema: how many, completed, and with an open incident. */
export async function pluggedCases(db: pg.Pool, schema: string) {
  const r = await db.query<{ all: number; done: number; incidents: number }>(
    `SELECT count(*)::int AS all,
            count(*) FILTER (WHERE i.status = 'completed')::int AS done,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ${schema}.incidents x
                                            WHERE x.instance_id = i.id AND x.status = 'open'))::int AS incidents
       FROM ${schema}.instances i WHERE i.process_id = 'plugged'`,
  );
  return r.rows[0]!;
}

/** What the mixed load's step works on: the engine, its schema, the plugin cases' target. */
export interface MixedLoad {
  url: string;
  db: pg.Pool;
  schema: string;
  /** The URL the `plugged` cases' http plugin calls. */
  target: string;
}

/**
 * One operation of the mixed load by `kind` (0 to 5): a straight-through start, a case with a
 * user task started and completed, a timer due within seconds, the inbox's group queue, a case
 * with its history (of the last hundred started), a `plugged` case. Returns its name; throws
 * when the engine answers otherwise than expected.
 */
export function mixedStep(m: MixedLoad): (kind: number, n: number) => Promise<string> {
  const { url, db, schema } = m;
  const recent: string[] = [];
  const ok = (res: { status: number; body: unknown }, what: string, status = 200) => {
    if (res.status !== status)
      throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  };
  return async (kind, n) => {
    switch (kind) {
      case 0: {
        const res = await http(`${url}/api/instances`, 'POST', {
          processId: 'straight',
          variables: { n },
        });
        ok(res, 'straight', 201);
        recent[n % 100] = res.body.id as string;
        return 'straight';
      }
      case 1: {
        const res = await http(`${url}/api/instances`, 'POST', {
          processId: 'human',
          variables: { n, grp: 'bench' },
        });
        ok(res, 'human', 201);
        const task = await db.query<{ id: string }>(
          `SELECT id FROM ${schema}.tasks WHERE instance_id = $1 AND status = 'open'`,
          [res.body.id],
        );
        const done = await http(`${url}/api/tasks/${task.rows[0]!.id}/complete`, 'POST', {
          data: { decision: 'yes', amount: n, note: 'ok' },
        });
        ok(done, 'complete');
        return 'task';
      }
      case 2: {
        const due = new Date(Date.now() + 1_000 + (n % 5) * 1_000).toISOString();
        ok(
          await http(`${url}/api/instances`, 'POST', {
            processId: 'timed',
            variables: { due },
          }),
          'timed',
          201,
        );
        return 'timer';
      }
      case 3:
        ok(await http(`${url}/api/tasks?scope=groups&limit=50`, 'GET'), 'inbox');
        return 'inbox';
      case 4: {
        const id = recent[n % recent.length];
        if (!id) return 'case';
        ok(await http(`${url}/api/instances/${id}`, 'GET'), 'case');
        ok(await http(`${url}/api/instances/${id}/history`, 'GET'), 'history');
        return 'case';
      }
      default:
        ok(
          await http(`${url}/api/instances`, 'POST', {
            processId: 'plugged',
            variables: { target: m.target },
          }),
          'plugged',
          201,
        );
        return 'plugin';
    }
  };
}

/** The resident set of a process, in bytes (Linux). */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

/** One engine process worked for `seconds`; its RSS ready, at its peak and at the end. */
async function soakOnce(seconds: number, built: string | undefined) {
  const schema = `bench_soak_${Date.now()}`;
  const dir = await writeDefinitions({ ...definitions, 'processes/plugged/v1.json': plugged });
  // every shipped definition besides the bench's own (no id is shared)
  await cp(join(ROOT, 'definitions'), dir, { recursive: true, force: false });
  const { url, child } = await startProcess(
    schema,
    dir,
    built ? join(built, 'plugins') : join(ROOT, 'plugins'),
    {
      ...(built ? { built } : {}),
      nodeArgs: NODE_ARGS,
    },
  );
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const target = await stubTarget();
  const samples: number[] = [];
  const ops: Record<string, number> = {
    straight: 0,
    task: 0,
    timer: 0,
    inbox: 0,
    case: 0,
    plugin: 0,
  };
  const latencies: number[] = [];
  const loadStart = loadavg()[0]!;
  try {
    const ready = await rssOf(child.pid!);
    const sampler = setInterval(() => {
      rssOf(child.pid!).then(
        (b) => samples.push(b),
        () => undefined,
      );
    }, 1_000);
    const deadline = performance.now() + seconds * 1000;
    const step = mixedStep({ url, db, schema, target: target.url });
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < deadline) {
          const n = next++;
          const s = performance.now();
          ops[await step(n % KINDS, n)]!++;
          latencies.push(performance.now() - s);
        }
      }),
    );
    clearInterval(sampler);
    const end = await rssOf(child.pid!);
    // the plugin calls ran as jobs: those still open at the end of the load are waited for
    const atEnd = await pluggedCases(db, schema);
    const ended = performance.now();
    let calls = atEnd;
    while (calls.done + calls.incidents < calls.all && performance.now() - ended < 60_000) {
      await new Promise((r) => setTimeout(r, 500));
      calls = await pluggedCases(db, schema);
    }
    latencies.sort((a, b) => a - b);
    const total = Object.values(ops).reduce((a, b) => a + b, 0);
    return {
      engine: built ? 'node (built)' : 'tsx',
      nodeArgs: NODE_ARGS,
      seconds,
      clients: CLIENTS,
      operations: ops,
      pluginCases: calls.all,
      pluginCasesCompletedAtEnd: atEnd.done,
      pluginCasesCompleted: calls.done,
      pluginCaseIncidents: calls.incidents,
      pluginCasesSettledSeconds: (performance.now() - ended) / 1000,
      targetCalls: target.calls(),
      operationsPerSecond: total / seconds,
      p50ms: pct(latencies, 50),
      p99ms: pct(latencies, 99),
      rssReadyMB: ready / MB,
      rssPeakMB: Math.max(ready, ...samples) / MB,
      rssEndMB: end / MB,
      samples: samples.length,
      loadavg: [loadStart, loadavg()[0]!],
    };
  } finally {
    await db.end();
    await target.close();
    await stop(child);
    await dropSchema(schema);
  }
}

export const soak: Scenario = {
  key: 'soak',
  title:
    'engine process RSS with the shipped definitions and plugins during and after 10 minutes of mixed load (8 clients), built and through tsx',
  async run(scale) {
    const quick = scale < 0.05;
    const seconds = quick ? 6 : Math.max(60, Math.round(600 * scale));
    const tsxSeconds = quick ? 6 : Math.max(60, Math.round(seconds / 10));
    const span = (s: number) => (s >= 60 ? `${Math.round(s / 60)} min` : `${s} s`);
    const figures: Figure[] = [];
    const report = (r: Awaited<ReturnType<typeof soakOnce>>, how: string) =>
      figures.push(
        {
          name: `RSS${how}, shipped definitions, ready`,
          value: r.rssReadyMB,
          unit: 'MB',
          kind: 'memory',
        },
        {
          name: `RSS${how}, peak during ${span(r.seconds)} of mixed load`,
          value: r.rssPeakMB,
          unit: 'MB',
          kind: 'memory',
        },
        {
          name: `RSS${how} after ${span(r.seconds)} of mixed load`,
          value: r.rssEndMB,
          unit: 'MB',
          kind: 'memory',
        },
        {
          name: `mixed-load operations/s${how} (8 clients)`,
          value: r.operationsPerSecond,
          unit: '/s',
          kind: 'rate',
        },
        {
          name: `plugin cases still open at the end of the load${how} (of ${r.pluginCases})`,
          value: r.pluginCases - r.pluginCasesCompletedAtEnd,
          unit: '',
          kind: 'count',
        },
        {
          name: `plugin cases that became incidents${how}`,
          value: r.pluginCaseIncidents,
          unit: '',
          kind: 'count',
        },
      );
    let built: Awaited<ReturnType<typeof soakOnce>> | undefined;
    let buildSeconds: number | undefined;
    if (!quick) {
      const t0 = performance.now();
      await buildEngine(BUILT);
      buildSeconds = (performance.now() - t0) / 1000;
      built = await soakOnce(seconds, BUILT);
      console.log('soak (built, node)', built);
      report(built, ' (built, node)');
    }
    const tsx = await soakOnce(tsxSeconds, undefined);
    console.log('soak (tsx)', tsx);
    report(tsx, ' (tsx, npm start)');
    return { data: { built: built ?? null, tsx, buildSeconds: buildSeconds ?? null }, figures };
  },
};
