/**
 * Immutable edits for the structured editors: a property set (kept in its place, new ones
 * appended) or removed when `undefined`, and list items replaced, removed or added.
 */

/** `obj` with `key` set to `value`, or without `key` when `value` is undefined. */
export function patch<T extends object, K extends keyof T>(
  obj: T,
  key: K,
  value: T[K] | undefined,
): T {
  const next = { ...obj };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** `list` with item `i` replaced. */
export const replaceAt = <T>(list: readonly T[], i: number, item: T): T[] =>
  list.map((x, j) => (j === i ? item : x));

/** `list` without item `i`. */
export const removeAt = <T>(list: readonly T[], i: number): T[] => list.filter((_, j) => j !== i);

/** A list property: undefined when empty, so an emptied list leaves no `[]` behind. */
export const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length ? list : undefined);

/** Parses `name = FEEL` lines into a mapping object (undefined when empty). */
export function parseMappings(text: string): Record<string, string | undefined> | undefined {
  // (the generated types allow undefined values in these maps)
  const out: Record<string, string | undefined> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i < 0) continue;
    const name = line.slice(0, i).trim();
    const expr = line.slice(i + 1).trim();
    if (name && expr) out[name] = expr;
  }
  return Object.keys(out).length ? out : undefined;
}

export const formatMappings = (m: Record<string, string | undefined> | undefined) =>
  Object.entries(m ?? {})
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
