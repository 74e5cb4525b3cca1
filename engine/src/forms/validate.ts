/**
 * Form validation: a form definition compiles to a JSON Schema (types, required, formats,
 * ranges, options) checked by ajv, then the FEEL rules ajv cannot express (requiredIf,
 * visibleIf) are checked against the data and the instance variables. Every problem has
 * the JSON pointer of the field, so the studio can put the message next to it.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ErrorDetail, Lang } from '../errors.ts';
import { say, textIn } from '../locale/index.ts';
import { ajvRegExp, type EvaluationTime } from '../expressions/index.ts';
import type { FormDefinition, FormField } from '../generated/index.ts';
import { dateBounds } from './date-bounds.ts';
import { ruleValue } from './rule-value.ts';
import { FORMATS } from './formats.ts';
import { dataFields, fieldAtPointer } from './layout.ts';
import { MONEY_MAX_FEN, MONEY_MIN_FEN, yuanWords } from './money.ts';

function newAjv(): Ajv2020 {
  // Field patterns are the designer's: matched by RE2, in time linear in the input.
  const instance = new Ajv2020({ allErrors: true, strict: false, code: { regExp: ajvRegExp } });
  (addFormats as unknown as (a: Ajv2020) => void)(instance);
  for (const [name, validate] of Object.entries(FORMATS))
    instance.addFormat(name, { type: 'string', validate });
  return instance;
}

const FORMAT_NAMES: Record<string, [en: string, zh: string]> = {
  'cn-resident-id': [
    'resident ID number (check digit and birth date)',
    '居民身分證號碼（校驗碼與出生日期）',
  ],
  'cn-mobile': ['mobile number', '手機號碼'],
  email: ['email address', '電子郵件地址'],
  date: ['date (YYYY-MM-DD)', '日期（YYYY-MM-DD）'],
  'date-time': ['date and time', '日期與時間'],
};
/** A file field's value: references to attachments uploaded before (see the attachments route). */
const ATTACHMENT_REF = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'size', 'contentType'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    name: { type: 'string', minLength: 1, maxLength: 255 },
    size: { type: 'integer', minimum: 0 },
    contentType: { type: 'string', minLength: 1 },
  },
};
/**
 * Form validators, by the text of their schema: a form parsed anew (a draft read again, a
 * play) reuses the compilation of an equal one. Bounded, because an Ajv instance keeps every
 * schema and validator it ever compiled in its code scope, `removeSchema` or not, and each
 * autosaved draft is another schema (issue 14, item 12: about 12 KB per request, never
 * freed): past MAX_SCHEMAS schemas or MAX_CHARS characters of them the instance is dropped
 * with its validators, and forms compile again, lazily, in a new one.
 */
const MAX_SCHEMAS = 128;
const MAX_CHARS = 2_000_000;
let ajv = newAjv();
const validators = new Map<string, ValidateFunction>();
let chars = 0;
/** Each form object's schema text (a string: it keeps no instance alive). */
const schemaText = new WeakMap<FormDefinition, string>();

function validatorOf(form: FormDefinition): ValidateFunction {
  let key = schemaText.get(form);
  if (key === undefined) schemaText.set(form, (key = JSON.stringify(formJsonSchema(form))));
  let validate = validators.get(key);
  if (validate) return validate;
  if (validators.size >= MAX_SCHEMAS || chars + key.length > MAX_CHARS) {
    ajv = newAjv();
    validators.clear();
    chars = 0;
  }
  validate = ajv.compile(JSON.parse(key) as Record<string, unknown>);
  validators.set(key, validate);
  chars += key.length;
  return validate;
}

/** The JSON Schema a form's data must match (FEEL rules aside). */
export function formJsonSchema(form: FormDefinition): Record<string, unknown> {
  return objectSchema(form.fields);
}

function objectSchema(fields: FormField[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const f of dataFields(fields)) {
    properties[f.key] = fieldSchema(f);
    if (f.required && !f.visibleIf) required.push(f.key);
  }
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    ...(required.length ? { required } : {}),
  };
}

