/**
 * Computed fields: a field's `compute` is FEEL over the other fields of its level (a repeatable
 * group's entry is a level of its own). The engine is the truth: on submit it recomputes every
 * computed field and replaces what the client sent; the studio runs the same function live.
 *
 * @example
 *   computeValues(claim.fields, { invoices: [{ amount: 1200 }, { amount: 800 }] }, {}, { now })
 *   // { invoices: [...], total: 2000 } where total has compute: 'sum(invoices.amount)'
 */
import { parseExpression } from 'feelin';
import { createError, isCasewayError } from '../errors.ts';
import {
  BoundedMemo,
  evaluate,
  syntaxError,
  test,
  type EvaluationTime,
} from '../expressions/index.ts';
import type { FormField } from '../generated/index.ts';
import { dataFields } from './layout.ts';

type Data = Record<string, unknown>;
type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];

const isObject = (v: unknown): v is Data =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The names an expression reads from its context (null when it does not parse): function
 * names, names bound by `for`/`some`/`every`, names inside a filter `[...]` (they read the
 * list's items) and function definitions are left out.
 */
export function referencedNames(expression: string): string[] | null {
  const names = namesOf.get(expression);
  return names === undefined ? namesOf.set(expression, readNames(expression)) : names;
}

/** Parsing is the slow part of FEEL: each expression's names are worked out once. */
const namesOf = new BoundedMemo<string[] | null>({ entries: 1000, chars: 1_000_000 });

function readNames(expression: string): string[] | null {
  if (syntaxError(expression) !== null) return null;
  const names = new Set<string>();
  const bound = new Set<string>();
  const text = (n: SyntaxNode) => expression.slice(n.from, n.to);
  const walk = (node: SyntaxNode): void => {
    switch (node.name) {
      case 'FunctionDefinition':
        return;
      case 'FilterExpression':
        if (node.firstChild) walk(node.firstChild);
        return;
      case 'Name':
        if (node.parent?.name === 'InExpression') bound.add(text(node));
        return;
      case 'VariableName': {
        const parent = node.parent;
        const callee =
          parent?.name === 'FunctionInvocation' && parent.firstChild?.from === node.from;
        if (!callee) names.add(text(node));
        return;
      }
    }
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
  };
  walk(parseExpression(expression, {}, undefined).topNode);
  return [...names].filter((n) => !bound.has(n));
}

/**
 * The computed fields of one level in an order where each comes after the computed fields it
 * reads (a cycle, which lint refuses, keeps the definition's order).
 */
export function computeOrder(level: FormField[]): FormField[] {
  let order = orders.get(level);
  if (!order) {
    order = sortComputed(level);
    orders.set(level, order);
  }
  return order;
}

const orders = new WeakMap<FormField[], FormField[]>();

function sortComputed(level: FormField[]): FormField[] {
  const computed = level.filter((f) => f.compute);
  const byKey = new Map(computed.map((f) => [f.key, f]));
  const out: FormField[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (f: FormField) => {
    if (state.has(f.key)) return;
    state.set(f.key, 'visiting');
    for (const name of referencedNames(f.compute!) ?? []) {
      const dep = byKey.get(name);
      if (dep && dep !== f) visit(dep);
    }
    state.set(f.key, 'done');
    out.push(f);
  };
  computed.forEach(visit);
  return out;
}

/**
 * The data with every computed field (re)computed, inner levels first so an outer total can
 * read the entries' computed values. A null result leaves the field out, and so does a
 * computed field that is hidden now. Throws CW_ERR_EXPRESSION_FAILED if an expression fails
 * (CW_ERR_EXPRESSION_LIMIT if it exceeds its budget), with the field's pointer as its detail.
 * `memo` (the studio, recomputing on every keystroke) keeps results per expression and level
 * data; the engine does not, so no form data stays in its memory.
 */
export function computeValues(
  fields: FormField[],
  data: Data,
  variables: Data,
  time: EvaluationTime,
  memo = false,
): Data {
  return computeLevel(fields, data, variables, time, memo, '');
}

function computeLevel(
  fields: FormField[],
  data: Data,
  variables: Data,
  time: EvaluationTime,
  memo: boolean,
  base: string,
): Data {
  const level = dataFields(fields);
  if (!hasCompute(level)) return data;
  const out: Data = { ...data };
  for (const f of level) {
    if (f.type !== 'group' || !f.fields) continue;
    const v = out[f.key];
    if (Array.isArray(v))
      out[f.key] = v.map((item, i) =>
        isObject(item)
          ? computeLevel(f.fields!, item, variables, time, memo, `${base}/${f.key}/${i}`)
          : item,
      );
    else if (isObject(v))
      out[f.key] = computeLevel(f.fields, v, variables, time, memo, `${base}/${f.key}`);
  }
  for (const f of computeOrder(level)) {
    const value = at(`${base}/${f.key}`, () =>
      memo ? evaluateOnce(f.compute!, out, time) : evaluate(f.compute!, out, time),
    );
    if (value === null || value === undefined) delete out[f.key];
    else out[f.key] = value;
  }
  for (const f of level)
    if (
      f.compute &&
      f.visibleIf &&
      !at(`${base}/${f.key}`, () => test(f.visibleIf!, { ...variables, ...out }, time))
    )
      delete out[f.key];
  return out;
}

/** Runs an evaluation for the field at `pointer`, whose pointer its failure carries. */
function at<T>(pointer: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!isCasewayError(e) || e.details.length) throw e;
    throw createError(e.code, e.message, {
      cause: e,
      data: e.data,
      details: [{ code: e.code, pointer, message: e.message }],
    });
  }
}

/**
 * FEEL through feelin costs about 2 ms per evaluation (it parses every time), and the studio
 * recomputes on every keystroke, where most entries of a list have not changed: with `memo`, a
 * result is kept per expression and level data. Only the level's own data is read (no variables), so the
 * result is a function of the two, except for the clock, whose expressions are not kept.
 */
function evaluateOnce(expression: string, level: Data, time: EvaluationTime): unknown {
  if (/\b(now|today)\s*\(/.test(expression)) return evaluate(expression, level, time);
  const key = `${expression}\u0000${JSON.stringify(level)}`;
  if (results.has(key)) return results.get(key);
  const value = evaluate(expression, level, time);
  if (results.size >= 2000) results.delete(results.keys().next().value!);
  results.set(key, value);
  return value;
}

const results = new Map<string, unknown>();

const withCompute = new WeakMap<FormField[], boolean>();

/** Whether a level or any level inside it has a computed field (cached per field list). */
function hasCompute(level: FormField[]): boolean {
  let has = withCompute.get(level);
  if (has === undefined) {
    has = level.some(
      (f) => Boolean(f.compute) || (f.type === 'group' && hasCompute(dataFields(f.fields ?? []))),
    );
    withCompute.set(level, has);
  }
  return has;
}
