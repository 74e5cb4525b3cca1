/**
 * The `jobs` table: every piece of pending work (a timer, a service invocation, a parent or
 * child notice, an SLA threshold or action, a plugin event) is a row with a status
 * (`pending → done | cancelled | failed`), an attempt and a due instant. A BullMQ job only
 * points at a row; whoever runs it re-reads the row under the instance lock.
 */
import { instanceVisibleParams, instanceVisibleSql, type Actor } from '../access/index.ts';
import type { BusinessError, TimerCalendarBasis } from '../runtime/index.ts';
import type { Queryable, Tx } from './db.ts';

export type JobKind =
  | 'timer'
  | 'service'
  | 'resume-parent'
  | 'cancel-instance'
  | 'sla'
  | 'sla-action'
  | 'plugin-event'
  /** A gateway holding its token with an incident; run when the incident is retried. */
  | 'gateway';

export interface JobRow {
  id: string;
  instance_id: string;
  kind: JobKind;
  node_id: string | null;
  token_id: string | null;
  due_at: Date;
  status: string;
  attempt: number;
  max_attempts: number;
  /** Unexpected failures of this attempt so far (effects/jobs/failures.ts). */
  failures: number;
  backoff_ms: number;
  timeout_ms: number;
  action: string | null;
  /** The traceparent of the step that wrote it (tracing on), continued by the worker. */
  trace_context: string | null;
  payload: {
    input?: Record<string, unknown>;
    childId?: string;
    clockId?: string;
    percent?: number;
    /** A timer counted on a business calendar: how (runtime's TimerCalendarBasis). */
    calendar?: TimerCalendarBasis;
  };
}

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
  traceContext?: string;
}

