/**
 * The budget every FEEL evaluation runs within, so an expression a designer (or an attacker
 * with designer rights) writes cannot stall the engine or fill its memory.
 *
 * feelin is a synchronous tree-walking interpreter without limits of its own. Two of its
 * exported classes are the doors through which every large piece of work passes, and the
 * budget counts there, deterministically (the same answer on every machine, however loaded):
 * - `FeelRange.prototype.map` enumerates a range (`for i in 1..n`): a range longer than
 *   `listLength` is refused before it is built, and its length counts as steps;
 * - `FeelFunction.prototype.invoke` runs every built-in and user-defined function: each call is
 *   a step, each list it receives counts its length (and `distinct values`/`union` of lists of
 *   contexts the square of theirs, their cost), and strings or lists over the size limits are
 *   refused going in and coming out.
 * The same door swaps feelin's `matches`, `replace` and `split` for the RE2 ones (./regex.ts).
 * What passes neither door is iteration over lists (`for`, `some`, `every`, filters). One such
 * iteration costs at most its list's length times its body; only nesting them (two of them, a
 * `for` over two lists, or one inside a function that can be called again) multiplies. Such
 * expressions, and only those, also get a wall-clock deadline where the platform can interrupt
 * synchronous code (Node's `vm` timeout); in a browser only the counted limits apply, which
 * protects the designer's own tab well enough.
 *
 * @example
 *   withinBudget(expression, () => feelEvaluate(expression, context)); // CW_ERR_EXPRESSION_LIMIT
 */
import { evaluate as feelEvaluate, FeelFunction, FeelRange, parseExpression } from 'feelin';
import { createError, type CasewayError } from '../errors.ts';
import { BoundedMemo } from './memo.ts';
import { REGEX_FUNCTIONS } from './regex.ts';

/** The limits of one evaluation (docs/definitions.md, "Expression limits"). */
export const EXPRESSION_LIMITS = {
  /** characters in an expression's source */
  expressionLength: 10_000,
  /** elements of any list or range an expression builds, passes or returns */
  listLength: 10_000,
  /** characters of any string a function receives or returns */
  stringLength: 1_000_000,
  /** function calls plus range elements enumerated, in one evaluation */
  steps: 100_000,
  /** values (list elements, context entries, scalars) in one result */
  resultSize: 100_000,
  /**
   * wall-clock milliseconds of one evaluation whose iterations nest, where the platform can
   * interrupt (the engine): generous, so that a loaded machine's pauses never trip it
   */
  timeMs: 1000,
} as const;

export type Limits = { [K in keyof typeof EXPRESSION_LIMITS]: number };

/** Runs `fn` and interrupts it after `ms` milliseconds, throwing; null where impossible. */
export type Deadline = <T>(fn: () => T, ms: number) => T;

let deadline: Deadline | null = nodeDeadline();

/** Installs the wall-clock interrupter (the engine installs Node's; see `nodeDeadline`). */
export function setDeadline(d: Deadline | null): void {
  deadline = d;
}

interface Counter {
  limits: Limits;
  steps: number;
}

/** The evaluation being counted, if any. */
let current: Counter | null = null;
/** Whether a deadline is running (the outermost evaluation's, or a test's region). */
let inRegion = false;

/**
 * Runs `fn` under one wall-clock deadline of `ms`; nested regions and evaluations share the
 * outermost one. Throws CW_ERR_EXPRESSION_LIMIT when it passes.
 */
export function withinDeadline<T>(fn: () => T, ms: number = EXPRESSION_LIMITS.timeMs): T {
  if (inRegion || !deadline) return fn();
  inRegion = true;
  try {
    return deadline(fn, ms);
  } catch (e) {
    if (isTimeout(e)) throw limitError(`took longer than ${ms} ms`, 'timeMs');
    throw e;
  } finally {
    // Outside the interrupted code, so this runs even when the deadline terminated it.
    inRegion = false;
    current = null;
  }
}

/**
 * Runs one evaluation of `expression` within the budget: its own step count, and a deadline
 * when the expression nests iterations (see above). A nested evaluation (inside another's
 * function) shares the outer count.
 */
export function withinBudget<T>(
  expression: string,
  fn: () => T,
  limits: Limits = EXPRESSION_LIMITS,
): T {
  if (current) return fn();
  const counted = () => {
    current = { limits, steps: 0 };
    try {
      return fn();
    } finally {
      current = null;
    }
  };
  return nestsIterations(expression) ? withinDeadline(counted, limits.timeMs) : counted();
}

const ITERATIONS = new Set(['ForExpression', 'QuantifiedExpression', 'FilterExpression']);
const nesting = new BoundedMemo<boolean>({ entries: 1000, chars: 1_000_000 });

/**
 * Whether an expression's iterations can multiply: two or more iterations (`for`, `some`,
 * `every`, filters), one over two lists or more, or one beside a function definition. Cached
 * per expression (bounded: drafts and plays bring any number of expressions).
 */
