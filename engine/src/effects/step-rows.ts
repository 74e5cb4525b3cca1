/**
 * The rows every step writes (its history entries, its case's state and, when its variables
 * changed, its search terms), collected over many steps of one transaction and written at its
 * end in one statement each (store/step-batch.ts): a batch of timers (jobs/timer-batch.ts),
 * service results (jobs/service-batch.ts) or starts (commands/start-batch.ts) costs a few
 * statements, not two to five per case. `applyEvent` writes through it when `post.deferred`
 * holds one; nothing in a step reads those rows back before the commit, and the case row it
 * returns is what the update will write.
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
  search,
  type CaseTerms,
  type InstanceRow,
  type StepHistory,
  type StepsDone,
  type Tx,
} from '../store/index.ts';

export class StepRows {
  readonly #history: StepHistory[] = [];
  readonly #cases = new Map<string, StepsDone>();
  readonly #terms = new Map<string, CaseTerms>();
  /** The business key each active case started on its own holds after its step here. */
  readonly #keys = new Map<string, string>();
  /**
   * Cases new in this transaction whose row is not in the table yet, as their last step left
   * them: each is inserted once, at the flush, unless a step needs it there sooner (`written`).
   */
  readonly #fresh = new Map<string, InstanceRow>();

  /**
   * New cases of this transaction (store: `instances.insertedRow`), their rows left to the
   * flush: a case whose start runs to its end is written once, finished, instead of inserted
   * and then updated.
   */
  adopt(rows: readonly InstanceRow[]): void {
    for (const r of rows) this.#fresh.set(r.id, r);
  }

  /**
   * Puts a new case's row in the table now, as it stands, when its step writes rows that refer
   * to it (a task, a job, a subscription, an SLA clock, a child); a case already there: nothing.
   */
  async written(tx: Tx, id: string): Promise<void> {
    const row = this.#fresh.get(id);
    if (!row) return;
    this.#fresh.delete(id);
    await instances.insertInstanceRows(tx, [row]);
    // its steps so far are in that row: later ones update it
    this.#cases.delete(id);
  }

  /** Whether the case's row is still to be inserted at the flush. */
  isFresh(id: string): boolean {
    return this.#fresh.has(id);
  }

  /**
   * Whether a case stepped in this transaction holds the business key: its row in the table
   * does not say so until the flush, so a unique key's check asks here too.
   */
  holdsKey(processId: string, key: string): boolean {
    const held = `${processId}\u001f${key}`;
    for (const k of this.#keys.values()) if (k === held) return true;
    return false;
  }

  /** A case's search terms after a step; a later step's replace an earlier one's. */
  terms(t: CaseTerms): void {
    const earlier = this.#terms.get(t.instanceId);
    // a case's first step in this transaction decides whether it had terms before it
    this.#terms.set(t.instanceId, earlier ? { ...t, fresh: earlier.fresh } : t);
  }

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
    const key = businessKey ?? row.business_key;
    if (!ended && key !== null && !row.parent_id)
      this.#keys.set(row.id, `${row.process_id}\u001f${key}`);
    else this.#keys.delete(row.id);
    const next: InstanceRow = {
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
    if (this.#fresh.has(row.id)) {
      this.#fresh.set(row.id, next);
      this.#cases.delete(row.id);
    }
    return next;
  }

  /** Writes what the steps left: new cases first (the other rows refer to them). */
  async flush(tx: Tx): Promise<void> {
    await instances.insertInstanceRows(tx, [...this.#fresh.values()]);
    this.#fresh.clear();
    await history.insertStepsHistory(tx, this.#history);
    await instances.updateAfterSteps(tx, [...this.#cases.values()]);
    await search.replaceCasesTerms(tx, [...this.#terms.values()]);
  }
}
