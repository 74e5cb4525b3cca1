/**
 * Calendars that never run out silently, pure: a business calendar knows the public holidays
 * of some years only (`validFrom`..`validTo`); past them it counts weekly hours straight
 * through holidays nobody has entered yet. A live clock whose coming instants (its warnings
 * and its due instant) fall beyond those years is flagged with the years it depends on, and a
 * calendar in use that runs out soon is a warning for operations.
 *
 * @example
 *   calendarGap(clock, [50, 80], cnMainlandV1, now);
 *   // { calendar: { id: 'cn-mainland', version: 1 }, knownYears: { from: 2026, to: 2026 },
 *   //   years: [2027], beyond: [{ percent: 100, at: …, year: 2027 }] }
 */
import { DAY, instantAt, localYear, parseLocalDate, type BusinessCalendar } from '../time/index.ts';
import { BREACH, clockTimers, thresholdMs, type ClockState } from './clock.ts';

/** A coming instant of a clock: a warning at `percent`, or its due instant (100). */
export interface ClockInstant {
  percent: number;
  at: number;
}

export interface CalendarGap {
  calendar: { id: string; version: number };
  knownYears: { from: number | null; to: number | null };
  /** The years beyond the known ones that the clock's coming instants fall in, in order. */
  years: number[];
  /** Those instants, soonest first (a paused clock's as if it resumed now). */
  beyond: (ClockInstant & { year: number })[];
}

/**
 * The instants a live clock still has to reach: a running clock's thresholds not fired yet and
 * its due instant; a paused clock's the same as if it resumed at `now` (they move when it does).
 */
export function comingInstants(
  c: ClockState,
  thresholds: readonly number[],
  cal: BusinessCalendar,
  now: number,
): ClockInstant[] {
  if (c.status === 'running')
    return clockTimers(c, thresholds, cal).map((t) => ({ percent: t.percent, at: t.dueAt }));
  if (c.status !== 'paused') return [];
  return [...new Set([...thresholds, BREACH])]
    .sort((a, b) => a - b)
    .filter((p) => !c.fired.includes(p) && thresholdMs(c, p) > c.elapsedMs)
    .map((percent) => ({
      percent,
      at: cal.addWorkingMs(now, thresholdMs(c, percent) - c.elapsedMs),
    }));
}

/** The clock's dependence on years its calendar does not know, or null when there is none. */
export function calendarGap(
  c: ClockState,
  thresholds: readonly number[],
  cal: BusinessCalendar,
  now: number,
): CalendarGap | null {
  return gapOf(comingInstants(c, thresholds, cal, now), cal);
}

/**
 * Which of some coming instants fall beyond the years `cal` knows, or null when none does: a
 * clock's warnings and due instant, or a calendar timer's due instant (percent 100).
 */
export function gapOf(
  instants: readonly ClockInstant[],
  cal: BusinessCalendar,
): CalendarGap | null {
  const beyond = instants
    .filter((i) => !cal.covers(i.at))
    .map((i) => ({ ...i, year: localYear(i.at, cal.timeZone) }))
    .sort((a, b) => a.at - b.at);
  if (!beyond.length) return null;
  return {
    calendar: { id: cal.id, version: cal.version },
    knownYears: cal.knownYears,
    years: [...new Set(beyond.map((b) => b.year))].sort((a, b) => a - b),
    beyond,
  };
}

/** How long before a calendar in use runs out operations are warned (60 days). */
export const RUNS_OUT_WARNING_MS = 60 * DAY;

/**
 * The instant a calendar's known years end (the start of the year after `validTo` in its
 * zone), or null when it has no end.
 */
export function knownUntil(cal: BusinessCalendar): number | null {
  const to = cal.knownYears.to;
  if (to === null) return null;
  return instantAt(parseLocalDate(`${to + 1}-01-01`)!, 0, cal.timeZone);
}
