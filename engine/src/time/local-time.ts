/**
 * Local dates and wall-clock times in an IANA time zone, on top of luxon (which reads the
 * zone rules through Intl). A local date is a day number: days since 1970-01-01 in the
 * proleptic Gregorian calendar, independent of any zone, so date arithmetic is integer
 * arithmetic and DST never shifts a date.
 *
 * One rule turns a local date and time into an instant everywhere (timers, calendars, the
 * studio): a wall time that a daylight-saving change skips (02:30 on a spring-forward night)
 * moves forward by the gap; one that it repeats (fall back) is its first, earlier instant.
 *
 * @example
 *   const day = localDay(Date.UTC(2026, 9, 1, 1), 'Asia/Shanghai'); // 2026-10-01
 *   instantAt(day, 9 * HOUR, 'Asia/Shanghai') === Date.UTC(2026, 9, 1, 1); // 09:00 local
 */
import { DateTime, IANAZone } from 'luxon';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The zone of process timers without a `timeZone` of their own, and of the NATURAL calendar. */
export const UTC = 'UTC';

/** A local calendar date as days since 1970-01-01. */
export type DayNumber = number;

/** A local date and the wall-clock milliseconds since its midnight. */
export interface Wall {
  day: DayNumber;
  ms: number;
}

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
  return dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The day number of a year, month (1-12) and day, or undefined when there is no such date. */
function dayOf(y: number, mo: number, d: number): DayNumber | undefined {
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

/**
 * Adds calendar years, months, weeks and days to a date; a month end clamps (Jan 31 + P1M =
 * Feb 28, Feb 29 + P1Y = Feb 28). NaN when the date reached is beyond the range of dates.
 */
export function plusCalendar(
  day: DayNumber,
  p: { years: number; months: number; weeks: number; days?: number },
): DayNumber {
  const dt = DateTime.fromMillis(day * DAY, { zone: UTC }).plus({
    years: p.years,
    months: p.months,
    weeks: p.weeks,
    days: p.days ?? 0,
  });
  return dt.isValid ? Math.round(dt.toMillis() / DAY) : NaN;
}

/** True for a time zone name the runtime's Intl knows (IANA names, "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The local date of an instant in a zone. */
export function localDay(at: number, zone: string): DayNumber {
  return toWall(at, zone).day;
}

/** Wall-clock milliseconds since local midnight of an instant (09:30 local = 9.5 h). */
export function wallTime(at: number, zone: string): number {
  return toWall(at, zone).ms;
}

/** The local date and wall-clock time of an instant in a zone. */
export function toWall(at: number, zone: string): Wall {
  const local = at + offsetMs(zone, at);
  const day = Math.floor(local / DAY);
  return { day, ms: local - day * DAY };
}

/**
 * The instant of a local date and wall-clock time (the rule in the header: a skipped time moves
 * forward by the gap, a repeated one is its earlier instant). A wall time of 24 h or more runs
 * into the following days.
 */
export function fromWall(wall: Wall, zone: string): number {
  const local = wall.day * DAY + wall.ms;
  // the offsets in force a day either side cover every transition rule in the database
  const before = offsetMs(zone, local - DAY);
  const after = offsetMs(zone, local + DAY);
  const candidates = [local - before, local - after].filter((t) => t + offsetMs(zone, t) === local);
  if (candidates.length) return Math.min(...candidates);
  return local - before; // in a gap: read with the offset before it, i.e. moved forward
}

/** The instant of a local date and wall-clock time (see fromWall). */
export function instantAt(day: DayNumber, wall: number, zone: string): number {
  return fromWall({ day, ms: wall }, zone);
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetMs(zone: string, at: number): number {
  if (zone === UTC) return 0;
  return IANAZone.create(zone).offset(at) * MINUTE;
}

/** `YYYY-MM-DDTHH:MM`: the local date and time of an instant in a zone (for date-time inputs). */
export function localDateTime(at: number, zone: string): string {
  const { day, ms } = toWall(at, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatLocalDate(day)}T${pad(Math.floor(ms / HOUR))}:${pad(Math.floor((ms % HOUR) / MINUTE))}`;
}

/**
 * An instant as ISO 8601 with the zone's offset at it (`2026-05-05T01:00:00.000+08:00`); in UTC
 * with `Z`, as `Date.toISOString` writes it.
 */
export function offsetDateTime(at: number, zone: string): string {
  const offset = offsetMs(zone, at);
  if (offset === 0 && zone === UTC) return new Date(at).toISOString();
  const local = new Date(at + offset).toISOString().slice(0, -1);
  const minutes = Math.abs(offset) / MINUTE;
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?(?:@([A-Za-z][A-Za-z0-9_+\-/]{0,63}))?)?$/;

/**
 * An ISO 8601 date or date-time (as FEEL, forms and the API write them) to an instant:
 * with `Z` or an offset it is that instant; with `@Area/City` (a FEEL zoned date-time) it is
 * local to that zone; without either, local to `zone`. A date alone is local midnight.
 * Undefined for anything else (other formats, impossible dates, an unknown zone).
 *
 * @example
 *   parseInstant('2026-03-01T10:00:00', 'Asia/Shanghai'); // 2026-03-01T02:00Z
 *   parseInstant('2026-03-01T10:00:00Z', 'Asia/Shanghai'); // 2026-03-01T10:00Z
 */
export function parseInstant(text: string, zone: string = UTC): number | undefined {
  const m = typeof text === 'string' ? DATE_TIME.exec(text) : null;
  if (!m) return undefined;
  const day = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  const [h, min, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (day === undefined || h > 23 || min > 59 || s > 59) return undefined;
  const fraction = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const ms = h * HOUR + min * MINUTE + s * 1000 + fraction;
  const offset = m[8];
  if (offset) {
    if (offset === 'Z') return day * DAY + ms;
    const o = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!;
    const minutes = Number(o[2]) * 60 + Number(o[3]);
    if (Number(o[2]) > 23 || Number(o[3]) > 59) return undefined;
    return day * DAY + ms - (o[1] === '-' ? -1 : 1) * minutes * MINUTE;
  }
  const named = m[9] ?? zone;
  if (!isValidTimeZone(named)) return undefined;
  return fromWall({ day, ms }, named);
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
