import { describe, expect, test } from 'vitest';
import { EXPRESSION_LIMITS, nestsIterations, rangeLength, withinDeadline } from './budget.ts';
import { evaluate, syntaxError } from './index.ts';

/** The engine clock's instant the expressions run at. */
const AT = { now: Date.parse('2026-05-04T08:00:00Z') };

const code = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? 'thrown';
  }
};
const failure = (f: () => unknown): { code?: string; data?: { limit?: string } } | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e as { code?: string; data?: { limit?: string } };
  }
};
const cpuMs = (f: () => unknown): number => {
  const before = process.cpuUsage();
  f();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

describe('expression budget', () => {
  test.each([
    ['nested loops over ranges', 'for i in 1..3000 return for j in 1..3000 return j', 'steps'],
    ['one huge range', 'for i in 1..100000000 return i', 'listLength'],
    ['an unbounded range', 'count(for i in 1..999999999999999999999 return i)', 'listLength'],
    [
      'a long list through a function',
      'count(for i in 1..10000 return i) + count(append(for i in 1..10000 return i, 1))',
      'listLength',
    ],
    [
      'a string doubled past the limit',
      'upper case(string join(for i in 1..10000 return "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))',
      'stringLength',
    ],
    [
      'recursion through a context function',
      '{f: function(n) if n = 0 then 0 else 1 + f(n - 1), r: f(200000)}.r',
      null,
    ],
  ])('%s is refused', (_name, expression, limit) => {
    const error = failure(() => evaluate(expression, {}, AT));
    if (limit) {
      expect(error?.code).toBe('CW_ERR_EXPRESSION_LIMIT');
      // under a heavily loaded machine the wall-clock backstop may come first
      expect([limit, 'timeMs']).toContain(error?.data?.limit);
    } else {
      expect(['CW_ERR_EXPRESSION_LIMIT', 'CW_ERR_EXPRESSION_FAILED']).toContain(error?.code);
    }
  });

  test('distinct values of many contexts is charged its quadratic cost', () => {
    // feelin compares every pair of contexts: 10,000 of them took 38 s before the budget
    const l = Array.from({ length: 10_000 }, (_, a) => ({ a }));
    expect(failure(() => evaluate('count(distinct values(l))', { l }, AT))).toMatchObject({
      code: 'CW_ERR_EXPRESSION_LIMIT',
      data: { limit: 'steps' },
    });
    expect(evaluate('count(distinct values(l))', { l: l.slice(0, 300) }, AT)).toBe(300);
    expect(evaluate('count(distinct values(l))', { l: l.map((x) => x.a) }, AT)).toBe(10_000);
  });

  test.each([
    ['amount > 1000 and severity = "major"', false],
    ['sum(for x in items return x.amount)', false],
    ['items[amount > 10]', false],
    ['some x in l satisfies x > 1', false],
    ['for a in l, b in l return a', true],
    ['for a in l return for b in l return b', true],
    ['l[item > 1][item < 5]', true],
    ['count(for x in l return x) + count(l[item > 2])', true],
    ['{f: function(n) for x in l return n}.f(1)', true],
    ['{f: function(n) n + 1}.f(1)', false],
  ])('%s nests iterations: %s', (expression, nests) => {
    expect(nestsIterations(expression)).toBe(nests);
  });

  test('a cartesian product over context lists stops at the wall-clock backstop', () => {
    const l = Array.from({ length: 5000 }, (_, i) => i);
    // (a region with a short deadline, as the step's or a form's, so the test is quick)
    const run = () =>
      withinDeadline(() => evaluate('count(for a in l, b in l, c in l return a)', { l }, AT), 100);
    expect(failure(run)).toMatchObject({
      code: 'CW_ERR_EXPRESSION_LIMIT',
      data: { limit: 'timeMs' },
    });
  });

  test('expressions within the limits are unaffected', () => {
    expect(evaluate('sum(for i in 1..10000 return i)', {}, AT)).toBe(50005000);
    expect(evaluate('count(l[item > 2])', { l: [1, 2, 3, 4] }, AT)).toBe(2);
    expect(
      evaluate('string length(s)', { s: 'x'.repeat(EXPRESSION_LIMITS.stringLength) }, AT),
    ).toBe(EXPRESSION_LIMITS.stringLength);
  });

  test('an expression over the length limit is refused, and reported as such when linted', () => {
    const long = `1${' + 1'.repeat(EXPRESSION_LIMITS.expressionLength)}`;
    expect(code(() => evaluate(long, {}, AT))).toBe('CW_ERR_EXPRESSION_LIMIT');
    expect(syntaxError(long)).toMatch(/longer than/);
  });

  test('checking syntax runs nothing', () => {
    expect(
      cpuMs(() => syntaxError('for i in 1..3000 return for j in 1..3000 return j')),
    ).toBeLessThan(EXPRESSION_LIMITS.timeMs);
    expect(syntaxError('for i in 1..3000 return for j in 1..3000 return j')).toBeNull();
    expect(syntaxError('amount > ')).toMatch(/Unrecognized token|Incomplete|Syntax/);
    expect(syntaxError('a = "x" and (')).not.toBeNull();
  });

  test.each([
    [{ start: 1, end: 3 }, 3],
    [{ start: 3, end: 1 }, 3],
    [{ start: 1.5, end: 3 }, 2],
    [{ start: 1, end: 1e308 * 10 }, Infinity],
    [{ start: 'a', end: 'z' }, 52],
    [{ start: null, end: null }, 0],
  ])('range %o enumerates at most %d elements', (range, n) => {
    expect(rangeLength(range)).toBe(n);
  });
});
