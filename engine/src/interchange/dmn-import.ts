/**
 * DMN 1.1 to 1.3 decision tables into Caseway decision drafts: the inputs (label, FEEL
 * expression, type, allowed values), the outputs (name, label, type, allowed values), the rules
 * (unary tests and output expressions kept as written, descriptions as annotations, ids kept),
 * the hit policy and COLLECT's aggregation. What a Caseway table cannot hold is listed as a
 * problem with the element's id and line: literal expressions, business knowledge models, the
 * requirements diagram, types other than string, number and boolean, and every other decision
 * table of the file (imported one at a time: `pick` chooses which). The draft always matches the
 * decision meta-schema; the lint then shows what it finds on the cells.
 *
 * @example
 *   const { decision, problems, tables } = await importDmn(xml, 'en');
 *   await importDmn(xml, 'en', 'beverages'); // the file's other table
 */
import type { DmnElement } from 'dmn-moddle';
import { createError, defaultMessage, type Lang } from '../errors.ts';
import { syntaxError, unaryTestsSyntaxError } from '../expressions/index.ts';
import type {
  DecisionDefinition,
  DecisionInput,
  DecisionOutput,
  DecisionRule,
  DecisionValue,
} from '../generated/index.ts';
import { identifierFrom } from './bpmn-names.ts';
import { sayDmnReason, type DmnProblem, type DmnReason } from './dmn-problems.ts';
import { readDmn } from './dmn-read.ts';

/** The decision meta-schema's sizes (definitions/schema/decision.schema.json). */
const SIZE = {
  columns: 30,
  rules: 1000,
  text: 2000,
  annotation: 1000,
  ruleId: 100,
  allowed: 100,
  name: 64,
} as const;

