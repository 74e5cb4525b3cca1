/**
 * Checking a sign-in: password verification with the same work whether or not the account
 * exists, and a lockout after repeated failures per login name (kept in PostgreSQL, read
 * with the engine's clock, so every engine process sees it and tests can advance time).
 *
 * @example
 *   const r = await checkCredentials(db, clock, { maxFailures: 5, lockoutMs: 900_000 }, 'alice', pw);
 *   if (r.ok) createSession(...); else if (r.retryAfterMs) reply 429; else reply 401;
 */
import type { Clock } from '../clock/index.ts';
import type { Db } from '../store/index.ts';
import { burnVerification, hashPassword, needsRehash, verifyPassword } from './passwords.ts';

export interface LoginPolicy {
  /** Failed attempts within `lockoutMs` that lock the login name. */
  maxFailures: number;
  /** How long a lockout lasts, and the window in which failures are counted. */
  lockoutMs: number;
}

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; /** set while the login name is locked */ retryAfterMs?: number };

export async function checkCredentials(
  db: Db,
  clock: Clock,
  policy: LoginPolicy,
  username: string,
  password: string,
): Promise<LoginResult> {
  const key = username.toLowerCase();
  const now = clock.now();
  const lock = await db.query<{ locked_until: Date | null }>(
    `SELECT locked_until FROM login_failures WHERE username = $1`,
    [key],
  );
  const until = lock.rows[0]?.locked_until?.getTime() ?? 0;
  if (until > now) return { ok: false, retryAfterMs: until - now };

  const r = await db.query<{ id: string; password_hash: string | null; disabled: boolean }>(
    `SELECT id, password_hash, disabled FROM users WHERE id = $1`,
    [username],
  );
  const user = r.rows[0];
  const ok =
    user?.password_hash && !user.disabled
      ? await verifyPassword(password, user.password_hash)
      : await burnVerification(password);
  if (!ok || !user) {
    await recordFailure(db, key, now, policy);
    return { ok: false };
  }
  await db.query(`DELETE FROM login_failures WHERE username = $1`, [key]);
  await db.query(`UPDATE users SET last_login_at = $2 WHERE id = $1`, [user.id, new Date(now)]);
  if (needsRehash(user.password_hash!)) await setPassword(db, user.id, password, new Date(now));
  return { ok: true, userId: user.id };
}

/** Counts a failure in the current window; the one that reaches the limit locks the name. */
async function recordFailure(db: Db, key: string, now: number, policy: LoginPolicy) {
  const windowStart = new Date(now - policy.lockoutMs);
  const r = await db.query<{ failures: number }>(
    `INSERT INTO login_failures (username, failures, window_start) VALUES ($1, 1, $2)
     ON CONFLICT (username) DO UPDATE SET
       failures = CASE WHEN login_failures.window_start < $3 THEN 1 ELSE login_failures.failures + 1 END,
       window_start = CASE WHEN login_failures.window_start < $3 THEN $2 ELSE login_failures.window_start END
     RETURNING failures`,
    [key, new Date(now), windowStart],
  );
  if ((r.rows[0]?.failures ?? 0) >= policy.maxFailures) {
    await db.query(
      `UPDATE login_failures SET failures = 0, window_start = $2, locked_until = $3 WHERE username = $1`,
      [key, new Date(now), new Date(now + policy.lockoutMs)],
    );
  }
}

/** Sets a user's password (hashing it) and clears any lockout of their login name. */
export async function setPassword(
  db: Db,
  userId: string,
  password: string,
  now: Date,
): Promise<void> {
  const hash = await hashPassword(password);
  await db.query(`UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1`, [
    userId,
    hash,
    now,
  ]);
  await db.query(`DELETE FROM login_failures WHERE username = $1`, [userId.toLowerCase()]);
}
