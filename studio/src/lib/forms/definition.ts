/**
 * Editing a form definition as JSON, immutably and without noise: a field's properties keep
 * the order they have, a new property goes where form.schema.json lists it, and a field is
 * addressed by its index path (`[2, 0]`: the first field of the third field's group).
 *
 * @example
 *   const next = updateField(form, [0], (f) => setProp(f, 'help', { 'zh-Hant': '…', en: '…' }));
 */
import type { FieldType, FormDefinition, FormField } from '@caseway/engine/types';

export type FieldPath = number[];

/** The properties of a field in the order of form.schema.json. */
export const FIELD_PROPERTIES = [
  'key',
  'type',
  'label',
  'help',
  'description',
  'required',
  'requiredIf',
  'visibleIf',
  'compute',
  'sensitive',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'min',
  'max',
  'options',
  'repeatable',
  'minItems',
  'maxItems',
  'accept',
  'maxSize',
  'maxFiles',
  'width',
  'columns',
  'collapsible',
  'fields',
] as const satisfies readonly (keyof FormField)[];

export const FIELD_TYPES: readonly FieldType[] = [
  'text',
  'textarea',
  'number',
  'integer',
  'money',
  'boolean',
  'select',
  'multiselect',
  'date',
  'datetime',
  'email',
  'phone',
  'group',
  'file',
  'section',
  'page',
];

/** Types that hold other fields: a group (a data level of its own), a section or a page (layout). */
export const CONTAINER_TYPES: readonly FieldType[] = ['group', 'section', 'page'];
const LAYOUT: readonly FieldType[] = ['section', 'page'];
const NOT_COMPUTABLE: readonly FieldType[] = ['group', 'file', 'section', 'page'];

const TEXT_TYPES: readonly FieldType[] = ['text', 'textarea', 'email', 'phone'];
const NUMBER_TYPES: readonly FieldType[] = ['number', 'integer', 'money'];
const CHOICE_TYPES: readonly FieldType[] = ['select', 'multiselect'];

/** Which properties a type uses beyond those every field has. */
export function applies(type: FieldType, prop: keyof FormField): boolean {
  switch (prop) {
    case 'minLength':
    case 'maxLength':
    case 'pattern':
      return TEXT_TYPES.includes(type);
    case 'format':
      return type === 'text' || type === 'phone';
    case 'min':
    case 'max':
      return NUMBER_TYPES.includes(type);
    case 'options':
      return CHOICE_TYPES.includes(type);
    case 'repeatable':
    case 'minItems':
    case 'maxItems':
      return type === 'group';
    case 'fields':
      return CONTAINER_TYPES.includes(type);
    case 'description':
    case 'columns':
      return LAYOUT.includes(type);
    case 'collapsible':
      return type === 'section';
    case 'accept':
    case 'maxSize':
    case 'maxFiles':
      return type === 'file';
    case 'compute':
      return !NOT_COMPUTABLE.includes(type);
    case 'help':
    case 'required':
    case 'requiredIf':
    case 'sensitive':
      return !LAYOUT.includes(type);
    default:
      return true;
  }
}

/**
 * A copy of an object with one property set (in place when it exists, else at its schema
 * position) or removed (`undefined`).
 */
export function setProp<T extends object, K extends keyof T>(obj: T, prop: K, value: T[K]): T {
  const entries = Object.entries(obj) as [string, unknown][];
  const name = prop as string;
  if (value === undefined) return Object.fromEntries(entries.filter(([k]) => k !== name)) as T;
  if (name in obj)
    return Object.fromEntries(entries.map(([k, v]) => [k, k === name ? value : v])) as T;
  const rank = (k: string) => {
    const i = (FIELD_PROPERTIES as readonly string[]).indexOf(k);
    return i < 0 ? Infinity : i;
  };
  const at = entries.findIndex(([k]) => rank(k) > rank(name));
  const next = [...entries];
  next.splice(at < 0 ? next.length : at, 0, [name, value]);
  return Object.fromEntries(next) as T;
}

/** The fields of a group path's list (`[]` for the form's own fields). */
export function fieldsAt(form: FormDefinition, parent: FieldPath): FormField[] {
  let list = form.fields;
  for (const i of parent) list = list[i]?.fields ?? [];
  return list;
}

export function fieldAtPath(form: FormDefinition, path: FieldPath): FormField | undefined {
  if (!path.length) return undefined;
  return fieldsAt(form, path.slice(0, -1))[path[path.length - 1]!];
}

/** A copy of the form with the list at `parent` replaced. */
export function updateList(
  form: FormDefinition,
  parent: FieldPath,
  fn: (fields: FormField[]) => FormField[],
): FormDefinition {
  const go = (list: FormField[], rest: FieldPath): FormField[] => {
    if (!rest.length) return fn(list);
    const [i, ...more] = rest;
    return list.map((f, j) => (j === i ? setProp(f, 'fields', go(f.fields ?? [], more)) : f));
  };
  return setProp(form, 'fields', go(form.fields, parent));
}

export function updateField(
  form: FormDefinition,
  path: FieldPath,
  fn: (field: FormField) => FormField,
): FormDefinition {
  const index = path[path.length - 1]!;
  return updateList(form, path.slice(0, -1), (list) =>
    list.map((f, j) => (j === index ? fn(f) : f)),
  );
}

export function removeField(form: FormDefinition, path: FieldPath): FormDefinition {
  const index = path[path.length - 1]!;
  return updateList(form, path.slice(0, -1), (list) => list.filter((_, j) => j !== index));
}

