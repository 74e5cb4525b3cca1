/**
 * Layout fields: `section` and `page` hold other fields but no data. Their children's keys stay
 * at the level around them, so laying a form out in sections, columns and wizard pages never
 * changes the shape of the submitted data (existing process mappings keep working).
 *
 * @example
 *   dataFields([{ key: 'who', type: 'section', visibleIf: 'injured', fields: [name] }])
 *   // [{ ...name, visibleIf: '(injured)' }]: the section's condition carried to its fields
 */
import type { FormDefinition, FormField } from '../generated/index.ts';

export const LAYOUT_TYPES = ['section', 'page'] as const;
export type LayoutType = (typeof LAYOUT_TYPES)[number];

export function isLayout(field: FormField): boolean {
  return (LAYOUT_TYPES as readonly string[]).includes(field.type);
}

const flattened = new WeakMap<FormField[], FormField[]>();

/**
 * The data fields of one level, layout containers looked through, in reading order. A field
 * inside a container with `visibleIf` gets the containers' conditions joined to its own with
 * `and` (FEEL's `and` is true only when every part is true, as visibility needs).
 */
export function dataFields(fields: FormField[]): FormField[] {
  let out = flattened.get(fields);
  if (out) return out;
  out = [];
  const visit = (list: FormField[], when: string[]) => {
    for (const f of list) {
      if (isLayout(f)) {
        visit(f.fields ?? [], f.visibleIf ? [...when, f.visibleIf] : when);
        continue;
      }
      const conditions = f.visibleIf ? [...when, f.visibleIf] : when;
      out!.push(
        when.length ? { ...f, visibleIf: conditions.map((c) => `(${c})`).join(' and ') } : f,
      );
    }
  };
  visit(fields, []);
  flattened.set(fields, out);
  return out;
}

/** The wizard pages of a form: its top-level fields when they are pages, else none. */
export function pagesOf(form: Pick<FormDefinition, 'fields'>): FormField[] {
  const fields = Array.isArray(form.fields) ? form.fields : [];
  return fields.length > 0 && fields.every((f) => f.type === 'page') ? fields : [];
}

/** The keys of the data fields a layout container holds (at its own data level). */
export function keysIn(container: FormField): string[] {
  return dataFields(container.fields ?? []).map((f) => f.key);
}

/**
 * The field a data pointer names (`/receipts`, `/invoices/0/scan`): layout looked through,
 * entries of repeatable groups skipped. Undefined when no field has that place.
 */
export function fieldAtPointer(fields: FormField[], pointer: string): FormField | undefined {
  let list = fields;
  let found: FormField | undefined;
  for (const seg of pointer.split('/').slice(1)) {
    if (/^\d+$/.test(seg) && found?.repeatable) continue;
    found = dataFields(list).find((f) => f.key === seg);
    if (!found) return undefined;
    list = found.fields ?? [];
  }
  return found;
}
