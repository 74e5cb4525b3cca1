/**
 * A step triggered by a job failed deterministically (a FEEL error, no matching flow): nothing
 * of it was written; the job becomes an incident an operator can retry.
 */
import { isCasewayError } from '../../errors.ts';
import { lockInstance, openIncident, type JobRow, type Tx } from '../../store/index.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { stillPending } from './pending.ts';

export async function failStep(ctx: CommandContext, job: JobRow, e: unknown): Promise<JobOutcome> {
  if (!isCasewayError(e)) throw e;
  ctx.deps.logger.warn({ jobId: job.id, code: e.code }, 'step failed; incident opened');
  await ctx.run(async (tx) => {
    await lockInstance(tx, job.instance_id);
    if (!(await stillPending(tx, job))) return;
    await openJobIncident(tx, ctx, job, {
      nodeId: typeof e.data.nodeId === 'string' ? e.data.nodeId : job.node_id,
      error: `${e.code}: ${e.message}`,
    });
  });
  return 'done';
}

/** The job fails (status `failed`) with an open incident; call it with the instance locked. */
export async function openJobIncident(
  tx: Tx,
  ctx: CommandContext,
  job: JobRow,
  i: { nodeId: string | null; error: string },
): Promise<void> {
  await openIncident(tx, {
    jobId: job.id,
    instanceId: job.instance_id,
    nodeId: i.nodeId,
    error: i.error,
    now: new Date(ctx.deps.clock.now()),
  });
}
