/**
 * The `incidents` table: work that cannot go on by itself (a service task out of retries, a
 * step that failed deterministically), open until an operator retries it or the work is
 * cancelled. Each belongs to a job row, which is `failed` while its incident is open.
 */
import { instanceVisibleParams, instanceVisibleSql, type Actor } from '../access/index.ts';
import type { Queryable, Tx } from './db.ts';

export interface IncidentRow {
  id: string;
  instance_id: string;
  job_id: string;
  node_id: string | null;
  error: string;
  status: string;
  created_at: Date;
  resolved_at: Date | null;
}

/** Fails the job row and opens its next incident (`<job>!<n>`); returns the incident's id. */
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

export async function readIncident(
  db: Queryable,
  id: string,
  lock = false,
): Promise<IncidentRow | undefined> {
  const r = await db.query<IncidentRow>(
    `SELECT * FROM incidents WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0];
}

/**
 * An operator retries: the incident is resolved by them and its job pending again at the next
 * attempt (one more allowed), due now. Returns that attempt.
 */
export async function retryIncidentJob(
  tx: Tx,
  i: { incidentId: string; jobId: string; by: string; now: Date },
): Promise<number> {
  await tx.query(
    `UPDATE incidents SET status = 'resolved', resolved_at = $2, resolved_by = $3 WHERE id = $1`,
    [i.incidentId, i.now, i.by],
  );
  const job = await tx.query<{ attempt: number }>(
    `UPDATE jobs SET status = 'pending', attempt = attempt + 1, max_attempts = attempt + 1, due_at = $2, updated_at = $2 WHERE id = $1 RETURNING attempt`,
    [i.jobId, i.now],
  );
  return job.rows[0]!.attempt;
}

/** Incidents of the cases the actor may see, oldest first (at most 500). */
export async function listIncidents(
  db: Queryable,
  actor: Actor,
  q: { status: 'open' | 'resolved'; instanceId?: string },
): Promise<IncidentRow[]> {
  const r = await db.query<IncidentRow>(
    `SELECT n.* FROM incidents n JOIN instances i ON i.id = n.instance_id
     WHERE n.status = $1 AND ($2::text IS NULL OR n.instance_id = $2) AND ${instanceVisibleSql('i', 3)}
     ORDER BY n.created_at LIMIT 500`,
    [q.status, q.instanceId ?? null, ...instanceVisibleParams(actor)],
  );
  return r.rows;
}

/** The open incidents of one case, oldest first. */
export async function openIncidentsOf(db: Queryable, instanceId: string): Promise<IncidentRow[]> {
  const r = await db.query<IncidentRow>(
    `SELECT * FROM incidents WHERE instance_id = $1 AND status = 'open' ORDER BY created_at`,
    [instanceId],
  );
  return r.rows;
}

export interface IncidentDetail extends IncidentRow {
  kind: string;
  action: string | null;
  payload: { input?: unknown };
  attempt: number;
  max_attempts: number;
  last_error: string | null;
}

/** One incident with its job, if its case is visible to the actor. */
export async function incidentDetail(
  db: Queryable,
  actor: Actor,
  id: string,
): Promise<IncidentDetail | undefined> {
  const r = await db.query<IncidentDetail>(
    `SELECT n.*, j.kind, j.action, j.payload, j.attempt, j.max_attempts, j.last_error
     FROM incidents n JOIN instances i ON i.id = n.instance_id JOIN jobs j ON j.id = n.job_id
     WHERE n.id = $1 AND ${instanceVisibleSql('i', 2)}`,
    [id, ...instanceVisibleParams(actor)],
  );
  return r.rows[0];
}

/** Whether the incident exists and its case is visible to the actor. */
export async function incidentVisible(db: Queryable, actor: Actor, id: string): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM incidents n JOIN instances i ON i.id = n.instance_id WHERE n.id = $1 AND ${instanceVisibleSql('i', 2)}`,
    [id, ...instanceVisibleParams(actor)],
  );
  return Boolean(r.rowCount);
}
