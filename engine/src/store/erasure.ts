/**
 * Erasing a case's personal data in place (the retention sweep): which closed cases are
 * candidates, and every column where sealed values of a case are kept. What counts as past
 * retention, and what a sealed value becomes, are effects/retention.ts's.
 */
import { ENVELOPE_PREFIX } from '../privacy/index.ts';
import type { Queryable, Tx } from './db.ts';

/** Tables holding case data: key column, JSON columns. */
const CASE_DATA: { table: string; key: string; columns: string[] }[] = [
  { table: 'tasks', key: 'id', columns: ['prefill', 'draft', 'data'] },
  { table: 'history', key: 'seq', columns: ['data'] },
  { table: 'messages', key: 'id', columns: ['payload'] },
  { table: 'jobs', key: 'id', columns: ['payload'] },
  { table: 'notifications', key: 'id', columns: ['data'] },
];

/** Ended cases whose personal data is not erased yet, those that ended first first. */
export async function unerasedEndedCases(
  db: Queryable,
  limit: number,
): Promise<{ id: string; process_id: string; process_version: number; ended_at: Date }[]> {
  const r = await db.query<{
    id: string;
    process_id: string;
    process_version: number;
    ended_at: Date;
  }>(
    `SELECT id, process_id, process_version, ended_at FROM instances
     WHERE status <> 'active' AND personal_data_erased_at IS NULL AND ended_at IS NOT NULL
     ORDER BY ended_at LIMIT $1`,
    [limit],
  );
  return r.rows;
}

/**
 * Locks a case not yet erased and returns its state as stored (sealed values as text);
 * undefined when another engine erased it first.
 */
export async function lockUnerasedCase(tx: Tx, id: string): Promise<string | undefined> {
  const row = await tx.query<{ state: string }>(
    `SELECT state::text AS state FROM instances WHERE id = $1 AND personal_data_erased_at IS NULL FOR UPDATE`,
    [id],
  );
  return row.rows[0]?.state;
}

/** Marks a case erased at `now`, replacing its state when one is given. */
export async function markCaseErased(
  tx: Tx,
  id: string,
  now: Date,
  state: unknown | undefined,
): Promise<void> {
  await tx.query(
    `UPDATE instances SET personal_data_erased_at = $2${state ? ', state = $3' : ''} WHERE id = $1`,
    state ? [id, now, state] : [id, now],
  );
}

/**
 * Rewrites every JSON column of the case's tasks, history, messages, jobs and notifications that
 * holds a sealed value: `erase` gets the column as stored text and returns its new value, or
 * undefined to leave it.
 */
export async function rewriteSealedColumns(
  tx: Tx,
  id: string,
  erase: (text: string | null) => unknown,
): Promise<void> {
  for (const { table, key, columns } of CASE_DATA) {
    const rows = await tx.query<Record<string, string | null>>(
      `SELECT ${key}::text AS key, ${columns.map((c) => `${c}::text AS ${c}`).join(', ')}
       FROM ${table} WHERE instance_id = $1 AND (${columns.map((c) => `${c}::text LIKE '%${ENVELOPE_PREFIX}%'`).join(' OR ')})`,
      [id],
    );
    for (const r of rows.rows) {
      const values = columns.map((c) => erase(r[c] ?? null));
      const sets = columns.flatMap((c, i) => (values[i] === undefined ? [] : [c]));
      await tx.query(
        `UPDATE ${table} SET ${sets.map((c, i) => `${c} = $${i + 3}`).join(', ')} WHERE instance_id = $1 AND ${key}::text = $2`,
        [id, r.key, ...values.filter((v) => v !== undefined)],
      );
    }
  }
}

/** Staff's notes on the case are free text about the customer: their text becomes null. */
export async function eraseCaseNotes(tx: Tx, id: string): Promise<void> {
  await tx.query(
    `UPDATE history SET data = jsonb_set(data, '{text}', 'null') WHERE instance_id = $1 AND type = 'case.noted'`,
    [id],
  );
}

/**
 * Deletes the case's blind-index terms of personal values and of the customer's name, which the
 * index holds as text to be found by prefix.
 */
export async function deletePersonalSearchTerms(tx: Tx, id: string): Promise<void> {
  await tx.query(
    `DELETE FROM case_search_terms WHERE instance_id = $1 AND (digest IS NOT NULL OR kind = 'customerName')`,
    [id],
  );
}

/** Deletes the files uploaded for the case; returns how many. */
export async function deleteAttachmentsOf(tx: Tx, id: string): Promise<number> {
  const r = await tx.query(`DELETE FROM attachments WHERE instance_id = $1`, [id]);
  return r.rowCount ?? 0;
}
