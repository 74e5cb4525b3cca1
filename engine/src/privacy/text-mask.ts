/**
 * Personal data inside free text: what an error message from a plugin or a receiver may echo
 * (a bank refusing "account 1234-5678-9012 is closed", a gateway quoting a phone number). The
 * engine masks it before the text reaches an incident, the history or a log line: the values a
 * call was given under sensitive keys, and common identifiers by their shape (Taiwan ID and
 * resident certificate numbers, Hong Kong identity card numbers, e-mail addresses, and runs of
 * eight or more digits: phone, bank account, card and mainland ID numbers, an ID's final X too). Masked like every
 * other personal value ({@link maskValue}: first and last characters kept).
 *
 * @example
 *   maskIdentifiersIn('account 1234-5678-9012 of A123456789 is closed');
 *   // 'account 1************2 of A********9 is closed'
 *   maskValuesIn('no such payee 陳美玲', ['陳美玲']); // 'no such payee 陳*玲'
 */
type Json = unknown;

/**
 * `A123456789` -> `A********9`, `陳美玲` -> `陳*玲`; two characters keep the first (`王明` ->
 * `王*`: a two-character Chinese name keeps its surname, as three-character ones do); one
 * character is masked whole.
 */
export function maskValue(v: Json): Json {
  if (v === null || v === undefined) return v;
  if (Array.isArray(v)) return v.map(maskValue);
  if (typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskValue(x)]));
  const s = String(v);
  const chars = [...s];
  if (chars.length <= 1) return '*'.repeat(chars.length);
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars.at(-1);
}

const mask = (s: string) => maskValue(s) as string;

const TW_ID = /\b[A-Z][12489ABCD]\d{8}\b/g;
const HK_ID = /\b[A-Z]{1,2}\d{6}\([0-9A]\)/g;
const EMAIL = /\b([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b/g;
/** Eight or more digits, single spaces or hyphens between them, an optional leading `+`. */
const DIGITS = /(?<![\w.+-])\+?\d(?:[ -]?\d){7,}[Xx]?(?![\w])/g;
/** What a run of digits may also be and is not personal: an ISO date (2026-11-30). */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Common identifiers in a text masked by their shape. */
export function maskIdentifiersIn(text: string): string {
  return text
    .replace(EMAIL, (_, local: string, domain: string) => `${mask(local)}@${domain}`)
    .replace(TW_ID, mask)
    .replace(HK_ID, mask)
    .replace(DIGITS, (run) => (DATE.test(run) ? run : mask(run)));
}

/** Every occurrence of the given values (three characters or more) masked, longest first. */
export function maskValuesIn(text: string, values: Iterable<string>): string {
  const distinct = [...new Set(values)].filter((v) => [...v].length >= 3);
  distinct.sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of distinct) out = out.split(v).join(mask(v));
  return out;
}
