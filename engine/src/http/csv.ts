/**
 * Tables as JSON or CSV: the supervisors' routes (analytics, pending timers) answer
 * `{ items, … }` by default and the same rows as CSV with `?format=csv` (csv/, with its
 * formula-injection guard), so any table the studio shows can be exported.
 *
 * @example
 *   return sendTable(reply, req.query.format, rows, { total, limit, offset });
 */
import type { FastifyReply } from 'fastify';
import { toCsv } from '../csv/index.ts';

/** The `format` query parameter of a table route. */
export const formatParam = { type: 'string', enum: ['json', 'csv'], default: 'json' } as const;
export type TableFormat = 'json' | 'csv';

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
