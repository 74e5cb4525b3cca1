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
import { identity, type Db } from '../store/index.ts';
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
  const until = (await identity.lockedUntil(db, key))?.getTime() ?? 0;
  if (until > now) return { ok: false, retryAfterMs: until - now };

  const user = await identity.loginRow(db, username);
  const ok =
    user?.password_hash && !user.disabled
      ? await verifyPassword(password, user.password_hash)
      : await burnVerification(password);
  if (!ok || !user) {
    await recordFailure(db, key, now, policy);
    return { ok: false };
  }
  await identity.clearLoginFailures(db, key);
  await identity.setLastLogin(db, user.id, new Date(now));
  if (needsRehash(user.password_hash!)) await setPassword(db, user.id, password, new Date(now));
  return { ok: true, userId: user.id };
}

/** Counts a failure in the current window; the one that reaches the limit locks the name. */
async function recordFailure(db: Db, key: string, now: number, policy: LoginPolicy) {
  const failures = await identity.countLoginFailure(
    db,
    key,
    new Date(now),
    new Date(now - policy.lockoutMs),
  );
  if (failures >= policy.maxFailures)
    await identity.lockLogin(db, key, new Date(now), new Date(now + policy.lockoutMs));
}

/** Sets a user's password (hashing it) and clears any lockout of their login name. */
export async function setPassword(
  db: Db,
  userId: string,
  password: string,
  now: Date,
): Promise<void> {
  const hash = await hashPassword(password);
  await identity.setPasswordHash(db, userId, hash, now);
  await identity.clearLoginFailures(db, userId.toLowerCase());
}
