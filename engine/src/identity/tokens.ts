/**
 * Bearer API tokens for integrations: random, shown once, stored as a sha256 hash, with a
 * label, an expiry and revocation.
 *
 * @example
 *   const { token } = await createToken(db, { userId: 'alice', label: 'ci', expiresAt });
 *   // Authorization: Bearer <token>
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../access/index.ts';
import { identity, type ApiTokenRow, type Db } from '../store/index.ts';
import { announceAccessEnded } from './access-ended.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newToken(): string {
  return `cw_${randomBytes(24).toString('base64url')}`;
}

export interface TokenInfo {
  id: string;
  userId: string;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

const view = (r: ApiTokenRow): TokenInfo => ({
  id: r.id,
  userId: r.user_id,
  label: r.label,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** Creates a token; the returned `token` is the only time its value is visible. */
export async function createToken(
  db: Db,
  t: { userId: string; label: string; expiresAt: Date; now: Date },
): Promise<TokenInfo & { token: string }> {
  const token = newToken();
  const row = await identity.insertApiToken(db, { hash: hashToken(token), ...t });
  return { ...view(row), token };
}

export async function listTokens(db: Db, userId: string): Promise<TokenInfo[]> {
  return (await identity.apiTokensOf(db, userId)).map(view);
}

/**
 * Revokes a token of `userId` (any user's when userId is null), ending its open event streams
 * on every engine; false when there is none.
 */
export async function revokeToken(
  db: Db,
  id: string,
  userId: string | null,
  by: string,
  now: Date,
): Promise<boolean> {
  const revoked = await identity.revokeApiToken(db, { id, userId, by, now });
  if (revoked) await announceAccessEnded(db, { tokenId: id });
  return revoked;
}

/**
 * The enabled user behind a live bearer token (not revoked, not expired at `now`), with the
 * token's id and expiry; undefined when there is none.
 */
export async function findToken(
  db: Db,
  token: string,
  now: Date,
): Promise<{ actor: Actor; tokenId: string; expiresAt: Date | null } | undefined> {
  const u = await identity.tokenActor(db, hashToken(token), now);
  if (!u) return undefined;
  return {
    actor: {
      id: u.id,
      groups: u.groups,
      roles: u.roles,
      permissions: u.permissions,
      supervises: u.supervises,
    },
    tokenId: u.token_id,
    expiresAt: u.expires_at,
  };
}

/**
 * Creates or updates a user and gives it a token (used by bootstrap, the CLI and tests).
 *
 * @example
 *   await ensureUser(db, { id: 'alice', roles: ['staff'], groups: ['adjusters'] }, 'tok-alice');
 */
export async function ensureUser(
  db: Db,
  user: { id: string; displayName?: string; groups?: string[]; roles?: string[] },
  token: string,
): Promise<void> {
  await identity.upsertUser(db, {
    id: user.id,
    displayName: user.displayName ?? user.id,
    groups: user.groups ?? [],
    roles: user.roles ?? [],
  });
  await identity.ensureBootstrapToken(db, hashToken(token), user.id);
}
