/**
 * Bulk migrations (migration 026): a batch row, a row per case it holds and the job row whose
 * runs work the pending cases off. Every statement that touches those tables is here.
 */
import type { InstanceState } from '../runtime/index.ts';
import type { Queryable, Tx } from './db.ts';

export type BatchStatus = 'running' | 'done' | 'cancelled';
export type BatchCaseStatus = 'pending' | 'moved' | 'refused' | 'skipped' | 'cancelled';

export interface BatchRow {
  id: string;
  process_id: string;
  from_version: number | null;
  to_version: number;
  mapping: Record<string, string>;
  status: BatchStatus;
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
}

export interface BatchCaseRow {
  seq: number;
  instance_id: string;
  from_version: number;
  status: BatchCaseStatus;
  moves: unknown[];
  problems: unknown[];
  done_at: Date | null;
}

/** A case a batch would take: an active case of the process on a version it migrates from. */
export interface CandidateRow {
  id: string;
  reference: string;
  business_key: string | null;
  process_version: number;
  state: InstanceState;
}

const CANDIDATES = `FROM instances
  WHERE process_id = $1 AND status = 'active'
    AND (CASE WHEN $2::int IS NULL THEN process_version <> $3 ELSE process_version = $2 END)`;

/** A page of those cases in the order a batch takes them (start, then id), after `after`. */
export async function candidatePage(
  db: Queryable,
  q: { processId: string; fromVersion: number | null; toVersion: number },
  after: { startedAt: Date; id: string } | null,
  limit: number,
): Promise<(CandidateRow & { started_at: Date })[]> {
  const r = await db.query<CandidateRow & { started_at: Date }>(
    `SELECT id, reference, business_key, process_version, state, started_at ${CANDIDATES}
       AND ($4::timestamptz IS NULL OR (started_at, id) > ($4, $5))
     ORDER BY started_at, id LIMIT $6`,
    [q.processId, q.fromVersion, q.toVersion, after?.startedAt ?? null, after?.id ?? '', limit],
  );
  return r.rows;
}

/**
 * Writes a batch, a pending row for each case it takes (the active cases of the process on
 * `fromVersion`, else on any other version than the target) and its job row, due at once.
 * Returns how many cases it holds.
 */
export async function insertBatch(
  tx: Tx,
  b: {
    id: string;
    jobId: string;
    processId: string;
    fromVersion: number | null;
    toVersion: number;
    mapping: Record<string, string>;
    createdBy: string;
    now: Date;
  },
): Promise<number> {
  await tx.query(
    `INSERT INTO migration_batches (id, process_id, from_version, to_version, mapping, status, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, 'running', $6, $7)`,
    [b.id, b.processId, b.fromVersion, b.toVersion, b.mapping, b.createdBy, b.now],
  );
  const r = await tx.query(
    `INSERT INTO migration_batch_cases (batch_id, seq, instance_id, from_version, status)
     SELECT $4, row_number() OVER (ORDER BY started_at, id), id, process_version, 'pending'
     ${CANDIDATES}`,
    [b.processId, b.fromVersion, b.toVersion, b.id],
  );
  await tx.query(
    `INSERT INTO jobs (id, instance_id, kind, due_at, status, payload, created_at, updated_at)
     VALUES ($1, NULL, 'migration', $2, 'pending', $3, $2, $2)`,
    [b.jobId, b.now, { batchId: b.id }],
  );
  return r.rowCount ?? 0;
}

export async function readBatch(db: Queryable, id: string): Promise<BatchRow | undefined> {
  const r = await db.query<BatchRow>(`SELECT * FROM migration_batches WHERE id = $1`, [id]);
  return r.rows[0];
}

