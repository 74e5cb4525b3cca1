/**
 * ISO 8601 durations (`PnYnMnWnDTnHnMnS`, non-negative, only seconds may have a fraction):
 * checked, parsed and added to an instant in a time zone. Years, months, weeks and days are
 * calendar periods that move the local date and keep the local time of day; hours, minutes
 * and seconds are elapsed time. docs/runtime.md ("Time") states the rules.
 *
 * @example
 *   addDuration(Date.parse('2026-01-31T10:00:00Z'), 'P1M'); // 2026-02-28T10:00Z (month end clamps)
 *   addDuration(Date.parse('2026-03-28T12:00:00+01:00'), 'P1D', 'Europe/Berlin');
 *   // 2026-03-29T12:00+02:00: the same local time across the switch to summer time (23 h later)
 */
import { createError } from '../errors.ts';
import { fromWall, plusCalendar, timeMs, toWall, UTC } from './local-time.ts';

/**
 * The pattern every ISO 8601 duration Caseway accepts matches (the meta-schemas and the API
 * carry the same string; a test keeps them equal).
 */
export const ISO_DURATION_PATTERN =
  '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$';

const DURATION = new RegExp(ISO_DURATION_PATTERN);

/** The latest instant a Date can hold (ms since epoch, either way). */
const MAX_INSTANT = 8.64e15;

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Whether a value is an ISO 8601 duration Caseway accepts (`P1D`, `PT36H`, `P1Y2M`, `PT0.5S`). */
export function isIsoDuration(value: unknown): value is string {
  return typeof value === 'string' && DURATION.test(value);
}

/** Parses an ISO 8601 duration; anything else throws CW_ERR_EXPRESSION_FAILED. */
export function parseDuration(iso: string): Duration {
  const m = typeof iso === 'string' ? DURATION.exec(iso) : null;
  if (!m) throw notADuration(iso);
  // each group holds a number followed by its unit letter ("12Y"): parseFloat reads the number
  const n = (i: number) => (m[i] ? parseFloat(m[i]) : 0);
  return {
    years: n(1),
    months: n(2),
    weeks: n(3),
    days: n(4),
    hours: n(6),
    minutes: n(7),
    seconds: n(8),
  };
}

/**
 * Adds an ISO 8601 duration to an instant (ms since epoch), reading it in `zone` (an IANA
 * name, default UTC). Years, months, weeks and days move the local date (a month end clamps:
 * 31 January + `P1M` = 28 February; 29 February + `P1Y` = 28 February) at the same local time
 * of day; a local time that a daylight-saving change skips moves forward by the gap, one it
 * repeats is its first instant. Hours, minutes and seconds are then added as elapsed time.
 * Throws CW_ERR_EXPRESSION_FAILED for a malformed duration or one beyond the range of dates.
 */
export function addDuration(at: number, iso: string, zone: string = UTC): number {
  const d = parseDuration(iso);
  let result = at;
  if (d.years || d.months || d.weeks || d.days) {
    const wall = toWall(at, zone);
    const day = plusCalendar(wall.day, d);
    result = Number.isFinite(day) ? fromWall({ day, ms: wall.ms }, zone) : NaN;
  }
  result += timeMs(d);
  if (!Number.isFinite(result) || Math.abs(result) > MAX_INSTANT)
    throw createError(
      'CW_ERR_EXPRESSION_FAILED',
      `the duration ${shown(iso)} goes beyond the range of dates`,
    );
  return result;
}

/**
 * The length of a duration counted from 1970-01-01T00:00Z in UTC (`P1D` = 24 h, `P1M` = 31
 * days, `P1Y` = 365 days): for settings that are lengths, not deadlines (retry backoff, time-outs,
 * session lifetimes). A deadline counts from its own instant with addDuration.
 */
export function durationMs(iso: string): number {
  return addDuration(0, iso, UTC);
}

function notADuration(iso: unknown) {
  return createError('CW_ERR_EXPRESSION_FAILED', `not an ISO 8601 duration: ${shown(iso)}`);
}

/** A value for a message: JSON, and short (it may come from anyone). */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 64 ? `${text.slice(0, 63)}…` : text;
}
