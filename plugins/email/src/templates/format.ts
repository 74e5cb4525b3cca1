/**
 * Amounts and dates as each language writes them. Amounts are integers in fen (1 yuan =
 * 100 fen), converted without floating point; times are shown in China Standard Time.
 */
import type { NoticeLang } from '../notice.ts';

/** 123456 fen -> '1,234.56' (integer arithmetic, grouped thousands). */
export function yuan(fen: number): string {
  const whole = Math.trunc(fen / 100).toLocaleString('en-US');
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** The amount with its currency: 人民幣 1,234.56 元 / CNY 1,234.56. */
export const money = (fen: number, lang: NoticeLang): string =>
  lang !== 'en' ? `人民幣 ${yuan(fen)} 元` : `CNY ${yuan(fen)}`;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** '2026-03-05' -> 2026年3月5日 / 5 March 2026. */
export function date(iso: string, lang: NoticeLang): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return lang !== 'en' ? `${y}年${m}月${d}日` : `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A date-time, shown in Beijing time: 2026年3月5日 14:30 / 5 March 2026, 14:30 (Beijing time). */
export function dateTime(iso: string, lang: NoticeLang): string {
  const beijing = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  const day = date(beijing, lang);
  const hm = beijing.slice(11, 16);
  return lang !== 'en' ? `${day} ${hm}（北京時間）` : `${day}, ${hm} (Beijing time)`;
}