/** The batches, newest first. */
export async function listBatches(
  db: Queryable,
  q: { processId?: string; limit: number; offset: number },
): Promise<BatchRow[]> {
  const r = await db.query<BatchRow>(
    `SELECT * FROM migration_batches WHERE ($1::text IS NULL OR process_id = $1)
     ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
    [q.processId ?? null, q.limit, q.offset],
  );
  return r.rows;
}

/** Each batch's cases counted by status: its progress. */
export async function batchProgress(
  db: Queryable,
  ids: string[],
): Promise<Map<string, Record<BatchCaseStatus, number>>> {
  const r = await db.query<{ batch_id: string; status: BatchCaseStatus; n: number }>(
    `SELECT batch_id, status, count(*)::int AS n FROM migration_batch_cases
     WHERE batch_id = ANY($1) GROUP BY 1, 2`,
    [ids],
  );
  const out = new Map<string, Record<BatchCaseStatus, number>>();
  for (const id of ids) out.set(id, { pending: 0, moved: 0, refused: 0, skipped: 0, cancelled: 0 });
  for (const row of r.rows) out.get(row.batch_id)![row.status] = row.n;
  return out;
}

/** A page of a batch's cases in its order, of one status or all. */
export async function batchCases(
  db: Queryable,
  q: { batchId: string; status?: BatchCaseStatus; limit: number; offset: number },
): Promise<BatchCaseRow[]> {
  const r = await db.query<BatchCaseRow>(
    `SELECT seq, instance_id, from_version, status, moves, problems, done_at
     FROM migration_batch_cases WHERE batch_id = $1 AND ($2::text IS NULL OR status = $2)
     ORDER BY seq LIMIT $3 OFFSET $4`,
    [q.batchId, q.status ?? null, q.limit, q.offset],
  );
  return r.rows;
}

/**
 * Takes a run of a batch's job at this attempt: the next attempt becomes due at `nextDue` (the
 * watchdog that resumes the batch if this run dies; `due`: only if this attempt is due, as a
 * delivery checks; a run handing on to the next chunk does not). Undefined when the run is not
 * the caller's.
 */
export async function claimMigrationRun(
  db: Queryable,
  j: { id: string; attempt: number; nextDue: number; now: number; due: boolean },
): Promise<number | undefined> {
  const r = await db.query<{ attempt: number }>(
    `UPDATE jobs SET attempt = attempt + 1, due_at = $3, fired_at = $4, updated_at = $4
     WHERE id = $1 AND kind = 'migration' AND status = 'pending' AND attempt = $2
       AND (NOT $5 OR due_at <= $4)
     RETURNING attempt`,
    [j.id, j.attempt, new Date(j.nextDue), new Date(j.now), j.due],
  );
  return r.rows[0]?.attempt;
}

/** A batch's job row (pending ones only). */
export async function readMigrationJob(
  db: Queryable,
  id: string,
): Promise<{ attempt: number; due_at: Date; payload: { batchId?: string } } | undefined> {
  const r = await db.query<{ attempt: number; due_at: Date; payload: { batchId?: string } }>(
    `SELECT attempt, due_at, payload FROM jobs WHERE id = $1 AND kind = 'migration' AND status = 'pending'`,
    [id],
  );
  return r.rows[0];
}

/** The next pending cases of a batch, in its order. */
export async function pendingBatchCases(
  db: Queryable,
  batchId: string,
  limit: number,
): Promise<{ seq: number; instance_id: string }[]> {
  const r = await db.query<{ seq: number; instance_id: string }>(
    `SELECT seq, instance_id FROM migration_batch_cases WHERE batch_id = $1 AND status = 'pending'
     ORDER BY seq LIMIT $2`,
    [batchId, limit],
  );
  return r.rows;
}

/** Locks a case row of a batch if it is still pending (and its batch running). */
export async function lockPendingBatchCase(
  tx: Tx,
  batchId: string,
  seq: number,
): Promise<{ instance_id: string } | undefined> {
  const r = await tx.query<{ instance_id: string }>(
    `SELECT c.instance_id FROM migration_batch_cases c JOIN migration_batches b ON b.id = c.batch_id
     WHERE c.batch_id = $1 AND c.seq = $2 AND c.status = 'pending' AND b.status = 'running'
     FOR UPDATE OF c`,
    [batchId, seq],
  );
  return r.rows[0];
}

/** What became of a case of a batch. */
export async function finishBatchCase(
  tx: Tx,
  c: {
    batchId: string;
    seq: number;
    status: Exclude<BatchCaseStatus, 'pending'>;
    moves: unknown[];
    problems: unknown[];
    now: Date;
  },
): Promise<void> {
  await tx.query(
    `UPDATE migration_batch_cases SET status = $3, moves = $4, problems = $5, done_at = $6
     WHERE batch_id = $1 AND seq = $2`,
    [c.batchId, c.seq, c.status, JSON.stringify(c.moves), JSON.stringify(c.problems), c.now],
  );
}

/**
 * A batch ends (`done` when no case is pending, `cancelled` on request): its pending cases are
 * cancelled and its job row is closed. False when it had already ended.
 */
export async function endBatch(
  tx: Tx,
  b: { id: string; jobId: string; status: 'done' | 'cancelled'; now: Date },
): Promise<boolean> {
  const r = await tx.query(
    `UPDATE migration_batches SET status = $2, finished_at = $3 WHERE id = $1 AND status = 'running'`,
    [b.id, b.status, b.now],
  );
  if (!r.rowCount) return false;
  await tx.query(
    `UPDATE migration_batch_cases SET status = 'cancelled', done_at = $2 WHERE batch_id = $1 AND status = 'pending'`,
    [b.id, b.now],
  );
  await tx.query(
    `UPDATE jobs SET status = $2, fired_at = $3, fire_count = fire_count + CASE WHEN $2 = 'done' THEN 1 ELSE 0 END, updated_at = $3
     WHERE id = $1 AND status = 'pending'`,
    [b.jobId, b.status === 'done' ? 'done' : 'cancelled', b.now],
  );
  return true;
}

/** Whether the batch still has pending cases. */
export async function hasPendingCases(db: Queryable, batchId: string): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM migration_batch_cases WHERE batch_id = $1 AND status = 'pending' LIMIT 1`,
    [batchId],
  );
  return Boolean(r.rowCount);
}
