/**
 * Test engines' schemas are made from a script of the migrated schema (tests/helpers/
 * schema-template.ts), not by running the migrations each time. A schema made so must be the
 * one the migrations make: the same tables and columns, constraints, indexes, triggers,
 * functions, views, sequences, inheritance and seeded rows, with every migration recorded, so
 * that the engine's migrate() finds nothing to do and a new migration reaches the tests.
 */
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { connectDb, migrate } from '../../engine/src/store/index.ts';
import { DATABASE_URL } from '../helpers/database.ts';
import { TEMPLATE_SCHEMA } from '../helpers/schema-template.ts';

const migrated = `tm_${randomBytes(4).toString('hex')}`;
const scripted = `ts_${randomBytes(4).toString('hex')}`;
const client = new pg.Client({ connectionString: DATABASE_URL });

afterAll(async () => {
  await client.query(`DROP SCHEMA IF EXISTS ${migrated} CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS ${scripted} CASCADE`);
  await client.end();
});

/** Everything the migrations define in `schema`, its name written as S. */
async function shape(schema: string): Promise<Record<string, unknown[]>> {
  const q = async (text: string) =>
    JSON.parse(
      JSON.stringify((await client.query(text, [schema])).rows).replaceAll(schema, 'S'),
    ) as unknown[];
  return {
    columns: await q(
      `SELECT table_name, column_name, ordinal_position, data_type, udt_name, is_nullable,
              column_default, character_maximum_length, numeric_precision, is_identity,
              is_generated, generation_expression
         FROM information_schema.columns WHERE table_schema = $1
        ORDER BY table_name, ordinal_position`,
    ),
    constraints: await q(
      `SELECT c.conrelid::regclass::text AS rel, c.conname, pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = $1 ORDER BY 1, 2`,
    ),
    indexes: await q(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY 1, 2`,
    ),
    triggers: await q(
      `SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) AS def
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND NOT t.tgisinternal ORDER BY 1, 2`,
    ),
    functions: await q(
      `SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args,
              pg_get_functiondef(p.oid) AS def
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1 ORDER BY 1, 2`,
    ),
    views: await q(`SELECT viewname, definition FROM pg_views WHERE schemaname = $1 ORDER BY 1`),
    sequences: await q(
      `SELECT sequence_name, data_type, start_value, increment, maximum_value
         FROM information_schema.sequences WHERE sequence_schema = $1 ORDER BY 1`,
    ),
    inheritance: await q(
      `SELECT child.relname AS child, parent.relname AS parent
         FROM pg_inherits i JOIN pg_class child ON child.oid = i.inhrelid
         JOIN pg_class parent ON parent.oid = i.inhparent
         JOIN pg_namespace n ON n.oid = child.relnamespace
        WHERE n.nspname = $1 ORDER BY 1, 2`,
    ),
    options: await q(
      `SELECT c.relname, c.relkind, c.reloptions, c.relpersistence
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 ORDER BY 1`,
    ),
  };
}

/** The rows the migrations leave in every table (the seeded roles, the applied migrations). */
async function rows(schema: string): Promise<Record<string, unknown[]>> {
  const tables = (
    await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`,
      [schema],
    )
  ).rows.map((r) => r.table_name);
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const found = (await client.query(`SELECT * FROM ${schema}.${t}`)).rows;
    // when a migration ran (and so when it seeded a row) is what a script cannot keep the same
    out[t] =
      t === 'schema_migrations'
        ? found.map((r) => r.name).sort()
        : found.map((r) =>
            Object.fromEntries(
              Object.entries(r).map(([k, v]) => [k, v instanceof Date ? 'a time' : v]),
            ),
          );
  }
  return out;
}

it('a schema made from the script is the migrated schema, with every migration recorded', async () => {
  const script = inject('schemaScript');
  expect(script, 'pg_dump (PostgreSQL client tools) makes the test schemas').not.toBeNull();
  await client.connect();
  const db = await connectDb(DATABASE_URL, { schema: migrated, max: 1 });
  try {
    expect((await migrate(db)).length).toBeGreaterThan(0);
  } finally {
    await db.close();
  }
  await client.query(script!.split(TEMPLATE_SCHEMA).join(scripted));
  await client.query('SET search_path = public');

  expect(await shape(scripted)).toEqual(await shape(migrated));
  const scriptedRows = await rows(scripted);
  expect(scriptedRows).toEqual(await rows(migrated));
  // every migration file is recorded: the engine's migrate() has nothing left to run
  const files = (await readdir(new URL('../../engine/src/store/migrations/', import.meta.url)))
    .filter((f) => /^\d{3}_.*\.sql$/.test(f))
    .sort();
  expect(scriptedRows.schema_migrations).toEqual(files);
  const engineDb = await connectDb(DATABASE_URL, { schema: scripted, max: 1 });
  try {
    expect(await migrate(engineDb)).toEqual([]);
  } finally {
    await engineDb.close();
  }
});
