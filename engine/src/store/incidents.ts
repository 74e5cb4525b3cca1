/**
 * The `incidents` table: work that cannot go on by itself (a service task out of retries, a
 * step that failed deterministically), open until an operator retries it, skips it or the work
 * is cancelled. Each belongs to a job row, which is `failed` while its incident is open; a
 * retry that fails again opens the job's next incident, which keeps the instant the job first
 * failed (`first_failed_at`). Operators read them with their case (reference, business key,
 * process), paged and counted per process and error, and the attempts from the case's history.
 */
import { instanceVisibleParams, instanceVisibleSql, type Actor } from '../access/index.ts';
import type { BusinessError } from '../runtime/index.ts';
import type { Queryable, Tx } from './db.ts';

export interface IncidentRow {
  id: string;
  instance_id: string;
  job_id: string;
  node_id: string | null;
  error: string;
  /** The business error's code and details, when the plugin gave a code (error boundaries match it). */
  error_code: string | null;
  error_details: Record<string, unknown> | null;
  status: string;
  created_at: Date;
  first_failed_at: Date;
  resolved_at: Date | null;
}

/**
 * Fails the job row and opens its next incident (`<job>!<n>`), with the business error's code
 * and details when there is one; returns the incident's id.
 */
export async function openIncident(
  tx: Tx,
  i: {
    jobId: string;
    instanceId: string;
    nodeId: string | null;
    error: string;
    failure?: BusinessError | undefined;
    /** Details without a business error (a gateway's undecided condition), as `error_details`. */
    details?: Record<string, unknown>;
    now: Date;
  },
): Promise<string> {
  const code = i.failure?.code ?? null;
  const details = i.failure?.details ?? i.details ?? null;
  await tx.query(
    `UPDATE jobs SET status = 'failed', last_error = $2, last_error_code = $4, last_error_details = $5, updated_at = $3
     WHERE id = $1`,
    [i.jobId, i.error, i.now, code, details],
  );
  const n = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM incidents WHERE job_id = $1`,
    [i.jobId],
  );
  const id = `${i.jobId}!${(n.rows[0]?.n ?? 0) + 1}`;
  // a retry that failed again: the new incident keeps the instant the job first failed
  await tx.query(
    `INSERT INTO incidents (id, instance_id, job_id, node_id, error, error_code, error_details, status, created_at, first_failed_at)
     VALUES ($1, $2, $3, $4, $5, $7, $8, 'open', $6, COALESCE((SELECT min(first_failed_at) FROM incidents WHERE job_id = $3), $6))`,
    [id, i.instanceId, i.jobId, i.nodeId, i.error, i.now, code, details],
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
 * attempt (one more allowed), due now, its count of unexpected failures cleared. Returns that
 * attempt.
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
    `UPDATE jobs SET status = 'pending', attempt = attempt + 1, max_attempts = attempt + 1, failures = 0, due_at = $2, updated_at = $2 WHERE id = $1 RETURNING attempt`,
    [i.jobId, i.now],
  );
  return job.rows[0]!.attempt;
}

/** The open incidents of one case, oldest first. */
export async function openIncidentsOf(db: Queryable, instanceId: string): Promise<IncidentRow[]> {
  const r = await db.query<IncidentRow>(
    `SELECT * FROM incidents WHERE instance_id = $1 AND status = 'open' ORDER BY created_at`,
    [instanceId],
  );
  return r.rows;
}

/** Whether the incident exists and its case is visible to the actor. */
export async function incidentVisible(db: Queryable, actor: Actor, id: string): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM incidents n JOIN instances i ON i.id = n.instance_id WHERE n.id = $1 AND ${instanceVisibleSql('i', 2)}`,
    [id, ...instanceVisibleParams(actor)],
  );
  return Boolean(r.rowCount);
}

/** An incident as operators list it: with its case and the kind of work behind it. */
export interface IncidentSummaryRow extends IncidentRow {
  resolved_by: string | null;
  process_id: string;
  process_version: number;
  business_key: string | null;
  reference: string | null;
  instance_status: string;
  kind: string;
  action: string | null;
}

export interface IncidentFilter {
  status: 'open' | 'resolved';
  instanceId?: string;
  processId?: string;
  /** The error text exactly as recorded. */
  error?: string;
  /** The business error's code. */
  code?: string;
}

const COLUMNS = `n.id, n.instance_id, n.job_id, n.node_id, n.error, n.error_code, n.error_details, n.status, n.created_at,
  n.first_failed_at, n.resolved_at, n.resolved_by, i.process_id, i.process_version, i.business_key,
  i.reference, i.status AS instance_status, j.kind, j.action`;
const FROM = `FROM incidents n JOIN instances i ON i.id = n.instance_id JOIN jobs j ON j.id = n.job_id`;

