/**
 * Retention: a process's `retention` (ISO 8601 duration) counts from the end of each of its
 * cases; past it, the retention sweep erases the case's personal data (every sealed value in
 * its variables, tasks, history, messages, jobs and notifications becomes null, and so does the
 * text of staff's case notes), deletes the documents uploaded for it, and records
 * `personalData.erased` in its history. The instance, its history entries, outcomes, dates
 * and SLA clocks stay, so statistics and reports still count the case.
 *
 * @example
 *   const erased = await sweepRetention({ db, registry, clock }); // ids of the erased cases
 */
import type { Clock } from '../clock/index.ts';
import type { DefinitionRegistry } from '../definitions/index.ts';
import { addDuration } from '../time/index.ts';
import { appendHistory, type Db, type Tx } from '../store/index.ts';
import { ENVELOPE_PREFIX, eraseSealed } from '../privacy/index.ts';

/** Tables holding case data: key column, JSON columns. */
const CASE_DATA: { table: string; key: string; columns: string[] }[] = [
  { table: 'tasks', key: 'id', columns: ['prefill', 'draft', 'data'] },
  { table: 'history', key: 'seq', columns: ['data'] },
  { table: 'messages', key: 'id', columns: ['payload'] },
  { table: 'jobs', key: 'id', columns: ['payload'] },
  { table: 'notifications', key: 'id', columns: ['data'] },
];

export interface RetentionDeps {
  db: Db;
  registry: DefinitionRegistry;
  clock: Clock;
}

/** Erases the personal data of every closed case past its retention; returns their ids. */
export async function sweepRetention(deps: RetentionDeps, batch = 200): Promise<string[]> {
  const now = deps.clock.now();
  const candidates = await deps.db.query<{
    id: string;
    process_id: string;
    process_version: number;
    ended_at: Date;
  }>(
    `SELECT id, process_id, process_version, ended_at FROM instances
     WHERE status <> 'active' AND personal_data_erased_at IS NULL AND ended_at IS NOT NULL
     ORDER BY ended_at LIMIT $1`,
    [batch],
  );
  const erased: string[] = [];
  for (const c of candidates.rows) {
    const def = processOf(deps.registry, c.process_id, c.process_version);
    const retention = def?.retention;
    if (!retention || addDuration(c.ended_at.getTime(), retention, def.timeZone) > now) continue;
    const done = await deps.db.tx((tx) => eraseCase(tx, c.id, retention, now));
    if (done) erased.push(c.id);
  }
  return erased;
}

function processOf(registry: DefinitionRegistry, id: string, version: number) {
  try {
    return registry.process(id, version).definition;
  } catch {
    return undefined; // a process no longer held: nothing says how long to keep its data
  }
}

async function eraseCase(tx: Tx, id: string, retention: string, now: number): Promise<boolean> {
  const row = await tx.query<{ state: string }>(
    `SELECT state::text AS state FROM instances WHERE id = $1 AND personal_data_erased_at IS NULL FOR UPDATE`,
    [id],
  );
  if (!row.rows[0]) return false; // another engine got there first
  let fields = 0;
  const erase = (text: string | null) => {
    if (!text?.includes(ENVELOPE_PREFIX)) return undefined;
    fields += text.split(ENVELOPE_PREFIX).length - 1;
    return eraseSealed(JSON.parse(text));
  };
  const state = erase(row.rows[0].state);
  await tx.query(
    `UPDATE instances SET personal_data_erased_at = $2${state ? ', state = $3' : ''} WHERE id = $1`,
    state ? [id, new Date(now), state] : [id, new Date(now)],
  );
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
  // staff's notes on the case are free text about the customer: erased with the rest
  await tx.query(
    `UPDATE history SET data = jsonb_set(data, '{text}', 'null') WHERE instance_id = $1 AND type = 'case.noted'`,
    [id],
  );
  // the blind index of the erased values goes too (search/case-index.ts), and the customer's
  // name, which the index holds as text to be found by prefix
  await tx.query(
    `DELETE FROM case_search_terms WHERE instance_id = $1 AND (digest IS NOT NULL OR kind = 'customerName')`,
    [id],
  );
  // the documents customers and staff uploaded for the case (bills, IDs, medical records)
  const documents = await tx.query(`DELETE FROM attachments WHERE instance_id = $1`, [id]);
  await appendHistory(
    tx,
    id,
    {
      type: 'personalData.erased',
      actor: 'system',
      data: { retention, values: fields, documents: documents.rowCount ?? 0 },
    },
    now,
  );
  return true;
}

/**
 * Runs the sweep every `intervalMs` and whenever the clock jumps (tests); one at a time.
 * Returns the function that stops it.
 */
export function scheduleRetention(
  deps: () => RetentionDeps,
  intervalMs: number,
  onError: (e: unknown) => void,
): () => void {
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= sweepRetention(deps())
      .catch(onError)
      .finally(() => (running = undefined));
  };
  const timer = setInterval(run, intervalMs).unref();
  const off = deps().clock.onJump?.(run);
  return () => {
    clearInterval(timer);
    off?.();
  };
}
