/**
 * What a FEEL expression reads, found in its syntax tree (lezer-feel through feelin) without
 * running anything: the names it looks up in the case's variables (with the path after them,
 * `form.amount` -> `form` then `amount`), the strings it compares a name with (`damageType =
 * "crack"`, `x in ("a", "b")`), and whether its value can be a list of people's or groups' names.
 * Names the expression binds itself are not reads: `for x in …`, `some x in … satisfies …`, a
 * function's parameters, earlier keys of a context literal, and anything inside a filter's
 * brackets (`items[amount > 10]` reads each item's `amount`, not the case's). Function names
 * (`count(…)`, `string length(…)`) are calls, not reads.
 *
 * @example
 *   expressionReads('damagetype = "crak" and crackLenght > 15');
 *   // names: damagetype, crackLenght; comparisons: [{ name: 'damagetype', values: ['crak'] }]
 *   peopleShape('windscreen-team'); // { kind: 'notNames' }: windscreen minus team, a number
 */
import type { SyntaxNode } from '@lezer/common';
import { parseExpression } from 'feelin';
import { EXPRESSION_LIMITS } from './budget.ts';

/** A name read from the case's variables, and the path read after it. */
export interface NameRead {
  name: string;
  path: string[];
  /** Where the name is in the expression (for pointing at it). */
  from: number;
  to: number;
}

/** A name compared with string literals (`=`, `!=`, `in (…)`). */
export interface Comparison {
  name: string;
  path: string[];
  values: string[];
  from: number;
  to: number;
}

export interface ExpressionReads {
  names: NameRead[];
  comparisons: Comparison[];
  /**
   * Names the expression compares with `null` (`x = null`, `x != null`): it reads them knowing
   * they may still be empty (`if advancePaid = null then 0 else advancePaid`).
   */
  nullTested: Set<string>;
}

const text = (source: string, n: SyntaxNode) => source.slice(n.from, n.to);

function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function tree(source: string): SyntaxNode | null {
  if (source.length > EXPRESSION_LIMITS.expressionLength) return null;
  const top = parseExpression(source, {}, undefined).topNode;
  let broken = false;
  top.cursor().iterate((n) => {
    if (n.type.isError) broken = true;
    return !broken;
  });
  return broken ? null : top;
}

/** A string literal's value (FEEL escapes as JSON's), or null when the node is not one. */
function stringValue(source: string, n: SyntaxNode): string | null {
  if (n.name !== 'StringLiteral') return null;
  try {
    return JSON.parse(text(source, n)) as string;
  } catch {
    return text(source, n).slice(1, -1);
  }
}

/** `a.b.c` as a name and its path, or null when the node is not a plain variable path. */
function pathOf(
  source: string,
  n: SyntaxNode,
): { name: string; path: string[]; node: SyntaxNode } | null {
  if (n.name === 'VariableName') return { name: text(source, n).trim(), path: [], node: n };
  if (n.name === 'PathExpression') {
    const [head, , last] = children(n);
    const inner = head ? pathOf(source, head) : null;
    if (!inner || !last || last.name !== 'PathName') return null;
    return { ...inner, path: [...inner.path, text(source, last).trim()] };
  }
  if (n.name === 'ParenthesizedExpression') {
    const inner = children(n).find((c) => c.name !== '(' && c.name !== ')');
    return inner ? pathOf(source, inner) : null;
  }
  return null;
}

