/**
 * An action job outside the case's steps (an SLA's plugin action, a plugin's event delivery):
 * the action runs, then under the case's lock its outcome is recorded: a retry with backoff,
 * or after the last try an incident an operator can retry.
 */
import { history, instances, jobs, type JobRow } from '../../store/index.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { openIncidentTold } from '../incidents.ts';
import { invokeAction } from '../invoke.ts';
import { stillPending } from './pending.ts';

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
  s: CommandContext,
  job: JobRow,
  labels: ActionJobLabels = { succeeded: 'sla.action.succeeded', failed: 'sla.action.failed' },
): Promise<JobOutcome> {
  const { result, error, permanent, failure } = await invokeAction(
    s.deps.actions,
    job,
    s.deps.personalData?.masker(job.payload),
    s.deps.tracing,
  );
  return s.run(async (tx, post) => {
    const row = await instances.lockInstance(tx, job.instance_id);
    if (!(await stillPending(tx, job))) return 'noop';
    const now = s.deps.clock.now();
    const base = { jobId: job.id, action: job.action, attempt: job.attempt };
    if (error === null) {
      await jobs.markJobDone(tx, job.id, now);
      if (labels.succeeded)
        await history.appendHistory(
          tx,
          row.id,
          { type: labels.succeeded, actor: 'system', data: { ...base, result } },
          now,
        );
    } else if (job.attempt < job.max_attempts && !permanent) {
      const runAt = now + job.backoff_ms * 2 ** (job.attempt - 1);
      await jobs.retryJob(tx, {
        id: job.id,
        attempt: job.attempt + 1,
        dueAt: runAt,
        error,
        now: new Date(now),
      });
      post.dispatch.push({ id: job.id, attempt: job.attempt + 1, dueAt: runAt });
      await history.appendHistory(
        tx,
        row.id,
        {
          type: labels.failed,
          actor: 'system',
          data: { ...base, error, retryAt: new Date(runAt).toISOString() },
        },
        now,
      );
    } else {
      await openIncidentTold(tx, post, {
        jobId: job.id,
        instanceId: job.instance_id,
        processId: row.process_id,
        nodeId: null,
        action: job.action,
        error,
        failure,
        now: new Date(now),
      });
      await history.appendHistory(
        tx,
        row.id,
        {
          type: 'incident.opened',
          actor: 'system',
          data: { ...base, error, ...(failure ? { code: failure.code } : {}) },
        },
        now,
      );
    }
    return 'done';
  });
}
