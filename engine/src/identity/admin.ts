/**
 * The first administrator. No default password ships: it comes from CASEWAY_ADMIN_PASSWORD
 * (given to the `admin` user at start only while it has none), CASEWAY_ADMIN_TOKEN, the
 * token `npm start` prints on first start, or `npm run admin -- create-admin <id>`.
 *
 * @example
 *   if (!(await adminExists(db))) await createAdmin(db, 'root', password, new Date());
 */
import type { Db } from '../store/index.ts';
import { setPassword } from './login.ts';

export async function adminExists(db: Db): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM users WHERE 'admin' = ANY(roles) AND NOT disabled`);
  return Boolean(r.rowCount);
}

/** Creates (or promotes, enables and re-passwords) an administrator. */
export async function createAdmin(
  db: Db,
  id: string,
  password: string,
  now: Date,
  displayName = id,
): Promise<void> {
  await db.query(
    `INSERT INTO users (id, display_name, roles) VALUES ($1, $2, '{admin}')
     ON CONFLICT (id) DO UPDATE SET disabled = false,
       roles = CASE WHEN 'admin' = ANY(users.roles) THEN users.roles ELSE users.roles || '{admin}' END`,
    [id, displayName],
  );
  await setPassword(db, id, password, now);
}

/** Gives `admin` (created if missing) this password unless it already has one. */
export async function bootstrapAdminPassword(db: Db, password: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO users (id, display_name, roles) VALUES ('admin', 'Administrator', '{admin}') ON CONFLICT (id) DO NOTHING`,
  );
  const r = await db.query(`SELECT 1 FROM users WHERE id = 'admin' AND password_hash IS NULL`);
  if (r.rowCount) await setPassword(db, 'admin', password, now);
}
