/**
 * Process timers fire in batches (drain.ts): the rows are marked done in one statement, each
 * active case takes its `timerFired` step, and the steps' history and case rows are written
 * together after the last step, in one statement each (step-rows.ts).
 *
 * @example
 *   // jobs/router.ts: a delivered timer job
 *   timer: fireTimer,
 */
import { jobs, type JobRow } from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { StepRows } from '../step-rows.ts';
import { drained, type DrainSpec } from './drain.ts';
import { runStepJob } from './step-jobs.ts';

export const TIMERS: DrainSpec = {
  kind: 'timer',
  async fire(ctx, tx, post, due, now, current) {
    const at = new Date(now);
    await jobs.markJobsDone(
      tx,
      due.map((d) => d.timerId),
      at,
    );
    // the steps' history and case rows are written together, after the last step
    const rows = (post.deferred = new StepRows());
    for (const d of due) {
      if (d.instance.status !== 'active') continue;
      current.id = d.timerId;
      await applyEvent(ctx.deps, tx, d.instance, { type: 'timerFired', timerId: d.timerId }, post);
    }
    await rows.flush(tx);
    return { handled: due, left: [] };
  },
};

/**
 * A delivered timer job: drains every due timer in batches, then fires this one alone if no
 * batch did (its case was busy, or its step failed in a batch).
 */
export function fireTimer(ctx: CommandContext, job: JobRow, now: number): Promise<JobOutcome> {
  return drained(ctx, TIMERS, job.id, now, () => runStepJob(ctx, job, now));
}
