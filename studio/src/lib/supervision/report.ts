/**
 * The complaints report's sums, pure: rows of the engine's report (one per period, business
 * category and region) added up in all, per category or per region. Counts add; the average
 * handling time is weighted by how many were decided in each row.
 *
 * @example
 *   byDimension(report.items, 'category'); // [{ value: 'life', totals: { received: 3, … } }, …]
 */
import type { ComplaintRow } from './api';

export const COUNTS = [
  'received',
  'closedWithin15Days',
  'extendedTo30Days',
  'overdue',
  'open',
  'major',
] as const;
export type Count = (typeof COUNTS)[number];

export type Totals = Record<Count | 'decided', number> & { averageHandlingMs: number | null };

export function totals(rows: readonly ComplaintRow[]): Totals {
  const out = Object.fromEntries([...COUNTS, 'decided'].map((k) => [k, 0])) as Totals;
  let handled = 0;
  for (const r of rows) {
    for (const k of COUNTS) out[k] += r[k];
    out.decided += r.decided;
    if (r.averageHandlingMs !== null) handled += r.averageHandlingMs * r.decided;
  }
  out.averageHandlingMs = out.decided ? Math.round(handled / out.decided) : null;
  return out;
}

/** Totals per value of one dimension, most received first (no value last). */
export function byDimension(
  rows: readonly ComplaintRow[],
  key: 'category' | 'region',
): { value: string | null; totals: Totals }[] {
  const values = [...new Set(rows.map((r) => r[key]))];
  return values
    .map((value) => ({ value, totals: totals(rows.filter((r) => r[key] === value)) }))
    .sort(
      (a, b) =>
        Number(a.value === null) - Number(b.value === null) ||
        b.totals.received - a.totals.received ||
        String(a.value).localeCompare(String(b.value)),
    );
}
