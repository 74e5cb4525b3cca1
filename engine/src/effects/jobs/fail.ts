/**
 * A step triggered by a job failed deterministically (a FEEL error, no matching flow): nothing
 * of it was written; the job becomes an incident an operator can retry.
 */
import { isCasewayError } from '../../errors.ts';
import { instances, type JobRow, type Tx } from '../../store/index.ts';
import type { PostCommit } from '../apply.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { openIncidentTold } from '../incidents.ts';
import { stillPending } from './pending.ts';

export async function failStep(ctx: CommandContext, job: JobRow, e: unknown): Promise<JobOutcome> {
  if (!isCasewayError(e)) throw e;
  await ctx.run(async (tx, post) => {
    const row = await instances.lockInstance(tx, job.instance_id);
    if (!(await stillPending(tx, job))) return;
    await openJobIncident(tx, post, ctx, job, {
      processId: row.process_id,
      nodeId: typeof e.data.nodeId === 'string' ? e.data.nodeId : job.node_id,
      error: `${e.code}: ${e.message}`,
    });
  });
  return 'done';
}

/**
 * The job fails (status `failed`) with an open incident, logged once committed; call it with
 * the instance locked.
 */
export async function openJobIncident(
  tx: Tx,
  post: PostCommit,
  ctx: CommandContext,
  job: JobRow,
  i: { processId: string; nodeId: string | null; error: string },
): Promise<void> {
  await openIncidentTold(tx, post, {
    jobId: job.id,
    instanceId: job.instance_id,
    processId: i.processId,
    nodeId: i.nodeId,
    action: job.action,
    error: i.error,
    now: new Date(ctx.deps.clock.now()),
  });
}
