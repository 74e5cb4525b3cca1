/**
 * Time shown to people, in Traditional or Simplified Chinese or English: an instant as a date and time in a
 * time zone with the zone's short name (so it is never read in the wrong zone), and a duration
 * in words.
 *
 * @example
 *   formatInstant('2026-03-02T01:00:00Z', 'Asia/Shanghai', 'en'); // "Mon, 2 Mar 2026, 09:00 CST"
 *   durationWords('P1DT30M', 'en'); // "1 day 30 minutes"
 */
import { isIsoDuration, parseDuration } from './duration.ts';

/** The Intl locale each language shows dates in (any other: zh-Hant-TW, as before). */
const INTL_LOCALE: Record<string, string> = { en: 'en-GB', 'zh-Hans': 'zh-Hans-CN' };

/** An instant (ms since epoch or an ISO string) as a weekday, date and time in `zone`. */
export function formatInstant(at: number | string, zone: string, lang: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[lang] ?? 'zh-Hant-TW', {
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

const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
const WORDS: Record<
  (typeof UNITS)[number],
  { zh: string; hans: string; one: string; many: string }
> = {
  years: { zh: '年', hans: '年', one: 'year', many: 'years' },
  months: { zh: '個月', hans: '个月', one: 'month', many: 'months' },
  weeks: { zh: '週', hans: '周', one: 'week', many: 'weeks' },
  days: { zh: '天', hans: '天', one: 'day', many: 'days' },
  hours: { zh: '小時', hans: '小时', one: 'hour', many: 'hours' },
  minutes: { zh: '分鐘', hans: '分钟', one: 'minute', many: 'minutes' },
  seconds: { zh: '秒', hans: '秒', one: 'second', many: 'seconds' },
};

/**
 * An ISO 8601 duration in words, in Traditional Chinese or English (`P1Y6M` → "1 年 6 個月",
 * "1 year 6 months"); a zero duration is "0 秒", "0 seconds". Null when it is not a duration.
 */
export function durationWords(iso: string, lang: string): string | null {
  if (!isIsoDuration(iso)) return null;
  const d = parseDuration(iso);
  const units = UNITS.filter((u) => d[u] !== 0);
  return (units.length ? units : (['seconds'] as const))
    .map((u) => {
      const n = d[u];
      const w = WORDS[u];
      if (lang === 'en') return `${n} ${n === 1 ? w.one : w.many}`;
      return `${n} ${lang === 'zh-Hans' ? w.hans : w.zh}`;
    })
    .join(' ');
}
