/**
 * The queue behind group commit (starts in commands/start-batch.ts, service results in
 * jobs/service-batch.ts): what arrives while a transaction is in flight waits for the next;
 * each of `lanes` transactions takes up to `most()` of the waiting, at most one per key (a
 * second with the same key waits for a later transaction), in arrival order.
 *
 * @example
 *   const queue = new GroupCommit<W>({ lanes: 2, most: () => 100, keyOf: (w) => w.caseId, commit });
 *   queue.push(w); // commit(batch) is called with w in a batch
 */
export interface GroupCommitOptions<W> {
  /** Transactions in flight at once (each holds one connection of the pool). */
  lanes: number;
  /** The most items one transaction takes. */
  most(): number;
  /** Items with one key never share a transaction; undefined: no key. */
  keyOf(w: W): string | undefined;
  /** Commits one batch and settles each of its items; never throws. */
  commit(batch: W[]): Promise<void>;
}

export class GroupCommit<W> {
  #waiting: W[] = [];
  #lanes = 0;

  constructor(private readonly o: GroupCommitOptions<W>) {}

  push(w: W): void {
    this.#waiting.push(w);
    this.#pump();
  }

  #pump(): void {
    while (this.#lanes < this.o.lanes && this.#waiting.length) {
      this.#lanes++;
      void this.#lane().finally(() => {
        this.#lanes--;
        // an item that came while this lane was finishing
        this.#pump();
      });
    }
  }

  async #lane(): Promise<void> {
    while (this.#waiting.length) {
      const keys = new Set<string>();
      const most = this.o.most();
      const batch: W[] = [];
      const rest: W[] = [];
      for (const w of this.#waiting) {
        const key = this.o.keyOf(w);
        if (batch.length < most && !(key !== undefined && keys.has(key))) {
          if (key !== undefined) keys.add(key);
          batch.push(w);
        } else rest.push(w);
      }
      this.#waiting = rest;
      await this.o.commit(batch);
    }
  }
}
