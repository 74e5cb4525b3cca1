/**
 * Users and groups as administrators manage them. Membership is `users.groups`; a group's
 * `supervisor_group` names the group whose supervisors oversee it.
 *
 * @example
 *   await createUser(db, { id: 'alice', displayName: 'Alice', roles: ['staff'], groups: ['adjusters'] });
 *   await putGroup(db, 'adjusters', { name: { en: 'Adjusters', 'zh-Hant': '理賠人員' }, supervisorGroup: 'claims-leads' });
 */
import { createError } from '../errors.ts';
import type { Db } from '../store/index.ts';

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

const USER_COLUMNS = `id, display_name, roles, groups, disabled, password_hash IS NOT NULL AS has_password, created_at, last_login_at`;

interface UserRow {
  id: string;
  display_name: string;
  roles: string[];
  groups: string[];
  disabled: boolean;
  has_password: boolean;
  created_at: Date;
  last_login_at: Date | null;
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
  const r = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY id`);
  return r.rows.map(userView);
}

export async function getUser(db: Db, id: string): Promise<UserInfo> {
  const r = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  if (!r.rows[0]) throw createError('CW_ERR_NOT_FOUND', `user ${id} not found`);
  return userView(r.rows[0]);
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
  const r = await db.query<{ id: string; display_name: string }>(
    `SELECT id, display_name FROM users WHERE id = ANY($1::text[])`,
    [wanted],
  );
  return Object.fromEntries(r.rows.map((u) => [u.id, u.display_name]));
}

/** Refuses groups that are not in the groups table (a typo would silently grant nothing). */
async function checkGroups(db: Db, groups: string[] | undefined, at = '/groups'): Promise<void> {
  if (!groups?.length) return;
  const r = await db.query<{ id: string }>(`SELECT id FROM groups WHERE id = ANY($1)`, [groups]);
  const known = new Set(r.rows.map((g) => g.id));
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
): Promise<UserInfo> {
  await checkGroups(db, u.groups);
  const r = await db.query<UserRow>(
    `INSERT INTO users (id, display_name, roles, groups) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [u.id, u.displayName, u.roles, u.groups],
  );
  if (!r.rows[0]) throw createError('CW_ERR_USER_EXISTS', undefined, { data: { userId: u.id } });
  return userView(r.rows[0]);
}

/**
 * Changes a user. Refuses to leave no enabled administrator (CW_ERR_LAST_ADMIN), checked
 * under a lock so two administrators demoting each other at once cannot both succeed.
 */
export async function updateUser(
  db: Db,
  id: string,
  p: { displayName?: string; roles?: string[]; groups?: string[]; disabled?: boolean },
): Promise<UserInfo> {
  await checkGroups(db, p.groups);
  return db.tx(async (tx) => {
    await tx.query(`LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`);
    const r = await tx.query<UserRow>(
      `UPDATE users SET display_name = COALESCE($2, display_name), roles = COALESCE($3, roles),
         groups = COALESCE($4, groups), disabled = COALESCE($5, disabled)
       WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, p.displayName ?? null, p.roles ?? null, p.groups ?? null, p.disabled ?? null],
    );
    if (!r.rows[0]) throw createError('CW_ERR_NOT_FOUND', `user ${id} not found`);
    const admins = await tx.query(
      `SELECT 1 FROM users WHERE 'admin' = ANY(roles) AND NOT disabled LIMIT 1`,
    );
    if (!admins.rowCount)
      throw createError('CW_ERR_LAST_ADMIN', undefined, { data: { userId: id } });
    return userView(r.rows[0]);
  });
}

export async function listGroups(db: Db): Promise<GroupInfo[]> {
  const r = await db.query<{
    id: string;
    name: GroupInfo['name'];
    supervisor_group: string | null;
  }>(`SELECT id, name, supervisor_group FROM groups ORDER BY id`);
  return r.rows.map((g) => ({ id: g.id, name: g.name, supervisorGroup: g.supervisor_group }));
}

export async function putGroup(
  db: Db,
  id: string,
  g: { name?: Record<string, string>; supervisorGroup?: string | null },
): Promise<{ group: GroupInfo; created: boolean; previousSupervisorGroup: string | null }> {
  const r = await db.query<{ inserted: boolean; previous: string | null }>(
    `WITH old AS (SELECT supervisor_group FROM groups WHERE id = $1)
     INSERT INTO groups (id, name, supervisor_group) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, supervisor_group = EXCLUDED.supervisor_group
     RETURNING (xmax = 0) AS inserted, (SELECT supervisor_group FROM old) AS previous`,
    [id, g.name ?? null, g.supervisorGroup ?? null],
  );
  return {
    group: { id, name: g.name ?? null, supervisorGroup: g.supervisorGroup ?? null },
    created: Boolean(r.rows[0]?.inserted),
    previousSupervisorGroup: r.rows[0]?.previous ?? null,
  };
}

/** The ids of the users who belong to a group. */
export async function groupMembers(db: Db, group: string): Promise<string[]> {
  const r = await db.query<{ id: string }>(`SELECT id FROM users WHERE $1 = ANY(groups)`, [group]);
  return r.rows.map((u) => u.id);
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
  const r = await db.query(
    `INSERT INTO groups (id, name, supervisor_group) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO NOTHING`,
    [id, g.name, g.supervisorGroup ?? null],
  );
  if (!r.rowCount) throw createError('CW_ERR_GROUP_EXISTS', undefined, { data: { groupId: id } });
  return { id, name: g.name, supervisorGroup: g.supervisorGroup ?? null };
}
