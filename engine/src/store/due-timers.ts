/**
 * Due timers taken in batches (effects/jobs/drain.ts): many cases fire in one transaction,
 * each timer row and its case locked together, and rows another transaction holds (a step of
 * that case, another engine's batch) skipped rather than waited for. Process timers (`timer`)
 * and SLA thresholds (`sla`) are drained alike, each kind on its own.
 */
import type { InstanceRow } from './instances.ts';
import type { Queryable, Tx } from './db.ts';

/** The kinds of job row a drain fires in batches. */
export type DrainedKind = 'timer' | 'sla';

/** A due timer row with its case, both locked until the transaction ends. */
export interface DueTimer {
  timerId: string;
  attempt: number;
  dueAt: Date;
  payload: Record<string, unknown>;
  instance: InstanceRow;
}

/**
 * Locks up to `limit` pending rows of `kind` due at `now` (the engine's clock, never the
 * database's), soonest first, with their cases: `FOR UPDATE OF j, i SKIP LOCKED`, so a row
 * whose case is busy waits for a later batch or its own delivery, and two engines draining at
 * once take different rows. `exclude`: rows this engine fires one at a time instead (a step of
 * theirs failed in a batch).
 */
export async function lockDueTimers(
  tx: Tx,
  q: { kind: DrainedKind; now: Date; limit: number; exclude: string[] },
): Promise<DueTimer[]> {
  const r = await tx.query<
    InstanceRow & {
      timer_id: string;
      timer_attempt: number;
      timer_due_at: Date;
      timer_payload: Record<string, unknown>;
    }
  >(
    `SELECT j.id AS timer_id, j.attempt AS timer_attempt, j.due_at AS timer_due_at,
       j.payload AS timer_payload, i.*
     FROM jobs j JOIN instances i ON i.id = j.instance_id
     WHERE j.status = 'pending' AND j.kind = $4 AND j.due_at <= $1
       AND NOT (j.id = ANY($3::text[]))
     ORDER BY j.due_at
     LIMIT $2
     FOR UPDATE OF j, i SKIP LOCKED`,
    [q.now, q.limit, q.exclude, q.kind],
  );
  return r.rows.map(({ timer_id, timer_attempt, timer_due_at, timer_payload, ...instance }) => ({
    timerId: timer_id,
    attempt: timer_attempt,
    dueAt: timer_due_at,
    payload: timer_payload ?? {},
    instance,
  }));
}

/** Marks locked pending rows done and counted, in one statement (see markJobDone). */
export async function markJobsDone(tx: Tx, ids: string[], now: Date): Promise<void> {
  await tx.query(
    `UPDATE jobs SET status = 'done', fired_at = $2, fire_count = fire_count + 1, updated_at = $2
     WHERE id = ANY($1::text[]) AND status = 'pending'`,
    [ids, now],
  );
}

/**
 * When the first pending row of `kind` due after `after` is due (null: none), to drain
 * through a burst.
 */
export async function nextTimerDue(
  db: Queryable,
  kind: DrainedKind,
  after: Date,
): Promise<Date | null> {
  const r = await db.query<{ due_at: Date }>(
    `SELECT due_at FROM jobs WHERE status = 'pending' AND kind = $2 AND due_at > $1
     ORDER BY due_at LIMIT 1`,
    [after, kind],
  );
  return r.rows[0]?.due_at ?? null;
}
