/**
 * Decision tables with DMN 1.3 semantics, evaluated purely: each input's FEEL expression is
 * evaluated against the context, each rule's input entries are FEEL unary tests of those values,
 * and the hit policy says what the matched rules give:
 *
 * - UNIQUE: at most one rule may match (more is `CW_ERR_DECISION_HIT_POLICY`); its output or null;
 * - ANY: the matched rules must agree on their output (else the same error); that output;
 * - FIRST: the first matched rule in table order;
 * - PRIORITY: the matched rule whose outputs come first in the outputs' `allowedValues`;
 * - OUTPUT ORDER: every matched output, ordered by that priority;
 * - RULE ORDER: every matched output, in table order;
 * - COLLECT: every matched output in table order, or with an aggregation SUM, MIN, MAX (of the
 *   single output's numbers; null when nothing matched) or COUNT (of the matched rules).
 *
 * An output is a record of the outputs' names; a table with one output gives the value itself.
 *
 * @example
 *   evaluateDecision(triage, { amount: 2500, cause: 'glass' }, { now: clock.now() })
 *   // { matched: [0], result: 'fast-track' }
 */
import { createError } from '../errors.ts';
import { evaluate, passesUnary, type EvaluationTime } from '../expressions/index.ts';

export const HIT_POLICIES = [
  'UNIQUE',
  'ANY',
  'FIRST',
  'PRIORITY',
  'OUTPUT ORDER',
  'RULE ORDER',
  'COLLECT',
] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export interface DecisionInput {
  /** FEEL over the context, e.g. `claim.amount` */
  expression: string;
  /** the values it may take (unary tests' literals), for lint and PRIORITY */
  allowedValues?: unknown[];
}

export interface DecisionOutput {
  name: string;
  /** for PRIORITY and OUTPUT ORDER: earlier values come first */
  allowedValues?: unknown[];
}

export interface DecisionRule {
  /** one FEEL unary test per input (`-` for any) */
  inputEntries: string[];
  /** one FEEL expression per output */
  outputEntries: string[];
}

export interface DecisionTable {
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
}

export interface DecisionResult {
  /** indexes of the rules that matched, in table order */
  matched: number[];
  result: unknown;
}

type Output = Record<string, unknown>;

function violation(policy: HitPolicy, matched: number[]): never {
  throw createError('CW_ERR_DECISION_HIT_POLICY', undefined, {
    data: { hitPolicy: policy, matched },
  });
}

/** Position of a value among allowed values (absent: after all of them). */
const rank = (allowed: unknown[] | undefined, value: unknown) => {
  const i = allowed?.findIndex((a) => JSON.stringify(a) === JSON.stringify(value)) ?? -1;
  return i === -1 ? Number.MAX_SAFE_INTEGER : i;
};

export function evaluateDecision(
  table: DecisionTable,
  context: Record<string, unknown>,
  time: EvaluationTime,
): DecisionResult {
  const values = table.inputs.map((input) => evaluate(input.expression, context, time));
  const matched: number[] = [];
  table.rules.forEach((rule, i) => {
    if (values.every((v, k) => passesUnary(rule.inputEntries[k] ?? '-', v, context, time)))
      matched.push(i);
  });
  const outputOf = (i: number): Output =>
    Object.fromEntries(
      table.outputs.map((o, k) => [
        o.name,
        evaluate(table.rules[i]!.outputEntries[k] ?? 'null', context, time),
      ]),
    );
  const single = table.outputs.length === 1;
  const shape = (o: Output | null) => (o && single ? o[table.outputs[0]!.name] : o);
  const byPriority = (a: { o: Output }, b: { o: Output }) => {
    for (const out of table.outputs) {
      const d = rank(out.allowedValues, a.o[out.name]) - rank(out.allowedValues, b.o[out.name]);
      if (d) return d;
    }
    return 0;
  };
  const outputs = matched.map((i) => ({ i, o: outputOf(i) }));

  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (outputs.length > 1) violation('UNIQUE', matched);
      return { matched, result: shape(outputs[0]?.o ?? null) };
    case 'ANY': {
      const first = outputs[0]?.o ?? null;
      if (outputs.some((x) => JSON.stringify(x.o) !== JSON.stringify(first)))
        violation('ANY', matched);
      return { matched, result: shape(first) };
    }
    case 'FIRST':
      return { matched: matched.slice(0, 1), result: shape(outputs[0]?.o ?? null) };
    case 'PRIORITY': {
      const best = [...outputs].sort(byPriority)[0];
      return { matched: best ? [best.i] : [], result: shape(best?.o ?? null) };
    }
    case 'OUTPUT ORDER':
      return { matched, result: [...outputs].sort(byPriority).map((x) => shape(x.o)) };
    case 'RULE ORDER':
      return { matched, result: outputs.map((x) => shape(x.o)) };
    case 'COLLECT': {
      if (!table.aggregation) return { matched, result: outputs.map((x) => shape(x.o)) };
      if (table.aggregation === 'COUNT') return { matched, result: outputs.length };
      const numbers = outputs
        .map((x) => x.o[table.outputs[0]!.name])
        .filter((v): v is number => typeof v === 'number');
      if (!numbers.length) return { matched, result: null };
      const result =
        table.aggregation === 'SUM'
          ? numbers.reduce((a, b) => a + b, 0)
          : table.aggregation === 'MIN'
            ? Math.min(...numbers)
            : Math.max(...numbers);
      return { matched, result };
    }
  }
}
