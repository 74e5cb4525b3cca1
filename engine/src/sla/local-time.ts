/**
 * Local dates and wall-clock times in an IANA time zone, on top of luxon (which reads the
 * zone rules through Intl). A local date is a day number: days since 1970-01-01 in the
 * proleptic Gregorian calendar, independent of any zone, so date arithmetic is integer
 * arithmetic and DST never shifts a date.
 *
 * @example
 *   const day = localDay(Date.UTC(2026, 9, 1, 1), 'Asia/Shanghai'); // 2026-10-01
 *   instantAt(day, 9 * HOUR, 'Asia/Shanghai') === Date.UTC(2026, 9, 1, 1); // 09:00 local
 */
import { DateTime, IANAZone } from 'luxon';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A local calendar date as days since 1970-01-01. */
export type DayNumber = number;

/** Weekday keys in the order of `weekdayIndex` (Monday = 0). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export function weekdayIndex(day: DayNumber): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** `YYYY-MM-DD` to a day number, or undefined when it is not a real date (e.g. 2026-02-30). */
export function parseLocalDate(text: string): DayNumber | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return ms / DAY;
}

export function formatLocalDate(day: DayNumber): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The calendar year of a day number. */
export function yearOf(day: DayNumber): number {
  return new Date(day * DAY).getUTCFullYear();
}

/** Adds calendar years, months and weeks to a date; a month end clamps (Jan 31 + P1M = Feb 28). */
export function plusCalendar(
  day: DayNumber,
  p: { years: number; months: number; weeks: number },
): DayNumber {
  const dt = DateTime.fromMillis(day * DAY, { zone: 'UTC' }).plus(p);
  return Math.round(dt.toMillis() / DAY);
}

/** True for a time zone name the runtime's Intl knows (IANA names, "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The local date of an instant in a zone. */
export function localDay(at: number, zone: string): DayNumber {
  const dt = DateTime.fromMillis(at, { zone });
  return Date.UTC(dt.year, dt.month - 1, dt.day) / DAY;
}

/** Wall-clock milliseconds since local midnight of an instant (09:30 local = 9.5 h). */
export function wallTime(at: number, zone: string): number {
  const dt = DateTime.fromMillis(at, { zone });
  return dt.hour * HOUR + dt.minute * MINUTE + dt.second * 1000 + dt.millisecond;
}

/**
 * The instant of a local date and wall-clock time. A wall time skipped by a DST change
 * (02:30 on a spring-forward night) moves forward by the gap; an ambiguous one (fall back)
 * takes the earlier instant. A wall time of 24 h or more runs into the following days.
 */
export function instantAt(day: DayNumber, wall: number, zone: string): number {
  const extraDays = Math.floor(wall / DAY);
  const rest = wall - extraDays * DAY;
  const date = new Date((day + extraDays) * DAY);
  return DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: Math.floor(rest / HOUR),
      minute: Math.floor((rest % HOUR) / MINUTE),
      second: Math.floor((rest % MINUTE) / 1000),
      millisecond: rest % 1000,
    },
    { zone },
  ).toMillis();
}

/** "09:30" or "24:00" to wall-clock milliseconds. */
export function parseClock(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * HOUR + (m ?? 0) * MINUTE;
}

/** The hours, minutes and seconds of a parsed duration in milliseconds. */
export function timeMs(d: { hours: number; minutes: number; seconds: number }): number {
  return Math.round((d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000);
}

export function checkMs(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`working time must be a finite number of ms >= 0, got ${ms}`);
}
