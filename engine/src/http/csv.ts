/**
 * Tables as JSON or CSV: the supervisors' routes (analytics, pending timers) answer
 * `{ items, … }` by default and the same rows as CSV with `?format=csv`, so any table the
 * studio shows can be exported.
 *
 * @example
 *   return sendTable(reply, req.query.format, rows, { total, limit, offset });
 */
import type { FastifyReply } from 'fastify';

/** The `format` query parameter of a table route. */
export const formatParam = { type: 'string', enum: ['json', 'csv'], default: 'json' } as const;
export type TableFormat = 'json' | 'csv';

/**
 * One CSV cell: quoted when it holds a comma, a quote or a line break. Text that a spreadsheet
 * would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: a root
 * cause typed by staff, a name from a form) is prefixed with `'`, so it opens as text; numbers
 * are written as they are.
 */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV with a header line naming every column met in any row (in order of meeting). */
export function toCsv(items: Record<string, unknown>[]): string {
  const columns = [...new Set(items.flatMap((r) => Object.keys(r)))];
  const lines = [columns.join(','), ...items.map((r) => columns.map((c) => cell(r[c])).join(','))];
  return `${lines.join('\n')}\n`;
}

/** Sends rows as JSON `{ items, ...extra }` or as CSV (`extra` is left out of the CSV). */
export function sendTable(
  reply: FastifyReply,
  format: TableFormat,
  items: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
) {
  if (format === 'json') return reply.send({ items, ...extra });
  return reply.type('text/csv; charset=utf-8').send(toCsv(items));
}
