/**
 * Instants shown to people: a date and time in a time zone, in the reader's language, with
 * the zone's short name so an instant is never read in the wrong zone.
 *
 * @example
 *   formatInstant('2026-03-02T01:00:00Z', 'Asia/Shanghai', 'en'); // "Mon, 2 Mar 2026, 09:00 CST"
 */

/** An instant (ms since epoch or an ISO string) as a weekday, date and time in `zone`. */
export function formatInstant(at: number | string, zone: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-Hant-TW', {
    timeZone: zone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(at));
}
