/**
 * Case ids: UUIDs of version 7 (RFC 9562), the first 48 bits the instant of the case's start in
 * milliseconds, the rest random (74 bits). Every table keys a case's rows by its id (instances,
 * history, tasks, jobs, clocks, search terms), so ids in the order cases start keep each new
 * case's index entries together at the end of those indexes, whatever the number of closed
 * cases before them: the pages a step writes stay in PostgreSQL's cache, where random ids
 * (version 4) scatter them over the whole of each index once it outgrows the cache. The id
 * tells the instant the case started, which the case shows anyway; the customer's reference
 * (case-reference.ts) tells nothing.
 *
 * @example
 *   newCaseId(Date.parse('2026-12-05T10:00:00Z')); // '019aedc4-5a80-7c3e-9f1b-…'
 */
import { randomBytes } from 'node:crypto';

/** A new case id for a case starting at `now` (epoch ms). */
export function newCaseId(now: number, random: (n: number) => Uint8Array = randomBytes): string {
  const b = Buffer.from(random(16));
  b.writeUIntBE(Math.max(0, Math.min(now, 2 ** 48 - 1)), 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70; // version 7
  b[8] = (b[8]! & 0x3f) | 0x80; // variant 10
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
