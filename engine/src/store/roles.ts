/**
 * The `roles` table (migration 028): each role's names and the permissions it holds, edited by
 * administrators. A user's permissions are read with the user (`PERMISSIONS` in ./users.ts).
 *
 * @example
 *   await insertRole(db, { id: 'auditor', name: { 'zh-Hant': '稽核', en: 'Auditor' }, permissions: ['listCases'] });
 *   await updateRoleRow(tx, 'designer', { permissions: ['design', 'listCases'] }, now);
 */
import type { Queryable } from './db.ts';

export interface RoleRow {
  id: string;
  name: Record<string, string>;
  permissions: string[];
  /** how many enabled users hold it */
  users: number;
  updated_at: Date;
}

const ROLE_COLUMNS = `r.id, r.name, r.permissions, r.updated_at,
  (SELECT count(*)::int FROM users u WHERE r.id = ANY(u.roles) AND NOT u.disabled) AS users`;

export async function listRoleRows(db: Queryable): Promise<RoleRow[]> {
  return (
    await db.query<RoleRow>(`SELECT ${ROLE_COLUMNS} FROM roles r ORDER BY r.created_at, r.id`)
  ).rows;
}

export async function readRoleRow(db: Queryable, id: string): Promise<RoleRow | undefined> {
  const r = await db.query<RoleRow>(`SELECT ${ROLE_COLUMNS} FROM roles r WHERE r.id = $1`, [id]);
  return r.rows[0];
}

/** Creates a role; false when the id is taken. */
export async function insertRole(
  db: Queryable,
  role: { id: string; name: Record<string, string>; permissions: string[] },
  now: Date,
): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO roles (id, name, permissions, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (id) DO NOTHING`,
    [role.id, role.name, role.permissions, now],
  );
  return r.rowCount === 1;
}

/** Changes a role's names or permissions (undefined ones stay); false when there is none. */
export async function updateRoleRow(
  db: Queryable,
  id: string,
  p: { name?: Record<string, string>; permissions?: string[] },
  now: Date,
): Promise<boolean> {
  const r = await db.query(
    `UPDATE roles SET name = COALESCE($2, name), permissions = COALESCE($3, permissions),
       updated_at = $4 WHERE id = $1`,
    [id, p.name ?? null, p.permissions ?? null, now],
  );
  return r.rowCount === 1;
}

/** Which of these ids are roles. */
export async function knownRoleIds(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const r = await db.query<{ id: string }>(`SELECT id FROM roles WHERE id = ANY($1)`, [ids]);
  return new Set(r.rows.map((x) => x.id));
}
