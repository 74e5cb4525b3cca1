/**
 * The decision table lint, case by case: each finding with its code, its pointer into the cell
 * and its message key; and what it must not claim (opaque cells, covered tables, FIRST tables
 * whose rules overlap on purpose).
 */
import { describe, expect, it } from 'vitest';
import type { DecisionDefinition } from '../generated/index.ts';
import { schemaProblems } from './meta-schemas.ts';
import { lintDecision } from './lint-decision.ts';

const text = (en: string) => ({ 'zh-Hant': en, en });

/** Claim triage's shape: amount (number), cause (enumerated), earlier claims (boolean). */
function triage(
  rules: [string, string, string, string][],
  extra: Partial<DecisionDefinition> = {},
): DecisionDefinition {
  return {
    id: 'triage',
    version: 1,
    name: text('Triage'),
    hitPolicy: 'UNIQUE',
    inputs: [
      { label: text('Amount'), expression: 'amount', type: 'number' },
      {
        label: text('Cause'),
        expression: 'cause',
        type: 'string',
        allowedValues: ['glass', 'theft', 'fire'],
      },
      { label: text('Earlier claims'), expression: 'earlier', type: 'boolean' },
    ],
    outputs: [
      {
        name: 'route',
        label: text('Route'),
        type: 'string',
        allowedValues: ['fast-track', 'standard', 'investigation'],
      },
    ],
    rules: rules.map(([a, c, e, out]) => ({ inputEntries: [a, c, e], outputEntries: [out] })),
    ...extra,
  };
}

const complete: [string, string, string, string][] = [
  ['< 5000', '"glass"', 'false', '"fast-track"'],
  ['>= 5000', '"glass"', 'false', '"standard"'],
  ['-', '"glass"', 'true', '"standard"'],
  ['-', '"theft", "fire"', '-', '"investigation"'],
];

const found = (def: DecisionDefinition) =>
  lintDecision(def).map((p) => [p.code, p.pointer, p.key, p.severity ?? 'error']);

