/**
 * A job that fails for an unexpected reason (a bug, a database error that is not a lost
 * connection; not a step refusing, which fail.ts turns into an incident at once): the failure
 * is counted on its row and the job tried again after a backoff, and past the retry policy it
 * becomes an incident an operator can retry. Never a loop of deliveries: each delivery that
 * fails is counted. Only when the failure cannot be counted (the database is unreachable, or
 * the error says it was) is it thrown back to the queue, which retries the delivery.
 */
import { instances, jobs, isTransientDbError, type JobRow } from '../../store/index.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { openJobIncident } from './fail.ts';

/** The engine's retry policy for unexpected failures (JOB_FAILURE_RETRIES, backoff doubling). */
export interface FailurePolicy {
  /** Tries after the first failure before an incident opens. */
  retries: number;
  /** Wait before the first retry (ms); doubles each time, at most `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_FAILURE_POLICY: FailurePolicy = {
  retries: 3,
  backoffMs: 1_000,
  maxBackoffMs: 300_000,
};

/** The wait before the retry that follows failure number `failures` (1, 2, …). */
export const retryDelay = (p: FailurePolicy, failures: number) =>
  Math.min(p.maxBackoffMs, p.backoffMs * 2 ** Math.max(0, failures - 1));

/** What an error says, for the row and the incident (never its stack). */
const describe = (e: unknown) =>
  `${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 2_000);

export async function countFailure(
  ctx: CommandContext,
  job: JobRow,
  e: unknown,
): Promise<JobOutcome> {
  if (isTransientDbError(e)) throw e;
  const policy = ctx.deps.failurePolicy ?? DEFAULT_FAILURE_POLICY;
  const error = describe(e);
  const now = ctx.deps.clock.now();
  // the backoff after this failure (the row read before the work began says how many came before)
  const retryAt = now + retryDelay(policy, job.failures + 1);
  let counted: number | undefined;
  try {
    counted = await ctx.run(async (tx, post) => {
      const row = await instances.lockInstance(tx, job.instance_id);
      const failures = await jobs.countJobFailure(tx, {
        id: job.id,
        attempt: job.attempt,
        error,
        retryAt,
        now,
      });
      if (failures !== undefined && failures > policy.retries)
        await openJobIncident(tx, post, ctx, job, {
          processId: row.process_id,
          nodeId: job.node_id,
          error,
        });
      return failures;
    });
  } catch {
    throw e; // not even counted: the queue delivers it again
  }
  if (counted === undefined) return 'noop'; // done, cancelled or moved on meanwhile
  const incident = counted > policy.retries;
  ctx.deps.logger.warn(
    { jobId: job.id, failures: counted, err: e },
    // the incident has a line of its own ('incident opened', once committed)
    incident ? 'job failed' : 'job failed; will be retried',
  );
  return incident ? 'done' : { early: retryAt };
}
