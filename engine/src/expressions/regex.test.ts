import fc from 'fast-check';
import { evaluate as feelEvaluate } from 'feelin';
import { describe, expect, test } from 'vitest';
import { evaluate, syntaxError } from './index.ts';
import { ajvRegExp, compileRegex, regexError, splitRegex } from './regex.ts';

/** The engine clock's instant the expressions run at. */
const AT = { now: Date.parse('2026-05-04T08:00:00Z') };

const cpuMs = (f: () => unknown): number => {
  const before = process.cpuUsage();
  f();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

describe('regular expressions on RE2', () => {
  test('the catastrophic pattern answers in linear time', () => {
    const input = `${'a'.repeat(28)}!`;
    let result: unknown;
    expect(cpuMs(() => (result = evaluate(`matches(s, "(a+)+$")`, { s: input }, AT)))).toBeLessThan(
      100,
    );
    expect(result).toBe(false);
    const long = `${'a'.repeat(100_000)}!`;
    expect(cpuMs(() => evaluate(`replace(s, "(a+)+$", "x")`, { s: long }, AT))).toBeLessThan(500);
    expect(cpuMs(() => ajvRegExp('^(a+)+$').test(long))).toBeLessThan(500);
  });

  test.each([
    ['matches("CLM-42", "^[A-Z]{3}-\\\\d+$")', true],
    ['matches("abc", "B", "i")', true],
    ['matches(s, "a.b")', false],
    ['matches(s, "a.b", "s")', true],
    ['matches(s, "^b$", "m")', true],
    ['matches("abc", "b", "x")', null],
    ['matches("abc", "(a")', null],
    ['matches("aa", "(a)\\\\1")', null],
    ['matches("ab", "a(?=b)")', null],
    ['replace("abcd", "(ab)|(a)", "[1=$1][2=$2]")', '[1=ab][2=]cd'],
    ['replace("banana", "a", "o")', 'bonono'],
    ['replace("0123456789", "(\\\\d{3})(\\\\d{3})(\\\\d{4})", "($1) $2-$3")', '(012) 345-6789'],
    ['replace("abc", "b", "[$0]")', 'a[b]c'],
    ['split("John Doe", "\\\\s")', ['John', 'Doe']],
    ['split("a;b;c;;", ";")', ['a', 'b', 'c', '', '']],
    ['matches(1, "1")', null],
    ['matches(input: "abc", pattern: "^a")', true],
  ])('%s is %j', (expression, expected) => {
    expect(evaluate(expression, { s: 'a\nb' }, AT)).toEqual(expected);
  });

  test("feelin's own matches is RE2 too once the expressions module is loaded", () => {
    let result: unknown;
    const input = `${'a'.repeat(28)}!`;
    expect(
      cpuMs(() => (result = feelEvaluate(`matches(s, "(a+)+$")`, { s: input }).value)),
    ).toBeLessThan(100);
    expect(result).toBe(false);
  });

  test('a variable named like a regex function still shadows it', () => {
    expect(evaluate('matches', { matches: 3 }, AT)).toBe(3);
  });

  test('split agrees with JavaScript on patterns both dialects share', () => {
    const pattern = fc.constantFrom(',', '\\s+', '', 'x*', '\\d', '[,;]', 'ab', '(?:)');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', ' ', '1', 'x', '日', '𝒳') }),
        pattern,
        (s, p) => {
          expect(splitRegex(s, compileRegex(p)!)).toEqual(s.split(new RegExp(p, 'u')));
        },
      ),
    );
  });

  test.each([
    ['matches(s, "(a)\\1")', true],
    ['replace(input: s, pattern: "a(?=b)", replacement: "x")', true],
    ['split(s, "(?<=,)")', true],
    ['matches(s, "^[0-9]{4}$")', false],
    ['matches(s, p)', false],
    ['replace(s, "x", "(?=")', false],
  ])('a literal pattern RE2 refuses is a definition problem: %s -> %s', (expression, refused) => {
    expect(syntaxError(expression) !== null).toBe(refused);
  });

  test('regexError explains what RE2 refuses', () => {
    expect(regexError('^[0-9]+$')).toBeNull();
    expect(regexError('(a)\\1')).not.toBeNull();
    expect(regexError('(?<!x)y')).not.toBeNull();
  });
});