/** Everything `expression` reads, or null when it does not parse. */
export function expressionReads(expression: string): ExpressionReads | null {
  const top = tree(expression);
  if (!top) return null;
  const names: NameRead[] = [];
  const comparisons: Comparison[] = [];
  const nullTested = new Set<string>();

  function visit(n: SyntaxNode, bound: ReadonlySet<string>): void {
    switch (n.name) {
      case 'VariableName': {
        const name = text(expression, n).trim();
        if (!bound.has(name)) names.push({ name, path: [], from: n.from, to: n.to });
        return;
      }
      case 'PathExpression': {
        const p = pathOf(expression, n);
        if (p) {
          if (!bound.has(p.name))
            names.push({ name: p.name, path: p.path, from: n.from, to: n.to });
          return;
        }
        // `items[1].name`: the head is read, the names after it are properties
        const head = n.firstChild;
        if (head) visit(head, bound);
        return;
      }
      case 'FunctionInvocation': {
        // the callee is a function, not a variable; its arguments are read
        const [, ...rest] = children(n);
        for (const c of rest) visit(c, bound);
        return;
      }
      case 'FilterExpression': {
        // only what is filtered is read from the case; the condition reads each item
        const head = n.firstChild;
        if (head) visit(head, bound);
        return;
      }
      case 'ForExpression':
      case 'QuantifiedExpression': {
        const inner = new Set(bound);
        for (const c of children(n)) {
          if (c.name === 'InExpressions') {
            for (const ie of children(c)) {
              const [name, , context] = children(ie);
              if (context) visit(context, inner);
              if (name) inner.add(text(expression, name).trim());
            }
          } else visit(c, inner);
        }
        return;
      }
      case 'FunctionDefinition': {
        const inner = new Set(bound);
        n.cursor().iterate((c) => {
          if (c.name === 'ParameterName') inner.add(text(expression, c.node).trim());
        });
        for (const c of children(n)) if (c.name === 'FunctionBody') visit(c, inner);
        return;
      }
      case 'Context': {
        const inner = new Set(bound);
        for (const entry of children(n)) {
          if (entry.name !== 'ContextEntry') continue;
          const [key, value] = children(entry);
          if (value) visit(value, inner);
          if (key) inner.add(text(expression, key).trim().replace(/^"|"$/g, ''));
        }
        return;
      }
      case 'Comparison': {
        compared(n, bound);
        for (const c of children(n)) visit(c, bound);
        return;
      }
      default:
        for (const c of children(n)) visit(c, bound);
    }
  }

  function compared(n: SyntaxNode, bound: ReadonlySet<string>): void {
    const parts = children(n);
    const op = parts[1] ? text(expression, parts[1]).trim() : '';
    const left = parts[0] && pathOf(expression, parts[0]);
    if (op === '=' || op === '!=') {
      const right = parts[2] && pathOf(expression, parts[2]);
      if (left && parts[2]?.name === 'null' && !bound.has(left.name)) nullTested.add(left.name);
      if (right && parts[0]?.name === 'null' && !bound.has(right.name)) nullTested.add(right.name);
      const lValue = parts[0] ? stringValue(expression, parts[0]) : null;
      const rValue = parts[2] ? stringValue(expression, parts[2]) : null;
      const named =
        left && rValue !== null
          ? { p: left, v: rValue }
          : right && lValue !== null
            ? { p: right, v: lValue }
            : null;
      if (named && !bound.has(named.p.name))
        comparisons.push({
          name: named.p.name,
          path: named.p.path,
          values: [named.v],
          from: n.from,
          to: n.to,
        });
      return;
    }
    if (op === 'in' && left && !bound.has(left.name)) {
      const values: string[] = [];
      n.cursor().iterate((c) => {
        if (c.name === 'PositiveUnaryTest') {
          const v = c.node.firstChild ? stringValue(expression, c.node.firstChild) : null;
          if (v !== null) values.push(v);
        }
      });
      if (values.length)
        comparisons.push({ name: left.name, path: left.path, values, from: n.from, to: n.to });
    }
  }

  visit(top, new Set());
  return { names, comparisons, nullTested };
}

/** What an assignment's expression (assignee, candidate users or groups) can give. */
export type PeopleShape =
  /** Names written in it: `"alice"`, `["adjusters", "intake"]`. */
  | { kind: 'names'; names: string[] }
  /** A variable's value (a name or list of names set earlier, or nothing). */
  | { kind: 'variable'; name: string; path: string[] }
  /** Never a name or a list of names: arithmetic, a number, a comparison, a date. */
  | { kind: 'notNames' }
  /** Something computed (a function, a condition): it may be names. */
  | { kind: 'unknown' };

const NOT_NAMES = new Set([
  'NumericLiteral',
  'BooleanLiteral',
  'null',
  'Comparison',
  'Conjunction',
  'Disjunction',
  'DateTimeLiteral',
  'Context',
  'FunctionDefinition',
  'QuantifiedExpression',
]);

/** Whether an assignment expression can be a list of names; null when it does not parse. */
export function peopleShape(expression: string): PeopleShape | null {
  const top = tree(expression);
  if (!top) return null;
  const body = top.firstChild;
  return body ? shapeOf(expression, body) : { kind: 'unknown' };
}

function shapeOf(source: string, n: SyntaxNode): PeopleShape {
  if (n.name === 'ParenthesizedExpression') {
    const inner = children(n).find((c) => c.name !== '(' && c.name !== ')');
    return inner ? shapeOf(source, inner) : { kind: 'unknown' };
  }
  const literal = stringValue(source, n);
  if (literal !== null) return { kind: 'names', names: [literal] };
  const path = pathOf(source, n);
  if (path) return { kind: 'variable', name: path.name, path: path.path };
  if (NOT_NAMES.has(n.name)) return { kind: 'notNames' };
  if (n.name === 'ArithmeticExpression') {
    const parts = children(n);
    const op = parts.find((c) => c.name === 'ArithOp');
    const concat = op && text(source, op).trim() === '+';
    // `"team-" + region` is text; any other arithmetic is a number (or null)
    if (concat && parts.some((c) => stringValue(source, c) !== null)) return { kind: 'unknown' };
    if (!concat) return { kind: 'notNames' };
    return parts.some((c) => c.name === 'NumericLiteral')
      ? { kind: 'notNames' }
      : { kind: 'unknown' };
  }
  if (n.name === 'List') {
    const items = children(n).filter((c) => c.name !== '[' && c.name !== ']' && c.name !== ',');
    const shapes = items.map((c) => shapeOf(source, c));
    if (shapes.some((s) => s.kind === 'notNames')) return { kind: 'notNames' };
    if (shapes.every((s) => s.kind === 'names'))
      return { kind: 'names', names: shapes.flatMap((s) => (s.kind === 'names' ? s.names : [])) };
    return { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}
