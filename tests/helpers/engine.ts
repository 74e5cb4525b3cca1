/**
 * A real engine for one test file: its own PostgreSQL schema and Redis key prefix, real
 * HTTP on a free port, a ManualClock for long durations, and users with API tokens.
 * PostgreSQL and Redis must be running: a test that cannot reach them fails, it never skips.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { inject } from 'vitest';
import {
  ActionRegistry,
  ManualClock,
  configFromEnv,
  createEngine,
  ensureUser,
  type Config,
  type Engine,
} from '../../engine/src/index.ts';
import { DATABASE_URL, REDIS_URL } from './database.ts';
import { TEMPLATE_SCHEMA } from './schema-template.ts';

export { DATABASE_URL, REDIS_URL };

/** The personal-data key ring of every test engine (a fixed, public test key). */
export const TEST_DATA_KEYS = `t1:${Buffer.alloc(32, 7).toString('base64')}`;

export interface TestUser {
  id: string;
  groups?: string[];
  roles?: string[];
}

export const USERS = {
  admin: { id: 'admin', roles: ['admin'] },
  supervisor: { id: 'sue', roles: ['supervisor'], groups: ['adjusters'] },
  designer: { id: 'dana', roles: ['designer'] },
  adjuster: { id: 'alice', roles: ['staff'], groups: ['adjusters'] },
  adjuster2: { id: 'adam', roles: ['staff'], groups: ['adjusters'] },
  intake: { id: 'ian', roles: ['staff'], groups: ['claims-intake'] },
  /** an adjuster who may read customers' personal data unmasked */
  officer: { id: 'olga', roles: ['staff', 'personal-data'], groups: ['adjusters'] },
  // staff of the shipped insurance processes' candidate groups
  receptionist: { id: 'rita', roles: ['staff'], groups: ['reception'] },
  underwriter: { id: 'uma', roles: ['staff'], groups: ['underwriters'] },
  compliance: { id: 'carl', roles: ['staff'], groups: ['compliance'] },
  payer: { id: 'paul', roles: ['staff'], groups: ['claims-payment'] },
  complaints: { id: 'cora', roles: ['staff'], groups: ['complaints'] },
  care: { id: 'kate', roles: ['staff'], groups: ['customer-care'] },
  afterSales: { id: 'sam', roles: ['staff'], groups: ['after-sales'] },
  product: { id: 'pete', roles: ['staff'], groups: ['product'] },
  productReviewer: { id: 'rex', roles: ['staff'], groups: ['product-reviewers'] },
  claimsLead: { id: 'lena', roles: ['supervisor'], groups: ['claims-leads'] },
  /** the customer portal / mail gateway: delivers customers' messages (documents, answers) */
  portal: { id: 'portal', roles: ['integration'] },
} satisfies Record<string, TestUser>;
export type UserName = keyof typeof USERS;

export interface Response<T = any> {
  status: number;
  body: T;
}

export interface TestEngine {
  engine: Engine;
  url: string;
  clock: ManualClock;
  schema: string;
  prefix: string;
  definitionsDir: string;
  /** Calls the API as a user (admin by default). */
  api<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts?: { as?: UserName; lang?: string; headers?: Record<string, string> },
  ): Promise<Response<T>>;
  token(user: UserName): string;
  /** Polls the database until fn returns a truthy value (an event, not a sleep). */
  until<T>(
    fn: () => Promise<T | undefined | null | false>,
    what: string,
    timeoutMs?: number,
  ): Promise<T>;
  sql<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export interface TestEngineOptions {
  /** Files relative to the definitions folder -> body (written as JSON), or a folder to use as is. */
  definitions: Record<string, unknown> | string;
  start?: string;
  actions?: ActionRegistry;
  worker?: boolean;
  reconcileIntervalMs?: number;
  /** Another Redis (e.g. a dedicated logical database a test may flush). */
  redisUrl?: string;
  /** Reuse a schema/prefix (a restarted engine in the same test). */
  schema?: string;
  prefix?: string;
  /** Configuration overrides (rate limits, lockout policy, session lifetimes). */
  config?: Partial<Config>;
  /** Folder of plugins to load (none by default). */
  pluginsDir?: string;
  /** Where the engine's log lines go (with `config.logLevel`); none by default. */
  logStream?: DestinationStream;
}

export async function writeDefinitions(
  files: Record<string, unknown>,
  dir?: string,
): Promise<string> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'caseway-defs-')));
  for (const [path, body] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(
      join(root, path),
      typeof body === 'string' ? body : JSON.stringify(body, null, 2),
    );
  }
  return root;
}

