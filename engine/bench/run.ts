/**
 * `npm run bench`: engine benchmarks against the local PostgreSQL and Redis, written to
 * bench-results/engine-latest.json (and a dated copy). Figures are machine-dependent: compare
 * ratios within one run, never assert them in tests.
 *
 *   straight-through   start -> 3 service tasks -> end over HTTP (built-in actions run inline)
 *   queued-services    the same with a plugin action, so each service task is a BullMQ job
 *   task-completions   user-task completions over HTTP with form validation (p50/p99 latency)
 *   timer-lateness     10,000 timers due within the same 30 seconds (p50/p99 lateness)
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  ActionRegistry,
  configFromEnv,
  createEngine,
  ensureUser,
  newDataKey,
  type Engine,
} from '../src/index.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const label = (en: string) => ({ 'zh-Hant': en, en });
const TOKEN = 'bench-token';

const definitions: Record<string, unknown> = {
  'forms/ack/v1.json': {
    id: 'ack',
    version: 1,
    title: label('Ack'),
    fields: [
      {
        key: 'decision',
        type: 'select',
        required: true,
        label: label('Decision'),
        options: [
          { value: 'yes', label: label('Yes') },
          { value: 'no', label: label('No') },
        ],
      },
      { key: 'amount', type: 'number', min: 0, label: label('Amount') },
      { key: 'note', type: 'text', maxLength: 200, label: label('Note') },
    ],
  },
  'processes/straight/v1.json': chain('straight', ['noop', 'set-variables', 'noop']),
  'processes/queued/v1.json': chain('queued', ['bench/echo', 'bench/echo', 'bench/echo']),
  'processes/human/v1.json': {
    id: 'human',
    version: 1,
    name: label('human'),
    nodes: [
      { id: 's', type: 'start' },
      { id: 'u', type: 'userTask', form: { id: 'ack' }, candidateGroups: '["bench"]' },
      { id: 'e', type: 'end' },
    ],
    flows: [
      { id: 'f1', from: 's', to: 'u' },
      { id: 'f2', from: 'u', to: 'e' },
    ],
  },
  'processes/timed/v1.json': {
    id: 'timed',
    version: 1,
    name: label('timed'),
    nodes: [
      { id: 's', type: 'start' },
      { id: 't', type: 'timer', timer: { dateExpression: 'due' } },
      { id: 'e', type: 'end' },
    ],
    flows: [
      { id: 'f1', from: 's', to: 't' },
      { id: 'f2', from: 't', to: 'e' },
    ],
  },
};

function chain(id: string, actions: string[]) {
  const nodes = [
    { id: 's', type: 'start' },
    ...actions.map((a, i) => ({
      id: `a${i}`,
      type: 'serviceTask',
      action: a,
      input: { i: String(i) },
    })),
    { id: 'e', type: 'end' },
  ];
  return {
    id,
    version: 1,
    name: label(id),
    nodes,
    flows: nodes.slice(1).map((n, i) => ({ id: `f${i}`, from: nodes[i]!.id, to: n.id })),
  };
}

async function http(
  url: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `total` calls with `concurrency` workers; returns latencies (ms) and elapsed seconds. */
