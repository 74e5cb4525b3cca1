/**
 * Timers fire in batches. A burst (every renewal reminder due at 09:00) is many cases whose
 * timers come due together; one transaction per timer cannot keep up with it. So a delivered
 * timer job wakes this engine's drain, which fires every due timer in transactions of up to
 * BATCH cases (rows locked `FOR UPDATE SKIP LOCKED` with their cases, store/due-timers.ts,
 * the steps' history and case rows written in one statement each, step-rows.ts),
 * in LANES parallel lanes, until none is due; while more timers come due within HORIZON_MS it
 * keeps going on its own, reading PostgreSQL, so lateness in a burst does not wait for
 * BullMQ to deliver each pointer. The delivery whose row a batch fired is then a no-op.
 *
 * The invariants hold as for one timer: a row is fired only with its case locked and while
 * pending at its due instant (engine clock), marked done and counted in the transaction of
 * its step, one timer per case per batch (a step may cancel the case's other timers). A batch
 * that fails rolls back whole; the timer whose step failed is left to its own delivery, which
 * fires it alone and turns a failure into an incident or a retry (router.ts).
 *
 * @example
 *   // jobs/router.ts: a delivered timer job
 *   timer: fireTimer,
 */
import { lockDueTimers, markJobsDone, nextTimerDue, type JobRow } from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import type { CommandContext, ExecutorDeps, JobOutcome } from '../context.ts';
import { StepRows } from '../step-rows.ts';
import { runStepJob } from './step-jobs.ts';

/** Cases per transaction. */
export const BATCH = 200;
/** Batches in flight at once per engine (each holds one connection of the pool). */
const LANES = 2;
/** How far ahead the drain looks for the next due timer before it stops. */
const HORIZON_MS = 1_000;
/** The shortest wait between two drains while a burst goes on (fewer, larger batches). */
const GAP_MS = 20;
/** How many fired ids the drain remembers, so their deliveries need no transaction. */
const REMEMBERED = 100_000;

class Drain {
  /** Timers this engine fired in a committed batch (their deliveries are no-ops). */
  readonly fired = new Set<string>();
  /** Timers whose step failed in a batch: fired one at a time by their own delivery. */
  readonly excluded = new Set<string>();
  #lanes = 0;
  #requested = 0;
  #idle: Promise<void> = Promise.resolve();
  #wake: (() => void) | undefined;
  #following = false;

  constructor(readonly ctx: CommandContext) {}

  /** Fires what is due at `now` (or later, as the drain runs); resolves when it is fired. */
  request(now: number): Promise<void> {
    this.#requested = Math.max(this.#requested, now);
    if (this.#lanes === 0)
      this.#idle = new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    while (this.#lanes < LANES) {
      this.#lanes++;
      void this.#lane().finally(() => {
        if (--this.#lanes === 0) {
          this.#wake?.();
          if (!this.#following) {
            this.#following = true;
            void this.#followUp();
          }
        }
      });
    }
    return this.#idle;
  }

  async #lane(): Promise<void> {
    for (;;) {
      const now = this.ctx.deps.clock.now();
      const claimed = await this.#batch(now);
      if (claimed < 0) return;
      if (claimed < BATCH && this.#requested <= now) return;
    }
  }

  /** One transaction; the rows it locked (-1: it failed and rolled back). */
  async #batch(now: number): Promise<number> {
    const { deps } = this.ctx;
    let current: string | undefined;
    const at = new Date(now);
    try {
      const { claimed, fired } = await this.ctx.run(async (tx, post) => {
        const due = await lockDueTimers(tx, {
          now: at,
          limit: BATCH,
          exclude: [...this.excluded],
        });
        const cases = new Set<string>();
        const take = due.filter((d) => !cases.has(d.instance.id) && cases.add(d.instance.id));
        await markJobsDone(
          tx,
          take.map((d) => d.timerId),
          at,
        );
        // the steps' history and case rows are written together, after the last step
        const rows = (post.deferred = new StepRows());
        for (const d of take) {
          if (d.instance.status !== 'active') continue;
          current = d.timerId;
          await applyEvent(deps, tx, d.instance, { type: 'timerFired', timerId: d.timerId }, post);
        }
        current = undefined;
        await rows.flush(tx);
        return { claimed: due.length, fired: take };
      });
      if (this.fired.size + fired.length > REMEMBERED) this.fired.clear();
      for (const d of fired) {
        this.fired.add(d.timerId);
        deps.observer?.jobRan('timer', now - d.dueAt.getTime());
      }
      return claimed;
    } catch (e) {
      if (current) this.excluded.add(current);
      deps.logger.warn(
        { err: e, timerId: current },
        'a batch of timers rolled back; its timers fire one at a time',
      );
      return -1;
    }
  }

  /** While the next timer is due within the horizon, drains again when it is due. */
  async #followUp(): Promise<void> {
    const now = this.ctx.deps.clock.now();
    const next = await nextTimerDue(this.ctx.deps.db, new Date(now)).catch(() => null);
    const wait = next ? next.getTime() - now : Infinity;
    if (wait > HORIZON_MS) {
      this.#following = false;
      return;
    }
    setTimeout(
      () => {
        this.#following = false;
        void this.request(this.ctx.deps.clock.now());
      },
      Math.max(GAP_MS, wait),
    ).unref();
  }
}

const drains = new WeakMap<ExecutorDeps, Drain>();

function drainOf(ctx: CommandContext): Drain {
  let d = drains.get(ctx.deps);
  if (!d) drains.set(ctx.deps, (d = new Drain(ctx)));
  return d;
}

/**
 * A delivered timer job: drains every due timer in batches, then fires this one alone if no
 * batch did (its case was busy, or its step failed in a batch).
 */
export async function fireTimer(
  ctx: CommandContext,
  job: JobRow,
  now: number,
): Promise<JobOutcome> {
  const drain = drainOf(ctx);
  if (!drain.excluded.has(job.id)) {
    await drain.request(now);
    if (drain.fired.has(job.id)) return 'noop';
  }
  const outcome = await runStepJob(ctx, job, now);
  drain.excluded.delete(job.id);
  return outcome;
}

/** Whether this engine fired the timer in a batch (its delivery is a no-op). */
export function firedInBatch(ctx: CommandContext, id: string): boolean {
  return drains.get(ctx.deps)?.fired.has(id) ?? false;
}
