/**
 * Roles as administrators manage them: each role's names (zh-Hant, en) and the permissions it
 * holds (engine/src/access/policy.ts lists them). A change counts from the next request, on
 * every engine: a user's permissions are read with the user at authentication, and the change
 * is announced so engines forget cached token lookups and end the event streams of those who
 * hold the role.
 *
 * @example
 *   await createRole(db, { id: 'auditor', name: { 'zh-Hant': '稽核', en: 'Auditor' }, permissions: ['listCases'] }, now);
 *   await updateRole(db, 'designer', { permissions: ['design'] }, now); // { before, after }
 */
import { createError, defaultMessage, type Lang } from '../errors.ts';
import { say } from '../locale/index.ts';
import { identity, type Db, type RoleRow } from '../store/index.ts';
import { PERMISSIONS, type Permission } from '../access/index.ts';

export interface RoleInfo {
  id: string;
  name: Record<string, string>;
  permissions: Permission[];
  /** enabled users holding it */
  users: number;
  updatedAt: string;
}

/** In the order PERMISSIONS lists them, unknown ones (none the schema lets in) left out. */
const ordered = (ps: readonly string[]): Permission[] => PERMISSIONS.filter((p) => ps.includes(p));

const roleView = (r: RoleRow): RoleInfo => ({
  id: r.id,
  name: r.name,
  permissions: ordered(r.permissions),
  users: r.users,
  updatedAt: r.updated_at.toISOString(),
});

export async function listRoles(db: Db): Promise<RoleInfo[]> {
  return (await identity.listRoleRows(db)).map(roleView);
}

export async function getRole(db: Db, id: string): Promise<RoleInfo> {
  const row = await identity.readRoleRow(db, id);
  if (!row) throw createError('CW_ERR_NOT_FOUND', `role ${id} not found`, { data: { roleId: id } });
  return roleView(row);
}

/** Creates a role; an id already taken is refused (CW_ERR_ROLE_EXISTS). */
export async function createRole(
  db: Db,
  role: { id: string; name: Record<string, string>; permissions: Permission[] },
  now: Date,
): Promise<RoleInfo> {
  if (!(await identity.insertRole(db, { ...role, permissions: ordered(role.permissions) }, now)))
    throw createError('CW_ERR_ROLE_EXISTS', undefined, { data: { roleId: role.id } });
  return getRole(db, role.id);
}

/**
 * Changes a role's names or permissions. Refuses to leave no enabled user holding `administer`
 * (CW_ERR_LAST_ADMIN), checked under the users' lock so a role edit and a user's demotion at
 * the same time cannot both pass.
 */
export async function updateRole(
  db: Db,
  id: string,
  p: { name?: Record<string, string>; permissions?: Permission[] },
  now: Date,
  lang: Lang = 'en',
): Promise<{ before: RoleInfo; after: RoleInfo }> {
  return db.tx(async (tx) => {
    await identity.lockUsers(tx);
    const before = await identity.readRoleRow(tx, id);
    if (!before)
      throw createError('CW_ERR_NOT_FOUND', `role ${id} not found`, { data: { roleId: id } });
    const permissions = p.permissions && ordered(p.permissions);
    await identity.updateRoleRow(tx, id, { name: p.name, permissions }, now);
    if (!(await identity.enabledAdminExists(tx)))
      throw createError('CW_ERR_LAST_ADMIN', undefined, {
        data: { roleId: id },
        details: [
          {
            code: 'CW_ERR_LAST_ADMIN',
            pointer: '/permissions',
            message: defaultMessage('CW_ERR_LAST_ADMIN', lang),
          },
        ],
      });
    return { before: roleView(before), after: roleView((await identity.readRoleRow(tx, id))!) };
  });
}

/**
 * Refuses roles that are not in the roles table (a typo would silently grant nothing), each
 * with its pointer (`/roles/1`).
 */
export async function checkRoles(
  db: Pick<Db, 'query'>,
  roles: string[] | undefined,
  lang: Lang = 'en',
) {
  if (!roles?.length) return;
  const known = await identity.knownRoleIds(db, roles);
  const details = roles.flatMap((r, i) =>
    known.has(r)
      ? []
      : [
          {
            code: 'CW_ERR_VALIDATION' as const,
            pointer: `/roles/${i}`,
            message: say(lang, `沒有角色 ${r}`, `unknown role ${r}`),
          },
        ],
  );
  if (details.length) throw createError('CW_ERR_VALIDATION', undefined, { details });
}
