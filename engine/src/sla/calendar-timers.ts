/**
 * Process timers counted on a business calendar (`timer: { duration: "P50D", calendar:
 * "cn-mainland" }`), pure: flagged like SLA clocks when their due instant falls beyond the years
 * their calendar version knows (`gapOf`), and counted again when a newer version is published.
 * A timer is armed with the latest version and remembers how it was counted (its basis: the
 * instant it was armed, the duration, the version); a replay counts the same duration from the
 * same instant in the new version. It is never made due before now (a timer fires late, never
 * early), and one already due is left to fire.
 *
 * A user task's due date (`dueDate` with `calendar`) is counted and kept the same way
 * (`replayDueDate`); unlike a timer's instant it is only read (the inbox's order, the task's
 * view), so it is recounted even when it has passed, and may land before now.
 *
 * Rows armed before the basis was recorded get it from their definition node (`inferBasis`)
 * where that is unambiguous: a literal duration or cycle, and a calendar version that counts the
 * row's own due instant from the instant it was armed.
 *
 * @example
 *   replayTimer({ dueAt, basis }, cnV1, cnV2, now);
 *   // { dueAt: …, basis: { …, version: 2 }, reasons: [{ kind: 'calendar', … }], moves: true }
 */
import type { TimerSpec } from '../generated/index.ts';
import { parseCycle, type TimerCalendarBasis } from '../runtime/index.ts';
import type { BusinessCalendar } from '../time/index.ts';
import { BREACH } from './clock.ts';
import { gapOf, type CalendarGap } from './coverage.ts';
import type { ReplayReason } from './replay.ts';

/** A pending timer on a business calendar: its due instant and how it was counted. */
export interface CalendarTimer {
  dueAt: number;
  basis: TimerCalendarBasis;
}

/** The timer's dependence on years its calendar version (`cal`) does not know, or null. */
export function timerGap(t: CalendarTimer, cal: BusinessCalendar): CalendarGap | null {
  return gapOf([{ percent: BREACH, at: t.dueAt }], cal);
}

export interface TimerReplay {
  dueAt: number;
  basis: TimerCalendarBasis;
  reasons: ReplayReason[];
  /** Whether its due instant moves (else only the version it counts in changes). */
  moves: boolean;
}

export type TimerReplaySkip = 'same-versions' | 'due';

/** The timer counted again in `to` (the version it counts in is `from`). */
export function replayTimer(
  t: CalendarTimer,
  from: BusinessCalendar,
  to: BusinessCalendar,
  now: number,
): TimerReplay | { skipped: TimerReplaySkip } {
  if (from.id === to.id && from.version === to.version) return { skipped: 'same-versions' };
  // already due: it fires as it is (its worker is behind, or about to)
  if (t.dueAt <= now) return { skipped: 'due' };
  const dueAt = Math.max(now, to.addDuration(t.basis.from, t.basis.duration));
  return {
    dueAt,
    basis: { ...t.basis, id: to.id, version: to.version },
    reasons: [{ kind: 'calendar', id: to.id, from: from.version, to: to.version }],
    moves: dueAt !== t.dueAt,
  };
}

/**
 * A task's due date counted again in `to`: the same duration from when the task opened. An
 * overdue task is recounted too (its due date is shown, nothing fires on it).
 */
export function replayDueDate(
  t: CalendarTimer,
  from: BusinessCalendar,
  to: BusinessCalendar,
): TimerReplay | { skipped: 'same-versions' } {
  if (from.id === to.id && from.version === to.version) return { skipped: 'same-versions' };
  const dueAt = to.addDuration(t.basis.from, t.basis.duration);
  return {
    dueAt,
    basis: { ...t.basis, id: to.id, version: to.version },
    reasons: [{ kind: 'calendar', id: to.id, from: from.version, to: to.version }],
    moves: dueAt !== t.dueAt,
  };
}

/**
 * How a timer or due date armed before bases were recorded was counted, read from its definition
 * node's `spec`: null unless it counts a literal duration (or a cycle's period) on a calendar and
 * one of that calendar's `versions` gives exactly its due instant from the instant it was armed
 * (the latest such version; they all count it alike). A duration expression's value is not
 * known afterwards, so such a row stays unrecorded (not flagged, not replayed).
 */
export function inferBasis(
  spec: TimerSpec | undefined,
  row: { armedAt: number; dueAt: number },
  versions: readonly BusinessCalendar[],
): TimerCalendarBasis | null {
  if (!spec?.calendar) return null;
  const duration = spec.duration ?? (spec.cycle ? parseCycle(spec.cycle)?.period : undefined);
  if (!duration) return null;
  const fits = versions
    .filter((v) => v.id === spec.calendar && v.addDuration(row.armedAt, duration) === row.dueAt)
    .sort((a, b) => b.version - a.version);
  const v = fits[0];
  return v ? { id: v.id, version: v.version, from: row.armedAt, duration } : null;
}
