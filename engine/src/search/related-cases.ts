/**
 * Related cases: the parent and children of a case (call activities), cases of the same
 * customer (equal blind-index digests of the ID number or phone number, so no ID number is
 * read), and cases referencing the same policy number or the same claim (a complaint's claim
 * number is the claim's business key). Only cases the caller may see are listed; `hidden`
 * counts the others, so staff know to ask a colleague.
 *
 * @example
 *   const { items, hidden } = await relatedCases(deps, actor, instanceId);
 */
import type { DefinitionRegistry } from '../definitions/index.ts';
import type { Actor } from '../access/index.ts';
import { search, type Db } from '../store/index.ts';
import { summarise, type CaseSummary } from './case-summary.ts';

export const RELATIONS = {
  parent: 'parent',
  child: 'child',
  sameCustomer: 'sameCustomer',
  samePolicy: 'samePolicy',
  sameClaim: 'sameClaim',
} as const;
export type Relation = (typeof RELATIONS)[keyof typeof RELATIONS];

export interface RelatedCase extends CaseSummary {
  relations: Relation[];
}

/** Instance ids related to $1, with why (see the header). */
export async function relatedCases(
  deps: { db: Db; registry: DefinitionRegistry },
  actor: Actor,
  instanceId: string,
  limit = 50,
): Promise<{ items: RelatedCase[]; hidden: number }> {
  const rows = await search.relatedRows<Relation>(deps.db, actor, instanceId, limit);
  const visible = rows.filter((row) => row.visible);
  const summaries = await summarise(deps, actor, visible);
  return {
    items: summaries.map((s, k) => ({ ...s, relations: visible[k]!.relations })),
    hidden: rows.length - visible.length,
  };
}
