/**
 * Computed fields: a field's `compute` is FEEL over the other fields of its level (a repeatable
 * group's entry is a level of its own). The engine is the truth: on submit it recomputes every
 * computed field and replaces what the client sent; the studio runs the same function live.
 *
 * @example
 *   computeValues(claim.fields, { invoices: [{ amount: 1200 }, { amount: 800 }] }, {})
 *   // { invoices: [...], total: 2000 } where total has compute: 'sum(invoices.amount)'
 */
import { parseExpression } from 'feelin';
import { evaluate, syntaxError, test } from '../expressions/index.ts';
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
 * computed field that is hidden now. Throws CW_ERR_EXPRESSION_FAILED if an expression fails.
 */
export function computeValues(fields: FormField[], data: Data, variables: Data): Data {
  const level = dataFields(fields);
  if (!hasCompute(level)) return data;
  const out: Data = { ...data };
  for (const f of level) {
    if (f.type !== 'group' || !f.fields) continue;
    const v = out[f.key];
    if (Array.isArray(v))
      out[f.key] = v.map((item) =>
        isObject(item) ? computeValues(f.fields!, item, variables) : item,
      );
    else if (isObject(v)) out[f.key] = computeValues(f.fields, v, variables);
  }
  for (const f of computeOrder(level)) {
    const value = evaluate(f.compute!, out);
    if (value === null || value === undefined) delete out[f.key];
    else out[f.key] = value;
  }
  for (const f of level)
    if (f.compute && f.visibleIf && !test(f.visibleIf, { ...variables, ...out })) delete out[f.key];
  return out;
}

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
