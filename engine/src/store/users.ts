/**
 * Identity in the store: `users` (login, display name, groups, roles, password hash, disabled),
 * `groups` (with the group that supervises each), and the names people are shown by.
 */
import type { Actor } from '../access/index.ts';
import type { Queryable, Tx } from './db.ts';

/** The groups user alias `u` supervises: those whose `supervisor_group` is one of theirs. */
export const SUPERVISES = (u: string) =>
  `ARRAY(SELECT g.id FROM groups g WHERE g.supervisor_group = ANY(${u}.groups)) AS supervises`;

/**
 * The permissions user alias `u` holds: the union over their roles' (the `roles` table), read
 * with the user so a role edited by an administrator counts from the next read on every engine.
 */
export const PERMISSIONS = (u: string) =>
  `ARRAY(SELECT DISTINCT p FROM roles r, unnest(r.permissions) p WHERE r.id = ANY(${u}.roles) ORDER BY p) AS permissions`;

/** A user as administrators see them (no password hash, only whether there is one). */
export interface UserRow {
  id: string;
  display_name: string;
  roles: string[];
  groups: string[];
  disabled: boolean;
  has_password: boolean;
  created_at: Date;
  last_login_at: Date | null;
}

const USER_COLUMNS = `id, display_name, roles, groups, disabled, password_hash IS NOT NULL AS has_password, created_at, last_login_at`;

export async function listUserRows(db: Queryable): Promise<UserRow[]> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY id`)).rows;
}

export async function readUserRow(db: Queryable, id: string): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return r.rows[0];
}

/** Inserts a user; undefined when the id is taken. */
export async function insertUser(
  db: Queryable,
  u: { id: string; displayName: string; roles: string[]; groups: string[] },
): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(
    `INSERT INTO users (id, display_name, roles, groups) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [u.id, u.displayName, u.roles, u.groups],
  );
  return r.rows[0];
}

/**
 * Locks the users table against concurrent changes of roles (held to the end of the
 * transaction), so a rule over all users, such as "an enabled administrator remains", holds.
 */
export async function lockUsers(tx: Tx): Promise<void> {
  await tx.query(`LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`);
}

/** Changes the given fields of a user (undefined ones stay); undefined when there is none. */
export async function updateUserRow(
  db: Queryable,
  id: string,
  p: { displayName?: string; roles?: string[]; groups?: string[]; disabled?: boolean },
): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(
    `UPDATE users SET display_name = COALESCE($2, display_name), roles = COALESCE($3, roles),
       groups = COALESCE($4, groups), disabled = COALESCE($5, disabled)
     WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, p.displayName ?? null, p.roles ?? null, p.groups ?? null, p.disabled ?? null],
  );
  return r.rows[0];
}

/**
 * Whether any enabled user may administer (holds a role with the `administer` permission):
 * the rule that leaves the system never without an administrator.
 */
export async function enabledAdminExists(db: Queryable): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM users u JOIN roles r ON r.id = ANY(u.roles)
     WHERE NOT u.disabled AND 'administer' = ANY(r.permissions) LIMIT 1`,
  );
  return r.rowCount !== 0;
}

/**
 * Creates an administrator, or makes an existing user one (enabled, `admin` added to its roles).
 */
export async function upsertAdmin(db: Queryable, id: string, displayName: string): Promise<void> {
  await db.query(
    `INSERT INTO users (id, display_name, roles) VALUES ($1, $2, '{admin}')
     ON CONFLICT (id) DO UPDATE SET disabled = false,
       roles = CASE WHEN 'admin' = ANY(users.roles) THEN users.roles ELSE users.roles || '{admin}' END`,
    [id, displayName],
  );
}

/** Creates the `admin` user if missing; true when it has no password yet. */
export async function ensureAdminUser(db: Queryable): Promise<boolean> {
  await db.query(
    `INSERT INTO users (id, display_name, roles) VALUES ('admin', 'Administrator', '{admin}') ON CONFLICT (id) DO NOTHING`,
  );
  const r = await db.query(`SELECT 1 FROM users WHERE id = 'admin' AND password_hash IS NULL`);
  return Boolean(r.rowCount);
}

/** Creates a user or sets its name, groups and roles (bootstrap, the CLI, tests). */
export async function upsertUser(
  db: Queryable,
  u: { id: string; displayName: string; groups: string[]; roles: string[] },
): Promise<void> {
  await db.query(
    `INSERT INTO users (id, display_name, groups, roles) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET groups = EXCLUDED.groups, roles = EXCLUDED.roles, display_name = EXCLUDED.display_name`,
    [u.id, u.displayName, u.groups, u.roles],
  );
}

