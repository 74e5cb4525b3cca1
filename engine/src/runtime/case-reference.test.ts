import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CASE_REFERENCE_PATTERN,
  newCaseReference,
  normaliseCaseReference,
} from './case-reference.ts';

const pattern = new RegExp(CASE_REFERENCE_PATTERN);
const bytes = fc.uint8Array({ minLength: 12, maxLength: 12 });

describe('case references', () => {
  it('are three groups of Crockford base32 from any random bytes', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const ref = newCaseReference(() => b);
        expect(ref).toMatch(pattern);
        expect(ref).not.toMatch(/[ILOU]/);
      }),
    );
  });

  it('read back the same however a customer types them', () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), fc.constantFrom('', ' ', '-'), (b, lower, sep) => {
        const ref = newCaseReference(() => b);
        const canonical = ref.replace(/-/g, '');
        let typed = ref.replace(/-/g, sep).replace(/0/g, 'O').replace(/1/g, 'l');
        if (lower) typed = typed.toLowerCase();
        expect(normaliseCaseReference(typed)).toBe(canonical);
        expect(normaliseCaseReference(canonical)).toBe(canonical);
      }),
    );
  });

  it.each([
    ['', null],
    ['7KQM-4XPT-R9HD-0', null],
    ['7KQM-U', null],
    ['7kqm', '7KQM'],
    ['ＡＢＣ', 'ABC'],
  ])('normalises %j to %j', (raw, want) => {
    expect(normaliseCaseReference(raw)).toBe(want);
  });

  it('draw each character about evenly from the system random source', () => {
    const seen = new Map<string, number>();
    for (let n = 0; n < 2000; n++)
      for (const c of newCaseReference().replace(/-/g, '')) seen.set(c, (seen.get(c) ?? 0) + 1);
    expect(seen.size).toBe(32);
    for (const count of seen.values()) expect(count).toBeGreaterThan(400); // 750 expected
  });
});
