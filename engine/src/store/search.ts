/**
 * Case search in the store: `case_search_terms` (each case's business key, reference and
 * declared variables, as normalised text or, for personal data, blind-index digests only) and
 * `case_search_state` (under which data key each case was indexed); the searches, related
 * cases, and the summary columns results show.
 */
import {
  instanceVisibleParams,
  instanceVisibleSql,
  taskVisibleSql,
  workGroups,
  worksEveryTask,
  type Actor,
} from '../access/index.ts';
import type { Queryable, Tx } from './db.ts';
import { likePrefix } from './like.ts';

/** A term as stored: normalised text, or a digest with the key that made it. */
export interface StoredTerm {
  kind: string;
  value: string | null;
  digest: string | null;
  keyId: string | null;
}

/** Replaces a case's terms and records the data key they were made with. */
export async function replaceTerms(
  tx: Tx,
  instanceId: string,
  terms: readonly StoredTerm[],
  keyId: string,
): Promise<void> {
  await tx.query(`DELETE FROM case_search_terms WHERE instance_id = $1`, [instanceId]);
  if (terms.length)
    await tx.query(
      `INSERT INTO case_search_terms (instance_id, kind, value, digest, key_id)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        instanceId,
        terms.map((t) => t.kind),
        terms.map((t) => t.value),
        terms.map((t) => t.digest),
        terms.map((t) => t.keyId),
      ],
    );
  await tx.query(
    `INSERT INTO case_search_state (instance_id, key_id, indexed_at) VALUES ($1, $2, now())
     ON CONFLICT (instance_id) DO UPDATE SET key_id = EXCLUDED.key_id, indexed_at = EXCLUDED.indexed_at`,
    [instanceId, keyId],
  );
}

/** Cases after `after` (in id order) never indexed, or indexed under another key than `keyId`. */
export async function casesToIndex(
  db: Queryable,
  q: { after: string; keyId: string; limit: number },
): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    `SELECT i.id FROM instances i LEFT JOIN case_search_state s ON s.instance_id = i.id
     WHERE i.id > $1 AND (s.instance_id IS NULL OR s.key_id <> $2) ORDER BY i.id LIMIT $3`,
    [q.after, q.keyId, q.limit],
  );
  return r.rows.map((x) => x.id);
}

/** What indexing a case reads of its instance row. */
export interface IndexedCaseRow {
  id: string;
  process_id: string;
  process_version: number;
  business_key: string | null;
  reference: string | null;
  state: { variables: Record<string, unknown> };
}

export async function lockCaseForIndex(tx: Tx, id: string): Promise<IndexedCaseRow | undefined> {
  const r = await tx.query<IndexedCaseRow>(
    `SELECT id, process_id, process_version, business_key, reference, state FROM instances WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return r.rows[0];
}

/**
 * Locks those of these cases that no other transaction holds (`SKIP LOCKED`: a step at work on
 * one indexes it itself, or a later pass does) and reads what indexing needs, in id order.
 */
export async function lockCasesForIndex(tx: Tx, ids: readonly string[]): Promise<IndexedCaseRow[]> {
  const r = await tx.query<IndexedCaseRow>(
    `SELECT id, process_id, process_version, business_key, reference, state FROM instances
     WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE SKIP LOCKED`,
    [ids],
  );
  return r.rows;
}

/** The columns a summary reads. */
export interface SummaryRow {
  id: string;
  process_id: string;
  process_version: number;
  business_key: string | null;
  reference: string | null;
  status: string;
  started_at: Date;
  ended_at: Date | null;
  tokens: { nodeId: string }[];
  variables: Record<string, unknown>;
  parent_id: string | null;
}

const SUMMARY_COLUMNS = `i.id, i.process_id, i.process_version, i.business_key, i.reference, i.status, i.started_at,
  i.ended_at, i.parent_id, i.state->'tokens' AS tokens, i.state->'variables' AS variables`;

/** The summary columns of one case. */
export async function summaryRow(db: Queryable, id: string): Promise<SummaryRow | undefined> {
  const r = await db.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM instances i WHERE i.id = $1`,
    [id],
  );
  return r.rows[0];
}

/** The open tasks of these cases the actor may open, oldest first. */
export async function openTasksVisible(
  db: Queryable,
  actor: Actor,
  instanceIds: string[],
): Promise<{ id: string; instance_id: string; node_id: string }[]> {
  const r = await db.query<{ id: string; instance_id: string; node_id: string }>(
    `SELECT t.id, t.instance_id, t.node_id FROM tasks t
     WHERE t.instance_id = ANY($3::text[]) AND t.status = 'open' AND ($4::boolean OR ${taskVisibleSql('t', 1)})
     ORDER BY t.created_at, t.id`,
    [actor.id, workGroups(actor), instanceIds, worksEveryTask(actor)],
  );
  return r.rows;
}

/** What a search matches on one kind: a prefix of its text, or one of its digests. */
export interface TermMatch {
  kind: string;
  prefix: string | null;
  digests: string[] | null;
}

export interface FoundRow extends SummaryRow {
  matched: string[];
  matched_blind: string[];
  total: number;
}

/**
 * The cases the actor may see with a term matching, newest first, each with the kinds it
 * matched (and those matched through a digest); `total` on every row (none past the end).
 */
export async function searchTerms(
  db: Queryable,
  actor: Actor,
  q: {
    matches: readonly TermMatch[];
    status?: string;
    limit: number;
    offset: number;
  },
): Promise<FoundRow[]> {
  const params: unknown[] = [...instanceVisibleParams(actor)];
  const p = (v: unknown) => `$${params.push(v)}`;
  const conditions = q.matches.flatMap((m) => {
    const any: string[] = [];
    if (m.prefix !== null) any.push(`t.value LIKE ${p(likePrefix(m.prefix))}`);
    if (m.digests) any.push(`t.digest = ANY(${p(m.digests)}::text[])`);
    return any.length ? [`(t.kind = ${p(m.kind)} AND (${any.join(' OR ')}))`] : [];
  });
  if (!conditions.length) return [];
  const r = await db.query<FoundRow>(
    `WITH hits AS (
       SELECT t.instance_id, array_agg(DISTINCT t.kind) AS matched,
         coalesce(array_agg(DISTINCT t.kind) FILTER (WHERE t.digest IS NOT NULL), '{}') AS matched_blind
       FROM case_search_terms t
       WHERE ${conditions.join(' OR ')} GROUP BY t.instance_id)
     SELECT ${SUMMARY_COLUMNS}, h.matched, h.matched_blind, count(*) OVER ()::int AS total
     FROM hits h JOIN instances i ON i.id = h.instance_id
     WHERE ${instanceVisibleSql('i', 1)} AND (${p(q.status ?? null)}::text IS NULL OR i.status = $${params.length})
     ORDER BY i.started_at DESC, i.id LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`,
    params,
  );
  return r.rows;
}

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

/**
 * The cases related to one (parent, children, same customer by digest, same policy or claim),
 * newest first, each with its relations and whether the actor may see it.
 */
export async function relatedRows<R extends string>(
  db: Queryable,
  actor: Actor,
  instanceId: string,
  limit: number,
): Promise<(SummaryRow & { relations: R[]; visible: boolean })[]> {
  const r = await db.query<SummaryRow & { relations: R[]; visible: boolean }>(
    `WITH rel AS (SELECT instance_id, array_agg(DISTINCT relation ORDER BY relation) AS relations
                  FROM (${RELATED_SQL}) x GROUP BY instance_id)
     SELECT ${SUMMARY_COLUMNS}, rel.relations, ${instanceVisibleSql('i', 2)} AS visible
     FROM rel JOIN instances i ON i.id = rel.instance_id
     ORDER BY i.started_at DESC, i.id LIMIT $5`,
    [instanceId, ...instanceVisibleParams(actor), limit],
  );
  return r.rows;
}
