/**
 * Trying a table (the evaluate route's core): what a business rule task would get, a table that
 * cannot decide told as an outcome with the closest rules, and a failing cell named by its
 * pointer into the table.
 */
import { describe, expect, it } from 'vitest';
import { isCasewayError } from '../errors.ts';
import { tryDecision, type DecisionTable } from './index.ts';

const time = { now: Date.parse('2026-12-05T00:00:00Z') };

/** Inputs `a` and `b`, one output `out`, a rule per [a test, b test, output]. */
const table = (hitPolicy: DecisionTable['hitPolicy'], rules: string[][]): DecisionTable => ({
  hitPolicy,
  inputs: [{ expression: 'a' }, { expression: 'b' }],
  outputs: [{ name: 'out' }],
  rules: rules.map(([a, b, out]) => ({ inputEntries: [a!, b!], outputEntries: [out!] })),
});

const budget = 'sum(for i in 1..n return i)';

function failure(fn: () => unknown): { code: string; cell: unknown; reason: unknown } {
  try {
    fn();
  } catch (e) {
    if (isCasewayError(e)) return { code: e.code, cell: e.data.cell, reason: e.data.reason };
    throw e;
  }
  throw new Error('did not fail');
}

describe('tryDecision', () => {
  it('decides as a business rule task would, with the columns read', () => {
    const t = table('UNIQUE', [['< 10', '"x"', '"low"']]);
    expect(tryDecision(t, { a: 3, b: 'x' }, time)).toEqual({
      outcome: 'decided',
      result: 'low',
      matched: [0],
      inputValues: [3, 'x'],
      closest: [],
      problem: null,
    });
  });

  it.each([
    ['UNIQUE', 'noMatch'],
    ['ANY', 'noMatch'],
    ['FIRST', 'noMatch'],
    ['PRIORITY', 'noMatch'],
    ['RULE ORDER', 'decided'],
    ['COLLECT', 'decided'],
  ] as const)('no rule matching under %s is %s', (policy, outcome) => {
    const t = {
      ...table(policy, [['< 10', '"x"', '"low"']]),
      outputs: [{ name: 'out', allowedValues: ['low'] }],
    };
    expect(tryDecision(t, { a: 30, b: 'x' }, time).outcome).toBe(outcome);
  });

  it('lists the rules that passed the most inputs, with the columns they missed', () => {
    const t = table('UNIQUE', [
      ['< 10', '"x"', '"a"'],
      ['> 20', '"y"', '"b"'],
      ['< 10', '"y"', '"c"'],
      ['> 100', '"z"', '"d"'],
    ]);
    expect(tryDecision(t, { a: 30, b: 'x' }, time)).toMatchObject({
      outcome: 'noMatch',
      problem: 'CW_ERR_DECISION_NO_MATCH',
      closest: [
        { index: 0, missed: [0] },
        { index: 1, missed: [1] },
      ],
    });
    expect(tryDecision(t, { a: 50, b: 'q' }, time).closest).toEqual([{ index: 1, missed: [1] }]);
    // no rule passing any input: none is close
    expect(tryDecision(t, { a: 15, b: 'q' }, time).closest).toEqual([]);
  });

  it('tells a broken hit policy with the rules that broke it', () => {
    const t = table('UNIQUE', [
      ['< 10', '-', '"a"'],
      ['< 20', '-', '"b"'],
    ]);
    expect(tryDecision(t, { a: 5 }, time)).toMatchObject({
      outcome: 'hitPolicyViolated',
      result: null,
      matched: [0, 1],
      problem: 'CW_ERR_DECISION_HIT_POLICY',
    });
  });

  it.each([
    [
      'an input expression',
      { ...table('UNIQUE', []), inputs: [{ expression: budget }] },
      '/inputs/0/expression',
    ],
    ['an input entry', table('UNIQUE', [['-', `? > ${budget}`, '"a"']]), '/rules/0/inputEntries/1'],
    [
      'an output entry',
      table('FIRST', [
        ['-', '-', '"a"'],
        ['-', '-', budget],
      ]),
      '/rules/1/outputEntries/0',
    ],
  ])('names %s over the budget by its cell', (_, t, cell) => {
    expect(failure(() => tryDecision(t, { n: 1e9 }, time))).toEqual({
      code: 'CW_ERR_DECISION_FAILED',
      cell,
      reason: 'CW_ERR_EXPRESSION_LIMIT',
    });
  });
});
