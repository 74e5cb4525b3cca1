/**
 * Pending process timers counted on a business calendar (`timer` rows whose payload says how:
 * runtime's TimerCalendarBasis): what calendar coverage flags and a calendar replay counts
 * again. A replayed row keeps its id (the case's state waits on it) and takes the next attempt,
 * so the queue entry of the old instant delivers to nothing and the new one is armed after the
 * commit (the reconciler re-arms it from this row if that is lost).
 */
import type { TimerCalendarBasis } from '../runtime/index.ts';
import {
  calendarRowOf,
  unrecordedRowOf,
  type CalendarColumns,
  type CalendarRow,
  type UnrecordedColumns,
  type UnrecordedRow,
} from './calendar-rows.ts';
import type { Queryable, Tx } from './db.ts';

/** A pending calendar timer of an active case. */
export interface CalendarTimerRow extends CalendarRow {
  nodeId: string | null;
  tokenId: string | null;
  attempt: number;
}

/**
 * The pending calendar timers of active cases, soonest first: on one calendar (any version), of
 * one case, or all.
 */
export async function pendingCalendarTimers(
  q: Queryable,
  where: { calendarId?: string; instanceId?: string } = {},
): Promise<CalendarTimerRow[]> {
  const r = await q.query<
    CalendarColumns & { node_id: string | null; token_id: string | null; attempt: number }
  >(
    `SELECT j.id, j.instance_id, i.process_id, i.process_version, i.business_key, i.reference,
       j.node_id, j.token_id, j.attempt, j.due_at, j.payload->'calendar' AS basis
     FROM jobs j JOIN instances i ON i.id = j.instance_id
     WHERE j.status = 'pending' AND j.kind = 'timer' AND j.payload ? 'calendar'
       AND i.status = 'active'
       AND ($1::text IS NULL OR j.payload->'calendar'->>'id' = $1)
       AND ($2::text IS NULL OR j.instance_id = $2)
     ORDER BY j.due_at, j.id`,
    [where.calendarId ?? null, where.instanceId ?? null],
  );
  return r.rows.map((x) => ({
    ...calendarRowOf(x),
    nodeId: x.node_id,
    tokenId: x.token_id,
    attempt: x.attempt,
  }));
}

/**
 * Moves a pending calendar timer (under its case's lock) to its instant counted in a newer
 * calendar version: due instant, basis and the next attempt. Returns that attempt, or undefined
 * when the row is no longer pending.
 */
export async function replayCalendarTimer(
  tx: Tx,
  t: { id: string; dueAt: number; basis: TimerCalendarBasis; now: number },
): Promise<number | undefined> {
  const r = await tx.query<{ attempt: number }>(
    `UPDATE jobs SET due_at = $2, attempt = attempt + 1, failures = 0,
       payload = jsonb_set(payload, '{calendar}', $3::jsonb), updated_at = $4
     WHERE id = $1 AND status = 'pending' AND kind = 'timer'
     RETURNING attempt`,
    [t.id, new Date(t.dueAt), JSON.stringify(t.basis), new Date(t.now)],
  );
  return r.rows[0]?.attempt;
}

/** The next `limit` timer rows marked unrecorded after `after` (by id). */
export async function unrecordedTimers(
  q: Queryable,
  after: string,
  limit: number,
): Promise<UnrecordedRow[]> {
  const r = await q.query<UnrecordedColumns>(
    `SELECT j.id, i.process_id, i.process_version, j.node_id, j.created_at, j.due_at
     FROM jobs j JOIN instances i ON i.id = j.instance_id
     WHERE j.kind = 'timer' AND j.payload ? 'calendarUnrecorded' AND j.id > $1
     ORDER BY j.id LIMIT $2`,
    [after, limit],
  );
  return r.rows.map(unrecordedRowOf);
}

/** Records a marked timer's basis as read from its definition, or only removes the mark (null). */
export async function recordTimerBasis(
  q: Queryable,
  id: string,
  basis: TimerCalendarBasis | null,
): Promise<void> {
  await q.query(
    `UPDATE jobs SET payload = (payload - 'calendarUnrecorded')
       || CASE WHEN $2::jsonb IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('calendar', $2::jsonb) END
     WHERE id = $1 AND payload ? 'calendarUnrecorded'`,
    [id, basis ? JSON.stringify(basis) : null],
  );
}
