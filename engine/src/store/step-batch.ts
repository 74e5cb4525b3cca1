/**
 * The rows every step writes, for many cases in one statement each: their history entries,
 * their instance rows (new and updated) and their search terms (effects/step-rows.ts collects
 * them for a batch of timers, service results or starts). The same columns as
 * `insertStepHistory`, `insertInstance`, `updateAfterStep` and `replaceTerms`, so a case's rows
 * do not tell whether its step ran alone or in a batch. Named (prepared) statements: each
 * connection plans them once.
 *
 * The scalar columns go as one JSON text of rows (`json_to_recordset`), not as one text array
 * per column: pg escapes and quotes each element of an array parameter in JavaScript (and formats
 * each Date), which took about 3.5 % of the engine's CPU on the start path (issue 18, item 3);
 * JSON.stringify does the same in one native call. A JSON text is not a plain object, so the
 * sealing client leaves it as it is: these columns never held personal data (ids, node ids,
 * types, actors, times). The JSON columns (history data, states) stay one sealed object each.
 */
import type { InstanceState } from '../runtime/index.ts';
import type { Tx } from './db.ts';
import type { NewHistoryEntry } from './history.ts';
import type { InstanceRow, NewInstance } from './instances.ts';
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
  // each step's time formatted once for its entries (JSON.stringify would call toJSON on each)
  const rows = steps.flatMap((s) => {
    const at = s.at.toISOString();
    return s.entries.map((e, k) => ({ s, e, at, seq: s.afterSeq + k + 1 }));
  });
  if (!rows.length) return;
  await tx.query({
    name: 'cw_insert_steps_history_json',
    text: `INSERT INTO history (instance_id, seq, at, type, node_id, token_id, actor, data)
     SELECT x.i, x.s, x.at, x.t, x.node, x.token, x.a, NULLIF($2::jsonb->'data'->x.k, 'null'::jsonb)
     FROM json_to_recordset($1::json)
       AS x(i text, s int, at timestamptz, t text, node text, token text, a text, k int)`,
    values: [
      JSON.stringify(
        rows.map((r, k) => ({
          i: r.s.instanceId,
          s: r.seq,
          at: r.at,
          t: r.e.type,
          node: r.e.nodeId ?? null,
          token: r.e.tokenId ?? null,
          a: r.e.actor ?? r.s.actor,
          k,
        })),
      ),
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
    name: 'cw_update_after_steps_json',
    text: `UPDATE instances i SET state = u.state, status = u.state->>'status', outcome = u.state->>'outcome',
       revision = i.revision + u.steps, history_seq = i.history_seq + u.entries,
       ended_at = CASE WHEN u.state->>'status' = 'active' THEN NULL ELSE COALESCE(i.ended_at, u.at) END,
       updated_at = u.at, business_key = COALESCE(u.business_key, i.business_key)
     FROM (SELECT x.id, $2::jsonb->'states'->x.k AS state, x.entries, x.steps, x.at, x.business_key
           FROM json_to_recordset($1::json)
             AS x(id text, entries int, steps int, at timestamptz, business_key text, k int)) u
     WHERE i.id = u.id`,
    values: [
      JSON.stringify(
        cases.map((c, k) => ({
          id: c.id,
          entries: c.entries,
          steps: c.steps,
          at: c.at,
          business_key: c.businessKey ?? null,
          k,
        })),
      ),
      // one JSON object, sealed like any other
      { states: cases.map((c) => c.state) },
    ],
  });
}

/**
 * Inserts many new cases' rows in one statement, each with every column as given: a case new in
 * this transaction is written once, with the state its steps here left it in (`insertedRow` is
 * the row before its first step, as `insertInstance` writes it).
 */
export async function insertInstanceRows(tx: Tx, rows: readonly InstanceRow[]): Promise<void> {
  if (!rows.length) return;
  await tx.query({
    name: 'cw_insert_instance_rows_json',
    text: `INSERT INTO instances (id, process_id, process_version, business_key, reference, status, state,
         revision, history_seq, parent_id, parent_token_id, outcome, started_by, started_at, ended_at, updated_at)
       SELECT x.id, x.process_id, x.process_version, x.business_key, x.reference, x.status,
              $2::jsonb->'states'->x.k, x.revision, x.history_seq, x.parent_id,
              x.parent_token_id, x.outcome, x.started_by, x.started_at, x.ended_at, x.updated_at
       FROM json_to_recordset($1::json)
         AS x(id text, process_id text, process_version int, business_key text, reference text,
              status text, revision int, history_seq int, parent_id text, parent_token_id text,
              outcome text, started_by text, started_at timestamptz, ended_at timestamptz,
              updated_at timestamptz, k int)`,
    values: [
      JSON.stringify(
        rows.map((r, k) => ({
          id: r.id,
          process_id: r.process_id,
          process_version: r.process_version,
          business_key: r.business_key,
          reference: r.reference,
          status: r.status,
          revision: r.revision,
          history_seq: r.history_seq,
          parent_id: r.parent_id,
          parent_token_id: r.parent_token_id,
          outcome: r.outcome,
          started_by: r.started_by,
          started_at: r.started_at,
          ended_at: r.ended_at,
          updated_at: r.updated_at,
          // its state's index in the sealed object
          k,
        })),
      ),
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
      name: 'cw_insert_cases_terms_json',
      text: `INSERT INTO case_search_terms (instance_id, kind, value, digest, key_id)
         SELECT x.i, x.kind, x.value, x.digest, x.key FROM json_to_recordset($1::json)
           AS x(i text, kind text, value text, digest text, key text)`,
      values: [
        JSON.stringify(
          terms.map(({ c, t }) => ({
            i: c.instanceId,
            kind: t.kind,
            value: t.value,
            digest: t.digest,
            key: t.keyId,
          })),
        ),
      ],
    });
  await tx.query({
    name: 'cw_upsert_cases_search_state_json',
    text: `INSERT INTO case_search_state (instance_id, key_id, indexed_at)
       SELECT x.i, x.key, now() FROM json_to_recordset($1::json) AS x(i text, key text)
       ON CONFLICT (instance_id) DO UPDATE SET key_id = EXCLUDED.key_id, indexed_at = EXCLUDED.indexed_at`,
    values: [JSON.stringify(cases.map((c) => ({ i: c.instanceId, key: c.keyId })))],
  });
}
