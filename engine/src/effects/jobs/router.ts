/**
 * The worker's entry: does the work a job row describes, exactly once. Returns `{ early }`
 * when delivered before its due time (the worker re-delays it), 'noop' when the row is no
 * longer pending at this attempt (a duplicate, a late delivery after a cancel, or another
 * engine did it). Each kind of job has its handler; a deterministic failure of the step it
 * runs becomes an incident, an unexpected one is counted on the row and retried, then becomes
 * one (failures.ts). Sweeps and bulk migrations, which belong to no case, have rows of their own
 * (sweeps.ts, commands/migrate-cases.ts).
 */
import { jobs, type JobKind, type JobRow } from '../../store/index.ts';
import { isCasewayError } from '../../errors.ts';
import { ATTR, SpanKind, traced } from '../../tracing/index.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { runActionJob } from './action.ts';
import { failStep } from './fail.ts';
import { countFailure } from './failures.ts';
import { deliveredService, takenHere } from './service-drain.ts';
import { THRESHOLDS, fireSlaJob } from './sla-threshold.ts';
import { runStepJob } from './step-jobs.ts';
import { firedInBatch, wakeDrainAt, type DrainSpec } from './drain.ts';
import { TIMERS, fireTimer } from './timer-batch.ts';
import { SWEEP_PREFIX, runSweep } from './sweeps.ts';
import { MIGRATION_JOB_PREFIX, runBulkMigration } from '../commands/migrate-cases.ts';

type JobHandler = (ctx: CommandContext, job: JobRow, now: number) => Promise<JobOutcome>;

const HANDLERS: Record<JobKind, JobHandler> = {
  timer: fireTimer,
  'resume-parent': runStepJob,
  'cancel-instance': runStepJob,
  gateway: runStepJob,
  service: (ctx, job) => deliveredService(ctx, job),
  sla: fireSlaJob,
  'sla-action': (ctx, job) => runActionJob(ctx, job),
  'plugin-event': (ctx, job) => runActionJob(ctx, job, { failed: 'plugin.event.failed' }),
};

const DRAINED: Partial<Record<JobKind, DrainSpec>> = { timer: TIMERS, sla: THRESHOLDS };

/**
 * A reconcile read a pending row of `kind` due at `at`: if the kind is fired in batches, its
 * drain wakes then, when that is within `horizon` ms (drain.ts); false for other kinds.
 */
export function wakeDrain(ctx: CommandContext, kind: JobKind, at: number, horizon: number) {
  const spec = DRAINED[kind];
  if (spec) wakeDrainAt(ctx, spec, at, horizon);
  return Boolean(spec);
}

export async function processJob(
  ctx: CommandContext,
  jobId: string,
  attempt: number,
): Promise<JobOutcome> {
  if (jobId.startsWith(SWEEP_PREFIX)) return runSweep(ctx, jobId, attempt);
  if (jobId.startsWith(MIGRATION_JOB_PREFIX)) return runBulkMigration(ctx, jobId, attempt);
  // most deliveries in a burst of timers find their row fired by a batch (drain.ts)
  if (firedInBatch(ctx, jobId)) return 'noop';
  // and most service deliveries find their row taken by this engine's drain (service-drain.ts)
  if (takenHere(ctx, jobId, attempt)) return 'noop';
  const job = await jobs.readJob(ctx.deps.db, jobId);
  if (!job || job.status !== 'pending' || job.attempt !== attempt) return 'noop';
  const now = ctx.deps.clock.now();
  if (job.due_at.getTime() > now) return { early: job.due_at.getTime() };
  const handler = HANDLERS[job.kind];
  if (!handler) return 'noop';
  // the job continues the trace of the step that wrote its row (a new one when it has none)
  const outcome = await traced(
    ctx.deps.tracing,
    `caseway.job ${job.kind}`,
    {
      [ATTR.caseId]: job.instance_id,
      [ATTR.jobId]: job.id,
      [ATTR.jobKind]: job.kind,
      [ATTR.attempt]: job.attempt,
    },
    async (): Promise<JobOutcome> => {
      try {
        return await handler(ctx, job, now);
      } catch (e) {
        // a step refusing is an incident at once; anything else is counted and retried first
        return isCasewayError(e) ? failStep(ctx, job, e) : countFailure(ctx, job, e);
      }
    },
    { parent: job.trace_context ?? null, kind: SpanKind.CONSUMER },
  );
  if (outcome === 'done') ctx.deps.observer?.jobRan(job.kind, now - job.due_at.getTime());
  return outcome;
}