const HIT_POLICIES = new Set([
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
]);
const AGGREGATIONS = new Set(['SUM', 'MIN', 'MAX', 'COUNT']);
const NUMBER_TYPES = new Set(['number', 'integer', 'long', 'double', 'decimal', 'float', 'int']);
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type El = DmnElement;
const list = (v: unknown): El[] => (Array.isArray(v) ? (v as El[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const short = (el: El) => el.$type.replace(/^dmn:/, '');
const oneLine = (s: string, max = 200) => s.replace(/\s+/g, ' ').trim().slice(0, max);

export interface DmnTable {
  /** the decision's element id in the file */
  element: string;
  name: string;
  /** whether this is the one imported */
  imported: boolean;
}

export interface DmnImport {
  decision: DecisionDefinition;
  problems: DmnProblem[];
  /** every decision table in the file, the imported one marked */
  tables: DmnTable[];
  /** the DMN version the file was written in */
  dmnVersion: string;
}

class Importer {
  readonly problems: DmnProblem[] = [];
  constructor(
    readonly lang: Lang,
    readonly lines: Map<string, number>,
  ) {}

  problem(el: El | null, reason: DmnReason, params: Record<string, string | number> = {}) {
    const id = el?.id ?? '';
    this.problems.push({
      element: id,
      type: el?.$type ?? '',
      line: this.lines.get(id) ?? null,
      reason,
      params,
      message: sayDmnReason(reason, params, this.lang),
    });
  }

  /** Text cut to `max` characters (said when it was longer). */
  cut(el: El, text: string, max: number, what: string): string {
    if (text.length <= max) return text;
    this.problem(el, 'text.truncated', { what, limit: max });
    return text.slice(0, max);
  }

  /** A FEEL text of a cell or expression: kept as written, a problem when it does not parse. */
  feel(el: El, text: string, unary: boolean): string {
    const kept = this.cut(el, text, SIZE.text, 'FEEL');
    const language = str(el.expressionLanguage);
    if (language && !/feel/i.test(language))
      this.problem(el, 'expression.language', { language, text: oneLine(kept) });
    else if ((unary ? unaryTestsSyntaxError(kept) : syntaxError(kept)) !== null)
      this.problem(el, 'cell.invalid', { text: oneLine(kept) });
    return kept;
  }

  /** A DMN typeRef as a Caseway column type (said when approximated or missing). */
  type(el: El, typeRef: string, values: DecisionValue[] | undefined): DecisionInput['type'] {
    const t = typeRef.trim();
    const lower = t.toLowerCase();
    if (lower === 'string') return 'string';
    if (lower === 'boolean') return 'boolean';
    if (NUMBER_TYPES.has(lower)) return 'number';
    const guessed =
      values?.length && values.every((v) => typeof v === 'number')
        ? 'number'
        : values?.length && values.every((v) => typeof v === 'boolean')
          ? 'boolean'
          : 'string';
    if (t) this.problem(el, 'type.approximated', { typeRef: oneLine(t, 100), type: guessed });
    else this.problem(el, 'type.missing', { type: guessed });
    return guessed;
  }

  /** `"a","b"` or `1, 2` as values; undefined (and a problem) when not all literals. */
  allowed(el: El | undefined): DecisionValue[] | undefined {
    const text = el ? str(el.text).trim() : '';
    if (!el || !text) return undefined;
    const parts = splitTop(text);
    const values: DecisionValue[] = [];
    for (const part of parts) {
      const p = part.trim();
      let v: DecisionValue | undefined;
      if (/^"((?:[^"\\]|\\.)*)"$/.test(p)) {
        try {
          v = JSON.parse(p) as string;
        } catch {
          v = undefined;
        }
      } else if (/^-?\d+(\.\d+)?$/.test(p)) v = Number(p);
      else if (p === 'true' || p === 'false') v = p === 'true';
      if (v === undefined || (typeof v === 'string' && !v.length)) {
        this.problem(el, 'allowed.notLiterals', { values: oneLine(text) });
        return undefined;
      }
      if (!values.includes(v)) values.push(v);
    }
    if (values.length > SIZE.allowed)
      this.problem(el, 'table.tooLarge', {
        count: values.length,
        what: 'allowed values',
        limit: SIZE.allowed,
      });
    return values.length ? values.slice(0, SIZE.allowed) : undefined;
  }

  label(el: El, fallback: string) {
    const text = oneLine(str(el.label) || fallback, 200) || fallback;
    return { 'zh-Hant': text, en: text };
  }

  input(el: El, k: number): DecisionInput {
    const expr = (el.inputExpression as El | undefined) ?? null;
    let expression = expr ? str(expr.text).trim() : '';
    if (!expression) {
      expression = `input${k + 1}`;
      this.problem(expr ?? el, 'expression.missing', { expression });
    } else expression = this.feel(expr!, expression, false);
    const allowedValues = this.allowed(el.inputValues as El | undefined);
    const type = this.type(expr ?? el, str(expr?.typeRef), allowedValues);
    return {
      label: this.label(el, expression),
      expression,
      type,
      ...(allowedValues ? { allowedValues: fit(allowedValues, type) } : {}),
    };
  }

  output(el: El, k: number, taken: Set<string>): DecisionOutput {
    const raw = str(el.name).trim();
    let name = raw;
    if (!OUTPUT_NAME.test(name) || name.length > SIZE.name) {
      const from = raw || str(el.label) || el.id || '';
      name =
        from
          .replace(/[^A-Za-z0-9_]+/g, '_')
          .replace(/^([0-9])/, '_$1')
          .replace(/^_+|_+$/g, '')
          .slice(0, 48) || `output${k + 1}`;
      if (!/^[A-Za-z_]/.test(name)) name = `output${k + 1}`;
    }
    const base = name;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    if (name !== raw) this.problem(el, 'output.renamed', { from: raw || '', name });
    const allowedValues = this.allowed(el.outputValues as El | undefined);
    const type = this.type(el, str(el.typeRef), allowedValues);
    return {
      name,
      label: this.label(el, raw || name),
      type,
      ...(allowedValues ? { allowedValues: fit(allowedValues, type) } : {}),
    };
  }

  rule(el: El, inputs: number, outputs: number, blankInput: boolean): DecisionRule {
    const ins = list(el.inputEntry);
    const outs = list(el.outputEntry);
    if (!blankInput && ins.length !== inputs)
      this.problem(el, 'cell.missing', { side: 'input', found: ins.length, columns: inputs });
    if (outputs && outs.length !== outputs)
      this.problem(el, 'cell.missing', { side: 'output', found: outs.length, columns: outputs });
    const inputEntries = Array.from({ length: blankInput ? 1 : inputs }, (_, k) => {
      const cell = ins[k];
      const text = cell ? str(cell.text).trim() : '';
      return text ? this.feel(cell!, text, true) : '-';
    });
    const outputEntries = Array.from({ length: Math.max(outputs, 1) }, (_, k) => {
      const cell = outs[k];
      const text = cell ? str(cell.text).trim() : '';
      return text ? this.feel(cell!, text, false) : 'null';
    });
    const id = el.id ? el.id.slice(0, SIZE.ruleId) : undefined;
    const description = str(el.description).trim();
    return {
      ...(id ? { id } : {}),
      inputEntries,
      outputEntries,
      ...(description
        ? { annotation: this.cut(el, description, SIZE.annotation, 'description') }
        : {}),
    };
  }

  table(decision: El, table: El): DecisionDefinition {
    const name = oneLine(str(decision.name) || decision.id || 'decision', 200) || 'decision';
    // a modeler's generated id (`_3b29…`, `Decision_1il4ay0`) says less than the decision's name
    const generated = !decision.id || /^(_|Decision_)/.test(decision.id);
    const id = identifierFrom(generated && decision.name ? name : decision.id!, 'decision');
    const capped = <T>(items: T[], what: string, limit: number): T[] => {
      if (items.length > limit)
        this.problem(table, 'table.tooLarge', { count: items.length, what, limit });
      return items.slice(0, limit);
    };
    const inputEls = capped(list(table.input), 'inputs', SIZE.columns);
    const outputEls = capped(list(table.output), 'outputs', SIZE.columns);
    const ruleEls = capped(list(table.rule), 'rules', SIZE.rules);

    const inputs = inputEls.map((el, k) => this.input(el, k));
    if (!inputs.length) {
      this.problem(table, 'table.noInputs');
      inputs.push({
        label: { 'zh-Hant': '一律', en: 'Always' },
        expression: 'true',
        type: 'boolean',
      });
    }
    const taken = new Set<string>();
    const outputs = outputEls.map((el, k) => this.output(el, k, taken));
    if (!outputs.length) {
      this.problem(table, 'table.noOutputs');
      outputs.push({ name: 'result', label: { 'zh-Hant': '結果', en: 'Result' }, type: 'string' });
    }
    const rules = ruleEls.map((el) =>
      this.rule(el, inputEls.length, outputEls.length, inputEls.length === 0),
    );

    const policy = str(table.hitPolicy).toUpperCase() || 'UNIQUE';
    const hitPolicy = (
      HIT_POLICIES.has(policy) ? policy : 'UNIQUE'
    ) as DecisionDefinition['hitPolicy'];
    const aggregation = str(table.aggregation).toUpperCase();
    let agg: DecisionDefinition['aggregation'];
    if (aggregation && AGGREGATIONS.has(aggregation)) {
      if (hitPolicy === 'COLLECT') agg = aggregation as DecisionDefinition['aggregation'];
      else this.problem(table, 'aggregation.dropped', { aggregation });
    }
    return {
      id,
      version: 1,
      name: { 'zh-Hant': name, en: name },
      hitPolicy,
      ...(agg ? { aggregation: agg } : {}),
      inputs,
      outputs,
      rules,
    };
  }
}

