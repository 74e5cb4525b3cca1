/**
 * What the kill -9 tests in tests/faults share: a file's own schema, Redis prefix and admin token,
 * engine processes started on them (all killed after the file), a pool on the schema, and an API
 * call that answers null while the engine it was sent to is dead (the caller retries).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { DATABASE_URL, dropTestData, writeDefinitions } from './engine.ts';
import { spawnEngine, type EngineProcess } from './engine-process.ts';

export interface ApiAnswer {
  status: number;
  body: any;
}

/** `fetch` with the admin token; null when the connection fails (the engine was killed). */
export async function callEngine(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer | null> {
  try {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return null; // the engine was killed under us: the caller retries
  }
}

export interface FaultHarness {
  readonly id: string;
  /** the schema's pool (set in beforeAll) */
  readonly db: pg.Pool;
  /** starts one more engine process on the file's schema, prefix and definitions */
  spawn(): Promise<EngineProcess>;
  call(
    url: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer | null>;
  rows(sql: string): Promise<any[]>;
}

/** Registers the file's beforeAll/afterAll; `label` prefixes the schema and Redis keys. */
export function faultHarness(label: string, definitions: Record<string, unknown>): FaultHarness {
  const id = randomBytes(4).toString('hex');
  const schema = `${label}_${id}`;
  const token = `fault-${label}-${id}`;
  const engines: EngineProcess[] = [];
  let dir: string;
  let db: pg.Pool | undefined;

  beforeAll(async () => {
    dir = await writeDefinitions(definitions);
    db = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.kill()));
    await db?.end();
    await dropTestData(schema, schema);
  });

  const pool = (): pg.Pool => {
    if (!db) throw new Error('the fault harness is used before its beforeAll ran');
    return db;
  };
  return {
    id,
    get db() {
      return pool();
    },
    async spawn() {
      const e = await spawnEngine({
        schema,
        prefix: schema,
        definitionsDir: dir,
        adminToken: token,
      });
      engines.push(e);
      return e;
    },
    call: (url, method, path, body, headers) => callEngine(url, token, method, path, body, headers),
    rows: async (sql) => (await pool().query(sql)).rows,
  };
}