function where(actor: Actor, f: IncidentFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [...instanceVisibleParams(actor)];
  const p = (v: unknown) => `$${params.push(v)}`;
  const parts = [instanceVisibleSql('i', 1), `n.status = ${p(f.status)}`];
  if (f.instanceId !== undefined) parts.push(`n.instance_id = ${p(f.instanceId)}`);
  if (f.processId !== undefined) parts.push(`i.process_id = ${p(f.processId)}`);
  if (f.error !== undefined) parts.push(`n.error = ${p(f.error)}`);
  if (f.code !== undefined) parts.push(`n.error_code = ${p(f.code)}`);
  return { sql: parts.join(' AND '), params };
}

/**
 * A page of the incidents of the cases the actor may see, oldest failure first; `groups` counts
 * them per process and error (the whole filtered list), for retrying alike ones together.
 */
export async function listIncidents(
  db: Queryable,
  actor: Actor,
  f: IncidentFilter,
  page: { limit: number; offset: number },
): Promise<{
  items: IncidentSummaryRow[];
  total: number;
  groups: { processId: string; error: string; count: number }[];
}> {
  const { sql, params } = where(actor, f);
  const n = params.length;
  const [rows, groups] = await Promise.all([
    db.query<IncidentSummaryRow>(
      `SELECT ${COLUMNS} ${FROM} WHERE ${sql}
       ORDER BY n.first_failed_at, n.created_at, n.id LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, page.limit, page.offset],
    ),
    db.query<{ processId: string; error: string; count: number }>(
      `SELECT i.process_id AS "processId", n.error, count(*)::int AS count ${FROM} WHERE ${sql}
       GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 100`,
      params,
    ),
  ]);
  const total = groups.rows.reduce((a, g) => a + g.count, 0);
  return { items: rows.rows, total, groups: groups.rows };
}

export interface IncidentDetail extends IncidentSummaryRow {
  payload: { input?: unknown };
  attempt: number;
  max_attempts: number;
  last_error: string | null;
  token_id: string | null;
}

/** One incident with its case and its job, if its case is visible to the actor. */
export async function incidentDetail(
  db: Queryable,
  actor: Actor,
  id: string,
): Promise<IncidentDetail | undefined> {
  const r = await db.query<IncidentDetail>(
    `SELECT ${COLUMNS}, j.payload, j.attempt, j.max_attempts, j.last_error, j.token_id ${FROM}
     WHERE n.id = $4 AND ${instanceVisibleSql('i', 1)}`,
    [...instanceVisibleParams(actor), id],
  );
  return r.rows[0];
}

export interface JobHistoryRow {
  seq: number;
  at: Date;
  type: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

/** What the case's history says about one job: each failed attempt, incident, retry and repair. */
export async function jobHistory(
  db: Queryable,
  instanceId: string,
  jobId: string,
): Promise<JobHistoryRow[]> {
  const r = await db.query<JobHistoryRow>(
    `SELECT seq, at, type, actor, data FROM history
     WHERE instance_id = $1 AND data->>'jobId' = $2 ORDER BY seq`,
    [instanceId, jobId],
  );
  return r.rows;
}

/** The open incidents a bulk action selects among those the actor may see (at most 200). */
export async function openIncidentIds(
  db: Queryable,
  actor: Actor,
  f: { ids?: string[]; processId?: string; error?: string },
): Promise<string[]> {
  const { sql, params } = where(actor, { status: 'open', processId: f.processId, error: f.error });
  const n = params.length + 1;
  const r = await db.query<{ id: string }>(
    `SELECT n.id ${FROM} WHERE ${sql} AND ($${n}::text[] IS NULL OR n.id = ANY($${n}))
     ORDER BY n.first_failed_at, n.id LIMIT 200`,
    [...params, f.ids ?? null],
  );
  return r.rows.map((x) => x.id);
}

/** The open incidents of these cases (what a case stuck at an incident waits on). */
export async function openIncidentsOfCases(
  db: Queryable,
  instanceIds: string[],
): Promise<IncidentRow[]> {
  if (!instanceIds.length) return [];
  const r = await db.query<IncidentRow>(
    `SELECT * FROM incidents WHERE instance_id = ANY($1::text[]) AND status = 'open' ORDER BY created_at, id`,
    [instanceIds],
  );
  return r.rows;
}

/** An incident an operator skipped: resolved by them, its job given up. */
export async function skipIncidentJob(
  tx: Tx,
  i: { incidentId: string; jobId: string; by: string; now: Date },
): Promise<void> {
  await tx.query(
    `UPDATE incidents SET status = 'resolved', resolved_at = $2, resolved_by = $3 WHERE id = $1`,
    [i.incidentId, i.now, i.by],
  );
  await tx.query(`UPDATE jobs SET status = 'cancelled', updated_at = $2 WHERE id = $1`, [
    i.jobId,
    i.now,
  ]);
}
