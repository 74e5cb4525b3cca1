/**
 * What every benchmark scenario shares: the definitions it runs, an in-process engine on its
 * own schema and Redis prefix, HTTP calls, closed- and open-loop load, percentiles, and
 * seeding the database by cloning a template instance with SQL (generate_series), never
 * through the API, so a million rows take a minute rather than an hour.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  ActionRegistry,
  configFromEnv,
  createEngine,
  ensureUser,
  newDataKey,
  type Config,
  type Engine,
} from '../src/index.ts';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TOKEN = 'bench-token';
/** A clerk: sees the tasks of group `grp-0` only (the inbox scenario). */
export const CLERK_TOKEN = 'bench-clerk-token';
export const DATA_KEYS = newDataKey('bench');
const label = (en: string) => ({ 'zh-Hant': en, en });

/** start -> the given service actions -> end, each built-in action running inside the step. */
export function chain(id: string, actions: string[], version = 1) {
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
    version,
    name: label(id),
    nodes,
    flows: nodes.slice(1).map((n, i) => ({ id: `f${i}`, from: nodes[i]!.id, to: n.id })),
  };
}

/** n service steps alternating the built-in `noop` and `set-variables`. */
export const steps = (id: string, n: number, version = 1) =>
  chain(
    id,
    Array.from({ length: n }, (_, i) => (i % 2 ? 'set-variables' : 'noop')),
    version,
  );

const single = (id: string, node: Record<string, unknown>) => ({
  id,
  version: 1,
  name: label(id),
  nodes: [
    { id: 's', type: 'start' },
    { id: 'x', ...node },
    { id: 'e', type: 'end' },
  ],
  flows: [
    { id: 'f1', from: 's', to: 'x' },
    { id: 'f2', from: 'x', to: 'e' },
  ],
});

export const ackForm = {
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
};

/** The bench's own definitions, by file. */
export const definitions: Record<string, unknown> = {
  'forms/ack/v1.json': ackForm,
  'processes/straight/v1.json': chain('straight', ['noop', 'set-variables', 'noop']),
  'processes/queued/v1.json': chain('queued', ['bench/echo', 'bench/echo', 'bench/echo']),
  'processes/steps5/v1.json': steps('steps5', 5),
  'processes/steps20/v1.json': steps('steps20', 20),
  'processes/steps50/v1.json': steps('steps50', 50),
  'processes/minimal/v1.json': {
    id: 'minimal',
    version: 1,
    name: label('minimal'),
    nodes: [
      { id: 's', type: 'start' },
      { id: 'e', type: 'end' },
    ],
    flows: [{ id: 'f1', from: 's', to: 'e' }],
  },
  // the candidate group comes from a variable, so seeded clones spread over groups
  'processes/human/v1.json': single('human', {
    type: 'userTask',
    form: { id: 'ack' },
    candidateGroups: '[grp]',
  }),
  'processes/timed/v1.json': single('timed', { type: 'timer', timer: { dateExpression: 'due' } }),
};

export async function writeDefinitions(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'caseway-bench-'));
  for (const [path, body] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), JSON.stringify(body));
  }
  return dir;
}

export interface Bench {
  engine: Engine;
  base: string;
  schema: string;
  dir: string;
  db: pg.Pool;
  close(): Promise<void>;
}

/** The bench engine a quick run's scenarios share (`shareBench`), once started. */
let shared: { bench: Promise<Bench>; close: () => Promise<void> } | undefined;
let sharing = false;

/**
 * A quick run (`--quick`) starts one bench engine for every scenario that asks for one with the
 * default configuration, instead of one each: on a fresh schema that start (29 migrations, the
 * routes' schemas compiled) takes about 10 s on this machine under load, which five times over
 * was a fifth of the quick run. Their rows then share one schema; every scenario counts only
 * its own (by id prefix or process). `closeSharedBench` ends it.
 */
export function shareBench(): void {
  sharing = true;
}

export async function closeSharedBench(): Promise<void> {
  const s = shared;
  shared = undefined;
  if (s) await s.close();
}

/**
 * An in-process engine on a fresh schema `bench_<name>_<time>` (or `config.databaseSchema`, which
 * a probe keeps between its runs), with an admin and a clerk (in a quick run, the one engine its
 * scenarios share: its `close` then leaves it running).
 */
export async function startBench(name: string, config: Partial<Config> = {}): Promise<Bench> {
  if (!sharing || Object.keys(config).length) return startOwnBench(name, config);
  if (!shared) {
    const bench = startOwnBench('quick', {});
    shared = { bench, close: async () => (await bench).close() };
  }
  return { ...(await shared.bench), close: async () => undefined };
}

