/**
 * What changed between two versions of a definition, for the side-by-side diff page.
 * Pure: two bodies in, a structured list of changes out.
 *
 * ```ts
 * const d = diffDefinition('process', v1, v2);
 * d.groups[0]; // { name: 'nodes', added: ['notify'], removed: [], changed: [{ id: 'review', properties: ['assignment'] }] }
 * d.other;     // [{ pointer: '/name/en', kind: 'changed', before: 'Claim', after: 'Claims' }]
 * ```
 */
import type { DefinitionKind } from '../api';

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One difference at a JSON pointer (RFC 6901). */
export interface PointerChange {
  pointer: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
}

/** An item of a keyed list (a node, a flow, a field) that is in both versions but differs. */
export interface ItemChange {
  id: string;
  /** Its top-level properties that differ, in the order they appear (before, then new ones). */
  properties: string[];
  changes: PointerChange[];
}

/** Additions, removals and changes of one keyed list (nodes, flows, fields). */
export interface ItemsDiff {
  name: 'nodes' | 'flows' | 'fields';
  added: string[];
  removed: string[];
  changed: ItemChange[];
}

export interface DefinitionDiff {
  /** Keyed lists compared item by item (processes: nodes and flows; forms: fields). */
  groups: ItemsDiff[];
  /** Everything else, by pointer (the whole body for SLAs and calendars). */
  other: PointerChange[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Every difference between two JSON values, by pointer: objects key by key, arrays index by
 * index (a longer array's extra items are added or removed), anything else as one change.
 */
export function jsonDiff(before: unknown, after: unknown, pointer = ''): PointerChange[] {
  if (jsonEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))];
    return keys.flatMap((k) => {
      const p = `${pointer}/${escape(k)}`;
      if (!(k in after)) return [{ pointer: p, kind: 'removed' as const, before: before[k] }];
      if (!(k in before)) return [{ pointer: p, kind: 'added' as const, after: after[k] }];
      return jsonDiff(before[k], after[k], p);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: PointerChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const p = `${pointer}/${i}`;
      if (i >= after.length) out.push({ pointer: p, kind: 'removed', before: before[i] });
      else if (i >= before.length) out.push({ pointer: p, kind: 'added', after: after[i] });
      else out.push(...jsonDiff(before[i], after[i], p));
    }
    return out;
  }
  return [{ pointer, kind: 'changed', before, after }];
}

/** Compares two lists of items by their key (`id` of a node, `key` of a field). */
export function diffItems(
  name: ItemsDiff['name'],
  before: Map<string, unknown>,
  after: Map<string, unknown>,
): ItemsDiff {
  const result: ItemsDiff = { name, added: [], removed: [], changed: [] };
  for (const [id, item] of before) {
    if (!after.has(id)) result.removed.push(id);
    else if (!jsonEqual(item, after.get(id))) {
      const changes = jsonDiff(item, after.get(id));
      const properties = [...new Set(changes.map((c) => c.pointer.split('/')[1] ?? ''))];
      result.changed.push({ id, properties, changes });
    }
  }
  for (const id of after.keys()) if (!before.has(id)) result.added.push(id);
  return result;
}

function byKey(items: unknown, key: string): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (Array.isArray(items))
    items.forEach((item, i) => {
      const k = isObject(item) && typeof item[key] === 'string' ? item[key] : `#${i}`;
      map.set(k, item);
    });
  return map;
}

/** A form's fields by key path (`claimant.name` for a field of group `claimant`), nested groups flattened. */
export function fieldsByPath(fields: unknown, prefix = ''): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (!Array.isArray(fields)) return map;
  fields.forEach((f, i) => {
    const key = isObject(f) && typeof f.key === 'string' ? f.key : `#${i}`;
    const path = prefix + key;
    if (isObject(f) && Array.isArray(f.fields)) {
      const { fields: nested, ...own } = f;
      map.set(path, own);
      for (const [k, v] of fieldsByPath(nested, `${path}.`)) map.set(k, v);
    } else map.set(path, f);
  });
  return map;
}

function without(body: unknown, keys: string[]): Record<string, unknown> {
  const copy = { ...(isObject(body) ? body : {}) };
  for (const k of keys) delete copy[k];
  return copy;
}

/**
 * The differences between two versions of a definition of `kind`. `version` itself is left
 * out: it always differs.
 */
export function diffDefinition(
  kind: DefinitionKind,
  before: unknown,
  after: unknown,
): DefinitionDiff {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  if (kind === 'process')
    return {
      groups: [
        diffItems('nodes', byKey(b.nodes, 'id'), byKey(a.nodes, 'id')),
        diffItems('flows', byKey(b.flows, 'id'), byKey(a.flows, 'id')),
      ],
      other: jsonDiff(
        without(b, ['version', 'nodes', 'flows']),
        without(a, ['version', 'nodes', 'flows']),
      ),
    };
  if (kind === 'form')
    return {
      groups: [diffItems('fields', fieldsByPath(b.fields), fieldsByPath(a.fields))],
      other: jsonDiff(without(b, ['version', 'fields']), without(a, ['version', 'fields'])),
    };
  return { groups: [], other: jsonDiff(without(b, ['version']), without(a, ['version'])) };
}

/** Whether a diff found nothing. */
export function isEmptyDiff(d: DefinitionDiff): boolean {
  return (
    !d.other.length &&
    d.groups.every((g) => !g.added.length && !g.removed.length && !g.changed.length)
  );
}
