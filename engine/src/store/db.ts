/**
 * PostgreSQL access: one pool per engine, a schema per deployment (tests use one schema
 * per file), transactions with a single helper, and migrations that only grow.
 */
import { readFile, readdir } from 'node:fs/promises';
import pg from 'pg';

export type Tx = pg.PoolClient;

export interface Db {
  readonly pool: pg.Pool;
  readonly schema: string;
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  close(): Promise<void>;
}

// Return timestamps and bigints as strings/numbers we control.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function connectDb(url: string, schema = 'public', max = 10): Promise<Db> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const pool = new pg.Pool({ connectionString: url, max, options: `-c search_path=${schema}` });
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
    async tx(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn(c);
        await c.query('COMMIT');
        return result;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    query: (text, values) => pool.query(text, values as unknown[]),
    close: () => pool.end(),
  };
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
