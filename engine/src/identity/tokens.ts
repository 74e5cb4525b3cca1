/**
 * Bearer API tokens for integrations: random, shown once, stored as a sha256 hash, with a
 * label, an expiry and revocation.
 *
 * @example
 *   const { token } = await createToken(db, { userId: 'alice', label: 'ci', expiresAt });
 *   // Authorization: Bearer <token>
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/index.ts';
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

interface TokenRow {
  id: string;
  user_id: string;
  label: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const view = (r: TokenRow): TokenInfo => ({
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
  const r = await db.query<TokenRow>(
    `INSERT INTO api_tokens (hash, user_id, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, user_id, label, created_at, expires_at, revoked_at`,
    [hashToken(token), t.userId, t.label, t.now, t.expiresAt],
  );
  return { ...view(r.rows[0]!), token };
}

export async function listTokens(db: Db, userId: string): Promise<TokenInfo[]> {
  const r = await db.query<TokenRow>(
    `SELECT id, user_id, label, created_at, expires_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return r.rows.map(view);
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
  const r = await db.query(
    `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3), revoked_by = COALESCE(revoked_by, $4)
     WHERE id = $1 AND ($2::text IS NULL OR user_id = $2)`,
    [id, userId, now, by],
  );
  if (r.rowCount) await announceAccessEnded(db, { tokenId: id });
  return Boolean(r.rowCount);
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
  await db.query(
    `INSERT INTO users (id, display_name, groups, roles) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET groups = EXCLUDED.groups, roles = EXCLUDED.roles, display_name = EXCLUDED.display_name`,
    [user.id, user.displayName ?? user.id, user.groups ?? [], user.roles ?? []],
  );
  await db.query(
    `INSERT INTO api_tokens (hash, user_id, label) VALUES ($1, $2, 'bootstrap') ON CONFLICT (hash) DO NOTHING`,
    [hashToken(token), user.id],
  );
}