/** Writes a job row unless one with its id exists; true when it was written. */
export async function insertJob(tx: Tx, j: NewJobRow): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO jobs (id, instance_id, kind, node_id, token_id, due_at, status, max_attempts, backoff_ms, timeout_ms, action, payload, created_at, updated_at, trace_context)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11, $12, $12, $13) ON CONFLICT (id) DO NOTHING`,
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
      j.traceContext ?? null,
    ],
  );
  return Boolean(r.rowCount);
}

/** A job of a case (sweeps, which belong to none, are not read here). */
export async function readJob(db: Queryable, id: string): Promise<JobRow | undefined> {
  const r = await db.query<JobRow>(
    `SELECT * FROM jobs WHERE id = $1 AND kind NOT IN ('sweep', 'migration')`,
    [id],
  );
  return r.rows[0];
}

/**
 * How long a claim on a service row lasts beyond its action's timeout (ms): time for the result's
 * transaction. Past it another engine may take the row again (at least once; the idempotency key
 * lets the receiver tell).
 */
export const SERVICE_CLAIM_MARGIN_MS = 10_000;

/** A service row taken to run, with the instant it was due before the claim moved it. */
export type ClaimedJob = JobRow & { was_due: Date };

const CLAIM_UNTIL = `$1::timestamptz + ((CASE WHEN j.timeout_ms > 0 THEN j.timeout_ms ELSE 30000 END)
  + ${SERVICE_CLAIM_MARGIN_MS}) * interval '1 millisecond'`;

/**
 * Takes up to `limit` due pending `service` rows to run, soonest first, in one statement: each
 * row's due instant moves to the end of its claim (its action's timeout plus
 * SERVICE_CLAIM_MARGIN_MS, engine clock), so no engine takes it again before then, and if this
 * one dies the row is due again then (the reconciler arms it like any row). Rows another
 * transaction holds are skipped; `exclude`: rows this engine is running already.
 */
export async function claimServiceJobs(
  db: Queryable,
  q: { now: Date; limit: number; exclude: string[] },
): Promise<ClaimedJob[]> {
  const r = await db.query<ClaimedJob>(
    `WITH c AS (
       SELECT id, due_at FROM jobs
       WHERE status = 'pending' AND kind = 'service' AND due_at <= $1
         AND NOT (id = ANY($3::text[]))
       ORDER BY due_at LIMIT $2
       FOR UPDATE SKIP LOCKED)
     UPDATE jobs j SET due_at = ${CLAIM_UNTIL}, updated_at = $1
     FROM c WHERE j.id = c.id
     RETURNING j.*, c.due_at AS was_due`,
    [q.now, q.limit, q.exclude],
  );
  return r.rows;
}

/**
 * Takes this service row to run (a delivery of its BullMQ job), as claimServiceJobs does one:
 * undefined when it is no longer pending at this attempt or not due (another engine has it).
 */
export async function claimServiceJob(
  db: Queryable,
  q: { id: string; attempt: number; now: Date },
): Promise<ClaimedJob | undefined> {
  const r = await db.query<ClaimedJob>(
    `UPDATE jobs j SET due_at = ${CLAIM_UNTIL}, updated_at = $1
     FROM (SELECT id, due_at FROM jobs WHERE id = $2 FOR UPDATE) c
     WHERE j.id = c.id AND j.attempt = $3 AND j.status = 'pending' AND j.kind = 'service'
       AND j.due_at <= $1
     RETURNING j.*, c.due_at AS was_due`,
    [q.now, q.id, q.attempt],
  );
  return r.rows[0];
}

/** Whether the row is still pending at this attempt; with the instance locked, until commit. */
export async function jobStillPending(tx: Tx, id: string, attempt: number): Promise<boolean> {
  const r = await tx.query<{ status: string; attempt: number }>(
    `SELECT status, attempt FROM jobs WHERE id = $1`,
    [id],
  );
  const j = r.rows[0];
  return Boolean(j && j.status === 'pending' && j.attempt === attempt);
}

/** Of the given rows, those still pending at the given attempt (call with their cases locked). */
export async function jobsStillPending(
  tx: Tx,
  jobs: { id: string; attempt: number }[],
): Promise<Set<string>> {
  const r = await tx.query<{ id: string; attempt: number }>(
    `SELECT id, attempt FROM jobs WHERE id = ANY($1::text[]) AND status = 'pending'`,
    [jobs.map((j) => j.id)],
  );
  const attempts = new Map(r.rows.map((j) => [j.id, j.attempt]));
  return new Set(jobs.filter((j) => attempts.get(j.id) === j.attempt).map((j) => j.id));
}

/** The work took effect: done, and counted (the fault tests check it never exceeds one). */
export async function markJobDone(tx: Tx, id: string, now: number): Promise<void> {
  await tx.query(
    `UPDATE jobs SET status = 'done', fired_at = $2, fire_count = fire_count + 1, updated_at = $2 WHERE id = $1 AND status = 'pending'`,
    [id, new Date(now)],
  );
}

/** Nothing left to do for the row (an SLA threshold whose clock stopped). */
export async function cancelJob(tx: Tx, id: string, now: number): Promise<void> {
  await tx.query(`UPDATE jobs SET status = 'cancelled', updated_at = $2 WHERE id = $1`, [
    id,
    new Date(now),
  ]);
}

/**
 * A timer or job the step cancels (its token moved on): cancelled unless it already ran, and
 * its open incident resolved as cancelled.
 */
export async function cancelPendingJob(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE jobs SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status IN ('pending', 'failed')`,
    [id, now],
  );
  await tx.query(
    `UPDATE incidents SET status = 'resolved', resolved_at = $2, resolved_by = 'cancelled' WHERE job_id = $1 AND status = 'open'`,
    [id, now],
  );
}

/**
 * A failed service task's input evaluated again (an operator corrected the variables it reads):
 * one JSON object as the parameter, so the store seals its personal data.
 */
export async function setJobInput(
  tx: Tx,
  id: string,
  input: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await tx.query(`UPDATE jobs SET payload = payload || $2::jsonb, updated_at = $3 WHERE id = $1`, [
    id,
    { input },
    now,
  ]);
}

/** The job runs again at `attempt`, due at `dueAt`, remembering the error of the last try. */
export async function retryJob(
  tx: Tx,
  j: { id: string; attempt: number; dueAt: number; error: string; now: Date },
): Promise<void> {
  await tx.query(
    `UPDATE jobs SET status = 'pending', attempt = $2, due_at = $3, last_error = $4, last_error_code = NULL, last_error_details = NULL, updated_at = $5
     WHERE id = $1`,
    [j.id, j.attempt, new Date(j.dueAt), j.error, j.now],
  );
}

