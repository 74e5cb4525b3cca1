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
import { identity, type Db } from '../store/index.ts';

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
  const { users, groups } = await identity.directoryRows(db);
  return {
    users: users.map((u) => ({
      id: u.id,
      displayName: u.display_name,
      groups: u.groups,
      disabled: u.disabled,
    })),
    groups: groups.map((g) => ({ id: g.id, name: g.name, members: g.members })),
  };
}
