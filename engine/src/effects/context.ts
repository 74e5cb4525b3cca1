/**
 * What every command and job handler of the executor works with: the engine's parts (deps) and
 * `run`, which runs a function in one PostgreSQL transaction (between a caller's hooks) and,
 * once it has committed, hands the job rows it wrote to the queue.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.ts';
import type { DefinitionRegistry } from '../definitions/index.ts';
import type { ErrorDetail } from '../errors.ts';
import { createError } from '../errors.ts';
import type { ActionRegistry } from '../plugins/index.ts';
import type { PersonalData } from '../privacy/index.ts';
import type { CaseIndex } from '../search/index.ts';
import type { Db, Tx } from '../store/index.ts';
import type { Tracing } from '../tracing/index.ts';
import type { Dispatch, PostCommit } from './apply.ts';
import type { FailurePolicy } from './jobs/failures.ts';
import type { StepObserver } from './observe.ts';
import { handToServiceDrain } from './jobs/service-drain.ts';

export interface Dispatcher {
  /** Hands committed job rows to the queue (idempotent: deterministic job ids). */
  dispatch(rows: Dispatch[]): Promise<void>;
}

export interface ExecutorDeps {
  db: Db;
  registry: DefinitionRegistry;
  clock: Clock;
  actions: ActionRegistry;
  dispatcher: Dispatcher;
  logger: Logger;
  /** How long a message nobody waits for is kept (ms). */
  messageTtlMs: number;
  /** Writes each case's search terms in the transaction of the step that changes them. */
  caseIndex?: CaseIndex;
  /** Told what each committed transaction did (metrics); none by default. */
  observer?: StepObserver;
  /** Spans of steps, jobs and plugin calls (tracing/); absent: tracing is off. */
  tracing?: Tracing;
  /**
   * What masks personal data out of an action's error (its sensitive input values and common
   * identifiers) before it reaches a job row, an incident, the history or the log.
   */
  personalData?: PersonalData;
  /**
   * Reloads the registry if the definitions ledger holds versions it lacks (published through
   * another engine); whether it did.
   */
  refreshDefinitions?: () => Promise<boolean>;
  /** Retries of a job that fails unexpectedly before it becomes an incident (jobs/failures.ts). */
  failurePolicy?: FailurePolicy;
  /** How often each sweep runs (ms; jobs/sweeps.ts): one hour unless set. */
  sweepIntervals?: { retention?: number; idempotencyKeys?: number; archive?: number };
  /** Service results recorded per transaction at most (jobs/service-batch.ts); 1: one each. */
  serviceResultBatch?: number;
  /** Starts committed per transaction at most (commands/start-batch.ts); 1 or unset: one each. */
  startBatch?: number;
  /**
   * This engine runs service rows it takes from PostgreSQL (jobs/service-drain.ts): up to
   * `batch` per statement, `concurrency` actions at once. Unset (an engine without a worker)
   * or a batch of 0: service rows run only when their BullMQ jobs are delivered.
   */
  serviceClaims?: { batch: number; concurrency: number };
  /** How long a closed case stays in the live tables before the archive sweep moves it (ms). */
  archiveAfterMs?: number;
}

/**
 * Work a caller adds to a command's transaction: `first`, before the command reads anything
 * (an idempotency key is claimed there), and `last`, with the command's result, before the
 * commit (the answer recorded with it; a public intake's tracking token written with its case).
 * Either may throw to abandon the whole transaction.
 */
export interface TxHooks<T> {
  first?(tx: Tx): Promise<void>;
  last?(tx: Tx, result: T): Promise<void>;
  /**
   * What the hooks claim (an idempotency key): commands that share a transaction with others
   * (commands/start-batch.ts) never put two with the same claim in one.
   */
  exclusive?: string;
}

export type JobOutcome = 'done' | 'noop' | { early: number };

export interface CommandContext {
  readonly deps: ExecutorDeps;
  /** Runs fn in a transaction (between the caller's hooks), then dispatches the jobs it wrote. */
  run<T>(fn: (tx: Tx, post: PostCommit) => Promise<T>, hooks?: TxHooks<T>): Promise<T>;
}

export function commandContext(deps: ExecutorDeps): CommandContext {
  const ctx: CommandContext = {
    deps,
    async run(fn, hooks) {
      const post: PostCommit = { dispatch: [], facts: [] };
      const result = await deps.db.tx(async (tx) => {
        await hooks?.first?.(tx);
        const r = await fn(tx, post);
        await hooks?.last?.(tx, r);
        return r;
      });
      if (post.facts.length) {
        deps.observer?.committed(post.facts);
        for (const f of post.facts)
          if (f.type === 'incidentOpened') {
            const { type: _type, ...incident } = f;
            deps.logger.warn({ incident }, 'incident opened');
          }
      }
      // service rows due now go to this engine's drain when it has room, without Redis
      const queued = post.dispatch.length ? handToServiceDrain(ctx, post.dispatch) : [];
      if (queued.length) {
        // If this fails (Redis down) the reconciler re-arms the rows from PostgreSQL.
        await deps.dispatcher
          .dispatch(queued)
          .catch((e) =>
            deps.logger.warn({ err: e }, 'dispatch failed; the reconciler will re-arm'),
          );
      }
      return result;
    },
  };
  return ctx;
}

/**
 * A submission's problems as the request's 4xx: each at its pointer under `base` (where the
 * data is in the caller's request), in the caller's language.
 */
export function formInvalid(problems: ErrorDetail[], base: string) {
  return createError('CW_ERR_FORM_INVALID', undefined, {
    details: problems.map((p) => ({ ...p, pointer: `${base}${p.pointer}` })),
  });
}
