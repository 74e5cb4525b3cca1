/**
 * The first administrator. No default password ships: it comes from CASEWAY_ADMIN_PASSWORD
 * (given to the `admin` user at start only while it has none), CASEWAY_ADMIN_TOKEN, the
 * token `npm start` prints on first start, or `npm run admin -- create-admin <id>`.
 *
 * @example
 *   if (!(await adminExists(db))) await createAdmin(db, 'root', password, new Date());
 */
import { identity, type Db } from '../store/index.ts';
import { setPassword } from './login.ts';

export async function adminExists(db: Db): Promise<boolean> {
  return identity.enabledAdminExists(db);
}

/** Creates (or promotes, enables and re-passwords) an administrator. */
export async function createAdmin(
  db: Db,
  id: string,
  password: string,
  now: Date,
  displayName = id,
): Promise<void> {
  await identity.upsertAdmin(db, id, displayName);
  await setPassword(db, id, password, now);
}

/** Gives `admin` (created if missing) this password unless it already has one. */
export async function bootstrapAdminPassword(db: Db, password: string, now: Date): Promise<void> {
  if (await identity.ensureAdminUser(db)) await setPassword(db, 'admin', password, now);
}
