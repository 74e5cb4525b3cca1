/**
 * Open user tasks whose due date counts on a business calendar (`dueDate: { duration, calendar
 * }`): the row keeps how it was counted in `due_basis` (runtime's TimerCalendarBasis), what
 * calendar coverage flags and a calendar replay counts again. A replayed task keeps its id and
 * takes its new due instant, which is all that reads `due_at` (the inbox's order and the task's
 * view); its SLA clocks are clocks of their own, replayed as clocks.
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

/** An open task of an active case whose due date was counted on a business calendar. */
export interface CalendarTaskRow extends CalendarRow {
  nodeId: string;
}

/**
 * The open calendar-counted tasks of active cases, soonest due first: on one calendar (any
 * version), of one case, or all.
 */
export async function openCalendarTasks(
  q: Queryable,
  where: { calendarId?: string; instanceId?: string; taskId?: string } = {},
): Promise<CalendarTaskRow[]> {
  const r = await q.query<CalendarColumns & { node_id: string }>(
    `SELECT t.id, t.instance_id, i.process_id, i.process_version, i.business_key, i.reference,
       t.node_id, t.due_at, t.due_basis AS basis
     FROM tasks t JOIN instances i ON i.id = t.instance_id
     WHERE t.status = 'open' AND t.due_at IS NOT NULL AND t.due_basis ? 'id'
       AND i.status = 'active'
       AND ($1::text IS NULL OR t.due_basis->>'id' = $1)
       AND ($2::text IS NULL OR t.instance_id = $2)
       AND ($3::text IS NULL OR t.id = $3)
     ORDER BY t.due_at, t.id`,
    [where.calendarId ?? null, where.instanceId ?? null, where.taskId ?? null],
  );
  return r.rows.map((x) => ({ ...calendarRowOf(x), nodeId: x.node_id }));
}

/**
 * Moves an open task's due date (under its case's lock) to its instant counted in a newer
 * calendar version, with that basis. False when the task is no longer open.
 */
export async function replayTaskDue(
  tx: Tx,
  t: { id: string; dueAt: number; basis: TimerCalendarBasis },
): Promise<boolean> {
  const r = await tx.query(
    `UPDATE tasks SET due_at = $2, due_basis = $3::jsonb WHERE id = $1 AND status = 'open'`,
    [t.id, new Date(t.dueAt), JSON.stringify(t.basis)],
  );
  return (r.rowCount ?? 0) > 0;
}

/** The next `limit` open tasks marked unrecorded after `after` (by id). */
export async function unrecordedTaskDues(
  q: Queryable,
  after: string,
  limit: number,
): Promise<UnrecordedRow[]> {
  const r = await q.query<UnrecordedColumns>(
    `SELECT t.id, i.process_id, i.process_version, t.node_id, t.created_at, t.due_at
     FROM tasks t JOIN instances i ON i.id = t.instance_id
     WHERE t.due_basis ? 'unrecorded' AND t.id > $1 AND t.due_at IS NOT NULL
     ORDER BY t.id LIMIT $2`,
    [after, limit],
  );
  return r.rows.map(unrecordedRowOf);
}

/** Records a marked task's basis as read from its definition, or that it has none (null). */
export async function recordTaskDueBasis(
  q: Queryable,
  id: string,
  basis: TimerCalendarBasis | null,
): Promise<void> {
  await q.query(
    `UPDATE tasks SET due_basis = $2::jsonb WHERE id = $1 AND due_basis ? 'unrecorded'`,
    [id, basis ? JSON.stringify(basis) : null],
  );
}
