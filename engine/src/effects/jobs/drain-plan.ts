/**
 * The drain's decisions (drain.ts), pure so they can be tested as tables: how many rows the next
 * batch takes, how many lanes run, whether a lane goes on, which locked rows a batch fires (one
 * per case), and when the drain wakes next.
 *
 * A burst is served in two regimes. Caught up, a batch takes what came due since the last one,
 * BATCH at most, so a timer waits about one short transaction. Behind (batches come back full),
 * each full batch doubles the next one's size up to MAX_BATCH and adds a lane up to MAX_LANES:
 * a transaction's fixed costs (its begin, the commit's WAL flush, four statements) are shared by
 * more cases, and more transactions run at once, which on a busy machine is also a larger share
 * of its CPU for the database. One batch that is not full ends the backlog regime.
 *
 * @example
 *   nextBatchSize(200, 200); // 400: full, a backlog
 *   nextBatchSize(400, 37); // 200: caught up
 *   lanesWanted(2, 200, 200); // 3
 */

/** Cases per transaction when the drain is caught up. */
export const BATCH = 200;
/** Cases per transaction at most, when it is behind. */
export const MAX_BATCH = 800;
/** Lanes (transactions in flight at once, each one connection of the pool) when caught up. */
export const LANES = 2;
/** Lanes at most, when it is behind. */
export const MAX_LANES = 4;

/** A batch that took as many rows as it asked for: more are waiting. */
export const isFull = (claimed: number, size: number): boolean => claimed >= size;

/** The size of the next batch after one of `size` took `claimed` rows. */
export function nextBatchSize(size: number, claimed: number): number {
  return isFull(claimed, size) ? Math.min(MAX_BATCH, size * 2) : BATCH;
}

/** How many lanes should run after a batch of `size` took `claimed` rows while `lanes` ran. */
export function lanesWanted(lanes: number, claimed: number, size: number): number {
  return isFull(claimed, size) ? Math.min(MAX_LANES, lanes + 1) : Math.min(lanes, LANES);
}

/**
 * Whether a lane takes another batch: it failed (-1) → no; its batch was full → yes; else only
 * if the drain was asked, meanwhile, for an instant later than the one this batch fired at.
 */
export function laneGoesOn(claimed: number, size: number, requested: number, at: number): boolean {
  if (claimed < 0) return false;
  return isFull(claimed, size) || requested > at;
}

/**
 * The rows a batch fires: the first locked row of each case (rows come soonest first), since a
 * step may cancel its case's other timers; the case's later rows wait for the next batch.
 */
export function onePerCase<T extends { instance: { id: string } }>(due: readonly T[]): T[] {
  const cases = new Set<string>();
  return due.filter((d) => !cases.has(d.instance.id) && Boolean(cases.add(d.instance.id)));
}

/** The shortest wait between two drains while a burst goes on (fewer, larger batches). */
export const GAP_MS = 20;
/** How far ahead the drain looks for the next due row before it stops following a burst. */
export const HORIZON_MS = 1_000;

/**
 * In how many ms to wake the drain for a row due at `next` (null: none pending), seen at `now`
 * on the engine's clock: at least GAP_MS, and never (undefined) when it is further than
 * `horizon` away or a wake-up already armed goes off sooner (`armedIn` ms from now).
 */
export function wakeIn(
  next: number | null,
  now: number,
  horizon: number,
  armedIn?: number,
): number | undefined {
  if (next === null || next - now > horizon) return undefined;
  const wait = Math.max(GAP_MS, next - now);
  return armedIn !== undefined && armedIn <= wait ? undefined : wait;
}
