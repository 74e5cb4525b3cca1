/**
 * How values are printed on the notices: money given in fen as yuan and in Chinese capitals
 * (大寫, as vouchers require), dates and times in each language, bank accounts masked.
 *
 * @example
 *   yuan(123456); // '1,234.56'
 *   capitals(123456); // '壹仟貳佰參拾肆元伍角陸分'
 *   maskAccount('6222 0212 3456 7890'); // '6222********7890'
 */
import type { Bilingual } from './writer.ts';

/** An amount in fen as yuan with thousands separators and two decimals. */
export function yuan(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('en-US');
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}

const DIGITS = '零壹貳參肆伍陸柒捌玖';
const DIGIT_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '萬', '億'];

/** 0..9999 in capitals; inner zeros collapse to one 零, trailing zeros are dropped. */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let k = 3; k >= 0; k--) {
    const d = Math.floor(n / 10 ** k) % 10;
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + DIGIT_UNITS[k]!;
  }
  return out;
}

/** A whole number of yuan (below 10^12) in capitals, grouped by 萬 and 億. */
function whole(n: number): string {
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10_000)) groups.push(rest % 10_000);
  let out = '';
  let gap = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) {
      gap = out !== '';
      continue;
    }
    if (out !== '' && (gap || g < 1000)) out += '零';
    gap = false;
    out += group(g) + GROUP_UNITS[i]!;
  }
  return out;
}

/** An amount in fen in Chinese financial capitals, e.g. 10005 -> '壹佰元零伍分'. */
export function capitals(fen: number): string {
  const y = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const f = fen % 10;
  const head = y > 0 ? `${whole(y)}元` : '';
  if (jiao === 0 && f === 0) return `${head || '零元'}整`;
  let tail = '';
  if (jiao > 0) tail += `${DIGITS[jiao]!}角`;
  else if (y > 0) tail += '零';
  tail += f > 0 ? `${DIGITS[f]!}分` : '整';
  return head + tail;
}

/**
 * A bank account with only its first and last characters shown (a quarter of the length at
 * each end, at most 4): spaces and hyphens dropped, every other character replaced by `*`.
 */
export function maskAccount(account: string): string {
  const plain = account.replace(/[\s-]/g, '');
  const keep = Math.max(1, Math.min(4, Math.floor(plain.length / 4)));
  return plain.slice(0, keep) + '*'.repeat(plain.length - 2 * keep) + plain.slice(-keep);
}

const MONTHS =
  'January February March April May June July August September October November December'.split(
    ' ',
  );

/** A calendar date (YYYY-MM-DD) as 2026年3月5日 / 5 March 2026. */
export function date(iso: string): Bilingual {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return { 'zh-Hant': `${y}年${m}月${d}日`, en: `${d} ${MONTHS[m - 1]!} ${y}` };
}

/** An instant as the date and time (24 h) it was in `timeZone`. */
export function dateTime(iso: string, timeZone: string): Bilingual {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const day = date(`${parts.year}-${parts.month}-${parts.day}`);
  const time = `${parts.hour}:${parts.minute}`;
  return { 'zh-Hant': `${day['zh-Hant']} ${time}`, en: `${day.en}, ${time}` };
}

/** Throws a RangeError when `timeZone` is not an IANA zone this runtime knows. */
export function checkTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone });
}