async function startOwnBench(name: string, config: Partial<Config>): Promise<Bench> {
  const schema = config.databaseSchema ?? `bench_${name}_${Date.now()}`;
  const dir = await writeDefinitions(definitions);
  const actions = new ActionRegistry().register('bench/echo', (input) => input);
  const engine = await createEngine(
    {
      ...configFromEnv({}),
      databaseUrl: DATABASE_URL,
      databaseSchema: schema,
      redisUrl: REDIS_URL,
      redisPrefix: schema,
      port: 0,
      definitionsDir: dir,
      pluginsDir: join(dir, 'no-plugins'),
      logLevel: 'silent',
      dataKeys: DATA_KEYS,
      reconcileIntervalMs: 5000,
      workerConcurrency: 32,
      publicRateLimit: 1_000_000,
      loginRateLimit: 1_000_000,
      ...config,
    },
    { actions },
  );
  await ensureUser(engine.db, { id: 'bench', roles: ['admin'], groups: ['bench'] }, TOKEN);
  await ensureUser(engine.db, { id: 'clerk', roles: ['staff'], groups: ['grp-0'] }, CLERK_TOKEN);
  const base = await engine.listen();
  return {
    engine,
    base,
    schema,
    dir,
    db: engine.db.pool,
    async close() {
      await engine.close();
      await dropSchema(schema);
    },
  };
}

/** Drops a scenario's schema and the Redis keys of the prefix of the same name. */
export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
  const r = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${schema}:*`, 'COUNT', 1000);
    if (keys.length) await r.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  r.disconnect();
}

/**
 * The load generator's HTTP client: node:http with a keep-alive agent. It runs in the bench's
 * process, which also holds the in-process bench engine, so its CPU time is taken from the engine
 * being measured: a CPU profile of 3,000 straight-through starts from 32 clients (issue 18,
 * item 3) found the global `fetch` (undici, WHATWG streams) at 28 % of that process's time, more
 * than the engine's HTTP server and its step together. This client sends the same requests over
 * the same kept-alive connections for about a third of that (docs/benchmarks.md).
 */
const agent = new HttpAgent({ keepAlive: true, maxSockets: 256 });

export function http(
  url: string,
  method: string,
  body?: unknown,
  token = TOKEN,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode!,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
            });
          } catch (e) {
            reject(e as Error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Starts an instance that must run to its end inside the call. */
export async function startStraight(base: string, processId: string, n: number): Promise<void> {
  const res = await http(`${base}/api/instances`, 'POST', { processId, variables: { n } });
  if (res.status !== 201 || res.body.status !== 'completed')
    throw new Error(`${processId}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
}

export function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The middle value of `xs` (of an even count, the upper of the two middle ones). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A rate measured in rounds beside pgbench's TPS: each round's, their median, its share of `tps`. */
export function roundsAgainst(rates: number[], tps: number) {
  return {
    rounds: rates.map(Math.round),
    median: Math.round(median(rates)),
    ratio: median(rates) / tps,
  };
}

/**
 * Counts, from now on, every statement this process's pg clients send (`sql`), the transactions
 * among them (`tx`: one BEGIN each) and, with `redis`, every Redis command (`redis`): counts per
 * operation that do not depend on the machine's load. Read the returned object before and after.
 */
export function countSent(o: { redis?: boolean } = {}): { sql: number; tx: number; redis: number } {
  const sent = { sql: 0, tx: 0, redis: 0 };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    sent.sql++;
    if (args[0] === 'BEGIN') sent.tx++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  if (o.redis) {
    const sendCommand = Redis.prototype.sendCommand;
    Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<typeof sendCommand>) {
      sent.redis++;
      return sendCommand.apply(this, args);
    };
  }
  return sent;
}

/** Runs `total` calls with `concurrency` workers; returns latencies (ms) and elapsed seconds. */
export async function load(total: number, concurrency: number, fn: (i: number) => Promise<void>) {
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
export async function paced(total: number, rate: number, fn: (i: number) => Promise<void>) {
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

/** Polls a count query until it reaches `target`; returns the seconds it took. */
export async function waitFor(
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
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One headline figure of a scenario; rates and latencies are also reported against pgbench. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** rate: per second (ratio = value / pgbench tps); latency: ms (ratio = value / pgbench latency) */
  kind: 'rate' | 'latency' | 'memory' | 'count';
}

export interface ScenarioResult {
  data: Record<string, unknown>;
  figures: Figure[];
}

export interface Scenario {
  key: string;
  /** What it measures, one line for docs/benchmarks.md. */
  title: string;
  run(scale: number): Promise<ScenarioResult>;
}

/** A count scaled by BENCH_SCALE, never below `min`. */
export const scaled = (n: number, scale: number, min = 10) => Math.max(min, Math.round(n * scale));
