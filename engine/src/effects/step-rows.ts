/**
 * The two rows every step writes (its history entries and its case's state), collected over
 * many steps of one transaction and written at its end in one statement each
 * (store/step-batch.ts): a batch of timers (jobs/timer-batch.ts) costs four statements, not two
 * per case. `applyEvent` writes through it when `post.deferred` holds one; nothing in a step
 * reads those rows back before the commit, and the case row it returns is what the update
 * will write.
 *
 * @example
 *   const post: PostCommit = { dispatch: [], facts: [], deferred: new StepRows() };
 *   for (const row of locked) await applyEvent(deps, tx, row, event, post);
 *   await post.deferred.flush(tx);
 */
import type { InstanceState } from '../runtime/index.ts';
import {
  history,
  instances,
  type InstanceRow,
  type StepHistory,
  type StepsDone,
  type Tx,
} from '../store/index.ts';

export class StepRows {
  readonly #history: StepHistory[] = [];
  readonly #cases = new Map<string, StepsDone>();

  history(h: StepHistory): void {
    if (h.entries.length) this.#history.push(h);
  }

  /** The case row after the step, as `updateAfterStep` would return it. */
  instance(
    row: InstanceRow,
    u: { state: InstanceState; entries: number; now: Date; businessKey?: string },
  ): InstanceRow {
    const done = this.#cases.get(row.id);
    const businessKey = u.businessKey ?? done?.businessKey;
    this.#cases.set(row.id, {
      id: row.id,
      state: u.state,
      entries: (done?.entries ?? 0) + u.entries,
      steps: (done?.steps ?? 0) + 1,
      at: u.now,
      ...(businessKey === undefined ? {} : { businessKey }),
    });
    const ended = u.state.status !== 'active';
    return {
      ...row,
      state: u.state,
      status: u.state.status,
      outcome: u.state.outcome ?? null,
      revision: row.revision + 1,
      history_seq: row.history_seq + u.entries,
      ended_at: ended ? (row.ended_at ?? u.now) : null,
      updated_at: u.now,
      business_key: u.businessKey ?? row.business_key,
    };
  }

  async flush(tx: Tx): Promise<void> {
    await history.insertStepsHistory(tx, this.#history);
    await instances.updateAfterSteps(tx, [...this.#cases.values()]);
  }
}
