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
import { instanceVisibleParams, instanceVisibleSql, type Actor } from '../access/index.ts';
import type { Db } from '../store/index.ts';
import { SUMMARY_COLUMNS, summarise, type CaseSummary, type SummaryRow } from './case-summary.ts';

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
const RELATED_SQL = `
  SELECT c.id AS instance_id, 'parent' AS relation FROM instances me JOIN instances c ON c.id = me.parent_id WHERE me.id = $1
  UNION ALL SELECT c.id, 'child' FROM instances c WHERE c.parent_id = $1
  UNION ALL
  SELECT o.instance_id, CASE WHEN m.kind IN ('idNumber', 'phone') THEN 'sameCustomer'
                             WHEN m.kind = 'policyNumber' THEN 'samePolicy' ELSE 'sameClaim' END
  FROM case_search_terms m JOIN case_search_terms o ON o.instance_id <> m.instance_id AND (
       (m.kind IN ('idNumber', 'phone') AND o.kind = m.kind AND o.digest = m.digest)
    OR (m.kind = 'policyNumber' AND o.kind = 'policyNumber' AND o.value = m.value)
    OR (m.kind IN ('claimNumber', 'businessKey') AND o.kind IN ('claimNumber', 'businessKey')
        AND NOT (m.kind = 'businessKey' AND o.kind = 'businessKey') AND o.value = m.value))
  WHERE m.instance_id = $1`;

export async function relatedCases(
  deps: { db: Db; registry: DefinitionRegistry },
  actor: Actor,
  instanceId: string,
  limit = 50,
): Promise<{ items: RelatedCase[]; hidden: number }> {
  const r = await deps.db.query<SummaryRow & { relations: Relation[]; visible: boolean }>(
    `WITH rel AS (SELECT instance_id, array_agg(DISTINCT relation ORDER BY relation) AS relations
                  FROM (${RELATED_SQL}) x GROUP BY instance_id)
     SELECT ${SUMMARY_COLUMNS}, rel.relations, ${instanceVisibleSql('i', 2)} AS visible
     FROM rel JOIN instances i ON i.id = rel.instance_id
     ORDER BY i.started_at DESC, i.id LIMIT $5`,
    [instanceId, ...instanceVisibleParams(actor), limit],
  );
  const visible = r.rows.filter((row) => row.visible);
  const summaries = await summarise(deps, actor, visible);
  return {
    items: summaries.map((s, k) => ({ ...s, relations: visible[k]!.relations })),
    hidden: r.rows.length - visible.length,
  };
}
