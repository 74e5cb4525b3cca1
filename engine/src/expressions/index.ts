/**
 * FEEL expressions (gateway conditions, mappings, assignment, due dates), evaluated by
 * feelin. There is no JavaScript eval anywhere: an expression can only read the context
 * it is given. Shared with the studio for syntax checking and previews. Every evaluation runs
 * within a budget (./budget.ts: steps, list and string sizes, time) and regular expressions
 * run on RE2 (./regex.ts, swapped in for feelin's own); exceeding the budget throws CW_ERR_EXPRESSION_LIMIT.
 *
 * Every evaluation is given the instant it happens at (`EvaluationTime`): FEEL's `now()` and
 * `today()` read the engine's clock, never the machine's, so expressions agree with timers and
 * tests can move time.
 *
 * @example
 *   evaluate('amount > 1000 and severity = "major"', { amount: 5000, severity: 'major' }, { now: clock.now() }) // true
 */
import {
  date as feelDate,
  dateAndTime as feelDateAndTime,
  evaluate as feelEvaluate,
  isFunction,
  parseExpression,
  parseUnaryTests,
  SyntaxError as FeelSyntaxError,
  unaryTest as feelUnaryTest,
} from 'feelin';
import { createError } from '../errors.ts';
import { formatLocalDate, localDay, offsetDateTime, UTC } from '../time/index.ts';
import { EXPRESSION_LIMITS, isLimitError, limitError, withinBudget } from './budget.ts';
import { BoundedMemo } from './memo.ts';
import { regexError } from './regex.ts';

export { ajvRegExp, regexError } from './regex.ts';
export { BoundedMemo } from './memo.ts';
export { expressionReads, peopleShape } from './reads.ts';

export type Context = Record<string, unknown>;

/**
 * When an expression is evaluated: the engine clock's instant (ms since the epoch), and the zone
 * `today()` counts days in (a process's time zone; UTC when not given).
 */
export interface EvaluationTime {
  now: number;
  zone?: string;
}

/**
 * FEEL's `now()` and `today()` on the engine's clock instead of the machine's (put before the
 * variables, so a variable of that name wins), both in `zone`: `now()` is the instant with the
 * zone's offset (`2026-05-05T01:00:00.000+08:00`; `Z` in UTC), so `date(now())` is `today()`,
 * the date there.
 */
function clockContext(nowMs: number, zone: string = UTC): Context {
  // read only when called: most expressions never ask the time
  return {
    now: () => feelDateAndTime(offsetDateTime(nowMs, zone)),
    today: () => feelDate(formatLocalDate(localDay(nowMs, zone))),
  };
}

/**
 * The answers of `syntaxError` by expression: each (re)load of the definitions lints every
 * expression of every version again (about half of a load's time on the shipped definitions),
 * and the answer depends on the text alone.
 */
const checked = new BoundedMemo<{ error: string | null }>({ entries: 20_000, chars: 2_000_000 });

/**
 * Returns a readable syntax error, or null when the expression parses (and every literal pattern
 * of `matches`, `replace` and `split` in it is RE2). Only parses: nothing of the expression runs,
 * so checking a definition costs the same whatever its expressions do.
 */
export function syntaxError(expression: string): string | null {
  if (expression.length > EXPRESSION_LIMITS.expressionLength)
    return `longer than ${EXPRESSION_LIMITS.expressionLength} characters`;
  const known = checked.get(expression);
  if (known) return known.error;
  return checked.set(expression, { error: parseError(expression) }).error;
}

function parseError(expression: string): string | null {
  let error: { from: number } | null = null;
  parseExpression(expression, {}, undefined).iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) error = { from: node.from };
      return undefined;
    },
  });
  if (!error) return literalPatternError(expression);
  // feelin words the message; it throws while building, before evaluating anything
  try {
    withinBudget(expression, () => feelEvaluate(expression, {}));
  } catch (e) {
    if (e instanceof FeelSyntaxError || (e as Error)?.name === 'SyntaxError')
      return (e as Error).message;
  }
  return `Syntax error at position ${(error as { from: number }).from}`;
}

/**
 * A readable syntax error of FEEL unary tests (a decision table's input entry), or null when they
 * parse. Only parses, like `syntaxError`.
 *
 * @example
 *   unaryTestsSyntaxError('[1..10'); // 'Syntax error at position 6'
 */
export function unaryTestsSyntaxError(tests: string): string | null {
  const source = tests.trim();
  if (source === '-' || source === '') return null;
  if (source.length > EXPRESSION_LIMITS.expressionLength)
    return `longer than ${EXPRESSION_LIMITS.expressionLength} characters`;
  let error: number | null = null;
  parseUnaryTests(source, {}, undefined).iterate({
    enter(node) {
      if (error !== null) return false;
      if (node.type.isError) error = node.from;
      return undefined;
    },
  });
  return error === null ? null : `Syntax error at position ${error}`;
}

const PATTERN_PARAMETER: Record<string, string> = {
  matches: 'pattern',
  replace: 'pattern',
  split: 'delimiter',
};

/**
 * A literal pattern of `matches`, `replace` or `split` that RE2 cannot compile (a backreference,
 * lookaround): the call would always give null, so the definition is refused instead.
 */
