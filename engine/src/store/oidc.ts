/**
 * Single sign-on rows: sign-ins in progress (`oidc_logins`, by the sha256 of their state, taken
 * once) and the link from a provider's person to a user (`users.oidc_subject`). Migration 028.
 *
 * @example
 *   await insertOidcLogin(db, { stateHash, nonce, codeVerifier, returnTo: '/inbox', expiresAt }, now);
 *   const login = await takeOidcLogin(db, stateHash, now); // undefined: unknown, used or expired
 */
import type { Queryable } from './db.ts';

export interface OidcLoginRow {
  nonce: string;
  code_verifier: string;
  return_to: string;
}

export async function insertOidcLogin(
  db: Queryable,
  l: { stateHash: string; nonce: string; codeVerifier: string; returnTo: string; expiresAt: Date },
  now: Date,
): Promise<void> {
  // sign-ins never finished: gone once expired
  await db.query(`DELETE FROM oidc_logins WHERE expires_at < $1`, [now]);
  await db.query(
    `INSERT INTO oidc_logins (state_hash, nonce, code_verifier, return_to, expires_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [l.stateHash, l.nonce, l.codeVerifier, l.returnTo, l.expiresAt],
  );
}

/** The sign-in with this state, removed as it is read; undefined when unknown or expired. */
export async function takeOidcLogin(
  db: Queryable,
  stateHash: string,
  now: Date,
): Promise<OidcLoginRow | undefined> {
  const r = await db.query<OidcLoginRow & { expires_at: Date }>(
    `DELETE FROM oidc_logins WHERE state_hash = $1
     RETURNING nonce, code_verifier, return_to, expires_at`,
    [stateHash],
  );
  const row = r.rows[0];
  return row && row.expires_at > now ? row : undefined;
}

/**
 * Creates the user a provider's person signs in as, or updates their name, roles and groups
 * (the provider is their source). Refuses (false) an id already held by a local user or by
 * another of the provider's people.
 */
export async function upsertOidcUser(
  db: Queryable,
  u: { subject: string; id: string; displayName: string; roles: string[]; groups: string[] },
): Promise<'created' | 'updated' | 'taken'> {
  const r = await db.query<{ inserted: boolean }>(
    `INSERT INTO users (id, display_name, roles, groups, oidc_subject) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, roles = EXCLUDED.roles,
       groups = EXCLUDED.groups
     WHERE users.oidc_subject = EXCLUDED.oidc_subject
     RETURNING (xmax = 0) AS inserted`,
    [u.id, u.displayName, u.roles, u.groups, u.subject],
  );
  if (!r.rows[0]) return 'taken';
  return r.rows[0].inserted ? 'created' : 'updated';
}

/** Whether the user is enabled (a disabled one may not sign in through the provider either). */
export async function userEnabled(db: Queryable, id: string): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM users WHERE id = $1 AND NOT disabled`, [id]);
  return r.rowCount === 1;
}
