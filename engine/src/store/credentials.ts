/**
 * How people and integrations prove who they are: `sessions` (a browser session: the sha256 of
 * its cookie value, its CSRF secret, expiry and last use), `api_tokens` (the sha256 of a bearer
 * token, its label, expiry and revocation) and `login_failures` (the sign-in lockout per login
 * name). Hashing, cookies and the lockout rule are identity/'s; these are the rows.
 */
import type { Actor } from '../access/index.ts';
import type { Queryable } from './db.ts';
import { PERMISSIONS, SUPERVISES } from './users.ts';

export async function insertSession(
  db: Queryable,
  s: { idHash: string; userId: string; csrfSecret: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id_hash, user_id, csrf_secret, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)`,
    [s.idHash, s.userId, s.csrfSecret, s.now, s.expiresAt],
  );
}

export interface SessionActorRow extends Actor {
  id_hash: string;
  csrf_secret: string;
  last_seen_at: Date;
}

/**
 * The session with this hash and its user, when it has not expired, was used after `idleSince`
 * and its user is enabled.
 */
export async function liveSession(
  db: Queryable,
  idHash: string,
  now: Date,
  idleSince: Date,
): Promise<SessionActorRow | undefined> {
  const r = await db.query<SessionActorRow>(
    `SELECT s.id_hash, s.csrf_secret, s.last_seen_at, u.id, u.groups, u.roles, ${SUPERVISES('u')}, ${PERMISSIONS('u')}
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND NOT u.disabled`,
    [idHash, now, idleSince],
  );
  return r.rows[0];
}

export async function touchSession(db: Queryable, idHash: string, now: Date): Promise<void> {
  await db.query(`UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1`, [idHash, now]);
}

export async function deleteSessionRow(db: Queryable, idHash: string): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE id_hash = $1`, [idHash]);
}

/** Deletes a user's sessions but the one with hash `keep`, if given. */
export async function deleteSessionsOf(
  db: Queryable,
  userId: string,
  keep: string | null,
): Promise<void> {
  await db.query(
    `DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR id_hash <> $2)`,
    [userId, keep],
  );
}

export interface ApiTokenRow {
  id: string;
  user_id: string;
  label: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const TOKEN_COLUMNS = `id, user_id, label, created_at, expires_at, revoked_at`;

export async function insertApiToken(
  db: Queryable,
  t: { hash: string; userId: string; label: string; now: Date; expiresAt: Date },
): Promise<ApiTokenRow> {
  const r = await db.query<ApiTokenRow>(
    `INSERT INTO api_tokens (hash, user_id, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${TOKEN_COLUMNS}`,
    [t.hash, t.userId, t.label, t.now, t.expiresAt],
  );
  return r.rows[0]!;
}

/** A token labelled `bootstrap` for a user, kept if it exists (no expiry). */
export async function ensureBootstrapToken(
  db: Queryable,
  hash: string,
  userId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO api_tokens (hash, user_id, label) VALUES ($1, $2, 'bootstrap') ON CONFLICT (hash) DO NOTHING`,
    [hash, userId],
  );
}

export async function apiTokensOf(db: Queryable, userId: string): Promise<ApiTokenRow[]> {
  const r = await db.query<ApiTokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return r.rows;
}

/** Revokes a token of `userId` (of anyone's when null), keeping an earlier revocation; false when there is none. */
export async function revokeApiToken(
  db: Queryable,
  t: { id: string; userId: string | null; by: string; now: Date },
): Promise<boolean> {
  const r = await db.query(
    `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3), revoked_by = COALESCE(revoked_by, $4)
     WHERE id = $1 AND ($2::text IS NULL OR user_id = $2)`,
    [t.id, t.userId, t.now, t.by],
  );
  return Boolean(r.rowCount);
}

/** The enabled user of a live (unrevoked, unexpired) token with this hash. */
export async function tokenActor(
  db: Queryable,
  hash: string,
  now: Date,
): Promise<(Actor & { expires_at: Date | null; token_id: string }) | undefined> {
  const r = await db.query<Actor & { expires_at: Date | null; token_id: string }>(
    `SELECT u.id, u.groups, u.roles, t.expires_at, t.id AS token_id, ${SUPERVISES('u')}, ${PERMISSIONS('u')}
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND NOT u.disabled`,
    [hash, now],
  );
  return r.rows[0];
}

/** Until when a login name is locked out (undefined: not locked, or never failed). */
export async function lockedUntil(db: Queryable, username: string): Promise<Date | undefined> {
  const r = await db.query<{ locked_until: Date | null }>(
    `SELECT locked_until FROM login_failures WHERE username = $1`,
    [username],
  );
  return r.rows[0]?.locked_until ?? undefined;
}

/**
 * Counts a failed sign-in of a login name in its window (a window that began before
 * `windowStart` starts again at `now`); returns the failures counted in the window.
 */
export async function countLoginFailure(
  db: Queryable,
  username: string,
  now: Date,
  windowStart: Date,
): Promise<number> {
  const r = await db.query<{ failures: number }>(
    `INSERT INTO login_failures (username, failures, window_start) VALUES ($1, 1, $2)
     ON CONFLICT (username) DO UPDATE SET
       failures = CASE WHEN login_failures.window_start < $3 THEN 1 ELSE login_failures.failures + 1 END,
       window_start = CASE WHEN login_failures.window_start < $3 THEN $2 ELSE login_failures.window_start END
     RETURNING failures`,
    [username, now, windowStart],
  );
  return r.rows[0]?.failures ?? 0;
}

/** Locks a login name until `until`, counting afresh from `now`. */
export async function lockLogin(
  db: Queryable,
  username: string,
  now: Date,
  until: Date,
): Promise<void> {
  await db.query(
    `UPDATE login_failures SET failures = 0, window_start = $2, locked_until = $3 WHERE username = $1`,
    [username, now, until],
  );
}

export async function clearLoginFailures(db: Queryable, username: string): Promise<void> {
  await db.query(`DELETE FROM login_failures WHERE username = $1`, [username]);
}
