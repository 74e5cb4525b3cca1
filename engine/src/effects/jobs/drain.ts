/**
 * Due timers fire in batches. A burst (every renewal reminder due at 09:00, every claim's
 * decision deadline warning at once) is many cases whose timers come due together; one
 * transaction per timer cannot keep up with it. So a delivered job of a drained kind wakes this
 * engine's drain of that kind, which fires every due row in transactions of up to BATCH cases
 * (rows locked `FOR UPDATE SKIP LOCKED` with their cases, store/due-timers.ts), in LANES
 * parallel lanes, until none is due; while more come due within HORIZON_MS it keeps going on
 * its own, reading PostgreSQL, so lateness in a burst does not wait for BullMQ to deliver each
 * pointer. The delivery whose row a batch fired is then a no-op.
 *
 * The invariants hold as for one timer: a row is fired only with its case locked and while
 * pending at its due instant (engine clock), marked done and counted in the transaction of
 * its step, one row per case per batch (a step may cancel the case's other timers). A batch
 * that fails rolls back whole; the row whose step failed is left to its own delivery, which
 * fires it alone and turns a failure into an incident or a retry (router.ts). Process timers
 * (timer-batch.ts) and SLA thresholds (sla-threshold.ts) each have a drain.
 */
import { jobs, type DrainedKind, type DueTimer } from '../../store/index.ts';
import type { PostCommit } from '../apply.ts';
import type { CommandContext, ExecutorDeps, JobOutcome } from '../context.ts';
import type { Tx } from '../../store/index.ts';

/** Cases per transaction. */
export const BATCH = 200;
/** Batches in flight at once per engine and kind (each holds one connection of the pool). */
const LANES = 2;
/** How far ahead the drain looks for the next due row before it stops. */
const HORIZON_MS = 1_000;
/** The shortest wait between two drains while a burst goes on (fewer, larger batches). */
const GAP_MS = 20;
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
  #requested = 0;
  #idle: Promise<void> = Promise.resolve();
  #wake: (() => void) | undefined;
  #following = false;

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
    const current: { id?: string } = {};
    const at = new Date(now);
    try {
      const { claimed, outcome } = await this.ctx.run(async (tx, post) => {
        const due = await jobs.lockDueTimers(tx, {
          kind: this.spec.kind,
          now: at,
          limit: BATCH,
          exclude: [...this.excluded],
        });
        const cases = new Set<string>();
        const take = due.filter((d) => !cases.has(d.instance.id) && cases.add(d.instance.id));
        const outcome = await this.spec.fire(this.ctx, tx, post, take, now, current);
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

  /** While the next row is due within the horizon, drains again when it is due. */
  async #followUp(): Promise<void> {
    const now = this.ctx.deps.clock.now();
    const next = await jobs
      .nextTimerDue(this.ctx.deps.db, this.spec.kind, new Date(now))
      .catch(() => null);
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

/** Whether this engine fired the row in a batch of any kind (its delivery is a no-op). */
export function firedInBatch(ctx: CommandContext, id: string): boolean {
  for (const d of drains.get(ctx.deps)?.values() ?? []) if (d.fired.has(id)) return true;
  return false;
}