/**
 * Counts an unexpected failure of a pending job at this attempt, remembering its error, and
 * moves its due instant to `retryAt`; returns the failures counted (undefined: the row is no
 * longer pending at this attempt).
 */
export async function countJobFailure(
  tx: Tx,
  j: { id: string; attempt: number; error: string; retryAt: number; now: number },
): Promise<number | undefined> {
  const r = await tx.query<{ failures: number }>(
    `UPDATE jobs SET failures = failures + 1, last_error = $3, due_at = $4, updated_at = $5
     WHERE id = $1 AND attempt = $2 AND status = 'pending' RETURNING failures`,
    [j.id, j.attempt, j.error, new Date(j.retryAt), new Date(j.now)],
  );
  return r.rows[0]?.failures;
}

/** Writes the row of a sweep (`sweep/<name>`, no case) unless it exists, due at `dueAt`. */
export async function ensureSweep(
  db: Queryable,
  s: { id: string; dueAt: number; now: number },
): Promise<void> {
  await db.query(
    `INSERT INTO jobs (id, instance_id, kind, due_at, status, created_at, updated_at)
     VALUES ($1, NULL, 'sweep', $2, 'pending', $3, $3) ON CONFLICT (id) DO NOTHING`,
    [s.id, new Date(s.dueAt), new Date(s.now)],
  );
}

/**
 * Takes one run of a sweep that is due at this attempt: its next run becomes the next attempt,
 * due at `nextDue` (so of two engines delivered the same run, one sweeps). Returns that next
 * attempt, or undefined when the run is not this caller's to do.
 */
export async function claimSweep(
  db: Queryable,
  s: { id: string; attempt: number; nextDue: number; now: number },
): Promise<number | undefined> {
  const r = await db.query<{ attempt: number }>(
    `UPDATE jobs SET attempt = attempt + 1, due_at = $3, fired_at = $4, updated_at = $4
     WHERE id = $1 AND kind = 'sweep' AND status = 'pending' AND attempt = $2 AND due_at <= $4
     RETURNING attempt`,
    [s.id, s.attempt, new Date(s.nextDue), new Date(s.now)],
  );
  return r.rows[0]?.attempt;
}

/** A sweep's row: its attempt and due instant (undefined: no such sweep). */
export async function readSweep(
  db: Queryable,
  id: string,
): Promise<{ attempt: number; due_at: Date } | undefined> {
  const r = await db.query<{ attempt: number; due_at: Date }>(
    `SELECT attempt, due_at FROM jobs WHERE id = $1 AND kind = 'sweep' AND status = 'pending'`,
    [id],
  );
  return r.rows[0];
}

/** Remembers the error of an attempt, and its business error if any (the step decides what follows). */
export async function recordJobError(
  tx: Tx,
  id: string,
  error: string,
  now: number,
  failure?: BusinessError,
) {
  await tx.query(
    `UPDATE jobs SET last_error = $2, last_error_code = $4, last_error_details = $5, updated_at = $3 WHERE id = $1`,
    [id, error, new Date(now), failure?.code ?? null, failure?.details ?? null],
  );
}

/**
 * Cancels the pending SLA threshold timers of a clock but `keep` (the timers of its current
 * cycle).
 */
export async function cancelClockTimers(
  tx: Tx,
  c: { instanceId: string; clockId: string; keep: string[]; now: number },
): Promise<void> {
  await tx.query(
    `UPDATE jobs SET status = 'cancelled', updated_at = $3
     WHERE instance_id = $1 AND kind = 'sla' AND status = 'pending' AND payload->>'clockId' = $2 AND NOT (id = ANY($4::text[]))`,
    [c.instanceId, c.clockId, new Date(c.now), c.keep],
  );
}

/** A job row as the queue needs it. */
export interface PendingJob {
  id: string;
  kind: JobKind;
  attempt: number;
  due_at: Date;
}

/**
 * A page of pending rows in due order after `after`: every one (`horizon` null), or those due
 * before `horizon`.
 */
