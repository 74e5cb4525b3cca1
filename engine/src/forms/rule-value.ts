/**
 * A form rule's value (a condition, a bound, a validation): an expression over its budget is the
 * field's problem (CW_ERR_EXPRESSION_LIMIT at its pointer) rather than a failure of the whole
 * request, and gives null.
 */
import { defaultMessage, type ErrorDetail, type Lang } from '../errors.ts';
import { evaluate, type EvaluationTime } from '../expressions/index.ts';

export function ruleValue(
  expression: string,
  context: Record<string, unknown>,
  pointer: string,
  lang: Lang,
  out: ErrorDetail[],
  time: EvaluationTime,
): unknown {
  try {
    return evaluate(expression, context, time);
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'CW_ERR_EXPRESSION_LIMIT') throw e;
    out.push({
      code: 'CW_ERR_EXPRESSION_LIMIT',
      pointer,
      message: defaultMessage('CW_ERR_EXPRESSION_LIMIT', lang),
    });
    return null;
  }
}
