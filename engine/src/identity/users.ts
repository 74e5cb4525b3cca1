/**
 * Users and groups as administrators manage them. Membership is `users.groups`; a group's
 * `supervisor_group` names the group whose supervisors oversee it.
 *
 * @example
 *   await createUser(db, { id: 'alice', displayName: 'Alice', roles: ['staff'], groups: ['adjusters'] });
 *   await putGroup(db, 'adjusters', { name: { en: 'Adjusters', 'zh-Hant': '理賠人員' }, supervisorGroup: 'claims-leads' });
 */
import type { Actor } from '../access/index.ts';
import { createError, type Lang } from '../errors.ts';
import { checkRoles } from './roles.ts';
import { identity, type Db, type UserRow } from '../store/index.ts';

export interface UserInfo {
  id: string;
  displayName: string;
  roles: string[];
  groups: string[];
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface GroupInfo {
  id: string;
  name: Record<string, string> | null;
  supervisorGroup: string | null;
}

const userView = (u: UserRow): UserInfo => ({
  id: u.id,
  displayName: u.display_name,
  roles: u.roles,
  groups: u.groups,
  disabled: u.disabled,
  hasPassword: u.has_password,
  createdAt: u.created_at.toISOString(),
  lastLoginAt: u.last_login_at?.toISOString() ?? null,
});

export async function listUsers(db: Db): Promise<UserInfo[]> {
  return (await identity.listUserRows(db)).map(userView);
}

export async function getUser(db: Db, id: string): Promise<UserInfo> {
  const row = await identity.readUserRow(db, id);
  if (!row) throw createError('CW_ERR_NOT_FOUND', `user ${id} not found`);
  return userView(row);
}

/** A user as the access policy sees them (undefined: no such user). */
export async function actorOf(db: Db, id: string): Promise<Actor | undefined> {
  return identity.readActor(db, id);
}

/**
 * Display names of the users among `ids` (ids that are no user, such as `system` or `public`,
 * are left out): what staff read instead of login ids.
 */
export async function displayNames(
  db: Pick<Db, 'query'>,
  ids: Iterable<string | null | undefined>,
): Promise<Record<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string'))];
  if (!wanted.length) return {};
  return Object.fromEntries(
    (await identity.userNames(db, wanted)).map((u) => [u.id, u.display_name]),
  );
}

/** Refuses groups that are not in the groups table (a typo would silently grant nothing). */
async function checkGroups(db: Db, groups: string[] | undefined, at = '/groups'): Promise<void> {
  if (!groups?.length) return;
  const known = await identity.knownGroupIds(db, groups);
  const details = groups.flatMap((g, i) =>
    known.has(g)
      ? []
      : [
          {
            code: 'CW_ERR_VALIDATION' as const,
            pointer: at === '/groups' ? `${at}/${i}` : at,
            message: `unknown group ${g}`,
          },
        ],
  );
  if (details.length) throw createError('CW_ERR_VALIDATION', undefined, { details });
}

export async function createUser(
  db: Db,
  u: { id: string; displayName: string; roles: string[]; groups: string[] },
  lang: Lang = 'en',
): Promise<UserInfo> {
  await checkRoles(db, u.roles, lang);
  await checkGroups(db, u.groups);
  const row = await identity.insertUser(db, u);
  if (!row) throw createError('CW_ERR_USER_EXISTS', undefined, { data: { userId: u.id } });
  return userView(row);
}

/**
 * Changes a user. Refuses to leave no enabled user who may administer (CW_ERR_LAST_ADMIN), checked
 * under a lock so two administrators demoting each other at once cannot both succeed.
 */
export async function updateUser(
  db: Db,
  id: string,
  p: { displayName?: string; roles?: string[]; groups?: string[]; disabled?: boolean },
  lang: Lang = 'en',
): Promise<UserInfo> {
  await checkRoles(db, p.roles, lang);
  await checkGroups(db, p.groups);
  return db.tx(async (tx) => {
    await identity.lockUsers(tx);
    const row = await identity.updateUserRow(tx, id, p);
    if (!row) throw createError('CW_ERR_NOT_FOUND', `user ${id} not found`);
    if (!(await identity.enabledAdminExists(tx)))
      throw createError('CW_ERR_LAST_ADMIN', undefined, { data: { userId: id } });
    return userView(row);
  });
}

export async function listGroups(db: Db): Promise<GroupInfo[]> {
  return (await identity.listGroupRows(db)).map((g) => ({
    id: g.id,
    name: g.name,
    supervisorGroup: g.supervisor_group,
  }));
}

export async function putGroup(
  db: Db,
  id: string,
  g: { name?: Record<string, string>; supervisorGroup?: string | null },
): Promise<{ group: GroupInfo; created: boolean; previousSupervisorGroup: string | null }> {
  const r = await identity.upsertGroup(db, {
    id,
    name: g.name ?? null,
    supervisor_group: g.supervisorGroup ?? null,
  });
  return {
    group: { id, name: g.name ?? null, supervisorGroup: g.supervisorGroup ?? null },
    created: r.created,
    previousSupervisorGroup: r.previousSupervisorGroup,
  };
}

/** The ids of the users who belong to a group. */
export async function groupMembers(db: Db, group: string): Promise<string[]> {
  return identity.groupMemberIds(db, group);
}

/**
 * Creates a group; refuses an id already taken (CW_ERR_GROUP_EXISTS) where `putGroup` would
 * replace it, and a supervising group that does not exist.
 */
export async function createGroup(
  db: Db,
  id: string,
  g: { name: Record<string, string>; supervisorGroup?: string | null },
): Promise<GroupInfo> {
  if (g.supervisorGroup) await checkGroups(db, [g.supervisorGroup], '/supervisorGroup');
  const created = await identity.insertGroup(db, {
    id,
    name: g.name,
    supervisor_group: g.supervisorGroup ?? null,
  });
  if (!created) throw createError('CW_ERR_GROUP_EXISTS', undefined, { data: { groupId: id } });
  return { id, name: g.name, supervisorGroup: g.supervisorGroup ?? null };
}
