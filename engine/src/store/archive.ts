/**
 * The case archive (migration 025): a closed, quiet case's detail rows move from the live
 * tables to their `_archive` children, which the live tables inherit, so every read still finds
 * them. One call is one batch and one transaction.
 *
 * @example
 *   const moved = await archiveClosedCases(db, { closedBefore, batch: 500, now }); // case ids
 */
import type { Queryable } from './db.ts';

export async function archiveClosedCases(
  db: Queryable,
  opts: { closedBefore: Date; batch: number; now: Date },
): Promise<string[]> {
  const r = await db.query<{ ids: string[] }>(`SELECT caseway_archive_cases($1, $2, $3) AS ids`, [
    opts.closedBefore,
    opts.batch,
    opts.now,
  ]);
  return r.rows[0]?.ids ?? [];
}
