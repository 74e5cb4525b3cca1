/**
 * When a clock falls due, in words a supervisor plans a day by: overdue, today, tomorrow,
 * within the week (the next seven days), later; a paused clock (waiting on the customer, say)
 * has no due instant and stands apart. Days are the viewer's, in their time zone.
 *
 * @example
 *   dueBucket({ running: true, dueAt: Date.parse('2026-03-02T15:00:00Z'), breached: false },
 *             Date.parse('2026-03-02T09:00:00Z'), 'Asia/Shanghai'); // 'today'
 */
import { DateTime } from 'luxon';

export const DUE_BUCKETS = ['overdue', 'today', 'tomorrow', 'week', 'later', 'paused'] as const;
export type DueBucket = (typeof DUE_BUCKETS)[number];

export function dueBucket(
  c: { running: boolean; dueAt: number | null; breached: boolean },
  now: number,
  timeZone: string,
): DueBucket {
  if (c.breached) return 'overdue';
  if (!c.running || c.dueAt === null) return 'paused';
  if (c.dueAt <= now) return 'overdue';
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day');
  const days = Math.floor(
    DateTime.fromMillis(c.dueAt, { zone: timeZone }).startOf('day').diff(today, 'days').days,
  );
  if (days <= 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days < 7) return 'week';
  return 'later';
}
