/**
 * Starts commit in groups. A start whose case runs to its end inside the step (every service
 * task built in) is one transaction of several statements (the case inserted, its history, its
 * updated row, its search terms) and a commit; many clients starting cases at once spent their
 * time in round trips and commits. Starts that arrive while a transaction is in flight now wait
 * for the next one, which commits up to BATCH of them together: every claim first (an
 * idempotency key), each start step run, then the cases (each inserted once, as its start left
 * it), their history and search terms written in one statement each (step-rows.ts), then every
 * answer recorded. A start step that writes rows referring to its case (a task, a job, an SLA
 * clock) has its case inserted first and updated at the end. Group commit: a start waits at most for the transaction before it, and each
 * caller is answered once the transaction holding its case has committed.
 *
 * The invariants are those of one start: a case and everything its start step did are written
 * together or not at all, an answered 201 is committed, a request's idempotency key is claimed
 * in its case's transaction (two starts with one key never share a transaction: the later
 * waits for the next, where the key is answered). A batch that fails (a step refusing, a unique
 * business key already held, a key answered before, a lost connection) rolls back whole and
 * each of its starts runs again in a transaction of its own, which gives that start's own
 * answer, error or replay as before; the others still start. A start arriving alone is a batch
 * of one (six statements instead of eight: its case inserted once, finished), whose failure is
 * its own.
 *
 * @example
 *   const row = await startBatch(ctx).submit(newCase, hooks);
 */
import { AsyncResource } from 'node:async_hooks';
import { instances, type InstanceRow, type Tx } from '../../store/index.ts';
import { applyEvent, createInstance, newInstanceRow, startEvent, type NewCase } from '../apply.ts';
import type { CommandContext, ExecutorDeps, TxHooks } from '../context.ts';
import { GroupCommit } from '../group-commit.ts';
import { StepRows } from '../step-rows.ts';

/** Starts per transaction unless START_BATCH says otherwise. */
export const BATCH = 100;
/** Transactions in flight at once per engine (each holds one connection of the pool). */
const LANES = 2;

interface Waiting {
  start: NewCase;
  hooks: TxHooks<InstanceRow> | undefined;
  /** The request's async context (its trace), when tracing is on. */
  scope: AsyncResource | undefined;
  resolve(row: InstanceRow): void;
  reject(e: unknown): void;
}

class StartBatch {
  // one start per claim: a retry with the same key waits for the next transaction
  #queue = new GroupCommit<Waiting>({
    lanes: LANES,
    most: () => this.ctx.deps.startBatch ?? BATCH,
    keyOf: (w) => w.hooks?.exclusive,
    commit: (batch) => this.#commit(batch),
  });

  constructor(readonly ctx: CommandContext) {}

  submit(start: NewCase, hooks?: TxHooks<InstanceRow>): Promise<InstanceRow> {
    const scope = this.ctx.deps.tracing ? new AsyncResource('caseway.start') : undefined;
    return new Promise((resolve, reject) =>
      this.#queue.push({ start, hooks, scope, resolve, reject }),
    );
  }

  /** One start in its own transaction, as with START_BATCH=1. */
  async #alone(w: Waiting): Promise<void> {
    const { deps } = this.ctx;
    const run = () => this.ctx.run((tx, post) => createInstance(deps, tx, w.start, post), w.hooks);
    try {
      w.resolve(await (w.scope ? w.scope.runInAsyncScope(run) : run()));
    } catch (e) {
      w.reject(e);
    }
  }

  async #commit(batch: Waiting[]): Promise<void> {
    const { deps } = this.ctx;
    let rows: InstanceRow[];
    try {
      rows = await this.ctx.run(async (tx, post) => {
        // claims in one order on every engine, so two batches never wait for each other in a circle
        const claiming = batch
          .filter((w) => w.hooks?.first)
          .sort((a, b) => compare(a.hooks!.exclusive, b.hooks!.exclusive));
        for (const w of claiming) await w.hooks!.first!(tx);
        // the cases are inserted at the flush, finished (or sooner, by a step that needs them)
        const created = batch.map((w) => instances.insertedRow(newInstanceRow(deps, w.start)));
        const deferred = (post.deferred = new StepRows());
        deferred.adopt(created);
        const done: InstanceRow[] = [];
        for (const [i, w] of batch.entries()) {
          const run = () => applyEvent(deps, tx, created[i]!, startEvent(w.start), post);
          // with tracing on, each step's span (and the trace its jobs carry) is its request's
          done.push(await (w.scope ? w.scope.runInAsyncScope(run) : run()));
        }
        await deferred.flush(tx);
        await recordAnswers(tx, batch, done);
        return done;
      });
    } catch (e) {
      // a start alone fails as it would have without group commit
      if (batch.length === 1) return batch[0]!.reject(e);
      deps.logger.debug(
        { err: e, starts: batch.length },
        'a batch of starts rolled back; each runs alone',
      );
      await Promise.all(batch.map((w) => this.#alone(w)));
      return;
    }
    batch.forEach((w, i) => w.resolve(rows[i]!));
  }
}

/** Each start's `last` hook (its answer recorded, its tracking token written), in order. */
async function recordAnswers(tx: Tx, batch: Waiting[], rows: InstanceRow[]): Promise<void> {
  for (const [i, w] of batch.entries()) await w.hooks?.last?.(tx, rows[i]!);
}

const compare = (a: string | undefined, b: string | undefined) =>
  (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;

const batchers = new WeakMap<ExecutorDeps, StartBatch>();

/** This engine's group commit of starts. */
export function startBatch(ctx: CommandContext): StartBatch {
  let b = batchers.get(ctx.deps);
  if (!b) batchers.set(ctx.deps, (b = new StartBatch(ctx)));
  return b;
}
