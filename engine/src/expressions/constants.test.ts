/**
 * Constants read without the FEEL parser (`constantOf`) have feelin's own value, and anything
 * that is not plainly a constant goes to feelin.
 */
import { evaluate as feelEvaluate } from 'feelin';
import { describe, expect, it } from 'vitest';
import { constantOf, evaluate } from './index.ts';

const time = { now: Date.UTC(2026, 0, 1) };

describe('constants read without the FEEL parser', () => {
  it.each([
    '0',
    '1',
    '50',
    '-2',
    '-2.5',
    '3.14159',
    ' 7 ',
    '123456789012345',
    '0.000000000000001',
    '"sms"',
    '""',
    '"Hello, 世界"',
    ' "spaced" ',
    '"it\'s"',
    'true',
    'false',
    'null',
    ' true ',
  ])('%j is feelin’s value', (expression) => {
    const constant = constantOf(expression);
    expect(constant).toBeDefined();
    expect(constant!.value).toEqual(feelEvaluate(expression, {}).value);
    expect(evaluate(expression, { x: 1 }, time)).toEqual(constant!.value);
  });

  it.each([
    '01',
    '1e3',
    '.5',
    '1.',
    '- 2',
    '--2',
    '1 + 1',
    '"a\\"b"',
    '"a\\nb"',
    '"a" + "b"',
    'x',
    'True',
    'toString',
    'constructor',
    '__proto__',
    '1234567890123456',
    '',
  ])('%j goes to feelin', (expression) => {
    expect(constantOf(expression)).toBeUndefined();
  });

  it('leaves variables to feelin, whatever their names', () => {
    expect(evaluate('x', { x: 5 }, time)).toBe(5);
    expect(evaluate('toString', {}, time)).toBeNull();
  });
});
