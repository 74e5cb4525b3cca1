/**
 * The `inbox_filters` table: named sets of the inbox's query parameters each user keeps,
 * private to their owner, names unique per user.
 */
import type { Db, Queryable } from './db.ts';

export interface InboxFilterRow {
  id: string;
  name: string;
  query: Record<string, string>;
  created_at: Date;
}

/** A user's filters in the order they were saved. */
export async function inboxFiltersOf(db: Queryable, userId: string): Promise<InboxFilterRow[]> {
  const r = await db.query<InboxFilterRow>(
    `SELECT id, name, query, created_at FROM inbox_filters WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return r.rows;
}

/**
 * Saves a filter unless the user already has `max` (then `full`) or one with this name (then
 * `taken`). One user's saves are serialised, so the limit holds.
 */
export async function insertInboxFilter(
  db: Db,
  f: {
    id: string;
    userId: string;
    name: string;
    query: Record<string, string>;
    now: Date;
    max: number;
  },
): Promise<InboxFilterRow | 'full' | 'taken'> {
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('inbox_filters:' || $1))`, [f.userId]);
    const n = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbox_filters WHERE user_id = $1`,
      [f.userId],
    );
    if ((n.rows[0]?.n ?? 0) >= f.max) return 'full';
    const r = await tx.query<InboxFilterRow>(
      `INSERT INTO inbox_filters (id, user_id, name, query, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, name) DO NOTHING RETURNING id, name, query, created_at`,
      [f.id, f.userId, f.name, f.query, f.now],
    );
    return r.rows[0] ?? 'taken';
  });
}

/** Deletes one of a user's filters; false when they have none with this id. */
export async function deleteInboxFilter(
  db: Queryable,
  id: string,
  userId: string,
): Promise<boolean> {
  const r = await db.query(`DELETE FROM inbox_filters WHERE id = $1 AND user_id = $2`, [
    id,
    userId,
  ]);
  return Boolean(r.rowCount);
}
