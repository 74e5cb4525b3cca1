/**
 * A decision table tried on inputs a designer types in (`POST /api/decisions/{id}/evaluate`):
 * what a business rule task would get, told the way a designer needs it. A table that cannot
 * decide is an answer here, not an error: no rule matched under a single-result hit policy
 * (`noMatch`, with the rules that came closest and the inputs they missed) or rules that break
 * the hit policy (`hitPolicyViolated`, with those rules). Each input column's value is shown as
 * the table read it. Only a cell that fails to evaluate on these inputs (a FEEL error, or over
 * the expression budget) is an error: `CW_ERR_DECISION_FAILED`, naming the cell.
 *
 * @example
 *   tryDecision(triage, { amount: 800, cause: 'flood' }, { now })
 *   // { outcome: 'noMatch', result: null, matched: [], closest: [{ index: 0, missed: [1] }], ... }
 */
import { createError, isCasewayError, type ErrorCode } from '../errors.ts';
import { evaluate, passesUnary, type Context, type EvaluationTime } from '../expressions/index.ts';
import { evaluateDecision, type DecisionTable } from './table.ts';

/** Hit policies whose result is one rule's output: none matching cannot decide. */
const SINGLE_RESULT = new Set(['UNIQUE', 'ANY', 'FIRST', 'PRIORITY']);
/** How many of the closest rules a no-match lists. */
const CLOSEST = 3;

export type TrialOutcome = 'decided' | 'noMatch' | 'hitPolicyViolated';

export interface Trial {
  outcome: TrialOutcome;
  /** what a business rule task would set (null when the table could not decide) */
  result: unknown;
  /** the rules that gave the result, or that broke the hit policy, in table order */
  matched: number[];
  /** each input column's value on these inputs, in column order */
  inputValues: unknown[];
  /** on a no-match: the rules whose entries passed the most inputs, with those they missed */
  closest: { index: number; missed: number[] }[];
  /** why the table could not decide */
  problem: 'CW_ERR_DECISION_NO_MATCH' | 'CW_ERR_DECISION_HIT_POLICY' | null;
}

/** A cell that failed: `CW_ERR_DECISION_FAILED` with the cell's pointer into the table. */
function failed(cell: string, cause: unknown): never {
  const code: ErrorCode =
    isCasewayError(cause) && cause.code === 'CW_ERR_EXPRESSION_LIMIT'
      ? 'CW_ERR_EXPRESSION_LIMIT'
      : 'CW_ERR_EXPRESSION_FAILED';
  throw createError('CW_ERR_DECISION_FAILED', undefined, {
    cause,
    data: { cell, reason: code },
  });
}

function attempt<T>(cell: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!isCasewayError(e)) throw e;
    return failed(cell, e);
  }
}

export function tryDecision(table: DecisionTable, inputs: Context, time: EvaluationTime): Trial {
  const inputValues = table.inputs.map((input, k) =>
    attempt(`/inputs/${k}/expression`, () => evaluate(input.expression, inputs, time)),
  );
  const passes = (i: number, k: number) =>
    attempt(`/rules/${i}/inputEntries/${k}`, () =>
      passesUnary(table.rules[i]!.inputEntries[k] ?? '-', inputValues[k], inputs, time),
    );
  const base = { inputValues, closest: [] as Trial['closest'] };
  let outcome: ReturnType<typeof evaluateDecision>;
  try {
    outcome = evaluateDecision(table, inputs, time);
  } catch (e) {
    if (!isCasewayError(e)) throw e;
    if (e.code === 'CW_ERR_DECISION_HIT_POLICY')
      return {
        ...base,
        outcome: 'hitPolicyViolated',
        result: null,
        matched: (e.data.matched as number[] | undefined) ?? [],
        problem: 'CW_ERR_DECISION_HIT_POLICY',
      };
    // the same evaluation again, cell by cell, to name the one that failed
    table.rules.forEach((rule, i) => {
      if (table.inputs.every((_, k) => passes(i, k)))
        rule.outputEntries.forEach((entry, k) =>
          attempt(`/rules/${i}/outputEntries/${k}`, () => evaluate(entry, inputs, time)),
        );
    });
    return failed('', e);
  }
  if (outcome.matched.length || !SINGLE_RESULT.has(table.hitPolicy))
    return { ...base, outcome: 'decided', ...outcome, problem: null };
  return {
    ...base,
    outcome: 'noMatch',
    result: null,
    matched: [],
    closest: closestRules(table, passes),
    problem: 'CW_ERR_DECISION_NO_MATCH',
  };
}

/** The rules that passed the most inputs (at least one), in table order, up to `CLOSEST`. */
function closestRules(
  table: DecisionTable,
  passes: (rule: number, input: number) => boolean,
): Trial['closest'] {
  const scored = table.rules.map((_, index) => ({
    index,
    missed: table.inputs.flatMap((__, k) => (passes(index, k) ? [] : [k])),
  }));
  const fewest = Math.min(...scored.map((s) => s.missed.length));
  if (fewest >= table.inputs.length) return [];
  return scored.filter((s) => s.missed.length === fewest).slice(0, CLOSEST);
}
