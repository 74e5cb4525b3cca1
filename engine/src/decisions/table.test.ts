/**
 * Decision tables as DMN 1.3 says: a test per hit policy (UNIQUE, ANY, FIRST, PRIORITY, OUTPUT
 * ORDER, RULE ORDER, COLLECT with and without SUM, MIN, MAX, COUNT) and the claim triage a
 * claims team writes (fast track, standard or investigation from amount, cause, policy age and
 * earlier claims).
 */
import { describe, expect, it } from 'vitest';
import { isCasewayError } from '../errors.ts';
import { evaluateDecision, type DecisionTable } from './index.ts';

const now = Date.parse('2026-12-05T00:00:00Z');
const time = { now };

/** One input `x` (a number), one output `out`, a rule per [test, output]. */
function table(
  hitPolicy: DecisionTable['hitPolicy'],
  rules: [string, string][],
  extra: Partial<DecisionTable> = {},
): DecisionTable {
  return {
    hitPolicy,
    inputs: [{ expression: 'x' }],
    outputs: [{ name: 'out' }],
    rules: rules.map(([test, out]) => ({ inputEntries: [test], outputEntries: [out] })),
    ...extra,
  };
}

const overlapping: [string, string][] = [
  ['< 10', '"low"'],
  ['[5..20]', '"mid"'],
  ['-', '"any"'],
];

describe('hit policies', () => {
  it.each([
    [
      'UNIQUE, one rule matches',
      table('UNIQUE', [
        ['< 10', '"low"'],
        ['>= 10', '"high"'],
      ]),
      12,
      [1],
      'high',
    ],
    ['UNIQUE, none matches', table('UNIQUE', [['< 10', '"low"']]), 12, [], null],
    [
      'ANY, matched rules agree',
      table('ANY', [
        ['< 10', '"a"'],
        ['< 20', '"a"'],
      ]),
      3,
      [0, 1],
      'a',
    ],
    ['FIRST', table('FIRST', overlapping), 7, [0], 'low'],
    ['FIRST, only the catch-all', table('FIRST', overlapping), 30, [2], 'any'],
    [
      'PRIORITY: the output listed first wins',
      table('PRIORITY', overlapping, {
        outputs: [{ name: 'out', allowedValues: ['mid', 'low', 'any'] }],
      }),
      7,
      [1],
      'mid',
    ],
    [
      'OUTPUT ORDER',
      table('OUTPUT ORDER', overlapping, {
        outputs: [{ name: 'out', allowedValues: ['any', 'mid', 'low'] }],
      }),
      7,
      [0, 1, 2],
      ['any', 'mid', 'low'],
    ],
    ['RULE ORDER', table('RULE ORDER', overlapping), 7, [0, 1, 2], ['low', 'mid', 'any']],
    ['COLLECT', table('COLLECT', overlapping), 12, [1, 2], ['mid', 'any']],
    [
      'COLLECT SUM',
      table(
        'COLLECT',
        [
          ['> 0', '10'],
          ['> 5', '5'],
          ['> 100', '1'],
        ],
        { aggregation: 'SUM' },
      ),
      7,
      [0, 1],
      15,
    ],
    [
      'COLLECT MIN',
      table(
        'COLLECT',
        [
          ['> 0', '10'],
          ['> 5', '5'],
        ],
        { aggregation: 'MIN' },
      ),
      7,
      [0, 1],
      5,
    ],
    [
      'COLLECT MAX',
      table(
        'COLLECT',
        [
          ['> 0', '10'],
          ['> 5', '5'],
        ],
        { aggregation: 'MAX' },
      ),
      7,
      [0, 1],
      10,
    ],
    ['COLLECT COUNT', table('COLLECT', overlapping, { aggregation: 'COUNT' }), 7, [0, 1, 2], 3],
    [
      'COLLECT SUM of nothing',
      table('COLLECT', [['> 100', '1']], { aggregation: 'SUM' }),
      7,
      [],
      null,
    ],
    [
      'COLLECT COUNT of nothing',
      table('COLLECT', [['> 100', '1']], { aggregation: 'COUNT' }),
      7,
      [],
      0,
    ],
  ])('%s', (_what, t, x, matched, result) => {
    expect(evaluateDecision(t, { x }, time)).toEqual({ matched, result });
  });

  it.each([
    ['UNIQUE with two rules matching', table('UNIQUE', overlapping), 7],
    ['ANY with rules that disagree', table('ANY', overlapping), 7],
  ])('refuses %s', (_what, t, x) => {
    let caught: unknown;
    try {
      evaluateDecision(t, { x }, time);
    } catch (e) {
      caught = e;
    }
    expect(isCasewayError(caught) && caught.code).toBe('CW_ERR_DECISION_HIT_POLICY');
  });
});

describe('claim triage', () => {
  const triage: DecisionTable = {
    hitPolicy: 'FIRST',
    inputs: [
      { expression: 'amount' },
      { expression: 'cause', allowedValues: ['glass', 'collision', 'theft', 'fire'] },
      { expression: 'policyAgeDays' },
      { expression: 'earlierClaims' },
    ],
    outputs: [{ name: 'track' }, { name: 'reason' }],
    rules: [
      {
        inputEntries: ['-', '"theft", "fire"', '< 90', '-'],
        outputEntries: ['"investigation"', '"new policy, theft or fire"'],
      },
      {
        inputEntries: ['> 500000', '-', '-', '-'],
        outputEntries: ['"investigation"', '"large amount"'],
      },
      {
        inputEntries: ['-', '-', '-', '>= 3'],
        outputEntries: ['"investigation"', '"frequent claims"'],
      },
      {
        inputEntries: ['<= 20000', '"glass"', '-', '-'],
        outputEntries: ['"fast-track"', '"small glass claim"'],
      },
      { inputEntries: ['-', '-', '-', '-'], outputEntries: ['"standard"', 'null'] },
    ],
  };
  it.each([
    [{ amount: 8000, cause: 'glass', policyAgeDays: 400, earlierClaims: 0 }, 'fast-track', 3],
    [{ amount: 8000, cause: 'theft', policyAgeDays: 30, earlierClaims: 0 }, 'investigation', 0],
    [
      { amount: 900000, cause: 'collision', policyAgeDays: 900, earlierClaims: 0 },
      'investigation',
      1,
    ],
    [
      { amount: 30000, cause: 'collision', policyAgeDays: 900, earlierClaims: 4 },
      'investigation',
      2,
    ],
    [{ amount: 30000, cause: 'glass', policyAgeDays: 900, earlierClaims: 1 }, 'standard', 4],
  ])('%j goes %s (rule %i)', (claim, track, rule) => {
    const { matched, result } = evaluateDecision(triage, claim, time);
    expect(matched).toEqual([rule]);
    expect((result as { track: string }).track).toBe(track);
  });
});
