/**
 * Time: ISO 8601 durations, local dates and times in IANA time zones, and business calendars,
 * on luxon. The one place for time arithmetic, shared by the runtime (timers, due dates), SLA
 * clocks, retention, play mode and the studio (`@caseway/engine/time`). What it guarantees is
 * written in docs/runtime.md ("Time") and docs/slas.md ("Business calendars").
 *
 * @example
 *   addDuration(Date.parse('2026-01-31T10:00:00Z'), 'P1M'); // 2026-02-28T10:00Z
 *   parseInstant('2026-03-29T12:00', 'Europe/Berlin'); // 2026-03-29T10:00Z (summer time)
 *   compileCalendar(cnMainland).addDuration(Date.parse('2026-09-30T10:00:00+08:00'), 'P1D');
 *   // 2026-10-08T10:00+08:00: National Day is off
 */
export {
  ISO_DURATION_PATTERN,
  addDuration,
  durationMs,
  isIsoDuration,
  parseDuration,
} from './duration.ts';
export {
  DAY,
  HOUR,
  UTC,
  formatLocalDate,
  instantAt,
  isValidTimeZone,
  localDateTime,
  localDay,
  offsetDateTime,
  parseClock,
  parseInstant,
  parseLocalDate,
  type DayNumber,
} from './local-time.ts';
export { durationWords, formatInstant } from './format.ts';
export { compileCalendar, localYear, NATURAL, type BusinessCalendar } from './calendar.ts';
