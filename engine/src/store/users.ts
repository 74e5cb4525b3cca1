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

/** An enabled user as the access rule sees them, with their name (a people picker's entry). */
export interface WorkerInfo {
  id: string;
  groups: string[];
  roles: string[];
  supervises: string[];
  displayName: string;
}

/**
 * Enabled users who might work a task offered to these groups and users (members of the
 * groups, the users named, supervisors and administrators; everyone when it is offered to
 * nobody in particular), as actors: `mayEverWork` then says who may. `ids` narrows to those.
 */
export async function possibleWorkers(
  db: Queryable,
  offer: { candidateGroups: string[]; candidateUsers: string[] },
  ids?: string[],
): Promise<WorkerInfo[]> {
  const r = await db.query<WorkerInfo>(
    `SELECT u.id, u.groups, u.roles, u.display_name AS "displayName",
            ARRAY(SELECT g.id FROM groups g WHERE g.supervisor_group = ANY(u.groups)) AS supervises
     FROM users u
     WHERE NOT u.disabled AND ($3::text[] IS NULL OR u.id = ANY($3))
       AND (u.groups && $1::text[] OR u.id = ANY($2::text[]) OR u.roles && ARRAY['admin', 'supervisor']
            OR (cardinality($1::text[]) = 0 AND cardinality($2::text[]) = 0))
     ORDER BY u.display_name, u.id LIMIT 500`,
    [offer.candidateGroups, offer.candidateUsers, ids ?? null],
  );
  return r.rows;
}
