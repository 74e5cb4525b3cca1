/**
 * How a test engine's PostgreSQL schema is made (vitest.config.ts `globalSetup`): once per run,
 * the engine's own migration runner migrates a template schema from nothing, `pg_dump` writes
 * it out (tables, indexes, functions, triggers and the rows the migrations insert, with
 * `schema_migrations`), and each fresh schema of startTestEngine (tests/helpers/engine.ts) is
 * that script run in one round trip under its own name. The engine then starts on it as on any
 * migrated database: its migrate() finds every migration applied. The migrations stay the only
 * source of truth (the template is migrated again in every run); a test engine saves running
 * them one by one (29 files, 0.7 s at rest and 1.5 to 2 s at load 20, for ~150 files).
 * tests/meta/test-schemas.test.ts checks that a schema made so is the migrated one; engines a
 * test starts as processes (tests/helpers/engine-process.ts), restarts on an existing schema
 * and the start-command and built-engine tests still migrate for real.
 *
 * Without `pg_dump` (a database in a container, no client tools) the script is null and every
 * test engine migrates its schema itself, as before.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { connectDb, migrate } from '../../engine/src/store/index.ts';
import { DATABASE_URL } from './database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated schema's script, its name written as TEMPLATE_SCHEMA; null: migrate. */
    schemaScript: string | null;
  }
}

/** The placeholder a schema's script names its schema by. */
export const TEMPLATE_SCHEMA = 'caseway_template_schema';

/** Dumps the schema migrations make, as a script naming it TEMPLATE_SCHEMA. */
export async function migratedSchemaScript(): Promise<string | null> {
  const name = `tmpl_${randomBytes(4).toString('hex')}`;
  const db = await connectDb(DATABASE_URL, { schema: name, max: 1 });
  try {
    await migrate(db);
    const { stdout } = await promisify(execFile)(
      'pg_dump',
      [`--dbname=${DATABASE_URL}`, `--schema=${name}`, '--inserts', '--no-owner'],
      { maxBuffer: 64 * 1024 * 1024 },
    ).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return { stdout: null };
      throw e;
    });
    if (stdout === null) return null;
    return (
      stdout
        // psql's own commands (`\restrict`): this script is sent as one query, not through psql
        .split('\n')
        .filter((line) => !line.startsWith('\\'))
        .join('\n')
        .replace(new RegExp(`\\b${name}\\b`, 'g'), TEMPLATE_SCHEMA)
    );
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => undefined);
    await db.close();
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const script = await migratedSchemaScript();
  if (script === null)
    console.warn('pg_dump not found: each test engine migrates its own schema (slower)');
  project.provide('schemaScript', script);
}
