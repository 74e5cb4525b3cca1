/**
 * Due timers fire in batches. A burst (every renewal reminder due at 09:00, every claim's
 * decision deadline warning at once) is many cases whose timers come due together; one
 * transaction per timer cannot keep up with it. So this engine's drain of a kind fires every
 * due row of it in transactions of many cases (rows locked `FOR UPDATE SKIP LOCKED` with their
 * cases, store/due-timers.ts), in parallel lanes, until none is due; batches grow and lanes are
 * added while it is behind (drain-plan.ts). It wakes when a row comes due that a reconcile read
 * (the reconciler reads the rows due within two intervals on every tick), when a pointer of its
 * kind is delivered, and, while more rows come due within HORIZON_MS, when the next one does:
 * a burst is fired from PostgreSQL without waiting for BullMQ to deliver each pointer. BullMQ
 * stays the pointer: the delivery of a row a batch fired is a no-op, and a row no batch could
 * take (its case busy, its step failed) is fired by its delivery.
 *
 * The invariants hold as for one timer: a row is fired only with its case locked and while
 * pending at its due instant (engine clock), marked done and counted in the transaction of
 * its step, one row per case per batch (a step may cancel the case's other timers). A batch
 * that fails rolls back whole; the row whose step failed is left to its own delivery, which
 * fires it alone and turns a failure into an incident or a retry (router.ts). An engine killed
 * in a batch leaves its rows pending (the transaction never committed) and locked until
 * PostgreSQL ends its session; then any engine's drain or their deliveries take them. Process
 * timers (timer-batch.ts) and SLA thresholds (sla-threshold.ts) each have a drain.
 */
import { jobs, type DrainedKind, type DueTimer } from '../../store/index.ts';
import {
  BATCH,
  HORIZON_MS,
  LANES,
  laneGoesOn,
  lanesWanted,
  nextBatchSize,
  onePerCase,
  wakeIn,
} from './drain-plan.ts';
import type { PostCommit } from '../apply.ts';
import type { CommandContext, ExecutorDeps, JobOutcome } from '../context.ts';
import type { Tx } from '../../store/index.ts';

/** How many fired ids the drain remembers, so their deliveries need no transaction. */
const REMEMBERED = 100_000;

/** What a batch did with each row it took: fired (or found nothing left to do), or left. */
export interface BatchOutcome {
  /** Rows done in this transaction: their deliveries are no-ops. */
  handled: DueTimer[];
  /** Rows to leave to their own delivery (an SLA threshold whose working time is not reached). */
  left: string[];
}

/** How one kind fires a batch of locked due rows, one per case, in the drain's transaction. */
export interface DrainSpec {
  kind: DrainedKind;
  /** `current.id` names the row being fired, so a failure leaves that row out of batches. */
  fire(
    ctx: CommandContext,
    tx: Tx,
    post: PostCommit,
    due: DueTimer[],
    now: number,
    current: { id?: string },
  ): Promise<BatchOutcome>;
}

