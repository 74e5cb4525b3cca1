/**
 * Money as people write it and as the engine keeps it: amounts are whole fen (分, 1 yuan =
 * 100 fen) in data and definitions, typed and shown in yuan with up to two decimals and
 * thousands separators. One module for the engine's messages and the studio's inputs, so both
 * read an amount alike. No floating point: yuan text becomes fen digit by digit.
 *
 * @example
 *   formatFen(123450)        // '1,234.50'
 *   parseYuan('1,234.5')     // 123450
 *   parseYuan('12.345')      // null: more than two decimals
 */

/**
 * The largest amount a money field holds exactly (fen): beyond it a JSON number can no longer
 * tell one fen from the next. A money field refuses more even without a `max` of its own.
 */
export const MONEY_MAX_FEN = Number.MAX_SAFE_INTEGER;
/** The smallest (most negative) amount a money field holds exactly. */
export const MONEY_MIN_FEN = -Number.MAX_SAFE_INTEGER;

/** Whether a number is a whole count of fen that a money field can hold exactly. */
export function isSafeFen(fen: number): boolean {
  return Number.isSafeInteger(fen);
}

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Fen as yuan text with two decimals: 123450 -> '1,234.50' (`grouping: false`: '1234.50').
 * A fraction of a fen is dropped (money is whole fen; a computed value may not be yet).
 */
export function formatFen(fen: number, { grouping = true }: { grouping?: boolean } = {}): string {
  if (!Number.isFinite(fen)) return String(fen);
  const sign = fen < 0 ? '-' : '';
  // BigInt keeps every digit of amounts past the safe range (shown, then refused)
  const abs = BigInt(Math.abs(Math.trunc(fen)));
  const yuan = (abs / 100n).toString();
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${sign}${grouping ? group(yuan) : yuan}.${cents}`;
}

const YUAN = /^\s*(-)?(\d+)(?:\.(\d{0,2}))?\s*$/;
/** Thousands separators people type: ASCII and full-width commas, and spaces between digit groups. */
const SEPARATORS = /[,，]|(?<=\d) (?=\d{3}\b)/g;

/**
 * Yuan as typed to fen: '1,234.5' -> 123450, '¥ 20' -> 2000. `undefined` for an empty entry,
 * `null` for text that is not an amount (letters, more than two decimals, an exponent).
 * A huge amount parses (to the nearest number) so that validation can say it is too large.
 */
export function parseYuan(text: string): number | null | undefined {
  const trimmed = text.replace(/^\s*[¥￥]\s*/, '').trim();
  if (trimmed === '') return text.trim() === '' ? undefined : null;
  const m = YUAN.exec(trimmed.replace(SEPARATORS, ''));
  if (!m) return null;
  const fen = Number(`${m[2]}${(m[3] ?? '').padEnd(2, '0')}`);
  return m[1] ? -fen : fen;
}

/** An amount in fen as a sentence's limit: '1,000.00 元' / '1,000.00 yuan'. */
export function yuanWords(fen: number, lang: 'zh-Hant' | 'zh-Hans' | 'en'): string {
  return `${formatFen(fen)} ${lang === 'en' ? 'yuan' : '元'}`;
}
