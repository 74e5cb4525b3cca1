/**
 * Checked text formats for form fields (`format` in the form meta-schema), registered as ajv
 * formats so the engine and the studio's live preview reject the same values.
 *
 * @example
 *   isCnResidentId('11010519491231002X'); // true: check digit X, born 1949-12-31
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * A mainland China resident ID (GB 11643-1999): 6-digit area code, birth date YYYYMMDD, a
 * 3-digit sequence and a check digit (ISO 7064 MOD 11-2; `X` for 10).
 */
export function isCnResidentId(v: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(v)) return false;
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const born = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) return false;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(v[i]), 0);
  return CHECK[sum % 11] === v[17]!.toUpperCase();
}

/** A mainland mobile number: 11 digits starting 13–19, optionally prefixed +86. */
export const CN_MOBILE = /^(\+86[ -]?)?1[3-9]\d{9}$/;

export const FORMATS = {
  'cn-resident-id': isCnResidentId,
  'cn-mobile': (v: string) => CN_MOBILE.test(v),
} as const;