function fieldSchema(f: FormField): Record<string, unknown> {
  const text = {
    type: 'string',
    ...(f.minLength !== undefined ? { minLength: f.minLength } : {}),
    ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
    ...(f.pattern ? { pattern: f.pattern } : {}),
    ...(f.format ? { format: f.format } : {}),
  };
  // numbers here; a date field's bounds are FEEL, checked with the rules (./date-bounds.ts)
  const num = (v: number | string | undefined) => (typeof v === 'number' ? v : undefined);
  const [min, max] = [num(f.min), num(f.max)];
  const [exclusiveMinimum, exclusiveMaximum] = [num(f.exclusiveMinimum), num(f.exclusiveMaximum)];
  const range = {
    ...(min !== undefined ? { minimum: min } : {}),
    ...(max !== undefined ? { maximum: max } : {}),
    ...(exclusiveMinimum !== undefined ? { exclusiveMinimum } : {}),
    ...(exclusiveMaximum !== undefined ? { exclusiveMaximum } : {}),
  };
  // Whole numbers a JSON number holds exactly: beyond them 1e300 would pass as an "integer".
  const exact = {
    minimum: Math.max(min ?? MONEY_MIN_FEN, MONEY_MIN_FEN),
    maximum: Math.min(max ?? MONEY_MAX_FEN, MONEY_MAX_FEN),
  };
  const values = (f.options ?? []).map((o) => o.value);
  switch (f.type) {
    case 'text':
    case 'textarea':
      return f.required ? { ...text, minLength: Math.max(1, f.minLength ?? 1) } : text;
    case 'email':
      return { ...text, format: 'email' };
    case 'phone':
      return f.format ? text : { ...text, pattern: f.pattern ?? '^\\+?[0-9 ()-]{6,20}$' };
    case 'number':
      return { type: 'number', ...range };
    case 'integer':
    case 'money':
      return { type: 'integer', ...range, ...exact };
    case 'boolean':
      return { type: 'boolean' };
    case 'select':
      return { type: 'string', enum: values };
    case 'multiselect':
      return {
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', enum: values },
        ...(f.required ? { minItems: 1 } : {}),
      };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'file':
      return {
        type: 'array',
        items: ATTACHMENT_REF,
        maxItems: f.maxFiles ?? 1,
        ...(f.required ? { minItems: 1 } : {}),
      };
    case 'section':
    case 'page':
      // Layout holds no data; dataFields() has already looked through it.
      return {};
    case 'group': {
      const inner = objectSchema(f.fields ?? []);
      if (!f.repeatable) return inner;
      return {
        type: 'array',
        items: inner,
        ...(f.minItems !== undefined ? { minItems: f.minItems } : {}),
        ...(f.maxItems !== undefined ? { maxItems: f.maxItems } : {}),
      };
    }
  }
}

/** Validates submitted data; returns the problems (empty when valid). */
export function validateForm(
  form: FormDefinition,
  data: unknown,
  variables: Record<string, unknown>,
  lang: Lang,
  time: EvaluationTime,
): ErrorDetail[] {
  const validate = validatorOf(form);
  const problems: ErrorDetail[] = [];
  if (!validate(data))
    for (const e of validate.errors ?? [])
      problems.push(fromAjv(e, lang, fieldAtPointer(form.fields, e.instancePath)));
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const level = data as Record<string, unknown>;
    rules(form.fields, level, '', variables, lang, problems, time);
    formRules(form, level, variables, lang, problems, time);
  }
  return problems;
}

/**
 * The form's own validations, over the variables and the top level of the data: a false one puts
 * its message on each field it names (none: the form as a whole, pointer ''). One whose fields
 * already have a problem, or naming none while any field has one, waits until they are valid.
 */
function formRules(
  form: FormDefinition,
  data: Record<string, unknown>,
  variables: Record<string, unknown>,
  lang: Lang,
  out: ErrorDetail[],
  time: EvaluationTime,
): void {
  const context = { ...variables, ...data };
  const troubled = new Set(out.map((p) => p.pointer.split('/')[1] ?? ''));
  for (const v of form.validations ?? []) {
    const fields = v.fields ?? [];
    if (fields.length ? fields.some((k) => troubled.has(k)) : out.length) continue;
    const pointers = fields.length ? fields.map((k) => `/${k}`) : [''];
    if (ruleValue(v.expression, context, pointers[0]!, lang, out, time) !== false) continue;
    for (const pointer of pointers)
      out.push({ code: 'CW_ERR_FORM_INVALID', pointer, message: textIn(v.message, lang) });
  }
}

/**
 * A rule's answer; one exceeding its budget is the field's problem (CW_ERR_EXPRESSION_LIMIT at
 * its pointer) rather than a failure of the whole request, and counts as false.
 */
function rule(
  expression: string,
  context: Record<string, unknown>,
  pointer: string,
  lang: Lang,
  out: ErrorDetail[],
  time: EvaluationTime,
): boolean {
  return ruleValue(expression, context, pointer, lang, out, time) === true;
}

