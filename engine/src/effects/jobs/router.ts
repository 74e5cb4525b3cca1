/**
 * The worker's entry: does the work a job row describes, exactly once. Returns `{ early }`
 * when delivered before its due time (the worker re-delays it), 'noop' when the row is no
 * longer pending at this attempt (a duplicate, a late delivery after a cancel, or another
 * engine did it). Each kind of job has its handler; a deterministic failure of the step it
 * runs becomes an incident, an unexpected one is counted on the row and retried, then becomes
 * one (failures.ts). Sweeps, which belong to no case, have rows of their own (sweeps.ts).
 */
import { readJob, type JobKind, type JobRow } from '../../store/index.ts';
import { isCasewayError } from '../../errors.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { runActionJob } from './action.ts';
import { failStep } from './fail.ts';
import { countFailure } from './failures.ts';
import { runService } from './service.ts';
import { fireSlaJob } from './sla-threshold.ts';
import { runStepJob } from './step-jobs.ts';
import { fireTimer, firedInBatch } from './timer-batch.ts';
import { SWEEP_PREFIX, runSweep } from './sweeps.ts';

type JobHandler = (ctx: CommandContext, job: JobRow, now: number) => Promise<JobOutcome>;

const HANDLERS: Record<JobKind, JobHandler> = {
  timer: fireTimer,
  'resume-parent': runStepJob,
  'cancel-instance': runStepJob,
  service: (ctx, job) => runService(ctx, job),
  sla: fireSlaJob,
  'sla-action': (ctx, job) => runActionJob(ctx, job),
  'plugin-event': (ctx, job) => runActionJob(ctx, job, { failed: 'plugin.event.failed' }),
};

export async function processJob(
  ctx: CommandContext,
  jobId: string,
  attempt: number,
): Promise<JobOutcome> {
  if (jobId.startsWith(SWEEP_PREFIX)) return runSweep(ctx, jobId, attempt);
  // most deliveries in a burst of timers find their row fired by a batch (timer-batch.ts)
  if (firedInBatch(ctx, jobId)) return 'noop';
  const job = await readJob(ctx.deps.db, jobId);
  if (!job || job.status !== 'pending' || job.attempt !== attempt) return 'noop';
  const now = ctx.deps.clock.now();
  if (job.due_at.getTime() > now) return { early: job.due_at.getTime() };
  const handler = HANDLERS[job.kind];
  if (!handler) return 'noop';
  let outcome: JobOutcome;
  try {
    outcome = await handler(ctx, job, now);
  } catch (e) {
    // a step refusing is an incident at once; anything else is counted and retried first
    outcome = isCasewayError(e) ? await failStep(ctx, job, e) : await countFailure(ctx, job, e);
  }
  if (outcome === 'done') ctx.deps.observer?.jobRan(job.kind, now - job.due_at.getTime());
  return outcome;
}
