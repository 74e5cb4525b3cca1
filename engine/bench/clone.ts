/**
 * Seeding by SQL: a template instance, run once through the API, copied many times with one
 * `INSERT … SELECT … generate_series` per table and batch, so a million rows take minutes rather
 * than an hour. The bench seeds its history, inbox and timer scenarios with it, and tests that
 * need thousands of cases (the reconciler after a flush) use it too.
 */
import type pg from 'pg';

/** The tables that hold an instance's rows, and the serial columns a clone leaves out. */
const INSTANCE_TABLES: [table: string, key: string, serial?: string][] = [
  ['instances', 'id'],
  ['history', 'instance_id', 'id'],
  ['tasks', 'instance_id'],
  ['jobs', 'instance_id'],
];

/**
 * Copies every row of the template instance `count` times in one statement per table and
 * batch: the template's id, and each `replace` text by an SQL expression of the clone's
 * number `g`, substituted in each row's JSON text, so ids inside the state and in task and job
 * ids stay consistent. Clone g gets the id `<prefix><g>`, or with `uuids` a UUID made from it
 * (md5), so clones spread over every index keyed by case id (and their case references over
 * the references' index) as cases created over months do, instead of sitting together in one
 * corner of it. Returns the seconds it took.
 */
export async function cloneInstance(
  db: pg.Pool,
  template: string,
  prefix: string,
  count: number,
  replace: [text: string, sql: string][] = [],
  opts: { uuids?: boolean } = {},
): Promise<number> {
  const id = opts.uuids ? `md5($2 || g)::uuid::text` : `$2 || g`;
  const t0 = performance.now();
  const BATCH = 100_000;
  // case references are unique: each clone gets its own, of the same shape (XXXX-XXXX-XXXX)
  const reference = (
    await db.query<{ reference: string | null }>(`SELECT reference FROM instances WHERE id = $1`, [
      template,
    ])
  ).rows[0]?.reference;
  if (reference)
    replace = [
      ...replace,
      [
        reference,
        opts.uuids
          ? `regexp_replace(upper(substr(md5('r' || $2 || g), 1, 12)), '^(.{4})(.{4})(.{4})$', '\\1-\\2-\\3')`
          : `regexp_replace(upper(substr(md5($2), 1, 4)) || lpad(g::text, 8, '0'), '^(.{4})(.{4})(.{4})$', '\\1-\\2-\\3')`,
      ],
    ];
  const c = await db.connect();
  try {
    for (let from = 1; from <= count; from += BATCH) {
      const to = Math.min(count, from + BATCH - 1);
      await c.query('BEGIN');
      for (const [table, key, serial] of INSTANCE_TABLES) {
        let text = `replace((to_jsonb(x)${serial ? ` - '${serial}'` : ''})::text, $1, ${id})`;
        replace.forEach(([, sql], i) => (text = `replace(${text}, $${5 + i}, ${sql})`));
        const columns = (
          await c.query<{ c: string[] }>(
            `SELECT array_agg(quote_ident(column_name) ORDER BY ordinal_position) AS c
             FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
             AND column_name <> $2`,
            [table, serial ?? ''],
          )
        ).rows[0]!.c;
        await c.query(
          `INSERT INTO ${table} (${columns.join(', ')})
           SELECT ${columns.map((n) => `r.${n}`).join(', ')}
           FROM ${table} x, generate_series($3::int, $4::int) g,
                jsonb_populate_record(NULL::${table}, (${text})::jsonb) r
           WHERE x.${key} = $1`,
          [template, prefix, from, to, ...replace.map(([t]) => t)],
        );
      }
      await c.query('COMMIT');
    }
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
  await db.query('ANALYZE');
  return (performance.now() - t0) / 1000;
}