/** What a sign-in checks: the password hash and whether the user is disabled. */
export async function loginRow(
  db: Queryable,
  id: string,
): Promise<{ id: string; password_hash: string | null; disabled: boolean } | undefined> {
  const r = await db.query<{ id: string; password_hash: string | null; disabled: boolean }>(
    `SELECT id, password_hash, disabled FROM users WHERE id = $1`,
    [id],
  );
  return r.rows[0];
}

export async function setLastLogin(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(`UPDATE users SET last_login_at = $2 WHERE id = $1`, [id, at]);
}

export async function setPasswordHash(
  db: Queryable,
  id: string,
  hash: string,
  at: Date,
): Promise<void> {
  await db.query(`UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1`, [
    id,
    hash,
    at,
  ]);
}

/** A user as the access policy sees them (any user, enabled or not). */
export async function readActor(db: Queryable, id: string): Promise<Actor | undefined> {
  const r = await db.query<Actor>(
    `SELECT u.id, u.groups, u.roles, ${SUPERVISES('u')}, ${PERMISSIONS('u')} FROM users u WHERE u.id = $1`,
    [id],
  );
  return r.rows[0];
}

/** Display names of the users among `ids` (no row for ids that are no user). */
export async function userNames(
  db: Queryable,
  ids: string[],
): Promise<{ id: string; display_name: string }[]> {
  const r = await db.query<{ id: string; display_name: string }>(
    `SELECT id, display_name FROM users WHERE id = ANY($1::text[])`,
    [ids],
  );
  return r.rows;
}

/** The ids among `ids` that the groups table holds. */
export async function knownGroupIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  const r = await db.query<{ id: string }>(`SELECT id FROM groups WHERE id = ANY($1)`, [ids]);
  return new Set(r.rows.map((g) => g.id));
}

export interface GroupRow {
  id: string;
  name: Record<string, string> | null;
  supervisor_group: string | null;
}

export async function listGroupRows(db: Queryable): Promise<GroupRow[]> {
  return (await db.query<GroupRow>(`SELECT id, name, supervisor_group FROM groups ORDER BY id`))
    .rows;
}

/** Creates or replaces a group: whether it was created, and the group that supervised it before. */
export async function upsertGroup(
  db: Queryable,
  g: GroupRow,
): Promise<{ created: boolean; previousSupervisorGroup: string | null }> {
  const r = await db.query<{ inserted: boolean; previous: string | null }>(
    `WITH old AS (SELECT supervisor_group FROM groups WHERE id = $1)
     INSERT INTO groups (id, name, supervisor_group) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, supervisor_group = EXCLUDED.supervisor_group
     RETURNING (xmax = 0) AS inserted, (SELECT supervisor_group FROM old) AS previous`,
    [g.id, g.name, g.supervisor_group],
  );
  return {
    created: Boolean(r.rows[0]?.inserted),
    previousSupervisorGroup: r.rows[0]?.previous ?? null,
  };
}

/** Creates a group; false when the id is taken. */
export async function insertGroup(db: Queryable, g: GroupRow): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO groups (id, name, supervisor_group) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
    [g.id, g.name, g.supervisor_group],
  );
  return Boolean(r.rowCount);
}

/** The ids of the users who belong to a group (enabled or not). */
export async function groupMemberIds(db: Queryable, group: string): Promise<string[]> {
  const r = await db.query<{ id: string }>(`SELECT id FROM users WHERE $1 = ANY(groups)`, [group]);
  return r.rows.map((u) => u.id);
}

/**
 * Who can be given work: every user (no roles, no sign-in details) and every group, those of
 * the groups table and those only users name, with how many enabled users are in it; by id.
 */
export async function directoryRows(db: Queryable): Promise<{
  users: { id: string; display_name: string; groups: string[]; disabled: boolean }[];
  groups: { id: string; name: Record<string, string> | null; members: number }[];
}> {
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
  return { users: users.rows, groups: groups.rows };
}

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
  permissions: string[];
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
    `SELECT u.id, u.groups, u.roles, u.display_name AS "displayName", ${SUPERVISES('u')},
            ${PERMISSIONS('u')}
     FROM users u
     WHERE NOT u.disabled AND ($3::text[] IS NULL OR u.id = ANY($3))
       AND (u.groups && $1::text[] OR u.id = ANY($2::text[]) OR EXISTS (SELECT 1 FROM roles r WHERE r.id = ANY(u.roles)
              AND r.permissions && ARRAY['workEveryTask', 'superviseGroups'])
            OR (cardinality($1::text[]) = 0 AND cardinality($2::text[]) = 0))
     ORDER BY u.display_name, u.id LIMIT 500`,
    [offer.candidateGroups, offer.candidateUsers, ids ?? null],
  );
  return r.rows;
}