async function load(total: number, concurrency: number, fn: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const s = performance.now();
        await fn(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

/** Open loop: starts call i at t0 + i / rate whatever the earlier calls are doing. */
async function paced(total: number, rate: number, fn: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const at = t0 + (i * 1000) / rate;
      const wait = at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const s = performance.now();
      await fn(i);
      latencies.push(performance.now() - s);
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

async function waitFor(
  db: pg.Pool,
  sql: string,
  values: unknown[],
  target: number,
  timeoutMs: number,
): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const n = (await db.query(sql, values)).rows[0].n as number;
    if (n >= target) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > timeoutMs) throw new Error(`timeout: ${n}/${target} for ${sql}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  const schema = `bench_${Date.now()}`;
  const dir = await mkdtemp(join(tmpdir(), 'caseway-bench-'));
  for (const [path, body] of Object.entries(definitions)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), JSON.stringify(body));
  }
  const actions = new ActionRegistry().register('bench/echo', (input) => input);
  const engine: Engine = await createEngine(
    {
      ...configFromEnv({}),
      databaseUrl: DATABASE_URL,
      databaseSchema: schema,
      redisUrl: REDIS_URL,
      redisPrefix: schema,
      port: 0,
      definitionsDir: dir,
      logLevel: 'silent',
      dataKeys: newDataKey('bench'),
      reconcileIntervalMs: 5000,
      workerConcurrency: 32,
    },
    { actions },
  );
  await ensureUser(engine.db, { id: 'bench', roles: ['admin'], groups: ['bench'] }, TOKEN);
  const base = await engine.listen();
  const db = engine.db.pool;
  const results: Record<string, unknown> = {};
  try {
    // 1. straight-through over HTTP
    {
      const total = 5000 * SCALE;
      await load(
        200,
        16,
        async () =>
          void (await http(`${base}/api/instances`, 'POST', {
            processId: 'straight',
            variables: { n: 1 },
          })),
      );
      const r = await load(total, 32, async (i) => {
        const res = await http(`${base}/api/instances`, 'POST', {
          processId: 'straight',
          variables: { n: i },
        });
        if (res.status !== 201 || res.body.status !== 'completed')
          throw new Error(`straight-through: ${res.status} ${JSON.stringify(res.body)}`);
      });
      results.straightThrough = {
        instances: total,
        seconds: r.seconds,
        instancesPerSecond: total / r.seconds,
        p50ms: pct(r.latencies, 50),
        p99ms: pct(r.latencies, 99),
      };
      console.log('straight-through', results.straightThrough);
    }
    // 2. queued service tasks (each a BullMQ job and two transactions)
    {
      const total = 1000 * SCALE;
      const t0 = performance.now();
      await load(
        total,
        32,
        async (i) =>
          void (await http(`${base}/api/instances`, 'POST', {
            processId: 'queued',
            variables: { n: i },
          })),
      );
      await waitFor(
        db,
        `SELECT count(*)::int AS n FROM instances WHERE process_id = 'queued' AND status = 'completed'`,
        [],
        total,
        300_000,
      );
      const seconds = (performance.now() - t0) / 1000;
      results.queuedServices = { instances: total, seconds, instancesPerSecond: total / seconds };
      console.log('queued-services', results.queuedServices);
    }
    // 3. user-task completions over HTTP with form validation
    {
      const total = 3000 * SCALE;
      await load(
        total,
        32,
        async (i) =>
          void (await http(`${base}/api/instances`, 'POST', {
            processId: 'human',
            variables: { n: i },
          })),
      );
      const tasks = (
        await db.query(`SELECT id FROM tasks WHERE status = 'open' AND process_id = 'human'`)
      ).rows.map((r) => r.id as string);
      const complete = async (id: string, i: number) => {
        const res = await http(`${base}/api/tasks/${id}/complete`, 'POST', {
          data: { decision: 'yes', amount: i, note: 'ok' },
        });
        if (res.status !== 200)
          throw new Error(`complete: ${res.status} ${JSON.stringify(res.body)}`);
      };
      // Saturation: as fast as 32 concurrent clients can go.
      const half = Math.floor(tasks.length / 2);
      const r = await load(half, 32, (i) => complete(tasks[i]!, i));
      // At the target rate of 300 per second: the latency a user sees.
      const rate = 300;
      const p = await paced(tasks.length - half, rate, (i) => complete(tasks[half + i]!, i));
      results.taskCompletions = {
        saturated: {
          tasks: half,
          concurrency: 32,
          completionsPerSecond: half / r.seconds,
          p50ms: pct(r.latencies, 50),
          p99ms: pct(r.latencies, 99),
        },
        paced: {
          tasks: tasks.length - half,
          targetPerSecond: rate,
          achievedPerSecond: (tasks.length - half) / p.seconds,
          p50ms: pct(p.latencies, 50),
          p99ms: pct(p.latencies, 99),
        },
      };
      console.log('task-completions', results.taskCompletions);
    }
    // 4. timer lateness: 10,000 timers due within the same 30 seconds
    {
      const total = 10_000 * SCALE;
      const windowStart = Date.now() + 45_000;
      await load(total, 32, async () => {
        const due = new Date(windowStart + Math.floor(Math.random() * 30_000)).toISOString();
        const res = await http(`${base}/api/instances`, 'POST', {
          processId: 'timed',
          variables: { due },
        });
        if (res.status !== 201) throw new Error(`timed: ${res.status}`);
      });
      const created = Date.now();
      if (created > windowStart)
        console.warn(
          `creating the timers took longer than the lead time (${created - windowStart} ms late)`,
        );
      await waitFor(
        db,
        `SELECT count(*)::int AS n FROM jobs WHERE kind = 'timer' AND status = 'done'`,
        [],
        total,
        180_000,
      );
      const late = (
        await db.query(
          `SELECT extract(epoch FROM (fired_at - due_at)) * 1000 AS ms FROM jobs WHERE kind = 'timer' ORDER BY 1`,
        )
      ).rows.map((r) => Number(r.ms));
      results.timerLateness = {
        timers: total,
        windowSeconds: 30,
        p50ms: pct(late, 50),
        p99ms: pct(late, 99),
        maxms: late.at(-1),
        early: late.filter((x) => x < 0).length,
      };
      console.log('timer-lateness', results.timerLateness);
    }
  } finally {
    await engine.close();
    const c = new pg.Client({ connectionString: DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
  const out = {
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      loadavg: loadavg(),
      node: process.version,
    },
    scale: SCALE,
    results,
  };
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/engine-latest.json', JSON.stringify(out, null, 2));
  await writeFile(
    `bench-results/engine-${out.at.replace(/[:.]/g, '-')}.json`,
    JSON.stringify(out, null, 2),
  );
  console.log('wrote bench-results/engine-latest.json');
}

await main();
