/**
 * The rows every step writes, for many cases in one statement each: their history entries,
 * their instance rows (new and updated) and their search terms (effects/step-rows.ts collects
 * them for a batch of timers, service results or starts). The same columns as
 * `insertStepHistory`, `insertInstance`, `updateAfterStep` and `replaceTerms`, so a case's rows
 * do not tell whether its step ran alone or in a batch. Named (prepared) statements: each
 * connection plans them once.
 */
import type { InstanceState } from '../runtime/index.ts';
import type { Tx } from './db.ts';
import type { NewHistoryEntry } from './history.ts';
import type { InstanceRow } from './instances.ts';
import type { StoredTerm } from './search.ts';

/** One step's history: entries numbered after `afterSeq`, at `at`, by `actor` unless they say. */
export interface StepHistory {
  instanceId: string;
  afterSeq: number;
  at: Date;
  actor: string;
  entries: readonly NewHistoryEntry[];
}

/** Appends the history of many steps in one statement. */
export async function insertStepsHistory(tx: Tx, steps: readonly StepHistory[]): Promise<void> {
  const rows = steps.flatMap((s) => s.entries.map((e, k) => ({ s, e, seq: s.afterSeq + k + 1 })));
  if (!rows.length) return;
  await tx.query({
    name: 'cw_insert_steps_history',
    text: `INSERT INTO history (instance_id, seq, at, type, node_id, token_id, actor, data)
     SELECT x.instance_id, x.seq, x.at, x.type, x.node_id, x.token_id, x.actor,
            NULLIF($8::jsonb->'data'->(x.n::int - 1), 'null'::jsonb)
     FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])
       WITH ORDINALITY AS x(instance_id, seq, at, type, node_id, token_id, actor, n)`,
    values: [
      rows.map((r) => r.s.instanceId),
      rows.map((r) => r.seq),
      rows.map((r) => r.s.at),
      rows.map((r) => r.e.type),
      rows.map((r) => r.e.nodeId ?? null),
      rows.map((r) => r.e.tokenId ?? null),
      rows.map((r) => r.e.actor ?? r.s.actor),
      // one JSON object (not a jsonb[]), so the store seals its personal data like any other
      { data: rows.map((r) => r.e.data ?? null) },
    ],
  });
}

/** A case's state after one or more steps, with the entries and steps they counted. */
export interface StepsDone {
  id: string;
  state: InstanceState;
  entries: number;
  steps: number;
  at: Date;
  /** Set by a step (`setBusinessKey`); kept when absent. */
  businessKey?: string;
}

/** Writes the state of many cases in one statement (each as `updateAfterStep` would). */
export async function updateAfterSteps(tx: Tx, cases: readonly StepsDone[]): Promise<void> {
  if (!cases.length) return;
  await tx.query({
    name: 'cw_update_after_steps',
    text: `UPDATE instances i SET state = u.state, status = u.state->>'status', outcome = u.state->>'outcome',
       revision = i.revision + u.steps, history_seq = i.history_seq + u.entries,
       ended_at = CASE WHEN u.state->>'status' = 'active' THEN NULL ELSE COALESCE(i.ended_at, u.at) END,
       updated_at = u.at, business_key = COALESCE(u.business_key, i.business_key)
     FROM (SELECT x.id, $2::jsonb->'states'->(x.n::int - 1) AS state, x.entries, x.steps, x.at,
                  x.business_key
           FROM unnest($1::text[], $3::int[], $4::int[], $5::timestamptz[], $6::text[])
             WITH ORDINALITY AS x(id, entries, steps, at, business_key, n)) u
     WHERE i.id = u.id`,
    values: [
      cases.map((c) => c.id),
      // one JSON object, sealed like any other
      { states: cases.map((c) => c.state) },
      cases.map((c) => c.entries),
      cases.map((c) => c.steps),
      cases.map((c) => c.at),
      cases.map((c) => c.businessKey ?? null),
    ],
  });
}

/** A new case's row as `insertInstance` takes it. */
export interface NewInstance {
  id: string;
  processId: string;
  version: number;
  reference: string;
  state: InstanceState;
  parentId: string | null;
  parentTokenId: string | null;
  startedBy: string;
  now: Date;
}

