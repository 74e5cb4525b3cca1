/**
 * Service results commit in groups. A queued service task's action runs outside any
 * transaction; recording its result (the job done, the case's `jobSucceeded` step) used to be a
 * transaction per job, so an engine running many queued steps at once spent its time in
 * commits and round trips. Results that arrive while a transaction is in flight now wait for
 * the next one, which records up to BATCH of them together: the cases locked in one statement
 * (id order, `SKIP LOCKED`), the rows re-read and marked done in one statement each, the steps'
 * history and case rows written together after the last step (step-rows.ts). Group commit: a
 * result waits at most for the transaction before it, and under load each commit carries many.
 *
 * The invariants are those of one result: each job's effect happens with its case locked and
 * its row pending at its attempt, marked done in the same transaction, one job per case per
 * batch. A result whose case another transaction holds, or a batch that fails (a step refusing,
 * a lost connection), goes back to its own transaction (service.ts), which waits for the lock
 * and turns a failure into an incident or a retry as before. Failed calls never come here.
 *
 * @example
 *   const outcome = await serviceResults(ctx).submit(job, result); // undefined: record it alone
 */
import { instances, jobs, type JobRow } from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import type { CommandContext, ExecutorDeps, JobOutcome } from '../context.ts';
import { GroupCommit } from '../group-commit.ts';
import { StepRows } from '../step-rows.ts';

/** Results per transaction unless SERVICE_RESULT_BATCH says otherwise. */
export const BATCH = 100;
/** Transactions in flight at once per engine (each holds one connection of the pool). */
const LANES = 2;

interface Waiting {
  job: JobRow;
  result: unknown;
  /** The outcome, or undefined when the result is to be recorded in a transaction of its own. */
  resolve(outcome: JobOutcome | undefined): void;
}

class ServiceResults {
  // one result per case: a case's next result waits for the next transaction
  #queue = new GroupCommit<Waiting>({
    lanes: LANES,
    most: () => this.ctx.deps.serviceResultBatch ?? BATCH,
    keyOf: (w) => w.job.instance_id!,
    commit: (batch) => this.#commit(batch),
  });

  constructor(readonly ctx: CommandContext) {}

  submit(job: JobRow, result: unknown): Promise<JobOutcome | undefined> {
    return new Promise((resolve) => this.#queue.push({ job, result, resolve }));
  }

  async #commit(batch: Waiting[]): Promise<void> {
    const { deps } = this.ctx;
    try {
      const outcomes = await this.ctx.run(async (tx, post) => {
        const now = deps.clock.now();
        const cases = await instances.lockFreeInstances(
          tx,
          batch.map((w) => w.job.instance_id!),
        );
        const pending = await jobs.jobsStillPending(
          tx,
          batch.filter((w) => cases.has(w.job.instance_id!)).map((w) => w.job),
        );
        const outcomes = batch.map((w): JobOutcome | undefined => {
          const row = cases.get(w.job.instance_id!);
          if (!row) return undefined; // held by another transaction: recorded alone
          return pending.has(w.job.id) && row.status === 'active' ? 'done' : 'noop';
        });
        const done = batch.filter((_, i) => outcomes[i] === 'done');
        if (!done.length) return outcomes;
        await jobs.markJobsDone(
          tx,
          done.map((w) => w.job.id),
          new Date(now),
        );
        const rows = (post.deferred = new StepRows());
        for (const w of done)
          await applyEvent(
            deps,
            tx,
            cases.get(w.job.instance_id!)!,
            { type: 'jobSucceeded', jobId: w.job.id, result: w.result ?? null },
            post,
          );
        await rows.flush(tx);
        return outcomes;
      });
      batch.forEach((w, i) => w.resolve(outcomes[i]));
    } catch (e) {
      deps.logger.debug(
        { err: e, jobs: batch.length },
        'a batch of service results rolled back; each is recorded alone',
      );
      for (const w of batch) w.resolve(undefined);
    }
  }
}

const batchers = new WeakMap<ExecutorDeps, ServiceResults>();

/** This engine's group commit of service results. */
export function serviceResults(ctx: CommandContext): ServiceResults {
  let b = batchers.get(ctx.deps);
  if (!b) batchers.set(ctx.deps, (b = new ServiceResults(ctx)));
  return b;
}
