/**
 * Case search: the cases the caller may see (access/) whose terms match the query.
 * Text kinds (business key, customer name, policy and claim numbers) match by prefix of the
 * normalised value; personal kinds (ID and phone numbers) and variables marked sensitive
 * match whole values through the blind index, and only for callers with the `personal-data`
 * role (the route refuses the others before this runs).
 *
 * @example
 *   const page = await findCases(deps, actor, { q: 'A123456789', kinds: ['idNumber'], limit: 20, offset: 0 });
 */
import type { DefinitionRegistry } from '../definitions/index.ts';
import { instanceVisibleParams, instanceVisibleSql, may, type Actor } from '../access/index.ts';
import type { Db } from '../store/index.ts';
import type { CaseIndex } from './case-index.ts';
import { SUMMARY_COLUMNS, summarise, type CaseSummary, type SummaryRow } from './case-summary.ts';
import { PERSONAL_KINDS, normalise, type SearchKind } from './terms.ts';

export interface FindCasesQuery {
  q: string;
  kinds: readonly SearchKind[];
  status?: 'active' | 'completed' | 'cancelled';
  limit: number;
  offset: number;
}

export interface FoundCase extends CaseSummary {
  /** The kinds the query matched (never the matched value). */
  matched: SearchKind[];
  /** Those of them matched through the blind index (personal data: the route audits them). */
  matchedBlind: SearchKind[];
}

/** A LIKE pattern matching values that start with `s` (its own %, _ and \\ taken literally). */
export const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function findCases(
  deps: { db: Db; registry: DefinitionRegistry; index: CaseIndex },
  actor: Actor,
  query: FindCasesQuery,
): Promise<{ items: FoundCase[]; total: number }> {
  const params: unknown[] = [...instanceVisibleParams(actor)];
  const p = (v: unknown) => `$${params.push(v)}`;
  const digests = may(actor, 'readPersonalData');
  const conditions: string[] = [];
  for (const kind of query.kinds) {
    const n = normalise(kind, query.q);
    if (n === null) continue;
    const matches: string[] = [];
    if (!PERSONAL_KINDS.has(kind)) matches.push(`t.value LIKE ${p(likePrefix(n))}`);
    if (digests) matches.push(`t.digest = ANY(${p(deps.index.blind.digests(kind, n))}::text[])`);
    if (matches.length) conditions.push(`(t.kind = ${p(kind)} AND (${matches.join(' OR ')}))`);
  }
  if (!conditions.length) return { items: [], total: 0 };
  const r = await deps.db.query<
    SummaryRow & { matched: SearchKind[]; matched_blind: SearchKind[]; total: number }
  >(
    `WITH hits AS (
       SELECT t.instance_id, array_agg(DISTINCT t.kind) AS matched,
         coalesce(array_agg(DISTINCT t.kind) FILTER (WHERE t.digest IS NOT NULL), '{}') AS matched_blind
       FROM case_search_terms t
       WHERE ${conditions.join(' OR ')} GROUP BY t.instance_id)
     SELECT ${SUMMARY_COLUMNS}, h.matched, h.matched_blind, count(*) OVER ()::int AS total
     FROM hits h JOIN instances i ON i.id = h.instance_id
     WHERE ${instanceVisibleSql('i', 1)} AND (${p(query.status ?? null)}::text IS NULL OR i.status = $${params.length})
     ORDER BY i.started_at DESC, i.id LIMIT ${p(query.limit)} OFFSET ${p(query.offset)}`,
    params,
  );
  const summaries = await summarise(deps, actor, r.rows);
  return {
    items: summaries.map((s, k) => ({
      ...s,
      matched: r.rows[k]!.matched,
      matchedBlind: r.rows[k]!.matched_blind,
    })),
    total: r.rows[0]?.total ?? (query.offset > 0 ? await countOnly() : 0),
  };

  // Past the last page the window count is not there: count without the page.
  async function countOnly(): Promise<number> {
    const c = await findCases(deps, actor, { ...query, offset: 0, limit: 1 });
    return c.total;
  }
}
