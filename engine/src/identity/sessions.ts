/**
 * Browser sessions: the cookie carries a random id, PostgreSQL its sha256 with the user, an
 * absolute expiry, an idle timeout measured from the last request, and the secret CSRF
 * tokens are made from (synchronizer tokens via @fastify/csrf).
 *
 * @example
 *   const s = await createSession(db, 'alice', new Date(clock.now()), 8 * 3600_000);
 *   reply.setCookie(SESSION_COOKIE, s.sessionId, cookieOptions(s.expiresAt));
 */
import { randomBytes } from 'node:crypto';
import Tokens from '@fastify/csrf';
import { identity, type Db, type Queryable, type SessionActorRow } from '../store/index.ts';
import { announceAccessEnded } from './access-ended.ts';
import { hashToken } from './tokens.ts';

/** `__Host-` makes browsers insist on Secure, Path=/ and no Domain. */
export const SESSION_COOKIE = '__Host-cw_session';
/** The header a cookie-authenticated write must carry (token from login or GET /api/auth/me). */
export const CSRF_HEADER = 'x-csrf-token';

const csrf = new Tokens({});
/** How often last_seen_at is written at most (the idle timeout is coarse by this much). */
const TOUCH_MS = 60_000;

export interface SessionPolicy {
  ttlMs: number;
  idleMs: number;
}

export async function createSession(
  db: Queryable,
  userId: string,
  now: Date,
  ttlMs: number,
): Promise<{ sessionId: string; csrfToken: string; expiresAt: Date }> {
  const sessionId = randomBytes(32).toString('base64url');
  const secret = csrf.secretSync();
  const expiresAt = new Date(now.getTime() + ttlMs);
  await identity.insertSession(db, {
    idHash: hashToken(sessionId),
    userId,
    csrfSecret: secret,
    now,
    expiresAt,
  });
  return { sessionId, csrfToken: csrf.create(secret), expiresAt };
}

/** The live session with this cookie value and its (enabled) user, touching last_seen_at. */
export async function findSession(
  db: Db,
  sessionId: string,
  now: Date,
  policy: SessionPolicy,
): Promise<SessionActorRow | undefined> {
  const row = await identity.liveSession(
    db,
    hashToken(sessionId),
    now,
    new Date(now.getTime() - policy.idleMs),
  );
  if (row && now.getTime() - row.last_seen_at.getTime() > TOUCH_MS)
    await identity.touchSession(db, row.id_hash, now);
  return row;
}

export const csrfToken = (secret: string) => csrf.create(secret);
export const csrfValid = (secret: string, token: string | undefined) =>
  typeof token === 'string' && token.length > 0 && csrf.verify(secret, token);

/** Ends one session, and its open event streams on every engine. */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await identity.deleteSessionRow(db, idHash);
  await announceAccessEnded(db, { sessionHash: idHash });
}

/**
 * Signs a user out everywhere (password reset, disabling), except one session if given, and
 * ends those sessions' open event streams on every engine.
 */
export async function deleteUserSessions(db: Db, userId: string, keep?: string): Promise<void> {
  await identity.deleteSessionsOf(db, userId, keep ?? null);
  await announceAccessEnded(db, { userId, only: 'sessions', ...(keep ? { except: keep } : {}) });
}
