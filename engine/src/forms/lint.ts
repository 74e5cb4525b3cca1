/**
 * Semantic checks of a form definition that its meta-schema cannot express: keys unique per
 * data level (sections and pages do not start a level), FEEL that parses, patterns that are
 * RE2 (they are matched by it, in linear time), computed fields
 * that read only fields of their level and never themselves, options for choice fields,
 * fields in groups and sections, and a layout that makes sense. Each problem has a stable
 * code and the JSON pointer of the offending property.
 */
import type { ErrorDetail } from '../errors.ts';
import { regexError, syntaxError } from '../expressions/index.ts';
import type { FormDefinition, FormField } from '../generated/index.ts';
import { referencedNames } from './compute.ts';
import { accepts, RECOGNISED_TYPES } from './file-types.ts';
import { dataFields, isLayout } from './layout.ts';
import { isSafeFen } from './money.ts';

/** The limits of a number, integer or money field. */
const LIMITS = ['min', 'max', 'exclusiveMinimum', 'exclusiveMaximum'] as const;

/** Field types that cannot carry a value of their own to compute. */
const NOT_COMPUTABLE = new Set(['group', 'file', 'section', 'page']);

export function lintForm(def: FormDefinition): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const layoutKeys = new Set<string>();
  const problem = (code: ErrorDetail['code'], pointer: string, message: string) =>
    problems.push({ code, pointer, message });

  /** One data level: `list` and the layout containers inside it, keys shared. */
  const level = (list: FormField[], base: string, top: boolean) => {
    const keys = new Set<string>();
    const data = dataFields(list);
    const levelKeys = new Set(data.map((f) => f.key));
    const computed = new Map(data.filter((f) => f.compute).map((f) => [f.key, f]));
    const pages = list.filter((f) => f.type === 'page').length;
    if (top && pages > 0 && pages < list.length)
      problem(
        'CW_ERR_DEF_BAD_LAYOUT',
        base,
        'when a form has pages, every top-level field must be a page',
      );

    const visit = (fields: FormField[], at: string, columns: number) => {
      fields.forEach((f, i) => {
        const here = `${at}/${i}`;
        common(f, here, columns);
        if (isLayout(f)) {
          // Layout keys name sections and pages (ids, wizard steps): unique in the whole form.
          if (layoutKeys.has(f.key))
            problem(
              'CW_ERR_DEF_DUPLICATE_ID',
              `${here}/key`,
              `${f.type} key "${f.key}" is used twice`,
            );
          layoutKeys.add(f.key);
          if (f.type === 'page' && (!top || at !== base))
            problem(
              'CW_ERR_DEF_BAD_LAYOUT',
              `${here}/type`,
              `page "${f.key}" must be at the top level`,
            );
          if (!f.fields?.length)
            problem('CW_ERR_DEF_BAD_LAYOUT', `${here}/fields`, `${f.type} "${f.key}" needs fields`);
          else visit(f.fields, `${here}/fields`, f.columns ?? 1);
          return;
        }
        if (keys.has(f.key))
          problem('CW_ERR_DEF_DUPLICATE_ID', `${here}/key`, `field key "${f.key}" is used twice`);
        keys.add(f.key);
        if (f.compute) computedField(f, here);
        if (f.type === 'group') {
          if (!f.fields?.length)
            problem('CW_ERR_DEF_SCHEMA', `${here}/fields`, `group "${f.key}" needs fields`);
          else level(f.fields, `${here}/fields`, false);
        }
      });
    };

    const computedField = (f: FormField, here: string) => {
      if (NOT_COMPUTABLE.has(f.type)) {
        problem('CW_ERR_DEF_SCHEMA', `${here}/compute`, `a ${f.type} field cannot be computed`);
        return;
      }
      const names = referencedNames(f.compute!);
      if (!names) return; // reported as a syntax problem
      for (const name of names)
        if (!levelKeys.has(name))
          problem(
            'CW_ERR_DEF_UNKNOWN_FIELD',
            `${here}/compute`,
            `"${name}" is not a field next to "${f.key}" (a computed value reads only the fields of its level)`,
          );
      if (readsItself(f.key, computed))
        problem(
          'CW_ERR_DEF_COMPUTE_CYCLE',
          `${here}/compute`,
          `the value of "${f.key}" depends on itself`,
        );
    };

    visit(list, base, 1);
  };

  const common = (f: FormField, here: string, columns: number) => {
    for (const key of ['requiredIf', 'visibleIf', 'compute'] as const) {
      const source = f[key];
      const error = source === undefined ? null : syntaxError(source);
      if (error) problem('CW_ERR_DEF_BAD_EXPRESSION', `${here}/${key}`, `${error}: ${source}`);
    }
    f.validations?.forEach((v, i) => {
      const error = syntaxError(v.expression);
      if (error)
        problem(
          'CW_ERR_DEF_BAD_EXPRESSION',
          `${here}/validations/${i}/expression`,
          `${error}: ${v.expression}`,
        );
    });
    if (f.validations?.length && isLayout(f))
      problem('CW_ERR_DEF_SCHEMA', `${here}/validations`, `a ${f.type} holds no value to check`);
    const patternError = f.pattern === undefined ? null : regexError(f.pattern);
    if (patternError)
      problem('CW_ERR_DEF_BAD_PATTERN', `${here}/pattern`, `${patternError}: ${f.pattern}`);
    if ((f.type === 'select' || f.type === 'multiselect') && !f.options?.length)
      problem('CW_ERR_DEF_SCHEMA', `${here}/options`, `${f.type} field "${f.key}" needs options`);
    if (f.width !== undefined && f.width > columns)
      problem(
        'CW_ERR_DEF_BAD_LAYOUT',
        `${here}/width`,
        `"${f.key}" spans ${f.width} columns but its container has ${columns}`,
      );
    for (const [i, type] of (f.accept ?? []).entries())
      if (!RECOGNISED_TYPES.some((known) => accepts([type], known)))
        problem(
          'CW_ERR_DEF_SCHEMA',
          `${here}/accept/${i}`,
          `${type} cannot be recognised by its content (uploads may be ${RECOGNISED_TYPES.join(', ')})`,
        );
    for (const limit of LIMITS) {
      const v = f[limit];
      if (v === undefined) continue;
      if (f.type === 'date' || f.type === 'datetime') {
        // a FEEL expression giving a date or a date and time (`today()`)
        const error = typeof v === 'string' ? syntaxError(v) : 'a FEEL expression, not a number';
        if (error) problem('CW_ERR_DEF_BAD_EXPRESSION', `${here}/${limit}`, `${error}: ${v}`);
      } else if (!['number', 'integer', 'money'].includes(f.type))
        problem('CW_ERR_DEF_SCHEMA', `${here}/${limit}`, `a ${f.type} field has no ${limit}`);
      else if (typeof v !== 'number')
        problem(
          'CW_ERR_DEF_SCHEMA',
          `${here}/${limit}`,
          `${limit} of ${f.type} field "${f.key}" must be a number (FEEL bounds are for dates)`,
        );
      else if (f.type !== 'number' && !isSafeFen(v))
        problem(
          'CW_ERR_DEF_SCHEMA',
          `${here}/${limit}`,
          `${limit} of ${f.type} field "${f.key}" must be a whole number${f.type === 'money' ? ' of fen' : ''} within ±${Number.MAX_SAFE_INTEGER}`,
        );
    }
    if (f.columns !== undefined && !isLayout(f))
      problem('CW_ERR_DEF_BAD_LAYOUT', `${here}/columns`, `only sections and pages have columns`);
  };

  level(def.fields, '/fields', true);
  const topKeys = new Set(dataFields(def.fields).map((f) => f.key));
  def.validations?.forEach((v, i) => {
    const error = syntaxError(v.expression);
    if (error)
      problem(
        'CW_ERR_DEF_BAD_EXPRESSION',
        `/validations/${i}/expression`,
        `${error}: ${v.expression}`,
      );
    v.fields?.forEach((key, j) => {
      if (!topKeys.has(key))
        problem(
          'CW_ERR_DEF_UNKNOWN_FIELD',
          `/validations/${i}/fields/${j}`,
          `"${key}" is not a field at the top level of the form (a form's check shows its message there)`,
        );
    });
  });
  return problems;
}

/** Whether a computed field reads itself through the computed fields of its level. */
function readsItself(key: string, computed: Map<string, FormField>): boolean {
  const seen = new Set<string>();
  const stack = [key];
  while (stack.length) {
    const f = computed.get(stack.pop()!);
    if (!f?.compute) continue;
    for (const name of referencedNames(f.compute) ?? []) {
      if (name === key) return true;
      if (computed.has(name) && !seen.has(name)) {
        seen.add(name);
        stack.push(name);
      }
    }
  }
  return false;
}
