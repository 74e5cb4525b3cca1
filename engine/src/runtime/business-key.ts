/** The business key a new instance gets: the caller's, else the one its process computes. */
import type { ProcessDefinition } from '../generated/index.ts';
import { evaluate } from '../expressions/index.ts';

/**
 * The caller's key (an API client, a call activity) when given; else the process's
 * `businessKey` expression over the start variables; null when neither gives one.
 *
 * @example
 *   businessKeyOf({ businessKey: 'claimNo' } as ProcessDefinition, { claimNo: 'C-1' }, null) // 'C-1'
 */
export function businessKeyOf(
  definition: Pick<ProcessDefinition, 'businessKey'>,
  variables: Record<string, unknown>,
  given: string | null,
): string | null {
  if (given !== null || !definition.businessKey) return given;
  const computed = evaluate(definition.businessKey, variables);
  return computed === null || computed === '' ? null : String(computed);
}