/** Allowed values of the column's type only (a number column's "x" cannot be one). */
function fit(values: DecisionValue[], type: DecisionInput['type']): DecisionValue[] {
  const kept = values.filter((v) => typeof v === type);
  return kept.length ? kept : values.map(String);
}

/** Splits at top-level commas (outside strings, brackets and parentheses). */
function splitTop(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/**
 * Imports a DMN document's decision table (the first, or the decision whose id is `pick`) as a
 * decision draft with its problems. Refuses what `readDmn` refuses, and a file without a
 * decision table (or without the one picked) with 422 CW_ERR_DMN_NO_TABLE, its problems in the
 * error's details.
 */
export async function importDmn(xml: string, lang: Lang, pick?: string): Promise<DmnImport> {
  const read = await readDmn(xml, lang);
  const im = new Importer(lang, read.lines);
  for (const w of read.warnings.slice(0, 50))
    im.problems.push({
      element: w.element ?? '',
      type: '',
      line: w.line ?? null,
      reason: 'xml.warning',
      params: { detail: w.message },
      message: sayDmnReason('xml.warning', { detail: w.message }, lang),
    });

  const elements = list(read.definitions.drgElement);
  const tables = elements.filter(
    (el) =>
      el.$type === 'dmn:Decision' &&
      (el.decisionLogic as El | undefined)?.$type === 'dmn:DecisionTable',
  );
  const chosen = pick === undefined ? tables[0] : tables.find((t) => t.id === pick);
  for (const el of elements) {
    if (el === chosen) continue;
    if (el.$type === 'dmn:Decision') {
      const logic = el.decisionLogic as El | undefined;
      if (!logic) im.problem(el, 'decision.noLogic');
      else if (logic.$type === 'dmn:DecisionTable')
        im.problem(el, 'decision.extra', { decision: oneLine(str(el.name) || el.id || '') });
      else if (logic.$type === 'dmn:LiteralExpression')
        im.problem(el, 'decision.literalExpression');
      else im.problem(el, 'decision.otherLogic', { logic: short(logic) });
    } else if (el.$type === 'dmn:BusinessKnowledgeModel') im.problem(el, 'bkm.notCarried');
    else im.problem(el, 'drd.notCarried', { type: short(el) });
  }
  if (chosen) {
    const requirements = list(chosen.informationRequirement).length;
    const knowledge = list(chosen.knowledgeRequirement).length;
    if (requirements || knowledge)
      im.problem(chosen, 'drd.notCarried', { type: 'informationRequirement' });
  }
  if (!chosen) {
    const code = 'CW_ERR_DMN_NO_TABLE' as const;
    throw createError(code, undefined, {
      details: [
        {
          code,
          pointer: pick === undefined ? '/' : '/decision',
          ...(pick === undefined ? {} : { in: 'query' as const }),
          message: defaultMessage(code, lang),
        },
        ...im.problems.slice(0, 50).map((p) => ({
          code,
          pointer: '/',
          message: p.line ? `${p.element} (${p.line}): ${p.message}` : `${p.element} ${p.message}`,
        })),
      ],
    });
  }
  const decision = im.table(chosen, chosen.decisionLogic as El);
  return {
    decision,
    problems: im.problems,
    tables: tables.map((t) => ({
      element: t.id ?? '',
      name: oneLine(str(t.name) || t.id || ''),
      imported: t === chosen,
    })),
    dmnVersion: read.version,
  };
}
