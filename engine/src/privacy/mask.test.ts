import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskValue } from './personal-data.ts';

describe('maskValue', () => {
  it.each([
    ['王明', '王*'],
    ['陳美玲', '陳*玲'],
    ['歐陽小明', '歐**明'],
    ['A123456789', 'A********9'],
    ['王', '*'],
    ['', ''],
    ['Li', 'L*'],
    [12, '1*'],
  ])('masks %j as %j', (value, masked) => {
    expect(maskValue(value)).toBe(masked);
  });

  it('keeps the first character and hides all but at most the last of the rest', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 2, maxLength: 30 }), (s) => {
        const chars = [...s];
        const out = [...(maskValue(s) as string)];
        expect(out).toHaveLength(chars.length);
        expect(out[0]).toBe(chars[0]);
        const hidden = chars.length === 2 ? out.slice(1) : out.slice(1, -1);
        expect(hidden.every((c) => c === '*')).toBe(true);
      }),
    );
  });

  it('masks inside arrays and objects', () => {
    expect(maskValue({ a: ['王明', '陳美玲'] })).toEqual({ a: ['王*', '陳*玲'] });
  });
});
