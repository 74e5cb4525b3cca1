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
import { may, type Actor } from '../access/index.ts';
import { search, type Db, type TermMatch } from '../store/index.ts';
import type { CaseIndex } from './case-index.ts';
import { summarise, type CaseSummary } from './case-summary.ts';
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

export async function findCases(
  deps: { db: Db; registry: DefinitionRegistry; index: CaseIndex },
  actor: Actor,
  query: FindCasesQuery,
): Promise<{ items: FoundCase[]; total: number }> {
  const digests = may(actor, 'readPersonalData');
  const matches: TermMatch[] = [];
  for (const kind of query.kinds) {
    const n = normalise(kind, query.q);
    if (n === null) continue;
    const prefix = PERSONAL_KINDS.has(kind) ? null : n;
    const hashed = digests ? deps.index.blind.digests(kind, n) : null;
    if (prefix !== null || hashed) matches.push({ kind, prefix, digests: hashed });
  }
  if (!matches.length) return { items: [], total: 0 };
  const rows = await search.searchTerms(deps.db, actor, {
    matches,
    status: query.status,
    limit: query.limit,
    offset: query.offset,
  });
  const summaries = await summarise(deps, actor, rows);
  return {
    items: summaries.map((s, k) => ({
      ...s,
      matched: rows[k]!.matched as SearchKind[],
      matchedBlind: rows[k]!.matched_blind as SearchKind[],
    })),
    total: rows[0]?.total ?? (query.offset > 0 ? await countOnly() : 0),
  };

  // Past the last page the window count is not there: count without the page.
  async function countOnly(): Promise<number> {
    const c = await findCases(deps, actor, { ...query, offset: 0, limit: 1 });
    return c.total;
  }
}
