/**
 * Jobs that run one step of their case under its lock, marking the row done in the same
 * transaction: a timer fires, a child's completion resumes its parent's call activity (with the
 * error it threw from an error end, if it did), a parent's end cancels a child, a gateway held
 * with an incident decides again.
 */
import { thrown } from '../../runtime/index.ts';
import { instances, jobs, type JobRow } from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { stillPending } from './pending.ts';

export async function runStepJob(
  ctx: CommandContext,
  job: JobRow,
  now: number,
): Promise<JobOutcome> {
  const { deps } = ctx;
  return ctx.run(async (tx, post) => {
    const row = await instances.lockInstance(tx, job.instance_id);
    if (!(await stillPending(tx, job))) return 'noop';
    await jobs.markJobDone(tx, job.id, now);
    if (row.status !== 'active') return 'noop';
    switch (job.kind) {
      case 'timer':
        await applyEvent(deps, tx, row, { type: 'timerFired', timerId: job.id }, post);
        return 'done';
      case 'resume-parent': {
        const c = (await instances.readInstance(tx, job.payload.childId!))!;
        // A boundary timer interrupted the call before this notice arrived: nobody waits.
        const waits = row.state.tokens.some(
          (t) => t.wait.kind === 'call' && t.wait.childId === c.id,
        );
        if (!waits) return 'noop';
        await applyEvent(
          deps,
          tx,
          row,
          {
            type: 'childCompleted',
            childId: c.id,
            variables: c.state.variables,
            outcome: c.outcome,
            ...(c.state.error ? { error: thrown(c.state.error) } : {}),
          },
          post,
        );
        return 'done';
      }
      case 'gateway':
        // an incident retried: the gateway decides again (and holds with a new one if it cannot)
        if (!row.state.tokens.some((t) => t.wait.kind === 'gateway' && t.wait.jobId === job.id))
          return 'noop';
        await applyEvent(deps, tx, row, { type: 'gatewayRetried', jobId: job.id }, post);
        return 'done';
      case 'cancel-instance':
        await applyEvent(
          deps,
          tx,
          row,
          { type: 'cancel', actor: 'system', reason: 'parent ended or was interrupted' },
          post,
        );
        return 'done';
      default:
        return 'noop';
    }
  });
}
