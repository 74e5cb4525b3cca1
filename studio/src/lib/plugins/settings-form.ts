/**
 * The settings forms of a plugin, built from its manifest: one field per property of its
 * `config` or `secrets` schema, labelled, explained, grouped, ordered and shown on a condition
 * as its presentation hints (`ui`) say, else from the schema (`title`, `description`). Pure:
 * the page renders what this returns and sends what `configOf` makes of the values.
 *
 * @example
 *   const groups = formGroups('config', email.configSchema, email.ui, 'en');
 *   // [{ id: 'server', label: 'Mail server', fields: [{ key: 'host', widget: 'text', … }] }, …]
 *   configOf(groups, { host: 'smtp.example.com', port: '465', secure: true }); // port as a number
 */
import { labelIn, type Lang } from '$lib/i18n';

type Text = { 'zh-Hant'?: string; en?: string };
export interface UiField {
  label?: Text;
  help?: Text;
  group?: string;
  order?: number;
  widget?: Widget;
  placeholder?: string;
  showIf?: { field: string; equals: unknown };
}
export interface UiHints {
  groups?: { id: string; label: Text; help?: Text }[];
  fields?: Record<string, UiField | undefined>;
}
export type Widget =
  'text' | 'textarea' | 'password' | 'url' | 'number' | 'switch' | 'select' | 'json';

interface Schema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
}

export interface FormField {
  /** The property's name; nested ones as `from/address`. */
  key: string;
  /** The engine's JSON pointer of its problems, e.g. `/config/from/address`. */
  pointer: string;
  label: string;
  help: string;
  widget: Widget;
  required: boolean;
  placeholder: string;
  options: string[];
  showIf?: { field: string; equals: unknown };
  /** An object of plain values: its own fields, in a fieldset. */
  fields?: FormField[];
  order: number;
}

export interface FormGroup {
  /** null: the fields no group claims. */
  id: string | null;
  label: string;
  help: string;
  fields: FormField[];
}

const plain = (s: Schema) =>
  ['string', 'integer', 'number', 'boolean'].includes(String(s.type)) || Array.isArray(s.enum);

function widgetOf(s: Schema, hint: UiField | undefined, form: 'config' | 'secrets'): Widget {
  if (hint?.widget) return hint.widget;
  if (Array.isArray(s.enum)) return 'select';
  if (s.type === 'boolean') return 'switch';
  if (s.type === 'integer' || s.type === 'number') return 'number';
  if (s.type === 'string')
    return form === 'secrets' ? 'password' : s.format === 'uri' ? 'url' : 'text';
  return 'json';
}

function fieldsOf(
  form: 'config' | 'secrets',
  schema: Schema,
  hints: UiHints | null,
  lang: Lang,
  prefix = '',
): FormField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([name, s], i): FormField => {
      const key = `${prefix}${name}`;
      // a nested field's hints are keyed by its path: `config/from/address`
      const hint = hints?.fields?.[`${form}/${key}`];
      const nested =
        !prefix && s.type === 'object' && s.properties && Object.values(s.properties).every(plain);
      return {
        key,
        pointer: `/${form}/${key}`,
        label: labelIn(lang, hint?.label, s.title ?? name),
        help: labelIn(lang, hint?.help, s.description ?? ''),
        widget: nested ? 'json' : widgetOf(s, hint, form),
        required: required.has(name),
        placeholder: hint?.placeholder ?? '',
        options: (s.enum ?? []).map(String),
        ...(hint?.showIf ? { showIf: hint.showIf } : {}),
        ...(nested ? { fields: fieldsOf(form, s, hints, lang, `${key}/`) } : {}),
        order: hint?.order ?? 1000 + i,
      };
    })
    .sort((a, b) => a.order - b.order);
}

/** The form's fields in their groups: the manifest's groups in order, then the ungrouped. */
export function formGroups(
  form: 'config' | 'secrets',
  schema: Record<string, unknown> | null,
  hints: UiHints | null,
  lang: Lang,
): FormGroup[] {
  if (!schema) return [];
  const fields = fieldsOf(form, schema as Schema, hints, lang);
  const groupOf = (f: FormField) => hints?.fields?.[`${form}/${f.key}`]?.group ?? null;
  const groups: FormGroup[] = (hints?.groups ?? []).map((g) => ({
    id: g.id,
    label: labelIn(lang, g.label, g.id),
    help: labelIn(lang, g.help, ''),
    fields: fields.filter((f) => groupOf(f) === g.id),
  }));
  const rest = fields.filter((f) => groupOf(f) === null);
  return [
    ...groups.filter((g) => g.fields.length),
    ...(rest.length ? [{ id: null, label: '', help: '', fields: rest }] : []),
  ];
}

/** Whether a field is shown for these values (its `showIf` holds, or it has none). */
export const shown = (f: FormField, values: Record<string, unknown>) =>
  !f.showIf || values[f.showIf.field] === f.showIf.equals;

/** What an input shows for a stored value (JSON fields as indented text). */
export function inputValue(f: FormField, value: unknown): string | boolean {
  if (f.widget === 'switch') return value === true;
  if (value === undefined || value === null) return '';
  if (f.widget === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/**
 * The configuration the form's values make: numbers as numbers, JSON parsed, empty and hidden
 * fields left out. A JSON field that does not parse is a problem at its pointer.
 */
export function configOf(
  groups: FormGroup[],
  values: Record<string, unknown>,
): { config: Record<string, unknown>; problems: { pointer: string; message: string }[] } {
  const config: Record<string, unknown> = {};
  const problems: { pointer: string; message: string }[] = [];
  const put = (f: FormField, into: Record<string, unknown>, raw: unknown, name: string) => {
    if (f.widget === 'switch') {
      into[name] = raw === true;
      return;
    }
    if (raw === undefined || raw === null || raw === '') return;
    if (f.widget === 'number') into[name] = Number(raw);
    else if (f.widget === 'json')
      try {
        into[name] = JSON.parse(String(raw));
      } catch {
        problems.push({ pointer: f.pointer, message: 'JSON' });
      }
    else into[name] = raw;
  };
  for (const f of groups.flatMap((g) => g.fields)) {
    if (!shown(f, values)) continue;
    if (f.fields) {
      const inner: Record<string, unknown> = {};
      for (const c of f.fields) put(c, inner, values[c.key], c.key.slice(f.key.length + 1));
      if (Object.keys(inner).length) config[f.key] = inner;
    } else put(f, config, values[f.key], f.key);
  }
  return { config, problems };
}

/** The form's values from a stored configuration (nested objects flattened to `a/b`). */
export function valuesOf(groups: FormGroup[], config: unknown): Record<string, unknown> {
  const c = (config ?? {}) as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const f of groups.flatMap((g) => g.fields)) {
    if (f.fields) {
      const inner = (c[f.key] ?? {}) as Record<string, unknown>;
      for (const x of f.fields) values[x.key] = inputValue(x, inner[x.key.slice(f.key.length + 1)]);
    } else values[f.key] = inputValue(f, c[f.key]);
  }
  return values;
}
