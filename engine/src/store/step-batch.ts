/**
 * The rows every step writes, for many cases in one statement each: their history entries and
 * their instance rows (effects/step-rows.ts collects them for a batch of timers). The same
 * columns as `insertStepHistory` and `updateAfterStep`, so a case's rows do not tell whether
 * its step ran alone or in a batch.
 */
import type { InstanceState } from '../runtime/index.ts';
import type { Tx } from './db.ts';
import type { NewHistoryEntry } from './history.ts';

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
  await tx.query(
    `INSERT INTO history (instance_id, seq, at, type, node_id, token_id, actor, data)
     SELECT x.instance_id, x.seq, x.at, x.type, x.node_id, x.token_id, x.actor,
            NULLIF($8::jsonb->'data'->(x.n::int - 1), 'null'::jsonb)
     FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])
       WITH ORDINALITY AS x(instance_id, seq, at, type, node_id, token_id, actor, n)`,
    [
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
  );
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
  await tx.query(
    `UPDATE instances i SET state = u.state, status = u.state->>'status', outcome = u.state->>'outcome',
       revision = i.revision + u.steps, history_seq = i.history_seq + u.entries,
       ended_at = CASE WHEN u.state->>'status' = 'active' THEN NULL ELSE COALESCE(i.ended_at, u.at) END,
       updated_at = u.at, business_key = COALESCE(u.business_key, i.business_key)
     FROM (SELECT x.id, $2::jsonb->'states'->(x.n::int - 1) AS state, x.entries, x.steps, x.at,
                  x.business_key
           FROM unnest($1::text[], $3::int[], $4::int[], $5::timestamptz[], $6::text[])
             WITH ORDINALITY AS x(id, entries, steps, at, business_key, n)) u
     WHERE i.id = u.id`,
    [
      cases.map((c) => c.id),
      // one JSON object, sealed like any other
      { states: cases.map((c) => c.state) },
      cases.map((c) => c.entries),
      cases.map((c) => c.steps),
      cases.map((c) => c.at),
      cases.map((c) => c.businessKey ?? null),
    ],
  );
}
