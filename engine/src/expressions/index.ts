/**
 * FEEL expressions (gateway conditions, mappings, assignment, due dates), evaluated by
 * feelin. There is no JavaScript eval anywhere: an expression can only read the context
 * it is given. Shared with the studio for syntax checking and previews.
 *
 * @example
 *   evaluate('amount > 1000 and severity = "major"', { amount: 5000, severity: 'major' }) // true
 */
import {
  date as feelDate,
  dateAndTime as feelDateAndTime,
  evaluate as feelEvaluate,
  SyntaxError as FeelSyntaxError,
} from 'feelin';
import { createError } from '../errors.ts';

export type Context = Record<string, unknown>;

/**
 * FEEL's `now()` and `today()` on the engine's clock instead of the machine's, so expressions
 * agree with timers and tests can move time (spread it into a context before the variables).
 */
export function clockContext(nowMs: number): Context {
  const iso = new Date(nowMs).toISOString();
  return { now: () => feelDateAndTime(iso), today: () => feelDate(iso.slice(0, 10)) };
}

/** Returns a readable syntax error, or null when the expression parses. */
export function syntaxError(expression: string): string | null {
  try {
    feelEvaluate(expression, {});
    return null;
  } catch (e) {
    if (e instanceof FeelSyntaxError || (e as Error)?.name === 'SyntaxError')
      return (e as Error).message;
    // Errors other than syntax (none are expected from an empty context) are not syntax problems.
    return null;
  }
}

/**
 * Evaluates a FEEL expression and returns a JSON-compatible value (FEEL dates, times and
 * durations become ISO 8601 strings). A missing variable yields null, as FEEL specifies.
 */
export function evaluate(expression: string, context: Context): unknown {
  let value: unknown;
  try {
    value = feelEvaluate(expression, context).value;
  } catch (e) {
    throw createError(
      'CW_ERR_EXPRESSION_FAILED',
      `FEEL expression failed: ${expression}: ${(e as Error).message}`,
      {
        cause: e,
        data: { expression },
      },
    );
  }
  return toJson(value);
}

/** Evaluates a condition; only a FEEL `true` counts as true (null and non-booleans are false). */
export function test(expression: string, context: Context): boolean {
  return evaluate(expression, context) === true;
}

/** Evaluates every mapping (target -> expression) against one context. */
export function evaluateMappings(
  mappings: Record<string, string>,
  context: Context,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [target, expression] of Object.entries(mappings))
    out[target] = evaluate(expression, context);
  return out;
}

function toJson(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return null;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
  if (Array.isArray(value)) return value.map(toJson);
  const maybe = value as { toJSON?: () => unknown };
  if (typeof maybe.toJSON === 'function') return maybe.toJSON();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v !== 'function') out[k] = toJson(v);
  return out;
}