class Drain {
  /** Rows this engine fired in a committed batch (their deliveries are no-ops). */
  readonly fired = new Set<string>();
  /** Rows whose step failed (or was early) in a batch: fired one at a time by their delivery. */
  readonly excluded = new Set<string>();
  #lanes = 0;
  /** Cases the next batch takes (drain-plan.ts: larger while behind). */
  #size = BATCH;
  #requested = 0;
  #idle: Promise<void> = Promise.resolve();
  #wake: (() => void) | undefined;
  /** When (real time, Date.now()) the armed wake-up goes off, and its timer. */
  #armedAt: number | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly ctx: CommandContext,
    readonly spec: DrainSpec,
  ) {}

  /** Fires what is due at `now` (or later, as the drain runs); resolves when it is fired. */
  request(now: number): Promise<void> {
    this.#requested = Math.max(this.#requested, now);
    if (this.#lanes === 0)
      this.#idle = new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    this.#open(LANES);
    return this.#idle;
  }

  /**
   * Wakes the drain when a row due at `at` comes due, if that is within `horizon` ms and no
   * wake-up is armed for an earlier instant: a reconcile that read the row, or the drain itself
   * following a burst, so a burst is fired from PostgreSQL without waiting for BullMQ to deliver
   * its pointers (which stay, for an engine that is not following it).
   */
  wakeAt(at: number | null, horizon: number): void {
    const armedIn = this.#armedAt === undefined ? undefined : this.#armedAt - Date.now();
    const wait = wakeIn(at, this.ctx.deps.clock.now(), horizon, armedIn);
    if (wait === undefined) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#armedAt = Date.now() + wait;
    this.#timer = setTimeout(() => {
      this.#armedAt = undefined;
      this.#timer = undefined;
      void this.request(this.ctx.deps.clock.now());
    }, wait).unref();
  }

  /** Starts lanes until `n` run. */
  #open(n: number): void {
    while (this.#lanes < n) {
      this.#lanes++;
      void this.#lane().finally(() => {
        if (--this.#lanes === 0) {
          this.#wake?.();
          void this.#followUp();
        }
      });
    }
  }

  async #lane(): Promise<void> {
    for (;;) {
      const at = this.ctx.deps.clock.now();
      const size = this.#size;
      const claimed = await this.#batch(at, size);
      if (claimed >= 0) {
        this.#size = nextBatchSize(size, claimed);
        this.#open(lanesWanted(this.#lanes, claimed, size));
      }
      if (!laneGoesOn(claimed, size, this.#requested, at)) return;
    }
  }

  /** One transaction of up to `size` cases; the rows it locked (-1: it failed and rolled back). */
  async #batch(now: number, size: number): Promise<number> {
    const { deps } = this.ctx;
    const current: { id?: string } = {};
    const at = new Date(now);
    try {
      const { claimed, outcome } = await this.ctx.run(async (tx, post) => {
        const due = await jobs.lockDueTimers(tx, {
          kind: this.spec.kind,
          now: at,
          limit: size,
          exclude: [...this.excluded],
        });
        const outcome = await this.spec.fire(this.ctx, tx, post, onePerCase(due), now, current);
        current.id = undefined;
        return { claimed: due.length, outcome };
      });
      if (this.fired.size + outcome.handled.length > REMEMBERED) this.fired.clear();
      for (const d of outcome.handled) {
        this.fired.add(d.timerId);
        deps.observer?.jobRan(this.spec.kind, now - d.dueAt.getTime());
      }
      for (const id of outcome.left) this.excluded.add(id);
      return claimed;
    } catch (e) {
      if (current.id) this.excluded.add(current.id);
      deps.logger.warn(
        { err: e, timerId: current.id, kind: this.spec.kind },
        'a batch of timers rolled back; its timers fire one at a time',
      );
      return -1;
    }
  }

  /** Once every lane has stopped: wakes again when the next row is due, if it is due soon. */
  async #followUp(): Promise<void> {
    const now = this.ctx.deps.clock.now();
    const next = await jobs
      .nextTimerDue(this.ctx.deps.db, this.spec.kind, new Date(now))
      .catch(() => null);
    if (this.#lanes === 0) this.wakeAt(next?.getTime() ?? null, HORIZON_MS);
  }
}

const drains = new WeakMap<ExecutorDeps, Map<DrainedKind, Drain>>();

function drainOf(ctx: CommandContext, spec: DrainSpec): Drain {
  let byKind = drains.get(ctx.deps);
  if (!byKind) drains.set(ctx.deps, (byKind = new Map()));
  let d = byKind.get(spec.kind);
  if (!d) byKind.set(spec.kind, (d = new Drain(ctx, spec)));
  return d;
}

/**
 * A delivered job of a drained kind: drains every due row of its kind in batches, then runs
 * `alone` for this one if no batch fired it (its case was busy, or its step failed or was early
 * in a batch).
 *
 * @example
 *   // timer-batch.ts
 *   export const fireTimer = (ctx, job, now) => drained(ctx, TIMERS, job.id, now, () => runStepJob(ctx, job, now));
 */
export async function drained(
  ctx: CommandContext,
  spec: DrainSpec,
  id: string,
  now: number,
  alone: () => Promise<JobOutcome>,
): Promise<JobOutcome> {
  const drain = drainOf(ctx, spec);
  if (!drain.excluded.has(id)) {
    await drain.request(now);
    if (drain.fired.has(id)) return 'noop';
  }
  const outcome = await alone();
  drain.excluded.delete(id);
  return outcome;
}

/**
 * A reconcile read a pending row of this kind due at `at` (jobs/router.ts `wakeDrain`): the drain
 * wakes when it comes due, if that is within `horizon` ms.
 */
export function wakeDrainAt(ctx: CommandContext, spec: DrainSpec, at: number, horizon: number) {
  drainOf(ctx, spec).wakeAt(at, horizon);
}

/** Whether this engine fired the row in a batch of any kind (its delivery is a no-op). */
export function firedInBatch(ctx: CommandContext, id: string): boolean {
  for (const d of drains.get(ctx.deps)?.values() ?? []) if (d.fired.has(id)) return true;
  return false;
}
