/**
 * Semantic checks of a decision table that its meta-schema cannot express, each with a pointer
 * into the cell at fault:
 * - structure: one input entry per input and one output entry per output in every rule, an
 *   aggregation only under COLLECT (SUM, MIN and MAX of a single output), output names once,
 *   PRIORITY and OUTPUT ORDER with an output's allowed values to order by, FEEL that parses;
 * - types: literals in the cells and allowed values of the column's type, and of its allowed
 *   values when it has them (`CW_ERR_DEF_DECISION_TYPE`);
 * - overlap: two rules that both match some input under UNIQUE, or under ANY with different
 *   literal outputs (`CW_ERR_DEF_DECISION_OVERLAP`), proved from the cells' shapes: a cell the
 *   analysis cannot read (one reading a variable) never makes a finding;
 * - gaps (warnings): combinations of the enumerated inputs' values (allowed values, booleans)
 *   that no rule covers whatever the other inputs are (`CW_ERR_DEF_DECISION_GAP`).
 *
 * @example
 *   lintDecision(def);
 *   // [{ code: 'CW_ERR_DEF_DECISION_OVERLAP', pointer: '/rules/3', key: 'decision.overlap', ... }]
 */
import type { ErrorCode, ErrorDetail } from '../errors.ts';
import type { DecisionDefinition } from '../generated/index.ts';
import { syntaxError, unaryTestsSyntaxError } from '../expressions/index.ts';
import {
  analyseTests,
  holds,
  literal,
  literalTypes,
  overlaps,
  type Scalar,
  type Tests,
  type ValueType,
} from '../decisions/index.ts';
import { lintMessage, type LintKey, type LintParams } from './lint-messages.ts';

/** Past these sizes the pairwise and combinational checks are not run (the table still loads). */
export const DECISION_LINT_LIMITS = {
  /** rules compared pairwise for overlaps */
  overlapRules: 300,
  /** combinations of enumerated inputs' values checked for a covering rule */
  combinations: 10_000,
  /** uncovered combinations reported one by one */
  gapsReported: 10,
} as const;

const ptr = (...parts: (string | number)[]) => parts.map((p) => `/${p}`).join('');

/** The type a column's literal is, as the column's declared type names it. */
const fits = (declared: string, found: ValueType) => found === 'null' || found === declared;

const show = (v: Scalar) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

export function lintDecision(
  def: DecisionDefinition,
  { warnings = true }: { warnings?: boolean } = {},
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (
    code: ErrorCode,
    pointer: string,
    key: LintKey,
    params: LintParams = {},
    severity?: 'warning',
  ) =>
    problems.push({
      code,
      pointer,
      message: lintMessage(key, params),
      key,
      params: { ...params },
      ...(severity ? { severity } : {}),
    });

  // structure
  if (def.aggregation && def.hitPolicy !== 'COLLECT')
    add('CW_ERR_DEF_BAD_DECISION', '/aggregation', 'decision.aggregationWithoutCollect', {
      hitPolicy: def.hitPolicy,
    });
  if (def.aggregation && def.aggregation !== 'COUNT' && def.outputs.length !== 1)
    add('CW_ERR_DEF_BAD_DECISION', '/aggregation', 'decision.aggregationOutputs', {
      aggregation: def.aggregation,
    });
  if (
    (def.hitPolicy === 'PRIORITY' || def.hitPolicy === 'OUTPUT ORDER') &&
    !def.outputs.some((o) => o.allowedValues?.length)
  )
    add('CW_ERR_DEF_BAD_DECISION', '/hitPolicy', 'decision.priorityNeedsValues', {
      hitPolicy: def.hitPolicy,
    });
  const names = new Set<string>();
  def.outputs.forEach((o, k) => {
    if (names.has(o.name))
      add('CW_ERR_DEF_BAD_DECISION', ptr('outputs', k, 'name'), 'decision.duplicateOutput', {
        name: o.name,
      });
    names.add(o.name);
  });

  // columns: expressions and allowed values of their type
  def.inputs.forEach((input, k) => {
    const error = syntaxError(input.expression);
    if (error)
      add('CW_ERR_DEF_BAD_EXPRESSION', ptr('inputs', k, 'expression'), 'lint.badExpression', {
        error,
        expression: input.expression,
      });
  });
  for (const [column, list] of [
    ['inputs', def.inputs],
    ['outputs', def.outputs],
  ] as const)
    list.forEach((c, k) =>
      c.allowedValues?.forEach((v, j) => {
        const found = valueType(v);
        if (!fits(c.type, found))
          add(
            'CW_ERR_DEF_DECISION_TYPE',
            ptr(column, k, 'allowedValues', j),
            'decision.typeMismatch',
            { expected: c.type, found, value: show(v) },
          );
      }),
    );

  // cells
  const analysed: (Tests | undefined)[][] = [];
  def.rules.forEach((rule, i) => {
    if (rule.inputEntries.length !== def.inputs.length)
      add('CW_ERR_DEF_BAD_DECISION', ptr('rules', i, 'inputEntries'), 'decision.entryCount', {
        count: rule.inputEntries.length,
        expected: def.inputs.length,
      });
    if (rule.outputEntries.length !== def.outputs.length)
      add('CW_ERR_DEF_BAD_DECISION', ptr('rules', i, 'outputEntries'), 'decision.entryCount', {
        count: rule.outputEntries.length,
        expected: def.outputs.length,
      });
    const counted = rule.inputEntries.length === def.inputs.length;
    analysed.push(
      def.inputs.map((input, k) => {
        if (!counted) return undefined;
        const cell = rule.inputEntries[k] ?? '-';
        const at = ptr('rules', i, 'inputEntries', k);
        const error = unaryTestsSyntaxError(cell);
        if (error) {
          add('CW_ERR_DEF_BAD_EXPRESSION', at, 'lint.badExpression', { error, expression: cell });
          return undefined;
        }
        const tests = analyseTests(cell);
        const wrong = literalTypes(tests).find((t) => !fits(input.type, t));
        if (wrong) {
          add('CW_ERR_DEF_DECISION_TYPE', at, 'decision.typeMismatch', {
            expected: input.type,
            found: wrong,
            value: cell.trim(),
          });
          return undefined;
        }
        const stray = outsideAllowed(tests, input.allowedValues);
        if (stray !== undefined)
          add('CW_ERR_DEF_DECISION_TYPE', at, 'decision.notAllowed', {
            value: show(stray),
            allowed: input.allowedValues!.map(show).join(', '),
          });
        return tests;
      }),
    );
    def.outputs.forEach((output, k) => {
      const cell = rule.outputEntries[k];
      if (cell === undefined) return;
      const at = ptr('rules', i, 'outputEntries', k);
      const error = syntaxError(cell);
      if (error) {
        add('CW_ERR_DEF_BAD_EXPRESSION', at, 'lint.badExpression', { error, expression: cell });
        return;
      }
      const lit = literal(cell);
      if (!lit) return;
      if (!fits(output.type, lit.type))
        add('CW_ERR_DEF_DECISION_TYPE', at, 'decision.typeMismatch', {
          expected: output.type,
          found: lit.type,
          value: cell.trim(),
        });
      else if (
        lit.value !== null &&
        output.allowedValues &&
        !output.allowedValues.some((v) => v === lit.value)
      )
        add('CW_ERR_DEF_DECISION_TYPE', at, 'decision.notAllowed', {
          value: show(lit.value),
          allowed: output.allowedValues.map(show).join(', '),
        });
    });
  });

  const domains = def.inputs.map(domainOf);
  if (
    (def.hitPolicy === 'UNIQUE' || def.hitPolicy === 'ANY') &&
    def.rules.length <= DECISION_LINT_LIMITS.overlapRules
  )
    for (let j = 1; j < def.rules.length; j++)
      for (let i = 0; i < j; i++) {
        const meet = def.inputs.every(
          (_, k) => overlaps(analysed[i]![k], analysed[j]![k], domains[k]) === true,
        );
        if (!meet) continue;
        if (def.hitPolicy === 'ANY' && !differentLiterals(def, i, j)) continue;
        add('CW_ERR_DEF_DECISION_OVERLAP', ptr('rules', j), 'decision.overlap', {
          rule: j + 1,
          other: i + 1,
          hitPolicy: def.hitPolicy,
        });
        break;
      }

  if (warnings && def.hitPolicy !== 'COLLECT' && def.hitPolicy !== 'RULE ORDER')
    for (const gap of gaps(def, analysed, domains))
      add('CW_ERR_DEF_DECISION_GAP', '/rules', 'decision.gap', { combination: gap }, 'warning');
  return problems;
}

