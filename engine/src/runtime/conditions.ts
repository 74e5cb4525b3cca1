/**
 * Flow conditions, decided strictly: a condition is true or false, and anything else (null, a
 * number, a failure, an expression over its budget) leaves the gateway undecided, with what an
 * operator needs to repair it: the flow, the expression, what it gave or why it failed, and
 * the values of the variables it read. Pure; the step holds the token at the gateway with an
 * incident when the answer is `undecided`.
 *
 * @example
 *   decideFlow(outgoing, 'f-pay', { amount: null }, time);
 *   // { kind: 'undecided', problem: { flowId: 'f-review', expression: 'amount > 10000',
 *   //   result: null, read: { amount: null }, ... } }
 */
import type { Flow } from '../generated/index.ts';
import { isCasewayError } from '../errors.ts';
import {
  evaluate,
  expressionReads,
  type Context,
  type EvaluationTime,
} from '../expressions/index.ts';

/** Why a gateway could not choose its way. */
export interface ConditionProblem {
  /**
   * `CW_ERR_GATEWAY_CONDITION` (a condition neither true nor false) or `CW_ERR_NO_MATCHING_FLOW`;
   * at a business rule task, why its decision table could not decide: several rules or
   * disagreeing ones (`CW_ERR_DECISION_HIT_POLICY`), none (`CW_ERR_DECISION_NO_MATCH`), or an
   * input or table that failed (`CW_ERR_DECISION_FAILED`).
   */
  code:
    | 'CW_ERR_GATEWAY_CONDITION'
    | 'CW_ERR_NO_MATCHING_FLOW'
    | 'CW_ERR_DECISION_HIT_POLICY'
    | 'CW_ERR_DECISION_NO_MATCH'
    | 'CW_ERR_DECISION_FAILED'
    /** A multi-instance activity's collection that failed, is not a list, or is too long. */
    | 'CW_ERR_MULTI_INSTANCE_COLLECTION';
  /** The decision table a business rule task evaluated, and the rules that matched (0-based). */
  decision?: { id: string; version: number | null; hitPolicy?: string; matched?: number[] };
  /** The flow whose condition could not be decided (absent for no matching flow). */
  flowId?: string;
  expression?: string;
  /** What the condition gave when it was not a boolean (null when it gave nothing). */
  result?: unknown;
  /** Why it failed (the evaluation's error code and message), when it did not give a value. */
  error?: string;
  /** What a multi-instance collection gave instead of a list (`string`, `null`, …), or its length. */
  valueType?: string;
  size?: number;
  /** The variables the condition read, with their values now, nested as in the case. */
  read?: Record<string, unknown>;
}

export type FlowDecision =
  { kind: 'taken'; flows: Flow[] } | { kind: 'undecided'; problem: ConditionProblem };

/** A condition's answer: a boolean, or the problem that makes it neither. */
export function conditionValue(
  flow: Flow & { condition: string },
  vars: Context,
  time: EvaluationTime,
): boolean | ConditionProblem {
  let value: unknown;
  try {
    value = evaluate(flow.condition, vars, time);
  } catch (e) {
    if (!isCasewayError(e)) throw e;
    return problemOf(flow, vars, { error: `${e.code}: ${e.message}` });
  }
  if (typeof value === 'boolean') return value;
  return problemOf(flow, vars, { result: value ?? null });
}

/**
 * An exclusive gateway's way: the first flow in definition order whose condition is true; the
 * default only when every condition before it was false. A condition neither true nor false
 * before a true one leaves it undecided, and so does no true condition without a default.
 */
export function decideExclusive(
  outgoing: readonly Flow[],
  defaultFlow: string | undefined,
  vars: Context,
  time: EvaluationTime,
): FlowDecision {
  for (const f of outgoing) {
    if (f.id === defaultFlow || f.condition === undefined) continue;
    const v = conditionValue(f as Flow & { condition: string }, vars, time);
    if (v === true) return { kind: 'taken', flows: [f] };
    if (v !== false) return { kind: 'undecided', problem: v };
  }
  const fallback = outgoing.find((f) => f.id === defaultFlow);
  if (fallback) return { kind: 'taken', flows: [fallback] };
  return { kind: 'undecided', problem: { code: 'CW_ERR_NO_MATCHING_FLOW' } };
}

