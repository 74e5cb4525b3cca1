/** ISO 8601 durations (PnYnMnWnDTnHnMnS) added to instants in UTC. */
import { createError } from '../errors.ts';

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const RE =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(iso: string): Duration {
  const m = RE.exec(iso);
  if (!m) throw createError('CW_ERR_EXPRESSION_FAILED', `not an ISO 8601 duration: ${iso}`);
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return {
    years: n(1),
    months: n(2),
    weeks: n(3),
    days: n(4),
    hours: n(5),
    minutes: n(6),
    seconds: n(7),
  };
}

/** Adds a duration to an instant (ms since epoch); months and years follow the UTC calendar. */
export function addDuration(at: number, iso: string): number {
  const d = parseDuration(iso);
  const date = new Date(at);
  if (d.years || d.months) date.setUTCMonth(date.getUTCMonth() + d.years * 12 + d.months);
  const ms =
    ((d.weeks * 7 + d.days) * 24 * 3600 + d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
  return date.getTime() + ms;
}

export function durationMs(iso: string): number {
  return addDuration(0, iso);
}
