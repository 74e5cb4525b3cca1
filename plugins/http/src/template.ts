/**
 * `{{name}}` placeholders filled from a plain object of values: a lookup, never code. A name
 * is a dotted path of identifiers (`claim.no`, `items.0.code`); anything else between braces
 * is left as written. A placeholder whose value is missing (or null inside text) is an error
 * the caller reports; a body string that is only a placeholder may be null.
 *
 * @example
 *   fill('/claims/{{claim.no}}', { claim: { no: 'C 1' } }, encodeURIComponent); // '/claims/C%201'
 *   fillJson({ amount: '{{amount}}', note: 'for {{who}}' }, { amount: 12, who: 'Li' });
 *   // { amount: 12, note: 'for Li' }
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*(?:\.[\w$]+)*)\s*\}\}/g;
const ONLY = /^\{\{\s*([A-Za-z_$][\w$]*(?:\.[\w$]+)*)\s*\}\}$/;

export class MissingValueError extends Error {
  constructor(readonly path: string) {
    super(`no value for placeholder {{${path}}}`);
  }
}

/** The value at a dotted path, own properties only (no prototype lookups). */
function lookup(values: Record<string, unknown>, path: string): unknown {
  let v: unknown = values;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key))
      throw new MissingValueError(path);
    v = (v as Record<string, unknown>)[key];
  }
  if (v === undefined) throw new MissingValueError(path);
  return v;
}

const text = (v: unknown): string => (typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The template with each placeholder replaced by its value as text, passed through `encode`. */
export function fill(
  template: string,
  values: Record<string, unknown>,
  encode: (s: string) => string = (s) => s,
): string {
  return template.replace(PLACEHOLDER, (_, path: string) => {
    const v = lookup(values, path);
    if (v === null) throw new MissingValueError(path);
    return encode(text(v));
  });
}

/**
 * A copy of a JSON value with placeholders filled in its strings (keys are left as written);
 * a string that is exactly one placeholder becomes the value itself, keeping its JSON type.
 */
export function fillJson(json: unknown, values: Record<string, unknown>): unknown {
  if (typeof json === 'string') {
    const only = ONLY.exec(json);
    return only ? lookup(values, only[1]!) : fill(json, values);
  }
  if (Array.isArray(json)) return json.map((v) => fillJson(v, values));
  if (json !== null && typeof json === 'object')
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, fillJson(v, values)]));
  return json;
}
