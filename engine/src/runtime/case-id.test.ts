import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newCaseId } from './case-id.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const instant = fc.integer({ min: 0, max: Date.parse('9999-12-31T23:59:59Z') });

describe('case ids', () => {
  it('are version 7 UUIDs that carry the start instant in milliseconds', () => {
    fc.assert(
      fc.property(instant, (now) => {
        const id = newCaseId(now);
        expect(id).toMatch(UUID_V7);
        expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
      }),
    );
  });

  it('sort as text in the order their cases started', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        fc.pre(a !== b);
        const [x, y] = [newCaseId(a), newCaseId(b)];
        expect(x < y).toBe(a < b);
      }),
    );
  });

  it('differ within one millisecond (the rest is random)', () => {
    const now = Date.parse('2026-12-05T10:00:00Z');
    const ids = new Set(Array.from({ length: 10_000 }, () => newCaseId(now)));
    expect(ids.size).toBe(10_000);
  });

  it('take the variant bits whatever the random bytes are', () => {
    expect(newCaseId(0, (n) => new Uint8Array(n).fill(0xff))).toBe(
      '00000000-0000-7fff-bfff-ffffffffffff',
    );
    expect(newCaseId(1, (n) => new Uint8Array(n))).toBe('00000000-0001-7000-8000-000000000000');
  });
});
