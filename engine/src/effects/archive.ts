/**
 * The archive sweep: closed cases with nothing left to do move, `ARCHIVE_AFTER` after they
 * ended, from the live tables to the archive tables the live ones inherit (migration 025), so
 * the steps of open cases work on tables whose size does not grow with the years of closed
 * ones, while every read (case page, history, search, tracking, analytics, retention) still
 * finds them. A batch of cases per transaction; an interrupted run loses nothing and the next
 * one carries on.
 *
 * @example
 *   const moved = await sweepArchive({ db, clock, archiveAfterMs: 7 * DAY }); // cases moved
 *
 * The sweep runs as a job (`sweep/archive`, effects/jobs/sweeps.ts), every ARCHIVE_INTERVAL_MS.
 */
import type { Clock } from '../clock/index.ts';
import { retention, type Db } from '../store/index.ts';

export interface ArchiveDeps {
  db: Db;
  clock: Clock;
  archiveAfterMs?: number;
}

export const ARCHIVE_AFTER_MS = 7 * 86_400_000;

/**
 * Moves every archivable case in batches of `batch`, at most `maxBatches` of them per run (the
 * next run takes the rest); returns how many cases moved.
 */
export async function sweepArchive(
  deps: ArchiveDeps,
  opts: { batch?: number; maxBatches?: number } = {},
): Promise<number> {
  const { batch = 500, maxBatches = 200 } = opts;
  const now = deps.clock.now();
  const closedBefore = new Date(now - (deps.archiveAfterMs ?? ARCHIVE_AFTER_MS));
  let moved = 0;
  for (let i = 0; i < maxBatches; i++) {
    const ids = await retention.archiveClosedCases(deps.db, {
      closedBefore,
      batch,
      now: new Date(now),
    });
    moved += ids.length;
    if (ids.length < batch) break;
  }
  return moved;
}
