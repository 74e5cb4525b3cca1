/**
 * Mainland mobile numbers: the form the gateway gets, and the masked form logs and incident
 * messages may show (the number is personal data).
 *
 * @example
 *   e164('138 1234 5678'); // '+8613812345678'
 *   mask('+86 13812345678'); // '138****5678'
 *   maskNumbersIn('rejected 13812345678'); // 'rejected 138****5678'
 */

const MOBILE = /(?:\+?86[ -]?)?(1[3-9]\d)(\d{4})(\d{4})/g;

const digits = (to: string) => to.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');

/** '+86 13812345678' -> '+8613812345678'. */
export const e164 = (to: string): string => `+86${digits(to)}`;

/** The first three and last four digits, the middle four hidden: '138****5678'. */
export function mask(to: string): string {
  const d = digits(to);
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}

/** Any mobile number inside a text (e.g. a gateway's error answer) masked. */
export const maskNumbersIn = (text: string): string =>
  text.replace(MOBILE, (_, head: string, _middle: string, tail: string) => `${head}****${tail}`);
