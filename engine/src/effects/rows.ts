/**
 * Row writers shared by the step applier, the executor and SLA clocks: job rows (every piece of
 * pending work), incidents, and single history entries outside a step.
 */
import type { Tx, InstanceRow } from '../store/index.ts';
import type { PostCommit } from './apply.ts';

export type JobKind =
  'timer' | 'service' | 'resume-parent' | 'cancel-instance' | 'sla' | 'sla-action' | 'plugin-event';

export interface NewJobRow {
  id: string;
  instanceId: string;
  kind: JobKind;
  nodeId?: string;
  tokenId?: string;
  dueAt: number;
  now: Date;
  action?: string;
  payload?: Record<string, unknown>;
  maxAttempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

export async function insertJob(tx: Tx, j: NewJobRow, post: PostCommit): Promise<void> {
  const r = await tx.query(
    `INSERT INTO jobs (id, instance_id, kind, node_id, token_id, due_at, status, max_attempts, backoff_ms, timeout_ms, action, payload, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11, $12, $12) ON CONFLICT (id) DO NOTHING`,
    [
      j.id,
      j.instanceId,
      j.kind,
      j.nodeId ?? null,
      j.tokenId ?? null,
      new Date(j.dueAt),
      j.maxAttempts ?? 1,
      j.backoffMs ?? 0,
      j.timeoutMs ?? 0,
      j.action ?? null,
      j.payload ?? {},
      j.now,
    ],
  );
  if (r.rowCount) post.dispatch.push({ id: j.id, attempt: 1, dueAt: j.dueAt });
}

export async function openIncident(
  tx: Tx,
  i: { jobId: string; instanceId: string; nodeId: string | null; error: string; now: Date },
): Promise<string> {
  await tx.query(
    `UPDATE jobs SET status = 'failed', last_error = $2, updated_at = $3 WHERE id = $1`,
    [i.jobId, i.error, i.now],
  );
  const n = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM incidents WHERE job_id = $1`,
    [i.jobId],
  );
  const id = `${i.jobId}!${(n.rows[0]?.n ?? 0) + 1}`;
  await tx.query(
    `INSERT INTO incidents (id, instance_id, job_id, node_id, error, status, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6)`,
    [id, i.instanceId, i.jobId, i.nodeId, i.error, i.now],
  );
  return id;
}

export async function markDone(tx: Tx, jobId: string, now: number): Promise<void> {
  await tx.query(
    `UPDATE jobs SET status = 'done', fired_at = $2, fire_count = fire_count + 1, updated_at = $2 WHERE id = $1`,
    [jobId, new Date(now)],
  );
}

export async function appendHistory(
  tx: Tx,
  row: Pick<InstanceRow, 'id'>,
  h: { type: string; nodeId?: string; actor: string; data?: Record<string, unknown> },
  now: number,
): Promise<number> {
  const seq = await tx.query<{ history_seq: number }>(
    `UPDATE instances SET history_seq = history_seq + 1 WHERE id = $1 RETURNING history_seq`,
    [row.id],
  );
  await tx.query(
    `INSERT INTO history (instance_id, seq, at, type, node_id, actor, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      row.id,
      seq.rows[0]!.history_seq,
      new Date(now),
      h.type,
      h.nodeId ?? null,
      h.actor,
      h.data ?? null,
    ],
  );
  return seq.rows[0]!.history_seq;
}