function literalPatternError(expression: string): string | null {
  let found: string | null = null;
  parseExpression(expression, {}, undefined).iterate({
    enter(ref) {
      if (found || ref.name !== 'FunctionInvocation') return undefined;
      const node = ref.node;
      const callee = node.firstChild;
      const name = callee && expression.slice(callee.from, callee.to);
      const parameter = name ? PATTERN_PARAMETER[name] : undefined;
      if (!parameter) return undefined;
      const params = node.getChild('PositionalParameters') ?? node.getChild('NamedParameters');
      let literal = null;
      if (params?.name === 'PositionalParameters') {
        const second = params.firstChild?.nextSibling;
        literal = second?.name === 'StringLiteral' ? second : null;
      } else if (params)
        for (const p of params.getChildren('NamedParameter'))
          if (expression.slice(p.from, p.to).startsWith(`${parameter}:`))
            literal = p.getChild('StringLiteral');
      if (!literal) return undefined;
      const pattern = feelEvaluate(expression.slice(literal.from, literal.to), {}).value;
      const problem = typeof pattern === 'string' ? regexError(pattern) : null;
      if (problem)
        found = `${name}: the pattern ${JSON.stringify(pattern)} is not valid RE2 (${problem})`;
      return undefined;
    },
  });
  return found;
}

/**
 * Evaluates a FEEL expression and returns a JSON-compatible value (FEEL dates, times and
 * durations become ISO 8601 strings). A missing variable yields null, as FEEL specifies.
 */
export function evaluate(expression: string, context: Context, time: EvaluationTime): unknown {
  if (expression.length > EXPRESSION_LIMITS.expressionLength)
    throw limitError(
      `longer than ${EXPRESSION_LIMITS.expressionLength} characters`,
      'expressionLength',
    );
  const constant = constantOf(expression);
  if (constant) return constant.value;
  try {
    return withinBudget(expression, () =>
      toJson(feelEvaluate(expression, { ...clockContext(time.now, time.zone), ...context }).value, {
        left: EXPRESSION_LIMITS.resultSize,
      }),
    );
  } catch (e) {
    if (isLimitError(e)) throw e;
    throw createError(
      'CW_ERR_EXPRESSION_FAILED',
      `FEEL expression failed: ${expression}: ${(e as Error).message}`,
      {
        cause: e,
        data: { expression },
      },
    );
  }
}

const NUMBER = /^\s*-?(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?\s*$/;
const STRING = /^\s*"([^"\\]*)"\s*$/;
const LITERALS = new Map<string, { value: unknown }>([
  ['true', { value: true }],
  ['false', { value: false }],
  ['null', { value: null }],
]);

/**
 * The value of an expression that is a constant (a number such as `50` or `-2.5`, a string
 * without escapes such as `"sms"`, `true`, `false`, `null`), read without the FEEL parser, which
 * parses an expression at each evaluation: mappings of constants are common (an action's
 * channel, a template, a priority) and three of them made 5 % of an engine's time starting
 * straight-through cases (docs/benchmarks.md). The same value as feelin's
 * (expressions/constants.test.ts); anything else is undefined and goes to feelin.
 */
export function constantOf(expression: string): { value: unknown } | undefined {
  const word = LITERALS.get(expression.trim());
  if (word) return word;
  if (NUMBER.test(expression)) return { value: Number(expression) };
  const text = STRING.exec(expression);
  return text ? { value: text[1] } : undefined;
}

/**
 * Whether `input` passes FEEL unary tests (a decision table's input entry: `"pay"`,
 * `> 1000`, `[1..10]`, `"a", "b"`, `not("x")`, `-` for any value), within the same budget as
 * `evaluate`; `context` is what the tests may read besides the input (`?`).
 *
 * @example
 *   passesUnary('[1000..5000)', 2500, {}, { now }) // true
 */
export function passesUnary(
  tests: string,
  input: unknown,
  context: Context,
  time: EvaluationTime,
): boolean {
  const source = tests.trim();
  if (source === '-' || source === '') return true;
  if (source.length > EXPRESSION_LIMITS.expressionLength)
    throw limitError(
      `longer than ${EXPRESSION_LIMITS.expressionLength} characters`,
      'expressionLength',
    );
  try {
    return withinBudget(
      source,
      () =>
        feelUnaryTest(source, { ...clockContext(time.now, time.zone), ...context, '?': input })
          .value === true,
    );
  } catch (e) {
    if (isLimitError(e)) throw e;
    throw createError('CW_ERR_EXPRESSION_FAILED', `FEEL unary tests failed: ${source}`, {
      cause: e,
      data: { expression: source },
    });
  }
}

/** Evaluates a condition; only a FEEL `true` counts as true (null and non-booleans are false). */
export function test(expression: string, context: Context, time: EvaluationTime): boolean {
  return evaluate(expression, context, time) === true;
}

/** Evaluates every mapping (target -> expression) against one context. */
export function evaluateMappings(
  mappings: Record<string, string>,
  context: Context,
  time: EvaluationTime,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [target, expression] of Object.entries(mappings))
    out[target] = evaluate(expression, context, time);
  return out;
}

/** The JSON form of a FEEL value, refused when it has more than `budget.left` values. */
function toJson(value: unknown, budget: { left: number }): unknown {
  if (--budget.left < 0)
    throw limitError(`a result of more than ${EXPRESSION_LIMITS.resultSize} values`, 'resultSize');
  if (value === undefined || typeof value === 'function' || isFunction(value)) return null;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
  if (Array.isArray(value)) return value.map((v) => toJson(v, budget));
  const maybe = value as { toJSON?: () => unknown };
  if (typeof maybe.toJSON === 'function') return maybe.toJSON();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    if (typeof v !== 'function') out[k] = toJson(v, budget);
  return out;
}
