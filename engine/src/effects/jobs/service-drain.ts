/**
 * Queued service tasks are taken from PostgreSQL in batches. Each BullMQ delivery used to cost
 * three Redis round trips (fetch, finish, and the add before it) and a read of the job row before
 * its action could start, so an engine ran only as many service jobs a second as its worker's
 * concurrency divided by that latency. Now a transaction that writes service rows due at once
 * wakes this engine's drain when it commits, and the drain takes every due service row, up to
 * `batch` at a time, in one statement (claimServiceJobs: `FOR UPDATE SKIP LOCKED`, the rows'
 * due instants moved to the end of their claims), runs their actions, at most `concurrency` at
 * once, and hands the results to the group commit (service-batch.ts). The next steps' service
 * rows wake it again, so a case's service steps follow each other without waiting on Redis.
 *
 * BullMQ stays the pointer for every other row: service rows due now that a commit of an
 * engine with a drain wrote get no BullMQ job (no Redis command at all); rows due later (a
 * retry's backoff) and rows written by an engine without a worker get theirs as before. A
 * backlog (cases started faster than their steps run) waits in PostgreSQL for the drain, and the
 * reconciler of every engine arms the rows that came due within its last two intervals, so other
 * engines' workers take a share. A delivery of a row this engine has taken is a
 * no-op (no statement); of one another engine has taken, it waits until that claim ends
 * (router.ts's `early`) and finds it done. Nothing waits on Redis to remember: if the engine
 * dies before its drain takes a row, the row is pending and due, and the reconciler of any
 * engine arms it within an interval (or at start-up); if it dies while running it, the row is
 * due again when the claim ends (the action's timeout plus SERVICE_CLAIM_MARGIN_MS) and armed
 * then; a reconciler that finds due service rows wakes its engine's drain instead of arming
 * them. So a row runs at least once, never on two engines at once while a claim holds, always
 * with the same idempotency key (the job id); its result is recorded as before, under the
 * case's lock and only while the row is pending at its attempt, so its effect happens once.
 *
 * @example
 *   // effects/context.ts, after a commit: the rows still to hand to BullMQ
 *   const queued = handToServiceDrain(ctx, post.dispatch);
 */
import { isCasewayError } from '../../errors.ts';
import { ATTR, SpanKind, traced } from '../../tracing/index.ts';
import { jobs, type ClaimedJob, type JobRow } from '../../store/index.ts';
import type { Dispatch } from '../apply.ts';
import type { CommandContext, ExecutorDeps, JobOutcome } from '../context.ts';
import { failStep } from './fail.ts';
import { countFailure } from './failures.ts';
import { runService } from './service.ts';

/** How many taken rows the drain remembers after they ran, so their deliveries need no read. */
const REMEMBERED = 100_000;

const key = (id: string, attempt: number) => `${id}#${attempt}`;

class ServiceDrain {
  /** Rows taken by this engine, running or run (their deliveries are no-ops). */
  readonly #taken = new Set<string>();
  /** Rows running now, by id (left out of claims, so a claim ending early never runs one twice here). */
  readonly #running = new Map<string, number>();
  #claiming = false;
  #again = false;

  constructor(
    readonly ctx: CommandContext,
    readonly limits: { batch: number; concurrency: number },
  ) {}

  has(id: string, attempt: number): boolean {
    return this.#taken.has(key(id, attempt));
  }

