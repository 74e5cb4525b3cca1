/**
 * The decision-table editor's edits as pure functions of the table: rules added, removed and
 * moved, columns added and removed (every rule keeps one entry per column), allowed values read
 * from what the designer typed, the lint's pointers placed on the cells they name, and the test
 * panel's inputs turned into the variables the evaluate route reads. Each returns a new table.
 *
 * @example
 *   const t = addRule(table);                      // a rule of `-` and empty outputs at the end
 *   moveRule(t, t.rules.length - 1, -1);           // one place up
 *   placeOf('/rules/2/inputEntries/0');            // { at: 'cell', rule: 2, side: 'in', column: 0 }
 */
import type {
  DecisionDefinition,
  DecisionInput,
  DecisionOutput,
  DecisionRule,
  DecisionValue,
} from '@caseway/engine/types';

export type DecisionType = DecisionInput['type'];
export const DECISION_TYPES: readonly DecisionType[] = ['string', 'number', 'boolean'];
export const HIT_POLICIES: readonly DecisionDefinition['hitPolicy'][] = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
];
export const AGGREGATIONS: readonly NonNullable<DecisionDefinition['aggregation']>[] = [
  'SUM',
  'MIN',
  'MAX',
  'COUNT',
];

/** A new table: one input, one output, one rule of any value. */
export function emptyDecision(id: string): DecisionDefinition {
  return {
    id,
    version: 1,
    name: { 'zh-Hant': id, en: id },
    hitPolicy: 'UNIQUE',
    inputs: [{ label: { 'zh-Hant': '輸入', en: 'Input' }, expression: 'input', type: 'string' }],
    outputs: [{ name: 'result', label: { 'zh-Hant': '結果', en: 'Result' }, type: 'string' }],
    rules: [{ inputEntries: ['-'], outputEntries: ['""'] }],
  };
}

const blankRule = (t: DecisionDefinition): DecisionRule => ({
  inputEntries: t.inputs.map(() => '-'),
  outputEntries: t.outputs.map(() => '""'),
});

/** A rule of `-` (any value) and empty strings, inserted at `at` (the end by default). */
export function addRule(t: DecisionDefinition, at = t.rules.length): DecisionDefinition {
  const rules = [...t.rules];
  rules.splice(at, 0, blankRule(t));
  return { ...t, rules };
}

export function removeRule(t: DecisionDefinition, index: number): DecisionDefinition {
  return { ...t, rules: t.rules.filter((_, i) => i !== index) };
}

/** The rule at `index` moved `by` places (-1 up, 1 down); at an end it stays. */
export function moveRule(t: DecisionDefinition, index: number, by: -1 | 1): DecisionDefinition {
  const to = index + by;
  if (to < 0 || to >= t.rules.length) return t;
  const rules = [...t.rules];
  [rules[index], rules[to]] = [rules[to]!, rules[index]!];
  return { ...t, rules };
}

export function setRule(
  t: DecisionDefinition,
  index: number,
  rule: DecisionRule,
): DecisionDefinition {
  return { ...t, rules: t.rules.map((r, i) => (i === index ? rule : r)) };
}

/** One cell's text: an input entry (unary tests) or an output entry (an expression). */
export function setCell(
  t: DecisionDefinition,
  rule: number,
  side: 'in' | 'out',
  column: number,
  text: string,
): DecisionDefinition {
  const r = t.rules[rule]!;
  const key = side === 'in' ? 'inputEntries' : 'outputEntries';
  const entries = r[key].map((e, k) => (k === column ? text : e));
  return setRule(t, rule, { ...r, [key]: entries });
}

/** A new input column after the others, `-` in every rule. */
export function addInput(t: DecisionDefinition): DecisionDefinition {
  const n = t.inputs.length + 1;
  const input: DecisionInput = {
    label: { 'zh-Hant': `輸入 ${n}`, en: `Input ${n}` },
    expression: `input${n}`,
    type: 'string',
  };
  return {
    ...t,
    inputs: [...t.inputs, input],
    rules: t.rules.map((r) => ({ ...r, inputEntries: [...r.inputEntries, '-'] })),
  };
}

/** A new output column after the others, named apart from the rest, `""` in every rule. */
export function addOutput(t: DecisionDefinition): DecisionDefinition {
  let n = t.outputs.length + 1;
  while (t.outputs.some((o) => o.name === `output${n}`)) n++;
  const output: DecisionOutput = {
    name: `output${n}`,
    label: { 'zh-Hant': `輸出 ${n}`, en: `Output ${n}` },
    type: 'string',
  };
  return {
    ...t,
    outputs: [...t.outputs, output],
    rules: t.rules.map((r) => ({ ...r, outputEntries: [...r.outputEntries, '""'] })),
  };
}

/** Removes a column and its entry in every rule; the last input or output stays. */
export function removeColumn(
  t: DecisionDefinition,
  side: 'in' | 'out',
  column: number,
): DecisionDefinition {
  const drop = <T>(list: T[]) => list.filter((_, k) => k !== column);
  if (side === 'in')
    return t.inputs.length < 2
      ? t
      : {
          ...t,
          inputs: drop(t.inputs),
          rules: t.rules.map((r) => ({ ...r, inputEntries: drop(r.inputEntries) })),
        };
  return t.outputs.length < 2
    ? t
    : {
        ...t,
        outputs: drop(t.outputs),
        rules: t.rules.map((r) => ({ ...r, outputEntries: drop(r.outputEntries) })),
      };
}

