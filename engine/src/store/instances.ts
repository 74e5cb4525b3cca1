/**
 * The `instances` table: one row per case, its interpreter state (tokens, variables, the id
 * counter) in `state`, and the revision each step increments.
 */
import { instanceVisibleParams, instanceVisibleSql, type Actor } from '../access/index.ts';
import { createError } from '../errors.ts';
import type { InstanceState } from '../runtime/index.ts';
import type { Queryable, Tx } from './db.ts';

export interface InstanceRow {
  id: string;
  process_id: string;
  process_version: number;
  business_key: string | null;
  /** What the customer sees and quotes (case-reference.ts); null only for rows older than it. */
  reference: string | null;
  status: InstanceState['status'];
  state: InstanceState;
  revision: number;
  history_seq: number;
  parent_id: string | null;
  parent_token_id: string | null;
  outcome: string | null;
  started_by: string | null;
  started_at: Date;
  ended_at: Date | null;
  updated_at: Date;
}

/**
 * Locks the instance row for the rest of the transaction (every step of one case runs under
 * it); `nowait` fails at once with PostgreSQL's 55P03 instead of waiting.
 */
export async function lockInstance(tx: Tx, id: string, nowait = false): Promise<InstanceRow> {
  const r = await tx.query<InstanceRow>(
    `SELECT * FROM instances WHERE id = $1 FOR UPDATE${nowait ? ' NOWAIT' : ''}`,
    [id],
  );
  const row = r.rows[0];
  if (!row)
    throw createError('CW_ERR_NOT_FOUND', `instance ${id} not found`, { data: { instanceId: id } });
  return row;
}

/**
 * Locks the cases of `ids` that no other transaction holds, in id order (two batches never
 * wait on each other in a cycle); those held are left out of the answer.
 */
export async function lockFreeInstances(tx: Tx, ids: string[]): Promise<Map<string, InstanceRow>> {
  const r = await tx.query<InstanceRow>(
    `SELECT * FROM instances WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE SKIP LOCKED`,
    [ids],
  );
  return new Map(r.rows.map((row) => [row.id, row]));
}

export async function readInstance(db: Queryable, id: string): Promise<InstanceRow | undefined> {
  const r = await db.query<InstanceRow>(`SELECT * FROM instances WHERE id = $1`, [id]);
  return r.rows[0];
}

/** The instance if the actor may see it (access/: visibility), else undefined. */
export async function visibleInstance(
  db: Queryable,
  id: string,
  actor: Actor,
): Promise<InstanceRow | undefined> {
  const r = await db.query<InstanceRow>(
    `SELECT * FROM instances i WHERE i.id = $1 AND ${instanceVisibleSql('i', 2)}`,
    [id, ...instanceVisibleParams(actor)],
  );
  return r.rows[0];
}

/** The cases the actor may see, newest first. */
export async function listInstances(
  db: Queryable,
  actor: Actor,
  q: { processId?: string; status?: string; businessKey?: string; limit: number; offset: number },
): Promise<InstanceRow[]> {
  const r = await db.query<InstanceRow>(
    `SELECT * FROM instances i WHERE ($1::text IS NULL OR process_id = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR business_key = $3)
       AND ${instanceVisibleSql('i', 6)}
     ORDER BY started_at DESC, id LIMIT $4 OFFSET $5`,
    [
      q.processId ?? null,
      q.status ?? null,
      q.businessKey ?? null,
      q.limit,
      q.offset,
      ...instanceVisibleParams(actor),
    ],
  );
  return r.rows;
}

/** How many cases run on each version of each process. */
export async function activeCasesByVersion(
  db: Queryable,
): Promise<{ process_id: string; process_version: number; n: number }[]> {
  const r = await db.query<{ process_id: string; process_version: number; n: number }>(
    `SELECT process_id, process_version, count(*)::int AS n FROM instances WHERE status = 'active' GROUP BY 1, 2`,
  );
  return r.rows;
}

/** A new case's row as `insertInstance` takes it, and step-batch's `insertedRow` for a batch. */
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

/** A new case's row, before its start step. */
export async function insertInstance(tx: Tx, i: NewInstance): Promise<InstanceRow> {
  const r = await tx.query<InstanceRow>(
    `INSERT INTO instances (id, process_id, process_version, reference, status, state, parent_id, parent_token_id, started_by, started_at, updated_at)
     VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, $9) RETURNING *`,
    [
      i.id,
      i.processId,
      i.version,
      i.reference,
      i.state,
      i.parentId,
      i.parentTokenId,
      i.startedBy,
      i.now,
    ],
  );
  return r.rows[0]!;
}

/**
 * Whether an active case of the process started on its own holds the business key. The
 * advisory lock, held to the commit, serialises starts with the same key on every engine, so
 * the check and the insert that follows it are one step.
 */
export async function businessKeyTaken(
  tx: Tx,
  processId: string,
  businessKey: string,
): Promise<boolean> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 1))`, [
    `business-key\u001f${processId}\u001f${businessKey}`,
  ]);
  const taken = await tx.query(
    `SELECT 1 FROM instances WHERE business_key = $2 AND process_id = $1 AND status = 'active' AND parent_id IS NULL LIMIT 1`,
    [processId, businessKey],
  );
  return Boolean(taken.rowCount);
}

/**
 * Writes a step's new state: status, outcome, revision + 1, `entries` more history entries,
 * and the business key when the step set one (its start).
 */
export async function updateAfterStep(
  tx: Tx,
  u: {
    id: string;
    state: InstanceState;
    entries: number;
    now: Date;
    businessKey?: string;
  },
): Promise<InstanceRow> {
  const r = await tx.query<InstanceRow>(
    `UPDATE instances SET state = $2, status = $3, outcome = $4, revision = revision + 1, history_seq = history_seq + $5,
       ended_at = CASE WHEN $3 = 'active' THEN NULL ELSE COALESCE(ended_at, $6) END, updated_at = $6,
       business_key = COALESCE($7, business_key)
     WHERE id = $1 RETURNING *`,
    [u.id, u.state, u.state.status, u.state.outcome, u.entries, u.now, u.businessKey ?? null],
  );
  return r.rows[0]!;
}

/** Moves a case to another version of its process with its migrated state. */
export async function updateVersion(
  tx: Tx,
  u: { id: string; state: InstanceState; version: number; now: Date },
): Promise<void> {
  await tx.query(
    `UPDATE instances SET state = $2, process_version = $3, revision = revision + 1, updated_at = $4 WHERE id = $1`,
    [u.id, u.state, u.version, u.now],
  );
}
