/**
 * The worker side of SLA clocks: a threshold or breach timer fires under the instance lock
 * (exactly once, never before the clock's working time reaches it), and an SLA's plugin
 * action runs as a durable job with retries and backoff, then an incident an operator can
 * retry.
 */
import { firingOrder, thresholdEntry, thresholdTimerId, thresholdsOf } from '../sla/index.ts';
import { lockInstance, loadClocks, type Tx } from '../store/index.ts';
import type { PostCommit } from './apply.ts';
import type { ExecutorDeps, JobOutcome, JobRow } from './executor.ts';
import { invokeAction } from './invoke.ts';
import { appendHistory, markDone, openIncident } from './rows.ts';
import { fireSlaThreshold } from './sla.ts';
import { runSlaActions } from './sla-actions.ts';

export interface SlaJobDeps {
  deps: ExecutorDeps;
  run<T>(fn: (tx: Tx, post: PostCommit) => Promise<T>): Promise<T>;
  stillPending(tx: Tx, job: JobRow): Promise<boolean>;
}

/**
 * Fires a threshold job. Lower thresholds of the same clock that are due but not fired yet
 * (the clock jumped past several at once, or their jobs are still queued) fire first, in the
 * same transaction, so warnings always come in order; their own jobs then find nothing to do.
 */
export async function fireSlaJob(s: SlaJobDeps, job: JobRow, seenAt: number): Promise<JobOutcome> {
  const { clockId, percent } = job.payload as { clockId: string; percent: number };
  return s.run(async (tx, post) => {
    const row = await lockInstance(tx, job.instance_id);
    // the instant is read once the instance is locked: a step that committed while this
    // waited (or while the database was away) logged a later elapsed time, and a warning
    // logged at the earlier instant would make the clock's history run backwards
    const now = Math.max(seenAt, s.deps.clock.now());
    if (!(await s.stillPending(tx, job))) return 'noop';
    const [clock] = await loadClocks(tx, { clockId });
    const sla = clock ? s.deps.registry.sla(clock.slaId, clock.slaVersion) : undefined;
    for (const q of firingOrder(clock, sla ? thresholdsOf(sla) : [], percent)) {
      const r = await fireSlaThreshold(s.deps, tx, clockId, q, now);
      if (r === 'noop' || 'early' in r) {
        if (q !== percent) continue;
        if (r !== 'noop') return r;
        await tx.query(`UPDATE jobs SET status = 'cancelled', updated_at = $2 WHERE id = $1`, [
          job.id,
          new Date(now),
        ]);
        return 'noop';
      }
      await tx.query(
        `UPDATE jobs SET status = 'done', fired_at = $2, fire_count = fire_count + 1, updated_at = $2 WHERE id = $1 AND status = 'pending'`,
        [q === percent ? job.id : thresholdTimerId(r.fired, q), new Date(now)],
      );
      const entries = [
        thresholdEntry(r.sla, r.fired, q),
        ...(await runSlaActions(s.deps, tx, row, r.fired, r.sla, q, now, post)),
      ];
      for (const h of entries) await appendHistory(tx, row, { ...h, actor: 'system' }, now);
    }
    return 'done';
  });
}

/** History entry types of an action job's outcomes; success is not recorded without one. */
export interface ActionJobLabels {
  succeeded?: string;
  failed: string;
}

/**
 * Runs an action job outside the instance's steps (an SLA's plugin action, a plugin's event
 * delivery): the action, then under the instance lock its outcome, a retry with backoff, or
 * after the last try an incident an operator can retry.
 */
export async function runActionJob(
  s: SlaJobDeps,
  job: JobRow,
  labels: ActionJobLabels = { succeeded: 'sla.action.succeeded', failed: 'sla.action.failed' },
): Promise<JobOutcome> {
  const { result, error, permanent } = await invokeAction(s.deps.actions, job);
  return s.run(async (tx, post) => {
    const row = await lockInstance(tx, job.instance_id);
    if (!(await s.stillPending(tx, job))) return 'noop';
    const now = s.deps.clock.now();
    const base = { jobId: job.id, action: job.action, attempt: job.attempt };
    if (error === null) {
      await markDone(tx, job.id, now);
      if (labels.succeeded)
        await appendHistory(
          tx,
          row,
          { type: labels.succeeded, actor: 'system', data: { ...base, result } },
          now,
        );
    } else if (job.attempt < job.max_attempts && !permanent) {
      const runAt = now + job.backoff_ms * 2 ** (job.attempt - 1);
      await tx.query(
        `UPDATE jobs SET attempt = attempt + 1, due_at = $2, last_error = $3, updated_at = $4 WHERE id = $1`,
        [job.id, new Date(runAt), error, new Date(now)],
      );
      post.dispatch.push({ id: job.id, attempt: job.attempt + 1, dueAt: runAt });
      await appendHistory(
        tx,
        row,
        {
          type: labels.failed,
          actor: 'system',
          data: { ...base, error, retryAt: new Date(runAt).toISOString() },
        },
        now,
      );
    } else {
      await openIncident(tx, {
        jobId: job.id,
        instanceId: job.instance_id,
        nodeId: null,
        error,
        now: new Date(now),
      });
      await appendHistory(
        tx,
        row,
        { type: 'incident.opened', actor: 'system', data: { ...base, error } },
        now,
      );
    }
    return 'done';
  });
}
