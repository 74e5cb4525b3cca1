/**
 * Bulk migration of a process's running cases (`/api/migrations`): its calls typed by the
 * engine's OpenAPI document, and the mapping rows of the screen, built from a dry run's report
 * (the nodes the cases wait at: those that would move and those a refusal names).
 *
 * ```ts
 * const report = await previewCases(api, { processId: 'claim', toVersion: 4 });
 * mappingRows(report, {}); // [{ node: 'review', tokens: 12, to: 'review' }, { node: 'approve', tokens: 0, to: '' }]
 * ```
 */
import type { Answer, Api } from '../api';

type Started = Answer<'/api/migrations', 'post'>;
/** A dry run's report. */
export type BulkPreview = Extract<Started, { movable: number }>;
/** A batch and its progress. */
export type BulkBatch = Exclude<Started, { movable: number }>;
/** A batch with a page of its cases. */
export type BulkBatchDetail = Answer<'/api/migrations/{id}', 'get'>;

export interface BulkRequest {
  processId: string;
  fromVersion?: number;
  toVersion: number;
  mapping?: Record<string, string>;
}

export const previewCases = (api: Api, body: BulkRequest) =>
  api.post('/api/migrations', { body: { ...body, dryRun: true } }) as Promise<BulkPreview>;

export const migrateCases = (api: Api, body: BulkRequest) =>
  api.post('/api/migrations', { body: { ...body, dryRun: false } }) as Promise<BulkBatch>;

export const bulkMigrations = (api: Api, processId: string) =>
  api.get('/api/migrations', { query: { processId, limit: 20 } });

export const bulkMigration = (api: Api, id: string) =>
  api.get('/api/migrations/{id}', { path: { id }, query: { limit: 200 } });

export const cancelBulkMigration = (api: Api, id: string) =>
  api.post('/api/migrations/{id}/cancel', { path: { id } });

/** A row of the mapping table: a node cases wait at, how many tokens, where it goes. */
export interface MappingRow {
  node: string;
  /** Tokens of movable cases waiting there (a refused case's node counts 0). */
  tokens: number;
  /** The chosen target node ('' for the node of the same id). */
  to: string;
}

/**
 * The waiting nodes of a report, each with its chosen target (what the user chose, else where
 * the report maps it when that is another node, else ''): the moving nodes, then the nodes the
 * refusals name, each once, in name order.
 */
export function mappingRows(report: BulkPreview, chosen: Record<string, string>): MappingRow[] {
  const rows = new Map<string, MappingRow>();
  for (const e of report.mapping) {
    const row = rows.get(e.from) ?? { node: e.from, tokens: 0, to: '' };
    row.tokens += e.tokens;
    if (e.to !== e.from) row.to = e.to;
    rows.set(e.from, row);
  }
  for (const item of report.items)
    for (const p of item.problems)
      if (p.nodeId && !rows.has(p.nodeId))
        rows.set(p.nodeId, { node: p.nodeId, tokens: 0, to: '' });
  return [...rows.values()]
    .map((r) => ({ ...r, to: chosen[r.node] ?? r.to }))
    .sort((a, b) => a.node.localeCompare(b.node));
}

/** The share of a batch's cases handled, 0..100. */
export function percentDone(b: { done: number; total: number }): number {
  return b.total ? Math.floor((b.done * 100) / b.total) : 100;
}