function valueType(v: Scalar): ValueType {
  return v === null ? 'null' : (typeof v as 'string' | 'number' | 'boolean');
}

/** A literal of the tests that is none of the allowed values (undefined when all are). */
function outsideAllowed(
  tests: Tests | undefined,
  allowed: Scalar[] | undefined,
): Scalar | undefined {
  if (!tests || tests.any || !allowed) return undefined;
  for (const a of tests.atoms)
    if ('eq' in a && a.eq !== null && !allowed.some((v) => v === a.eq)) return a.eq;
  return undefined;
}

/** The values an input may take when it is enumerated (allowed values, or a boolean). */
function domainOf(input: DecisionDefinition['inputs'][number]): Scalar[] | undefined {
  if (input.allowedValues) return input.allowedValues;
  if (input.type === 'boolean') return [true, false];
  return undefined;
}

function differentLiterals(def: DecisionDefinition, i: number, j: number): boolean {
  return def.outputs.some((_, k) => {
    const a = literal(def.rules[i]!.outputEntries[k] ?? 'null');
    const b = literal(def.rules[j]!.outputEntries[k] ?? 'null');
    return a !== undefined && b !== undefined && a.value !== b.value;
  });
}

/**
 * Combinations of the enumerated inputs' values that no rule covers whatever the other inputs
 * are, described `cause = "theft", earlierClaims = true` (the first few, then how many more).
 * A cell the analysis cannot read counts as covering.
 */
function gaps(
  def: DecisionDefinition,
  analysed: (Tests | undefined)[][],
  domains: (Scalar[] | undefined)[],
): string[] {
  const enumerated = domains.flatMap((d, k) => (d ? [k] : []));
  if (!enumerated.length) return [];
  const total = enumerated.reduce((n, k) => n * domains[k]!.length, 1);
  if (total > DECISION_LINT_LIMITS.combinations) return [];
  const found: string[] = [];
  let missing = 0;
  for (let c = 0; c < total; c++) {
    let rest = c;
    const values = enumerated.map((k) => {
      const d = domains[k]!;
      const v = d[rest % d.length]!;
      rest = Math.floor(rest / d.length);
      return v;
    });
    const covered = analysed.some((cells) =>
      enumerated.every((k, e) => {
        const t = cells[k];
        return t === undefined || holds(t, values[e]!);
      }),
    );
    if (covered) continue;
    missing++;
    if (found.length < DECISION_LINT_LIMITS.gapsReported)
      found.push(
        enumerated.map((k, e) => `${def.inputs[k]!.expression} = ${show(values[e]!)}`).join(', '),
      );
  }
  if (missing > found.length) found.push(`… +${missing - found.length}`);
  return found;
}