/** Moves a field within its list to `to` (clamped); returns the form and the field's new path. */
export function moveField(
  form: FormDefinition,
  path: FieldPath,
  to: number,
): { form: FormDefinition; path: FieldPath } {
  const parent = path.slice(0, -1);
  const from = path[path.length - 1]!;
  const list = fieldsAt(form, parent);
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (target === from) return { form, path };
  const next = updateList(form, parent, (l) => {
    const copy = [...l];
    const [moved] = copy.splice(from, 1);
    copy.splice(target, 0, moved!);
    return copy;
  });
  return { form: next, path: [...parent, target] };
}

/**
 * Moves a field into another list (a group, section or page, or out to an outer level) at
 * `index` (clamped; default the end). Refused (the form unchanged) when the target list is
 * inside the moved field itself. Returns the form and the field's new path.
 */
export function moveFieldTo(
  form: FormDefinition,
  path: FieldPath,
  parent: FieldPath,
  index?: number,
): { form: FormDefinition; path: FieldPath } {
  const inside = parent.length >= path.length && path.every((v, i) => parent[i] === v);
  const field = fieldAtPath(form, path);
  if (!field || inside) return { form, path };
  const sameList = parent.length === path.length - 1 && parent.every((v, i) => v === path[i]);
  if (sameList) return moveField(form, path, index ?? fieldsAt(form, parent).length - 1);
  // Remove first, then find the target list again: removal can shift its index path.
  const from = path[path.length - 1]!;
  const shift = (p: FieldPath): FieldPath => {
    const depth = path.length - 1;
    const sharesParent = p.length > depth && path.slice(0, depth).every((v, i) => p[i] === v);
    return sharesParent && p[depth]! > from ? p.map((v, i) => (i === depth ? v - 1 : v)) : p;
  };
  const target = shift(parent);
  const without = removeField(form, path);
  const length = fieldsAt(without, target).length;
  const at = Math.max(0, Math.min(length, index ?? length));
  const next = updateList(without, target, (l) => [...l.slice(0, at), field, ...l.slice(at)]);
  return { form: next, path: [...target, at] };
}

export function insertField(
  form: FormDefinition,
  parent: FieldPath,
  field: FormField,
): { form: FormDefinition; path: FieldPath } {
  const length = fieldsAt(form, parent).length;
  return { form: updateList(form, parent, (l) => [...l, field]), path: [...parent, length] };
}

/** A new field of a type with a key not used among its siblings. */
export function newField(type: FieldType, siblings: FormField[]): FormField {
  const used = new Set(siblings.map((f) => f.key));
  const [prefix, zh, en] = NEW_NAMES[type] ?? NEW_NAMES.field!;
  let n = siblings.length + 1;
  while (used.has(`${prefix}${n}`)) n++;
  const base: FormField = {
    key: `${prefix}${n}`,
    type,
    label: { 'zh-Hant': `${zh} ${n}`, en: `${en} ${n}` },
  };
  return withTypeDefaults(base);
}

const NEW_NAMES: Record<string, [key: string, zh: string, en: string]> = {
  field: ['field', '新欄位', 'New field'],
  section: ['section', '新區段', 'New section'],
  page: ['page', '新頁面', 'New page'],
};

function withTypeDefaults(field: FormField): FormField {
  let f = field;
  if (applies(f.type, 'options') && !f.options?.length)
    f = setProp(f, 'options', [
      { value: 'option1', label: { 'zh-Hant': '選項 1', en: 'Option 1' } },
    ]);
  if (CONTAINER_TYPES.includes(f.type) && !f.fields) f = setProp(f, 'fields', []);
  return f;
}

/** A field changed to another type: properties the type does not use are dropped. */
export function changeType(field: FormField, type: FieldType): FormField {
  let f = setProp(field, 'type', type);
  for (const prop of FIELD_PROPERTIES) if (!applies(type, prop)) f = setProp(f, prop, undefined);
  return withTypeDefaults(f);
}

/** The definition as the JSON view shows it (and the engine stores it). */
export function toJson(form: FormDefinition): string {
  return JSON.stringify(form, null, 2);
}

/**
 * Why a parsed JSON value cannot be edited as a form (null when it can). The engine's
 * validator judges the rest; this only keeps the editor and the preview standing.
 */
export function notAForm(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'the top level must be an object';
  const fields = (value as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return '"fields" must be a list';
  const check = (list: unknown[], at: string): string | null => {
    for (const [i, f] of list.entries()) {
      const where = `${at}/${i}`;
      if (typeof f !== 'object' || f === null || Array.isArray(f))
        return `${where} is not an object`;
      const { key, type, fields: inner } = f as Record<string, unknown>;
      if (typeof key !== 'string') return `${where}/key must be a string`;
      if (!FIELD_TYPES.includes(type as FieldType)) return `${where}/type is not a field type`;
      if (inner !== undefined) {
        if (!Array.isArray(inner)) return `${where}/fields must be a list`;
        const problem = check(inner, `${where}/fields`);
        if (problem) return problem;
      }
    }
    return null;
  };
  return check(fields, '/fields');
}

export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The field a problem's pointer into the definition names (`/fields/2/fields/0/label` -> [2, 0]). */
export function fieldPathOf(pointer: string | undefined): FieldPath | null {
  const m = /^((?:\/fields\/\d+)+)/.exec(pointer ?? '');
  if (!m) return null;
  return m[1]!
    .split('/fields/')
    .slice(1)
    .map((s) => Number(s));
}