export async function pendingJobs(
  db: Queryable,
  q: { after: { due: Date; id: string } | null; horizon: Date | null; limit: number },
): Promise<PendingJob[]> {
  const r = await db.query<PendingJob>(
    `SELECT id, kind, attempt, due_at FROM jobs WHERE status = 'pending' ${q.horizon ? 'AND due_at <= $4' : ''}
     AND ($1::timestamptz IS NULL OR (due_at, id) > ($1, $2))
     ORDER BY due_at, id LIMIT $3`,
    [q.after?.due ?? null, q.after?.id ?? '', q.limit, ...(q.horizon ? [q.horizon] : [])],
  );
  return r.rows;
}

/** What a pending timer is for. */
export const TIMER_KINDS = ['timer', 'boundary', 'sla', 'retry'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

/**
 * The kind of a job row as a timer, or NULL when the row is not one: boundary timer ids end in
 * `@<boundary node>` (runtime/step.ts); a service job at a later attempt waits for its backoff.
 */
const KIND_SQL = `CASE WHEN j.kind = 'timer' AND position('@' IN j.id) > 0 THEN 'boundary'
  WHEN j.kind = 'timer' THEN 'timer'
  WHEN j.kind = 'sla' THEN 'sla'
  WHEN j.kind = 'service' AND j.attempt > 1 THEN 'retry' END`;

/** The rows (the SLA threshold's clock and its task give the SLA and the node). */
const TIMERS_FROM = `FROM jobs j
  JOIN instances i ON i.id = j.instance_id
  LEFT JOIN sla_clocks c ON j.kind = 'sla' AND c.id = j.payload->>'clockId'
  LEFT JOIN tasks ct ON ct.id = c.task_id
  CROSS JOIN LATERAL (SELECT ${KIND_SQL} AS kind) k`;

export interface PendingTimer {
  id: string;
  instance_id: string;
  business_key: string | null;
  process_id: string;
  process_version: number;
  node_id: string | null;
  kind: TimerKind;
  due_at: Date;
  sla_id: string | null;
  task_id: string | null;
  percent: number | null;
  attempt: number;
  max_attempts: number;
  action: string | null;
  /** A timer counted on a business calendar: how (runtime's TimerCalendarBasis), else null. */
  calendar_basis: TimerCalendarBasis | null;
}

/**
 * Pending timers of the cases the actor may see, soonest first, with how many there are and
 * how many are overdue (due before `now`).
 */
export async function pendingTimers(
  db: Queryable,
  actor: Actor,
  q: {
    kind?: TimerKind;
    processId?: string;
    overdue?: boolean;
    now: Date;
    limit: number;
    offset: number;
  },
): Promise<{ rows: PendingTimer[]; total: number; overdue: number }> {
  const where = `j.status = 'pending' AND k.kind IS NOT NULL
    AND ($1::text IS NULL OR k.kind = $1) AND ($2::text IS NULL OR i.process_id = $2)
    AND ($3::boolean IS NULL OR (j.due_at < $4) = $3) AND ${instanceVisibleSql('i', 5)}`;
  const params = [
    q.kind ?? null,
    q.processId ?? null,
    q.overdue ?? null,
    q.now,
    ...instanceVisibleParams(actor),
  ];
  const [rows, count] = await Promise.all([
    db.query<PendingTimer>(
      `SELECT j.id, j.instance_id, i.business_key, i.process_id, i.process_version,
              COALESCE(j.node_id, ct.node_id) AS node_id, k.kind, j.due_at, c.sla_id, c.task_id,
              (j.payload->>'percent')::int AS percent, j.attempt, j.max_attempts, j.action,
              j.payload->'calendar' AS calendar_basis
       ${TIMERS_FROM} WHERE ${where} ORDER BY j.due_at, j.id LIMIT $8 OFFSET $9`,
      [...params, q.limit, q.offset],
    ),
    db.query<{ n: number; overdue: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE j.due_at < $4)::int AS overdue
       ${TIMERS_FROM} WHERE ${where}`,
      params,
    ),
  ]);
  return { rows: rows.rows, total: count.rows[0]!.n, overdue: count.rows[0]!.overdue };
}