function rules(
  fields: FormField[],
  data: Record<string, unknown>,
  base: string,
  variables: Record<string, unknown>,
  lang: Lang,
  out: ErrorDetail[],
  time: EvaluationTime,
): void {
  const context = { ...variables, ...data };
  for (const f of dataFields(fields)) {
    const pointer = `${base}/${f.key}`;
    const present = data[f.key] !== undefined && data[f.key] !== null && data[f.key] !== '';
    const visible = f.visibleIf ? rule(f.visibleIf, context, pointer, lang, out, time) : true;
    if (!visible && present) {
      out.push({
        code: 'CW_ERR_FORM_INVALID',
        pointer,
        message: msg(lang, 'must be empty while the field is hidden', '欄位隱藏時不得填寫'),
      });
      continue;
    }
    const required =
      visible &&
      (Boolean(f.required) ||
        (f.requiredIf ? rule(f.requiredIf, context, pointer, lang, out, time) : false));
    if (required && !present && (f.visibleIf || f.requiredIf)) {
      out.push({
        code: 'CW_ERR_FORM_INVALID',
        pointer,
        message: msg(lang, 'is required', '此欄位為必填'),
      });
    }
    const value = data[f.key];
    if (visible && present) {
      if (f.type === 'date' || f.type === 'datetime')
        out.push(...dateBounds(f, value, context, pointer, lang, out, time));
      if (f.type === 'file' && Array.isArray(value))
        out.push(...repeatedFiles(value, pointer, lang));
    }
    if (visible)
      for (const v of f.validations ?? [])
        if (ruleValue(v.expression, context, pointer, lang, out, time) === false)
          out.push({ code: 'CW_ERR_FORM_INVALID', pointer, message: textIn(v.message, lang) });
    if (f.type === 'group' && f.fields && value && typeof value === 'object') {
      if (Array.isArray(value)) {
        value.forEach(
          (item, i) =>
            item &&
            typeof item === 'object' &&
            rules(
              f.fields!,
              item as Record<string, unknown>,
              `${pointer}/${i}`,
              variables,
              lang,
              out,
              time,
            ),
        );
      } else {
        rules(f.fields, value as Record<string, unknown>, pointer, variables, lang, out, time);
      }
    }
  }
}

function fromAjv(e: ErrorObject, lang: Lang, field: FormField | undefined): ErrorDetail {
  const p = e.params as Record<string, unknown>;
  // a money field's limits are fen: said in yuan, as the field is filled in
  const limit =
    field?.type === 'money' && typeof p.limit === 'number'
      ? yuanWords(p.limit, lang)
      : String(p.limit);
  switch (e.keyword) {
    case 'required':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: `${e.instancePath}/${String(p.missingProperty)}`,
        message: msg(lang, 'is required', '此欄位為必填'),
      };
    case 'additionalProperties':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: `${e.instancePath}/${String(p.additionalProperty)}`,
        message: msg(lang, 'is not a field of this form', '此欄位不屬於本表單'),
      };
    case 'enum':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message: msg(lang, 'is not one of the options', '不是可選的選項'),
      };
    case 'minimum':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message: msg(lang, `must be at least ${limit}`, `不得小於 ${limit}`),
      };
    case 'maximum':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message: msg(lang, `must be at most ${limit}`, `不得大於 ${limit}`),
      };
    case 'exclusiveMinimum':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message: msg(lang, `must be more than ${limit}`, `必須大於 ${limit}`),
      };
    case 'exclusiveMaximum':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message: msg(lang, `must be less than ${limit}`, `必須小於 ${limit}`),
      };
    case 'minLength':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message:
          Number(p.limit) <= 1
            ? msg(lang, 'is required', '此欄位為必填')
            : msg(
                lang,
                `must have at least ${String(p.limit)} characters`,
                `至少需要 ${String(p.limit)} 個字元`,
              ),
      };
    case 'maxLength':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message: msg(
          lang,
          `must have at most ${String(p.limit)} characters`,
          `最多 ${String(p.limit)} 個字元`,
        ),
      };
    case 'format':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message: msg(
          lang,
          `must be a valid ${FORMAT_NAMES[String(p.format)]?.[0] ?? String(p.format)}`,
          `不是有效的${FORMAT_NAMES[String(p.format)]?.[1] ?? String(p.format)}`,
        ),
      };
    case 'pattern':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message: msg(lang, 'has the wrong format', '格式不正確'),
      };
    case 'type':
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message:
          field?.type === 'money'
            ? msg(
                lang,
                'must be an amount in yuan with at most 2 decimals',
                '必須是以元為單位、最多兩位小數的金額',
              )
            : msg(lang, `must be a ${String(p.type)}`, `必須是 ${String(p.type)}`),
      };
    default:
      return {
        code: 'CW_ERR_FORM_INVALID',
        pointer: e.instancePath,
        message: msg(lang, e.message ?? 'is invalid', '資料無效'),
      };
  }
}

function msg(lang: Lang, en: string, zh: string): string {
  return say(lang, zh, en);
}

/** A file field's attachments: the same one (by id) twice is refused at its second place. */
function repeatedFiles(value: unknown[], pointer: string, lang: Lang): ErrorDetail[] {
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  value.forEach((ref, i) => {
    const id = ref && typeof ref === 'object' ? (ref as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id))
      out.push({
        code: 'CW_ERR_FORM_INVALID',
        pointer: `${pointer}/${i}`,
        message: msg(lang, 'is the same file as an earlier one', '與前面的檔案相同'),
      });
    seen.add(id);
  });
  return out;
}
