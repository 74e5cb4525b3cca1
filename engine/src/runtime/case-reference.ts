/**
 * Case references: what a customer sees, quotes on the phone and types back. The engine assigns
 * one to every case at start: 12 random characters of Crockford's base32 (60 bits, no I, L, O
 * or U, so nothing reads as another character), shown in three groups. It carries nothing of
 * the case (no policy number, no date, no sequence), so knowing one tells nothing about another,
 * and it is unique (a unique index; a clash, about one start in 10^9 at 10^9 cases, fails that
 * start, which the client retries with its idempotency key).
 *
 * @example
 *   newCaseReference(); // '7KQM-4XPT-R9HD'
 *   normaliseCaseReference(' 7kqm 4xpt-r9hd '); // '7KQM4XPTR9HD'
 *   normaliseCaseReference('7KQM-4XPT-R9HO'); // '7KQM4XPTR9H0' (O read as zero)
 */
import { randomBytes } from 'node:crypto';
import type { ProcessDefinition } from '../generated/index.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CASE_REFERENCE_LENGTH = 12;
/** The shape of a reference as the engine writes it. */
export const CASE_REFERENCE_PATTERN =
  '^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$';

/** A new random reference, `XXXX-XXXX-XXXX`. */
export function newCaseReference(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(CASE_REFERENCE_LENGTH);
  let s = '';
  // 256 is a multiple of 32: each byte's low five bits are uniform
  for (const b of bytes) s += ALPHABET[b & 31];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

/**
 * How a reference is compared: upper case, separators dropped, and the letters people confuse
 * read as Crockford does (O as 0, I and L as 1). Null when what is left cannot be part of one.
 */
export function normaliseCaseReference(raw: string): string | null {
  const s = raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!s.length || s.length > CASE_REFERENCE_LENGTH) return null;
  for (const c of s) if (!ALPHABET.includes(c)) return null;
  return s;
}

/**
 * The start variables with the case's reference in the variable the process names for it
 * (`public.reference`), replacing whatever the caller sent there.
 */
export function withCaseReference(
  definition: Pick<ProcessDefinition, 'public'>,
  variables: Record<string, unknown>,
  reference: string,
): Record<string, unknown> {
  const name = definition.public?.reference;
  return name ? { ...variables, [name]: reference } : variables;
}
