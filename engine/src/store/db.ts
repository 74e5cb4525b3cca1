/**
 * PostgreSQL access: one pool per engine, a schema per deployment (tests use one schema
 * per file), transactions with a single helper, and migrations that only grow.
 */
import { readFile, readdir } from 'node:fs/promises';
import pg from 'pg';
import { ENVELOPE_PREFIX, type PersonalData } from '../privacy/index.ts';

export type Tx = pg.PoolClient;

/** The pool or a transaction: what a read needs. */
export type Queryable = Pick<Db, 'query'>;

export interface Db {
  readonly pool: pg.Pool;
  readonly schema: string;
  /** Seals personal data in every JSON parameter and opens it in every JSON column read. */
  readonly personalData: PersonalData | undefined;
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  close(): Promise<void>;
}

// Return timestamps and bigints as strings/numbers we control.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface DbOptions {
  schema?: string;
  max?: number;
  personalData?: PersonalData;
}

export async function connectDb(url: string, opts: DbOptions = {}): Promise<Db> {
  const { schema = 'public', max = 10, personalData } = opts;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max,
    options: `-c search_path=${schema}`,
    ...(personalData
      ? { Client: sealingClient(personalData), types: openingTypes(personalData) }
      : {}),
  });
  pool.on('error', () => {
    /* idle client errors (server restart) are retried by the next checkout */
  });
  const client = await pool.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    client.release();
  }
  return {
    pool,
    schema,
    personalData,
    async tx(fn) {
      const c = await pool.connect();
      // A checked-out client has no pool listener: a server restart between two statements
      // (the connection ends while no query runs) would be an uncaught 'error' and kill the
      // process. Keep it, fail the transaction, and drop the client instead of reusing it.
      let lost: Error | undefined;
      const onError = (e: Error) => (lost = e);
      c.on('error', onError);
      try {
        await c.query('BEGIN');
        const result = await fn(c);
        await c.query('COMMIT');
        return result;
      } catch (e) {
        if (!lost) await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.off('error', onError);
        c.release(lost);
      }
    },
    query: (text, values) => pool.query(text, values as unknown[]),
    close: () => pool.end(),
  };
}

// Definitions are not case data: their bodies name fields, they never hold personal data.
const UNSEALED = /\bdefinition_(versions|drafts)\b/;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/**
 * A client that seals personal data in the JSON parameters of every query (plain objects, as
 * pg serialises them to JSON), so no write path can store it in clear by forgetting to.
 */
function sealingClient(pd: PersonalData): typeof pg.Client {
  const seal = (text: string, values: unknown[]) =>
    UNSEALED.test(text) ? values : values.map((v) => (isPlainObject(v) ? pd.seal(v) : v));
  return class SealingClient extends pg.Client {
    override query(...args: unknown[]): never {
      const [config, values] = args;
      if (typeof config === 'string' && Array.isArray(values)) args[1] = seal(config, values);
      else if (
        isPlainObject(config) &&
        typeof config.text === 'string' &&
        Array.isArray(config.values)
      )
        args[0] = { ...config, values: seal(config.text, config.values) };
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  } as typeof pg.Client;
}

/** JSON columns come back with every sealed value opened. */
function openingTypes(pd: PersonalData): pg.CustomTypesConfig {
  const parseJson = (text: string) => {
    const v: unknown = JSON.parse(text);
    return text.includes(ENVELOPE_PREFIX) ? pd.open(v) : v;
  };
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === pg.types.builtins.JSONB || oid === pg.types.builtins.JSON
        ? parseJson
        : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/**
 * Whether an error says the database could not be reached or the transaction lost a race it
 * may win when run again (a lost or refused connection, a server shutting down or starting, a
 * deadlock, a serialization failure): worth retrying, not a fault of the work itself.
 */
export function isTransientDbError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^(08|53|57P0[1-3])/.test(code)) return true; // connection, resources, shutdown
    if (code === '40001' || code === '40P01') return true; // serialization, deadlock
    if (/^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NOTFOUND|AI_AGAIN)$/.test(code))
      return true;
  }
  const message = e instanceof Error ? e.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed/i.test(
    message,
  );
}

/** Whether the database answers (readiness). */
export async function ping(db: Pick<Db, 'query'>): Promise<boolean> {
  return db.query('SELECT 1').then(
    () => true,
    () => false,
  );
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Applies the numbered migrations not yet applied, under an advisory lock (engines may start together). */
export async function migrate(db: Db): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_.*\.sql$/.test(f)).sort();
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':migrations'))`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map(
        (r) => r.name,
      ),
    );
    const applied: string[] = [];
    for (const f of files) {
      if (done.has(f)) continue;
      await tx.query(await readFile(new URL(f, MIGRATIONS_DIR), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [f]);
      applied.push(f);
    }
    return applied;
  });
}