export function nestsIterations(expression: string): boolean {
  let answer = nesting.get(expression);
  if (answer !== undefined) return answer;
  let iterations = 0;
  let lists = 0;
  let functions = 0;
  parseExpression(expression, {}, undefined).iterate({
    enter(node) {
      if (ITERATIONS.has(node.name)) iterations++;
      else if (node.name === 'InExpression') lists++;
      else if (node.name === 'FunctionDefinition') functions++;
    },
  });
  answer = iterations > 1 || lists > 1 || (iterations > 0 && functions > 0);
  nesting.set(expression, answer);
  return answer;
}

/** The error every exceeded limit throws: a CasewayError the step turns into an incident. */
export function limitError(what: string, limit: keyof Limits): CasewayError {
  return createError('CW_ERR_EXPRESSION_LIMIT', `FEEL expression exceeded its budget: ${what}`, {
    data: { limit },
    permanent: true,
  });
}

export function isLimitError(e: unknown): e is CasewayError {
  return (e as CasewayError | null)?.code === 'CW_ERR_EXPRESSION_LIMIT';
}

function isTimeout(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** Counts `n` steps against the current evaluation's budget. */
export function spend(n: number): void {
  if (!current) return;
  current.steps += n;
  if (current.steps > current.limits.steps)
    throw limitError(`more than ${current.limits.steps} steps`, 'steps');
}

/** Refuses a string or list over the size limits (shallow: elements were checked when made). */
export function checkSize(value: unknown): void {
  if (!current) return;
  const { limits } = current;
  if (typeof value === 'string' && value.length > limits.stringLength)
    throw limitError(`a string of more than ${limits.stringLength} characters`, 'stringLength');
  if (Array.isArray(value) && value.length > limits.listLength)
    throw limitError(`a list of more than ${limits.listLength} elements`, 'listLength');
}

/** The number of elements a range enumerates, or Infinity when it cannot be enumerated cheaply. */
export function rangeLength(range: { start: unknown; end: unknown; valueType?: unknown }): number {
  const { start, end } = range;
  if (typeof start === 'number' && typeof end === 'number') {
    const n = Math.floor(Math.abs(end - start)) + 1;
    return Number.isFinite(n) ? n : Infinity;
  }
  return typeof start === 'string' ? 52 : 0; // single letters a-z, A-Z, or nothing at all
}

type RangeProto = { map(this: FeelRange, fn: (v: unknown) => unknown): unknown[] };
type FunctionProto = { invoke(this: FeelFunction, args: unknown): unknown };

const rangeProto = FeelRange.prototype as unknown as RangeProto;
const functionProto = FeelFunction.prototype as unknown as FunctionProto;
const originalMap = rangeProto.map;
const originalInvoke = functionProto.invoke;

rangeProto.map = function map(this: FeelRange, fn: (v: unknown) => unknown): unknown[] {
  if (current) {
    const n = rangeLength(this as unknown as Parameters<typeof rangeLength>[0]);
    if (n > current.limits.listLength)
      throw limitError(`a range of more than ${current.limits.listLength} elements`, 'listLength');
    spend(n);
  }
  return originalMap.call(this, fn);
};

/** Built-ins that compare every pair of complex list elements (feelin's distinctLists). */
const QUADRATIC = new Set(
  ['distinct values', 'union'].map((name) => feelEvaluate(name, {}).value as unknown),
);

/**
 * feelin's `matches`, `replace` and `split` (JavaScript's backtracking RegExp) -> the RE2 ones:
 * every call of them in this process, budgeted or not, runs in linear time.
 */
const SUBSTITUTES = new Map(
  Object.entries(REGEX_FUNCTIONS).map(([name, f]) => [feelEvaluate(name, {}).value as unknown, f]),
);

functionProto.invoke = function invoke(this: FeelFunction, args: unknown): unknown {
  const self = SUBSTITUTES.get(this.fn) ?? this;
  if (!current) return originalInvoke.call(self, args);
  let cost = 1;
  let complex = 0;
  if (args && typeof args === 'object')
    for (const a of Array.isArray(args) ? args : Object.values(args)) {
      checkSize(a);
      if (!Array.isArray(a)) continue;
      cost += a.length;
      for (const e of a) if (e !== null && typeof e === 'object') complex++;
    }
  if (QUADRATIC.has(this.fn)) cost += (complex * (complex - 1)) / 2;
  spend(cost);
  const result = originalInvoke.call(self, args);
  checkSize(result);
  return result;
};

interface VmModule {
  createContext(o: object): object;
  Script: new (code: string) => { runInContext(c: object, o: { timeout: number }): unknown };
}

/**
 * Node's `vm` timeout: a watchdog thread terminates the script (and the host functions it
 * calls) when it runs past the deadline. Looked up at run time, so the studio's browser
 * bundle, which shares this module, never imports `node:vm`.
 */
function nodeDeadline(): Deadline | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const vm = proc?.getBuiltinModule?.('node:vm') as VmModule | undefined;
  if (!vm) return null;
  const context = vm.createContext({ run: null }) as { run: (() => unknown) | null };
  const script = new vm.Script('run()');
  return <T>(fn: () => T, ms: number): T => {
    context.run = fn;
    try {
      return script.runInContext(context, { timeout: ms }) as T;
    } finally {
      context.run = null;
    }
  };
}
