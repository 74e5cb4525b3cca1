/**
 * BullMQ delivers work; PostgreSQL remembers it. Every `jobs` row that is pending gets a
 * BullMQ job whose id is the row id plus its attempt, delayed until the row's due time.
 * The worker hands the id to the executor, which re-reads the row under the instance lock.
 *
 * The reconciler re-arms rows from PostgreSQL, in bulk, only the rows due within the next two
 * intervals: rows due later get their pointer from a later tick, so a restart or a flush costs
 * Redis calls for the near rows only, however many timers wait for next month. At start-up,
 * whenever the sentinel key shows that Redis lost its data (FLUSHALL, restart without
 * persistence), after a clock jump and once a minute it takes every overdue row too; the
 * other ticks take the rows that came due within the last two intervals (a step whose engine
 * died before it handed its rows over), not a whole backlog of a burst the drains are working
 * off from PostgreSQL. A lost job therefore fires at most one reconcile interval late;
 * deterministic job ids make re-adding harmless, and the row status makes a second delivery a
 * no-op. The rows it reads also wake the drains that fire timers and SLA thresholds in
 * batches when the first of them comes due (effects/jobs/drain.ts).
 *
 * Rows a database trigger writes (the plugin outbox) are announced by the trigger on the
 * schema's jobs channel when their transaction commits; the engine's listener hands them to
 * `announced`, which dispatches them at once instead of at the next tick.
 */
import { DelayedError, Job, Queue, Worker, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.ts';
import type { Dispatch, Dispatcher, Executor } from '../effects/index.ts';
import { jobs, type Db, type PendingJob } from '../store/index.ts';

export interface JobQueueOptions {
  redisUrl: string;
  /** Key prefix: one per deployment (tests use one per file). */
  prefix: string;
  db: Db;
  clock: Clock;
  logger: Logger;
  concurrency?: number;
  reconcileIntervalMs?: number;
  /** How long a worker's hold on a job lasts without renewal (BullMQ lockDuration). */
  jobLockMs?: number;
}

const QUEUE = 'caseway-jobs';
const PAGE = 2_000;
/** Promotions sent to Redis at once (pipelined on one connection). */
const PROMOTE_CHUNK = 500;
/** Every how many ticks a reconcile takes every overdue row, not only the recent ones. */
const WIDE_EVERY = 12;

export function redisOptions(url: string): RedisOptions {
  return {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    ...parseRedisUrl(url),
  };
}

function parseRedisUrl(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
  };
}

export class JobQueue implements Dispatcher {
  readonly queue: Queue;
  readonly #connection: Redis;
  #worker: Worker | undefined;
  #executor: Executor | undefined;
  #workerConnection: Redis | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reconciling: Promise<void> | undefined;
  /** The clock jumped: the next reconcile takes every overdue row. */
  #jumped = false;
  #ticks = 0;
  /** The engine instant of the last reconcile: rows due since then are promoted. */
  #last: number | undefined;
  #unsubscribeClock: (() => void) | undefined;
  readonly #sentinel: string;

  constructor(readonly opts: JobQueueOptions) {
    this.#connection = new Redis(redisOptions(opts.redisUrl));
    this.#connection.on('error', (e) => opts.logger.debug({ err: e }, 'redis connection error'));
    this.queue = new Queue(QUEUE, { connection: this.#connection, prefix: opts.prefix });
    this.queue.on('error', (e) => opts.logger.debug({ err: e }, 'queue error'));
    this.#sentinel = `${opts.prefix}:caseway:armed`;
  }

  async dispatch(rows: Dispatch[]): Promise<void> {
    if (!rows.length) return;
    const now = this.opts.clock.now();
    await this.queue.addBulk(
      rows.map((j) => ({
        name: 'work',
        data: {},
        opts: this.jobOptions(j, now),
      })),
    );
  }

  private jobOptions(j: Dispatch, now: number): JobsOptions {
    return {
      jobId: `${j.id}#${j.attempt}`,
      delay: Math.max(0, j.dueAt - now),
      removeOnComplete: true,
      removeOnFail: true,
      // Transient failures (database restarting): BullMQ retries; the reconciler backs it up.
      attempts: 5,
      backoff: { type: 'exponential', delay: 500 },
    };
  }

  /**
   * Rows a trigger announced on the jobs channel (`jobsChannel`, engine.ts listens): a JSON array
   * of `[id, due epoch ms]`, dispatched at once; '' (too many to name) reconciles instead.
   */
  announced(payload: string | undefined): void {
    const rows = payload ? (JSON.parse(payload) as [string, number][]) : [];
    const work = rows.length
      ? this.dispatch(rows.map(([id, dueAt]) => ({ id, attempt: 1, dueAt })))
      : this.reconcile(false);
    work.catch((e) => this.opts.logger.warn({ err: e }, 'dispatch of announced rows failed'));
  }

  /** Starts the worker and the reconciler (start-up full re-arm first). */
  async start(executor: Executor): Promise<void> {
    this.#executor = executor;
    await this.reconcile(true);
    this.#worker = new Worker(
      QUEUE,
      async (job: Job, token?: string) => {
        const hash = job.id!.lastIndexOf('#');
        const outcome = await executor.processJob(
          job.id!.slice(0, hash),
          Number(job.id!.slice(hash + 1)),
        );
        if (typeof outcome === 'object') {
          // Delivered early (clock skew, stale delay): wait again, never fire early.
          await job.moveToDelayed(
            Date.now() + Math.max(1, outcome.early - this.opts.clock.now()),
            token,
          );
          throw new DelayedError();
        }
        return outcome;
      },
      {
        connection: (this.#workerConnection = new Redis(redisOptions(this.opts.redisUrl))),
        prefix: this.opts.prefix,
        concurrency: this.opts.concurrency ?? 16,
        // A job held by a killed engine is handed to another worker after lockDuration.
        lockDuration: this.opts.jobLockMs ?? 10_000,
        stalledInterval: Math.max(500, Math.floor((this.opts.jobLockMs ?? 10_000) / 2)),
      },
    );
    this.#worker.on('error', (e) => this.opts.logger.debug({ err: e }, 'worker error'));
    this.#worker.on('failed', (job, e) =>
      this.opts.logger.warn({ jobId: job?.id, err: e }, 'job delivery failed; will be retried'),
    );
    const interval = this.opts.reconcileIntervalMs ?? 5_000;
    const tick = () => {
      this.reconcile(false)
        .catch((e) => this.opts.logger.warn({ err: e }, 'reconcile failed'))
        .finally(() => {
          if (this.#timer) this.#timer = setTimeout(tick, interval).unref();
        });
    };
    this.#timer = setTimeout(tick, interval).unref();
    this.#unsubscribeClock = this.opts.clock.onJump?.(() => {
      this.#jumped = true;
      void this.reconcile(false).catch((e) =>
        this.opts.logger.warn({ err: e }, 'reconcile failed'),
      );
    });
  }