  /** Takes due service rows while there are some and room to run them. */
  wake(): void {
    this.#again = true;
    if (this.#claiming) return;
    this.#claiming = true;
    void this.#claim();
  }

  /**
   * The claim loop. `#claiming` is cleared in the same tick as the loop's last look at `#again`:
   * cleared in a `.finally` on its promise (a tick later), a wake in between found it still
   * claiming and its rows waited for the next wake or the reconciler.
   */
  async #claim(): Promise<void> {
    const { deps } = this.ctx;
    try {
      while (this.#again) {
        const room = Math.min(this.limits.batch, this.limits.concurrency - this.#running.size);
        if (room <= 0) return; // a finishing row wakes it again
        this.#again = false;
        let rows: ClaimedJob[];
        try {
          rows = await jobs.claimServiceJobs(deps.db, {
            now: new Date(deps.clock.now()),
            limit: room,
            exclude: [...this.#running.keys()],
          });
        } catch (e) {
          // the rows stay due: their deliveries or the next wake take them
          deps.logger.warn({ err: e }, 'taking due service rows failed');
          return;
        }
        for (const row of rows)
          // as a delivered job (router.ts): a span continuing the trace of the step that wrote it
          void traced(
            deps.tracing,
            'caseway.job service',
            {
              [ATTR.caseId]: row.instance_id,
              [ATTR.jobId]: row.id,
              [ATTR.jobKind]: row.kind,
              [ATTR.attempt]: row.attempt,
            },
            () => this.run(row),
            { parent: row.trace_context ?? null, kind: SpanKind.CONSUMER },
          ).then((outcome) => {
            if (outcome === 'done')
              deps.observer?.jobRan('service', deps.clock.now() - row.was_due.getTime());
          });
        // a full batch: more may be due
        if (rows.length === room) this.#again = true;
      }
    } finally {
      this.#claiming = false;
    }
  }

  /**
   * Runs a taken row: the action, then its result recorded (grouped when it succeeded); never
   * throws (a failure that cannot even be counted leaves the row to run again when its claim ends).
   */
  async run(job: JobRow): Promise<JobOutcome> {
    const { deps } = this.ctx;
    if (this.#taken.size >= REMEMBERED) this.#taken.clear();
    this.#taken.add(key(job.id, job.attempt));
    this.#running.set(job.id, job.attempt);
    let outcome: JobOutcome;
    try {
      outcome = await runService(this.ctx, job);
    } catch (e) {
      // as router.ts: a step refusing is an incident at once; anything else is counted and retried
      outcome = await (
        isCasewayError(e) ? failStep(this.ctx, job, e) : countFailure(this.ctx, job, e)
      ).catch((err: unknown) => {
        deps.logger.warn(
          { err, jobId: job.id },
          'a service job failed; it runs again when its claim ends',
        );
        return 'noop' as const;
      });
    } finally {
      this.#running.delete(job.id);
      if (this.#again || this.#running.size === this.limits.concurrency - 1) this.wake();
    }
    if (typeof outcome === 'object') {
      // a retry after an unexpected failure: its pointer, for when it is due again
      this.#taken.delete(key(job.id, job.attempt));
      await deps.dispatcher
        .dispatch([{ id: job.id, attempt: job.attempt, dueAt: outcome.early }])
        .catch(() => undefined); // the reconciler arms it
    }
    return outcome;
  }
}

const drains = new WeakMap<ExecutorDeps, ServiceDrain>();

function drainOf(ctx: CommandContext): ServiceDrain | undefined {
  const limits = ctx.deps.serviceClaims;
  if (!limits || limits.batch < 1) return undefined;
  let d = drains.get(ctx.deps);
  if (!d) drains.set(ctx.deps, (d = new ServiceDrain(ctx, limits)));
  return d;
}

/**
 * The rows a commit wrote, to hand to the queue: service rows due now stay out when this engine
 * has a drain, which is woken and takes them (at once, or as its running actions finish); the
 * rest get their BullMQ jobs.
 */
export function handToServiceDrain(ctx: CommandContext, rows: Dispatch[]): Dispatch[] {
  const drain = drainOf(ctx);
  if (!drain) return rows;
  const now = ctx.deps.clock.now();
  const queued = rows.filter((d) => !d.service || d.dueAt > now);
  if (queued.length < rows.length) drain.wake();
  return queued;
}

/** Wakes this engine's drain, if it has one (the reconciler found due service rows). */
export function wakeServiceDrain(ctx: CommandContext): boolean {
  const drain = drainOf(ctx);
  drain?.wake();
  return Boolean(drain);
}

/** Whether this engine took the row at this attempt (its delivery is a no-op). */
export function takenHere(ctx: CommandContext, id: string, attempt: number): boolean {
  return drains.get(ctx.deps)?.has(id, attempt) ?? false;
}

/**
 * A delivered service job whose row this engine has not taken (router.ts read it pending and
 * due): takes it, waiting for the row if a step holds it, and runs it. Another engine may have
 * taken it meanwhile: then it is due again at the end of that claim (`early`), or done.
 */
export async function deliveredService(ctx: CommandContext, job: JobRow): Promise<JobOutcome> {
  const { deps } = ctx;
  const now = deps.clock.now();
  const taken = await jobs.claimServiceJob(deps.db, {
    id: job.id,
    attempt: job.attempt,
    now: new Date(now),
  });
  if (!taken) {
    const row = await jobs.readJob(deps.db, job.id);
    const due = row?.due_at.getTime() ?? 0;
    return row?.status === 'pending' && row.attempt === job.attempt && due > now
      ? { early: due }
      : 'noop';
  }
  const drain = drainOf(ctx);
  return drain ? drain.run(taken) : runService(ctx, taken);
}
