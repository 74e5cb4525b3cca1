/**
 * The one CSV writer, for the engine's table exports (`?format=csv`) and the studio's
 * downloads of tables it computes: RFC 4180 quoting, and text a spreadsheet would run as a
 * formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: a root cause typed by
 * staff, a name from a form) prefixed with `'`, so it opens as text; numbers are written as
 * they are, null and undefined as nothing.
 *
 * @example
 *   csvText(['name', 'n'], [['=1+1', 2]]); // "name,n\n'=1+1,2\n"
 *   toCsv([{ name: 'a,b' }]); // 'name\n"a,b"\n'
 */

/** One CSV cell. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text of rows under a header line of `columns`. */
export function csvText(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [columns, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** Objects as CSV, with a header line naming every key met in any row (in order of meeting). */
export function toCsv(items: readonly Record<string, unknown>[]): string {
  const columns = [...new Set(items.flatMap((r) => Object.keys(r)))];
  return csvText(
    columns,
    items.map((r) => columns.map((c) => r[c])),
  );
}
