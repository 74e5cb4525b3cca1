/** The business key a new instance gets: the caller's, else the one its process computes. */
import type { ProcessDefinition } from '../generated/index.ts';
import { evaluate, type EvaluationTime } from '../expressions/index.ts';

/**
 * A process's business key declaration, whichever way it is written: a FEEL string, or
 * `{ expression, unique }`.
 *
 * @example
 *   businessKeyDeclaration({ businessKey: { expression: 'no', unique: true } }) // { expression: 'no', unique: true }
 */
export function businessKeyDeclaration(definition: Pick<ProcessDefinition, 'businessKey'>): {
  expression: string | null;
  unique: boolean;
} {
  const k = definition.businessKey;
  if (k === undefined) return { expression: null, unique: false };
  if (typeof k === 'string') return { expression: k, unique: false };
  return { expression: k.expression ?? null, unique: k.unique ?? false };
}

/**
 * The caller's key (an API client, a call activity) when given; else the process's
 * `businessKey` expression over the start variables; null when neither gives one.
 *
 * @example
 *   businessKeyOf({ businessKey: 'claimNo' } as ProcessDefinition, { claimNo: 'C-1' }, null, { now }) // 'C-1'
 */
export function businessKeyOf(
  definition: Pick<ProcessDefinition, 'businessKey'>,
  variables: Record<string, unknown>,
  given: string | null,
  time: EvaluationTime,
): string | null {
  const { expression } = businessKeyDeclaration(definition);
  if (given !== null || !expression) return given;
  const computed = evaluate(expression, variables, time);
  return computed === null || computed === '' ? null : String(computed);
}