describe('lintDecision', () => {
  it('finds nothing in a complete, disjoint UNIQUE table', () => {
    expect(schemaProblems('decision', triage(complete))).toEqual([]);
    expect(lintDecision(triage(complete))).toEqual([]);
  });

  it.each<[string, DecisionDefinition, [string, string, string, string][]]>([
    [
      'two rules matching the same inputs under UNIQUE',
      triage([...complete, ['[1000..8000]', '"glass"', '-', '"standard"']]),
      [['CW_ERR_DEF_DECISION_OVERLAP', '/rules/4', 'decision.overlap', 'error']],
    ],
    [
      'ANY with overlapping rules that disagree',
      triage(
        [
          ['< 10', '-', '-', '"standard"'],
          ['< 20', '-', '-', '"investigation"'],
          ['>= 20', '-', '-', '"standard"'],
        ],
        { hitPolicy: 'ANY' },
      ),
      [['CW_ERR_DEF_DECISION_OVERLAP', '/rules/1', 'decision.overlap', 'error']],
    ],
    [
      'a cause and an earlier-claims value no rule covers',
      triage(complete.slice(0, 3)),
      [
        ['CW_ERR_DEF_DECISION_GAP', '/rules', 'decision.gap', 'warning'],
        ['CW_ERR_DEF_DECISION_GAP', '/rules', 'decision.gap', 'warning'],
        ['CW_ERR_DEF_DECISION_GAP', '/rules', 'decision.gap', 'warning'],
        ['CW_ERR_DEF_DECISION_GAP', '/rules', 'decision.gap', 'warning'],
      ],
    ],
    [
      'text in a number column',
      triage([...complete.slice(1), ['"small"', '"glass"', 'false', '"fast-track"']]),
      [['CW_ERR_DEF_DECISION_TYPE', '/rules/3/inputEntries/0', 'decision.typeMismatch', 'error']],
    ],
    [
      'a value the column does not allow',
      triage([...complete, ['-', '"flood"', '-', '"standard"']]),
      [['CW_ERR_DEF_DECISION_TYPE', '/rules/4/inputEntries/1', 'decision.notAllowed', 'error']],
    ],
    [
      'an output of the wrong type and one not allowed',
      triage([
        ['< 5000', '"glass"', 'false', '12'],
        ['>= 5000', '"glass"', 'false', '"slow"'],
        ...complete.slice(2),
      ]),
      [
        ['CW_ERR_DEF_DECISION_TYPE', '/rules/0/outputEntries/0', 'decision.typeMismatch', 'error'],
        ['CW_ERR_DEF_DECISION_TYPE', '/rules/1/outputEntries/0', 'decision.notAllowed', 'error'],
      ],
    ],
    [
      'an input entry that does not parse and a missing column',
      {
        ...triage([]),
        rules: [
          ...triage(complete.slice(1)).rules,
          { inputEntries: ['[1..', '"glass"', 'false'], outputEntries: ['"fast-track"'] },
          { inputEntries: ['-', '"glass"'], outputEntries: ['"standard"'] },
        ],
      },
      [
        ['CW_ERR_DEF_BAD_EXPRESSION', '/rules/3/inputEntries/0', 'lint.badExpression', 'error'],
        ['CW_ERR_DEF_BAD_DECISION', '/rules/4/inputEntries', 'decision.entryCount', 'error'],
      ],
    ],
    [
      'an aggregation outside COLLECT',
      triage(complete, { aggregation: 'SUM' }),
      [['CW_ERR_DEF_BAD_DECISION', '/aggregation', 'decision.aggregationWithoutCollect', 'error']],
    ],
    [
      'PRIORITY without allowed values to order by',
      {
        ...triage(complete, { hitPolicy: 'PRIORITY' }),
        outputs: [{ name: 'route', label: text('Route'), type: 'string' }],
      },
      [['CW_ERR_DEF_BAD_DECISION', '/hitPolicy', 'decision.priorityNeedsValues', 'error']],
    ],
    [
      'an allowed value of another type',
      {
        ...triage(complete),
        outputs: [
          {
            name: 'route',
            label: text('Route'),
            type: 'string',
            allowedValues: ['fast-track', 'standard', 'investigation', 3],
          },
        ],
      },
      [
        [
          'CW_ERR_DEF_DECISION_TYPE',
          '/outputs/0/allowedValues/3',
          'decision.typeMismatch',
          'error',
        ],
      ],
    ],
  ])('%s', (_, def, expected) => {
    expect(found(def)).toEqual(expected);
  });

  it('names the uncovered combinations by their inputs', () => {
    const gaps = lintDecision(triage(complete.slice(0, 3))).map((p) => p.params?.combination);
    expect(gaps).toEqual([
      'cause = "theft", earlier = true',
      'cause = "fire", earlier = true',
      'cause = "theft", earlier = false',
      'cause = "fire", earlier = false',
    ]);
  });

  it('claims nothing about cells it cannot read, nor overlaps under FIRST', () => {
    const opaque = triage([
      ['< limit', '"glass"', '-', '"fast-track"'],
      ['>= 1000', '"glass"', '-', '"standard"'],
      ['-', 'not("glass")', '-', '"investigation"'],
    ]);
    expect(lintDecision(opaque)).toEqual([]);
    expect(
      lintDecision(triage([...complete, ['-', '-', '-', '"standard"']], { hitPolicy: 'FIRST' })),
    ).toEqual([]);
  });

  it('decides overlaps of negated cells over the allowed values', () => {
    const def = triage([
      ['-', 'not("glass")', '-', '"investigation"'],
      ['-', '"glass", "fire"', '-', '"standard"'],
    ]);
    expect(found(def)).toEqual([
      ['CW_ERR_DEF_DECISION_OVERLAP', '/rules/1', 'decision.overlap', 'error'],
    ]);
  });

  it('leaves gaps out when asked for errors only (loading and publishing)', () => {
    expect(lintDecision(triage(complete.slice(0, 3)), { warnings: false })).toEqual([]);
  });
});
