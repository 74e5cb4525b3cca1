/**
 * Identity in the store: `users` (login, display name, groups, roles, password hash, disabled),
 * `groups` (with the group that supervises each), and the names people are shown by.
 */
import type { Queryable } from './db.ts';

/** The groups of an enabled user (undefined: no such user, or disabled). */
export async function enabledUserGroups(db: Queryable, id: string): Promise<string[] | undefined> {
  const r = await db.query<{ groups: string[] }>(
    `SELECT groups FROM users WHERE id = $1 AND NOT disabled`,
    [id],
  );
  return r.rows[0]?.groups;
}

/** Whether a group exists: the groups table names it, or an enabled user belongs to it. */
export async function groupKnown(db: Queryable, id: string): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM groups WHERE id = $1 UNION ALL SELECT 1 FROM users WHERE $1 = ANY(groups) AND NOT disabled LIMIT 1`,
    [id],
  );
  return r.rows.length > 0;
}
