/**
 * Who can be given work: every user (name, groups, whether disabled; no roles, no sign-in
 * details) and every group, those of the groups table and those only users name, with how many
 * enabled users are in it. What designers pick assignees and candidates from, and what the
 * definition lint checks an assignment against (a group nobody enabled is in reaches nobody).
 *
 * @example
 *   const { users, groups } = await directory(db);
 *   groups.find((g) => g.id === 'windscreen-team')?.members; // 0: a task offered only to it is seen by nobody
 */
import type { Db } from '../store/index.ts';

export interface DirectoryUser {
  id: string;
  displayName: string;
  groups: string[];
  disabled: boolean;
}

export interface DirectoryGroup {
  id: string;
  name: Record<string, string> | null;
  /** Enabled users in the group. */
  members: number;
}

export interface Directory {
  users: DirectoryUser[];
  groups: DirectoryGroup[];
}

/** Every user and group, sorted by id. */
export async function directory(db: Pick<Db, 'query'>): Promise<Directory> {
  const [users, groups] = await Promise.all([
    db.query<{ id: string; display_name: string; groups: string[]; disabled: boolean }>(
      `SELECT id, display_name, groups, disabled FROM users ORDER BY id`,
    ),
    // the groups table's, and those users are in without a row there
    db.query<{ id: string; name: Record<string, string> | null; members: number }>(
      `SELECT g.id, max(t.name::text)::jsonb AS name,
              count(DISTINCT u.id) FILTER (WHERE NOT u.disabled)::int AS members
         FROM (SELECT id FROM groups UNION SELECT unnest(groups) FROM users) g
         LEFT JOIN groups t ON t.id = g.id
         LEFT JOIN users u ON g.id = ANY (u.groups)
        GROUP BY g.id
        ORDER BY g.id`,
    ),
  ]);
  return {
    users: users.rows.map((u) => ({
      id: u.id,
      displayName: u.display_name,
      groups: u.groups,
      disabled: u.disabled,
    })),
    groups: groups.rows.map((g) => ({ id: g.id, name: g.name, members: g.members })),
  };
}