  /**
   * Re-arms the pending rows due before the tick after next, in bulk: pages of PAGE rows, each
   * one `addBulk`; of the overdue rows, those due within the last two intervals, or all of them
   * when `full` (start-up), when Redis lost the sentinel (which is then set again), after a
   * clock jump and every WIDE_EVERY ticks. Rows that came due since the last reconcile (all
   * overdue ones when wide) whose job sits delayed (the clock jumped, or a stale delay) are
   * promoted, many calls at a time.
   */
  reconcile(full: boolean): Promise<void> {
    // One at a time; a caller during a run waits for it and then runs its own.
    const previous = this.#reconciling ?? Promise.resolve();
    const next = previous.then(() => this.#reconcile(full));
    this.#reconciling = next.catch(() => undefined);
    return next;
  }

  async #reconcile(full: boolean): Promise<void> {
    const lost = (await this.#connection.exists(this.#sentinel)) === 0;
    if (lost && !full)
      this.opts.logger.warn('redis lost its jobs; re-arming the pending rows from PostgreSQL');
    const now = this.opts.clock.now();
    const span = (this.opts.reconcileIntervalMs ?? 5_000) * 2;
    const horizon = new Date(now + span);
    const wide = full || lost || this.#jumped || ++this.#ticks % WIDE_EVERY === 0;
    this.#jumped = false;
    const promoteAfter = wide || this.#last === undefined ? -Infinity : this.#last;
    this.#last = now;
    // keyset from just before the oldest row to take: (due, '') precedes every id at that due
    let after: { due: Date; id: string } | null = wide
      ? null
      : { due: new Date(now - span), id: '' };
    for (;;) {
      const rows: PendingJob[] = await jobs.pendingJobs(this.opts.db, {
        after,
        horizon,
        limit: PAGE,
      });
      if (!rows.length) break;
      // due service rows are the drain's, when this engine has one (effects/jobs/service-drain.ts)
      const read = this.opts.clock.now();
      const due = (r: PendingJob) => r.kind === 'service' && r.due_at.getTime() <= read;
      const toDrain = rows.some(due) && this.#executor?.takeDueServiceRows() === true;
      // timers and SLA thresholds: their drain wakes when the first of a kind comes due
      this.#wakeDrains(rows, span);
      await this.dispatch(
        rows
          .filter((r) => !(toDrain && due(r)))
          .map((row) => ({ id: row.id, attempt: row.attempt, dueAt: row.due_at.getTime() })),
      );
      await this.#promote(
        rows
          .filter((row) => row.due_at.getTime() <= now && row.due_at.getTime() > promoteAfter)
          .map((row) => `${row.id}#${row.attempt}`),
      );
      const last = rows[rows.length - 1]!;
      after = { due: last.due_at, id: last.id };
      if (rows.length < PAGE) break;
    }
    if (full || lost) await this.#connection.set(this.#sentinel, String(now));
  }

  /**
   * Wakes the drain of each kind fired in batches (process timers, SLA thresholds) at its first
   * row here (rows come soonest first), so the burst is fired from PostgreSQL as it comes due
   * whether or not BullMQ delivers its pointers on time (effects/jobs/drain.ts).
   */
  #wakeDrains(rows: PendingJob[], horizon: number): void {
    const executor = this.#executor;
    if (!executor) return;
    const seen = new Set<string>();
    for (const r of rows)
      if (!seen.has(r.kind) && seen.add(r.kind))
        executor.wakeDrain(r.kind, r.due_at.getTime(), horizon);
  }

  /** Moves these jobs from delayed to waiting; a job that is not delayed is left as it is. */
  async #promote(ids: string[]): Promise<void> {
    for (let k = 0; k < ids.length; k += PROMOTE_CHUNK)
      await Promise.all(
        ids
          .slice(k, k + PROMOTE_CHUNK)
          .map((id) => new Job(this.queue, 'work', {}, {}, id).promote().catch(() => undefined)),
      );
  }

  async close(): Promise<void> {
    const t = this.#timer;
    this.#timer = undefined;
    if (t) clearTimeout(t);
    this.#unsubscribeClock?.();
    await this.#reconciling;
    await this.#worker?.close();
    await this.queue.close();
    this.#workerConnection?.disconnect();
    this.#connection.disconnect();
  }
}