/** A hit policy; an aggregation is kept only under COLLECT. */
export function setHitPolicy(
  t: DecisionDefinition,
  hitPolicy: DecisionDefinition['hitPolicy'],
  aggregation: DecisionDefinition['aggregation'] | '' = t.aggregation,
): DecisionDefinition {
  const { aggregation: _a, ...rest } = t;
  return hitPolicy === 'COLLECT' && aggregation
    ? { ...rest, hitPolicy, aggregation }
    : { ...rest, hitPolicy };
}

/** Allowed values as typed (`glass, theft, "fire, flood"`), read as the column's type. */
export function parseAllowed(text: string, type: DecisionType): DecisionValue[] | undefined {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  const push = () => {
    const raw = current.trim();
    current = '';
    if (!raw) return;
    try {
      parts.push(raw.startsWith('"') && raw.endsWith('"') ? (JSON.parse(raw) as string) : raw);
    } catch {
      parts.push(raw);
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && quoted) {
      current += c + (text[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) push();
    else current += c;
  }
  push();
  if (!parts.length) return undefined;
  return parts.map((p): DecisionValue => {
    if (type === 'number' && p.trim() !== '' && Number.isFinite(Number(p))) return Number(p);
    if (type === 'boolean' && (p === 'true' || p === 'false')) return p === 'true';
    return p;
  });
}

/** Allowed values shown for editing: strings with a comma quoted. */
export function showAllowed(values: readonly DecisionValue[] | undefined): string {
  return (values ?? [])
    .map((v) => (typeof v === 'string' && /[,"]/.test(v) ? JSON.stringify(v) : String(v)))
    .join(', ');
}

/** Where a lint problem's pointer lands in the editor. */
export type Place =
  | { at: 'cell'; rule: number; side: 'in' | 'out'; column: number }
  | { at: 'rule'; rule: number }
  | { at: 'column'; side: 'in' | 'out'; column: number }
  | { at: 'hitPolicy' }
  | { at: 'table' };

export function placeOf(pointer: string | undefined): Place {
  const p = pointer ?? '';
  let m = /^\/rules\/(\d+)\/(inputEntries|outputEntries)\/(\d+)/.exec(p);
  if (m)
    return {
      at: 'cell',
      rule: Number(m[1]),
      side: m[2] === 'inputEntries' ? 'in' : 'out',
      column: Number(m[3]),
    };
  if ((m = /^\/rules\/(\d+)/.exec(p))) return { at: 'rule', rule: Number(m[1]) };
  if ((m = /^\/(inputs|outputs)\/(\d+)/.exec(p)))
    return { at: 'column', side: m[1] === 'inputs' ? 'in' : 'out', column: Number(m[2]) };
  if (p === '/hitPolicy' || p === '/aggregation') return { at: 'hitPolicy' };
  return { at: 'table' };
}

/** The key of a place, for looking problems up by cell, rule or column. */
export function placeKey(place: Place): string {
  switch (place.at) {
    case 'cell':
      return `cell:${place.rule}:${place.side}:${place.column}`;
    case 'rule':
      return `rule:${place.rule}`;
    case 'column':
      return `column:${place.side}:${place.column}`;
    default:
      return place.at;
  }
}

/** Problems grouped by the key of the place they point at. */
export function problemsByPlace<P extends { pointer?: string }>(
  problems: readonly P[],
): Map<string, P[]> {
  const out = new Map<string, P[]>();
  for (const p of problems) {
    const key = placeKey(placeOf(p.pointer));
    out.set(key, [...(out.get(key) ?? []), p]);
  }
  return out;
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The input columns the test panel gives a field: those whose expression is a variable's path. */
export function isPath(expression: string): boolean {
  return PATH.test(expression.trim());
}

/**
 * What the designer typed in the test panel, as the variables the table reads: each path set
 * (`claim.amount` nested), a number read as one, `true`/`false` as booleans, empty left out.
 */
export function trialInputs(
  table: Pick<DecisionDefinition, 'inputs'>,
  typed: Record<string, string>,
  others: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(others);
  for (const input of table.inputs) {
    const path = input.expression.trim();
    const text = typed[path];
    if (!isPath(path) || text === undefined || text === '') continue;
    let value: unknown = text;
    if (input.type === 'number' && Number.isFinite(Number(text))) value = Number(text);
    else if (input.type === 'boolean' && (text === 'true' || text === 'false'))
      value = text === 'true';
    const keys = path.split('.');
    let at: Record<string, unknown> = out;
    for (const k of keys.slice(0, -1)) {
      const next = at[k];
      const inner =
        next && typeof next === 'object' && !Array.isArray(next)
          ? (next as Record<string, unknown>)
          : {};
      at[k] = inner;
      at = inner;
    }
    at[keys.at(-1)!] = value;
  }
  return out;
}