/**
 * Inserts many new cases' rows in one statement, each with every column as given: a case new in
 * this transaction is written once, with the state its steps here left it in (`insertedRow` is
 * the row before its first step, as `insertInstance` writes it).
 */
export async function insertInstanceRows(tx: Tx, rows: readonly InstanceRow[]): Promise<void> {
  if (!rows.length) return;
  await tx.query({
    name: 'cw_insert_instance_rows',
    text: `INSERT INTO instances (id, process_id, process_version, business_key, reference, status, state,
         revision, history_seq, parent_id, parent_token_id, outcome, started_by, started_at, ended_at, updated_at)
       SELECT x.id, x.process_id, x.version, x.business_key, x.reference, x.status,
              $16::jsonb->'states'->(x.n::int - 1), x.revision, x.history_seq, x.parent_id,
              x.parent_token_id, x.outcome, x.started_by, x.started_at, x.ended_at, x.updated_at
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[],
                   $8::int[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[],
                   $14::timestamptz[], $15::timestamptz[])
         WITH ORDINALITY AS x(id, process_id, version, business_key, reference, status, revision,
                              history_seq, parent_id, parent_token_id, outcome, started_by,
                              started_at, ended_at, updated_at, n)`,
    values: [
      rows.map((r) => r.id),
      rows.map((r) => r.process_id),
      rows.map((r) => r.process_version),
      rows.map((r) => r.business_key),
      rows.map((r) => r.reference),
      rows.map((r) => r.status),
      rows.map((r) => r.revision),
      rows.map((r) => r.history_seq),
      rows.map((r) => r.parent_id),
      rows.map((r) => r.parent_token_id),
      rows.map((r) => r.outcome),
      rows.map((r) => r.started_by),
      rows.map((r) => r.started_at),
      rows.map((r) => r.ended_at),
      rows.map((r) => r.updated_at),
      // one JSON object, sealed like any other
      { states: rows.map((r) => r.state) },
    ],
  });
}

/** A new case's row as the table holds it once inserted (its defaults: revision 0, no key). */
export function insertedRow(i: NewInstance): InstanceRow {
  return {
    id: i.id,
    process_id: i.processId,
    process_version: i.version,
    business_key: null,
    reference: i.reference,
    status: 'active',
    state: i.state,
    revision: 0,
    history_seq: 0,
    parent_id: i.parentId,
    parent_token_id: i.parentTokenId,
    outcome: null,
    started_by: i.startedBy,
    started_at: i.now,
    ended_at: null,
    updated_at: i.now,
  };
}

/** A case's search terms, to replace what it had (`fresh`: a case of this transaction, with none yet). */
export interface CaseTerms {
  instanceId: string;
  terms: readonly StoredTerm[];
  keyId: string;
  fresh: boolean;
}

/** Replaces the terms of many cases (each as `replaceTerms` would) in three statements at most. */
export async function replaceCasesTerms(tx: Tx, cases: readonly CaseTerms[]): Promise<void> {
  if (!cases.length) return;
  const old = cases.filter((c) => !c.fresh).map((c) => c.instanceId);
  if (old.length)
    await tx.query({
      name: 'cw_delete_cases_terms',
      text: `DELETE FROM case_search_terms WHERE instance_id = ANY($1::text[])`,
      values: [old],
    });
  const terms = cases.flatMap((c) => c.terms.map((t) => ({ c, t })));
  if (terms.length)
    await tx.query({
      name: 'cw_insert_cases_terms',
      text: `INSERT INTO case_search_terms (instance_id, kind, value, digest, key_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      values: [
        terms.map((x) => x.c.instanceId),
        terms.map((x) => x.t.kind),
        terms.map((x) => x.t.value),
        terms.map((x) => x.t.digest),
        terms.map((x) => x.t.keyId),
      ],
    });
  await tx.query({
    name: 'cw_upsert_cases_search_state',
    text: `INSERT INTO case_search_state (instance_id, key_id, indexed_at)
       SELECT x.id, x.key_id, now() FROM unnest($1::text[], $2::text[]) AS x(id, key_id)
       ON CONFLICT (instance_id) DO UPDATE SET key_id = EXCLUDED.key_id, indexed_at = EXCLUDED.indexed_at`,
    values: [cases.map((c) => c.instanceId), cases.map((c) => c.keyId)],
  });
}