const SHIPPED_DEFINITIONS = fileURLToPath(new URL('../../definitions', import.meta.url));
/**
 * The shipped definitions call the shipped plugins (the claim's notices): an engine on them
 * loads those too, as in production (unconfigured until a test configures them). Any other
 * folder of definitions gets no plugins unless the test names some.
 */
function defaultPlugins(definitionsDir: string): string {
  return resolve(definitionsDir) === SHIPPED_DEFINITIONS
    ? fileURLToPath(new URL('../../plugins', import.meta.url))
    : join(tmpdir(), 'caseway-no-plugins');
}

/**
 * The engines of this worker not closed yet. The engine project's files share a worker
 * (vitest `isolate: false`), so an engine a file forgot would keep its worker, reconciler and
 * connections running under the next files: tests/helpers/leftovers.ts closes them.
 */
const running = new Set<Engine>();

/** Closes the engines the finished file left running; their count (0 when it closed all). */
export async function closeLeftoverEngines(): Promise<number> {
  const left = [...running];
  await Promise.all(left.map((e) => e.close().catch(() => undefined)));
  return left.length;
}

export async function startTestEngine(opts: TestEngineOptions): Promise<TestEngine> {
  const id = randomBytes(4).toString('hex');
  const schema = opts.schema ?? `t_${id}`;
  const prefix = opts.prefix ?? `t_${id}`;
  const definitionsDir =
    typeof opts.definitions === 'string'
      ? opts.definitions
      : await writeDefinitions(opts.definitions);
  const clock = new ManualClock(opts.start ?? Date.now());
  // a fresh schema is made from the migrated one's script (tests/helpers/schema-template.ts)
  const script = opts.schema ? null : schemaScript();
  if (script) await createSchema(schema, script);
  const config = {
    ...configFromEnv({}),
    databaseUrl: DATABASE_URL,
    databaseSchema: schema,
    redisUrl: opts.redisUrl ?? REDIS_URL,
    redisPrefix: prefix,
    port: 0,
    definitionsDir,
    pluginsDir: opts.pluginsDir ?? defaultPlugins(definitionsDir),
    reconcileIntervalMs: opts.reconcileIntervalMs ?? 500,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    dataKeys: TEST_DATA_KEYS,
    // Many tests sign in from one address: the rate-limit test sets its own limits.
    loginRateLimit: 1000,
    publicRateLimit: 10_000,
    ...opts.config,
  };
  const engine = await createEngine(config, {
    clock,
    ...(opts.logStream ? { logStream: opts.logStream } : {}),
    ...(opts.actions ? { actions: opts.actions } : {}),
    ...(opts.worker === false ? { worker: false } : {}),
  });
  running.add(engine);
  const closeEngine = engine.close.bind(engine);
  engine.close = () => {
    running.delete(engine);
    return closeEngine();
  };
  const tokens = new Map<UserName, string>();
  for (const [name, user] of Object.entries(USERS) as [UserName, TestUser][]) {
    const token = `${name}-${id}`;
    tokens.set(name, token);
    await ensureUser(engine.db, user, token);
  }
  const url = await engine.listen();
  const te: TestEngine = {
    engine,
    url,
    clock,
    schema,
    prefix,
    definitionsDir,
    token: (u) => tokens.get(u)!,
    async api(method, path, body, o = {}) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${tokens.get(o.as ?? 'admin')}`,
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (o.lang) headers['accept-language'] = o.lang;
      Object.assign(headers, o.headers);
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async until(fn, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async sql(text, values) {
      return (await engine.db.query(text, values)).rows as any;
    },
    async close() {
      await engine.close();
    },
  };
  return te;
}

/** The migrated schema's script, when this runs under vitest with its global set-up. */
function schemaScript(): string | null {
  try {
    return inject('schemaScript') ?? null;
  } catch {
    return null; // outside vitest (a script using these helpers): the engine migrates
  }
}

/** Makes `schema` from the migrated schema's script, in one round trip. */
async function createSchema(schema: string, script: string): Promise<void> {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  try {
    await c.query(script.split(TEMPLATE_SCHEMA).join(schema));
  } finally {
    await c.end();
  }
}

/** Drops a test's schema and Redis keys (after its engines are closed). */
export async function dropTestData(
  schema: string,
  prefix: string,
  redisUrl = REDIS_URL,
): Promise<void> {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
  const r = new Redis(redisUrl);
  const keys = await r.keys(`${prefix}:*`);
  if (keys.length) await r.del(...keys);
  r.disconnect();
}