/**
 * An inclusive gateway's ways: every flow whose condition is true (a flow without one always),
 * the default only when none is. Every condition is read, and one neither true nor false leaves
 * it undecided (the first such in definition order), as does no true one without a default.
 */
export function decideInclusive(
  outgoing: readonly Flow[],
  defaultFlow: string | undefined,
  vars: Context,
  time: EvaluationTime,
): FlowDecision {
  const taken: Flow[] = [];
  for (const f of outgoing) {
    if (f.id === defaultFlow) continue;
    if (f.condition === undefined) {
      taken.push(f);
      continue;
    }
    const v = conditionValue(f as Flow & { condition: string }, vars, time);
    if (v === true) taken.push(f);
    else if (v !== false) return { kind: 'undecided', problem: v };
  }
  if (taken.length) return { kind: 'taken', flows: taken };
  const fallback = outgoing.find((f) => f.id === defaultFlow);
  if (fallback) return { kind: 'taken', flows: [fallback] };
  return { kind: 'undecided', problem: { code: 'CW_ERR_NO_MATCHING_FLOW' } };
}

/** One line for the incident's `error`: the code, the flow, the expression and what it gave. */
export function describeProblem(p: ConditionProblem): string {
  if (p.code === 'CW_ERR_NO_MATCHING_FLOW')
    return `${p.code}: every condition is false and there is no default flow`;
  if (p.decision) {
    const { id, version, hitPolicy, matched } = p.decision;
    const why =
      p.code === 'CW_ERR_DECISION_NO_MATCH'
        ? `no rule matched under ${hitPolicy}`
        : p.code === 'CW_ERR_DECISION_HIT_POLICY'
          ? `rules ${(matched ?? []).map((i) => i + 1).join(', ')} matched under ${hitPolicy}`
          : (p.error ?? 'failed');
    const names = Object.keys(p.read ?? {});
    return `${p.code}: decision ${id}${version ? ` v${version}` : ''}: ${why}${
      names.length ? `; it read ${names.join(', ')}` : ''
    }`;
  }
  if (p.code === 'CW_ERR_MULTI_INSTANCE_COLLECTION') {
    const gave = p.error
      ? `failed (${p.error})`
      : p.size !== undefined
        ? `gave a list of ${p.size} items, over the limit`
        : `gave ${p.valueType ?? 'a value'} ${short(p.result)}, not a list`;
    const names = Object.keys(p.read ?? {});
    return `${p.code}: collection ${p.expression} ${gave}${
      names.length ? `; it read ${names.join(', ')}` : ''
    }`;
  }
  const gave = p.error ? `failed (${p.error})` : `gave ${short(p.result)}`;
  const names = Object.keys(p.read ?? {});
  return `${p.code}: flow ${p.flowId}: ${p.expression} ${gave}${
    names.length ? `; it read ${names.join(', ')}` : ''
  }`;
}

function problemOf(
  flow: Flow & { condition: string },
  vars: Context,
  what: { result?: unknown; error?: string },
): ConditionProblem {
  return {
    code: 'CW_ERR_GATEWAY_CONDITION',
    flowId: flow.id,
    expression: flow.condition,
    ...what,
    read: readValues(flow.condition, vars),
  };
}

/**
 * The values of what `expression` reads, nested as in `vars` (`claim.amount` -> { claim: {
 * amount } }); a variable read whole is shown whole.
 */
export function readValues(expression: string, vars: Context): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // only objects made here are filled in: a variable's own object is never written to
  const made = new WeakSet<object>();
  const reads = expressionReads(expression)?.names ?? [];
  for (const r of reads) if (!r.path.length) out[r.name] = vars[r.name] ?? null;
  for (const r of reads) {
    if (!r.path.length) continue;
    let value: unknown = vars[r.name] ?? null;
    let into: Record<string, unknown> = out;
    let key = r.name;
    for (const step of r.path) {
      const next = into[key];
      if (next !== undefined && !(typeof next === 'object' && next && made.has(next))) break;
      if (next === undefined) made.add((into[key] = {}) as object);
      into = into[key] as Record<string, unknown>;
      key = step;
      value =
        value && typeof value === 'object' && !Array.isArray(value)
          ? ((value as Record<string, unknown>)[step] ?? null)
          : null;
    }
    if (into[key] === undefined) into[key] = value;
  }
  return out;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'null';
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
