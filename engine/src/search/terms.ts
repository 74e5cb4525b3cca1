/**
 * Search terms: the kinds a case can be found by, and how a value of each kind is normalised
 * so that the way it was typed does not matter (`a123 456-789` and `A123456789` are one ID
 * number; `+886 912 345 678` and `0912-345-678` one phone number).
 *
 * @example
 *   normalise('idNumber', ' a123456789 '); // 'A123456789'
 *   normalise('phone', '+886 912-345-678'); // '0912345678'
 *   normalise('phone', '+86 138 1234 5678'); // '13812345678'
 */

import { normaliseCaseReference } from '../runtime/index.ts';

export const SEARCH_KINDS = {
  businessKey: 'businessKey',
  customerName: 'customerName',
  idNumber: 'idNumber',
  phone: 'phone',
  policyNumber: 'policyNumber',
  claimNumber: 'claimNumber',
  /** The case's own reference (what its customer was given and quotes), not a variable. */
  reference: 'reference',
} as const;
export type SearchKind = (typeof SEARCH_KINDS)[keyof typeof SEARCH_KINDS];

/** Kinds that are personal data whatever the forms say: only ever a blind index, searched by those with the `personal-data` role. */
export const PERSONAL_KINDS: ReadonlySet<SearchKind> = new Set(['idNumber', 'phone']);

/** Kinds looked for when the caller names none (personal kinds are added for those allowed). */
export const DEFAULT_KINDS: readonly SearchKind[] = [
  'businessKey',
  'customerName',
  'policyNumber',
  'claimNumber',
  'reference',
];

/** The normalised form of a value, or null when nothing searchable is left. */
export function normalise(kind: SearchKind, raw: unknown): string | null {
  if (raw === null || raw === undefined || typeof raw === 'object') return null;
  const s = String(raw).normalize('NFKC').trim();
  let out: string;
  switch (kind) {
    case 'phone': {
      out = s.replace(/\D/g, '');
      // country codes: Taiwan's +886 9xx… is the domestic 09xx…, mainland +86 1xx… is 1xx…
      if (/^8869\d{8}$/.test(out)) out = `0${out.slice(3)}`;
      else if (/^861[3-9]\d{9}$/.test(out)) out = out.slice(2);
      break;
    }
    case 'idNumber':
      out = s.toUpperCase().replace(/[^0-9A-Z]/g, '');
      break;
    case 'customerName':
      out = s.toLowerCase().replace(/\s+/g, ' ');
      break;
    case 'reference':
      // without its separators, and O, I and L read as the digits they stand for
      out = normaliseCaseReference(s) ?? '';
      break;
    default:
      out = s.toUpperCase().replace(/\s+/g, '');
  }
  return out.length ? out.slice(0, 200) : null;
}
