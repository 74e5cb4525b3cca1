/**
 * Due timers taken in batches (effects/jobs/timer-batch.ts): many cases fire in one
 * transaction, each timer row and its case locked together, and rows another transaction
 * holds (a step of that case, another engine's batch) skipped rather than waited for.
 */
import type { InstanceRow } from './instances.ts';
import type { Queryable, Tx } from './db.ts';

/** A due timer row with its case, both locked until the transaction ends. */
export interface DueTimer {
  timerId: string;
  dueAt: Date;
  instance: InstanceRow;
}

/**
 * Locks up to `limit` pending timer rows due at `now` (the engine's clock, never the
 * database's), soonest first, with their cases: `FOR UPDATE OF j, i SKIP LOCKED`, so a row
 * whose case is busy waits for a later batch or its own delivery, and two engines draining at
 * once take different rows. `exclude`: rows this engine fires one at a time instead (a step of
 * theirs failed in a batch).
 */
export async function lockDueTimers(
  tx: Tx,
  q: { now: Date; limit: number; exclude: string[] },
): Promise<DueTimer[]> {
  const r = await tx.query<InstanceRow & { timer_id: string; timer_due_at: Date }>(
    `SELECT j.id AS timer_id, j.due_at AS timer_due_at, i.*
     FROM jobs j JOIN instances i ON i.id = j.instance_id
     WHERE j.status = 'pending' AND j.kind = 'timer' AND j.due_at <= $1
       AND NOT (j.id = ANY($3::text[]))
     ORDER BY j.due_at
     LIMIT $2
     FOR UPDATE OF j, i SKIP LOCKED`,
    [q.now, q.limit, q.exclude],
  );
  return r.rows.map(({ timer_id, timer_due_at, ...instance }) => ({
    timerId: timer_id,
    dueAt: timer_due_at,
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

/** When the first pending timer due after `after` is due (null: none), to drain through a burst. */
export async function nextTimerDue(db: Queryable, after: Date): Promise<Date | null> {
  const r = await db.query<{ due_at: Date }>(
    `SELECT due_at FROM jobs WHERE status = 'pending' AND kind = 'timer' AND due_at > $1
     ORDER BY due_at LIMIT 1`,
    [after],
  );
  return r.rows[0]?.due_at ?? null;
}
