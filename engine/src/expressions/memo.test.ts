import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './memo.ts';

describe('BoundedMemo', () => {
  it('never holds more entries or key characters than its bounds, and keeps the latest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 200 }),
        (keys, entries, chars) => {
          const evicted: number[] = [];
          const memo = new BoundedMemo<number>({ entries, chars }, (v) => evicted.push(v));
          keys.forEach((k, i) => memo.set(k, i));
          expect(memo.size).toBeLessThanOrEqual(entries);
          const last = keys.at(-1);
          if (last !== undefined && last.length <= chars)
            expect(memo.get(last)).toBe(keys.length - 1);
        },
      ),
    );
  });

  it('drops the least recently used first', () => {
    const memo = new BoundedMemo<string>({ entries: 2, chars: 100 });
    memo.set('a', 'A');
    memo.set('b', 'B');
    memo.get('a');
    memo.set('c', 'C');
    expect([memo.get('a'), memo.get('b'), memo.get('c')]).toEqual(['A', undefined, 'C']);
    // a key longer than the whole bound is answered, never kept
    expect(memo.set('x'.repeat(101), 'X')).toBe('X');
    expect(memo.get('x'.repeat(101))).toBeUndefined();
  });
});
