/**
 * A service task's job: the action runs outside any transaction (it may be slow), then its
 * result is recorded under the case's lock by the step (`jobSucceeded`, or `jobFailed`, which
 * decides a retry with backoff or an incident). Successes are recorded many to a transaction
 * (service-batch.ts); one the batch leaves, and every failure, gets a transaction of its own.
 */
import { instances, jobs, type JobRow } from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { invokeAction } from '../invoke.ts';
import { stillPending } from './pending.ts';
import { BATCH, serviceResults } from './service-batch.ts';

export async function runService(ctx: CommandContext, job: JobRow): Promise<JobOutcome> {
  const { deps } = ctx;
  const { result, error, permanent, failure } = await invokeAction(
    deps.actions,
    job,
    deps.personalData?.masker(job.payload),
    deps.tracing,
  );
  if (error === null && (deps.serviceResultBatch ?? BATCH) > 1) {
    const batched = await serviceResults(ctx).submit(job, result);
    if (batched) return batched;
  }
  return ctx.run(async (tx, post) => {
    const row = await instances.lockInstance(tx, job.instance_id);
    if (!(await stillPending(tx, job))) return 'noop';
    const now = deps.clock.now();
    if (row.status !== 'active') return 'noop';
    if (error === null) {
      await jobs.markJobDone(tx, job.id, now);
      await applyEvent(
        deps,
        tx,
        row,
        { type: 'jobSucceeded', jobId: job.id, result: result ?? null },
        post,
      );
    } else {
      await jobs.recordJobError(tx, job.id, error, now, failure);
      await applyEvent(
        deps,
        tx,
        row,
        {
          type: 'jobFailed',
          jobId: job.id,
          attempt: job.attempt,
          // a permanent failure is the last attempt: straight to an incident
          maxAttempts: permanent ? job.attempt : job.max_attempts,
          backoffMs: job.backoff_ms,
          error,
          ...(failure ? { failure } : {}),
          random: Math.random(),
        },
        post,
      );
    }
    return 'done';
  });
}
