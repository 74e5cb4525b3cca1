/**
 * When access ends (a user disabled or changed, a role's permissions changed, a token revoked, a
 * session signed out or ended by a password change), every engine is told at once through PostgreSQL NOTIFY on the
 * schema's `caseway_access:<schema>` channel, sent in the same statement sequence as the change.
 * Each engine ends the matching open event streams (`GET /api/events`) and forgets its cached
 * token lookups, so nothing granted before the change keeps flowing.
 *
 * @example
 *   await announceAccessEnded(db, { tokenId: 'tok_…' }); // after revoking it
 */
import { notify, type Db } from '../store/index.ts';

/**
 * What ended: everything of a user (disabled, or their roles or groups changed), only their
 * browser sessions (but `except` one, the password changer's own), one token, one session.
 */
export type AccessEnded =
  | { userId: string; only?: 'sessions'; except?: string }
  /** a group's names or oversight changed: no stream ends, every engine forgets its cache */
  | { groupId: string }
  /** a role's permissions changed: the streams of those who hold it end, every engine forgets */
  | { roleId: string }
  | { tokenId: string }
  | { sessionHash: string };

/** How an open stream was authenticated. */
export interface StreamAccess {
  userId: string;
  /** the roles the stream's user held when it opened (absent: none to match) */
  roles?: readonly string[];
  tokenId: string | null;
  sessionHash: string | null;
}

export const accessChannel = (schema: string) => `caseway_access:${schema}`;

/** Tells every engine (this one too) that some access has ended; delivered on commit. */
export async function announceAccessEnded(db: Pick<Db, 'query' | 'schema'>, ended: AccessEnded) {
  await notify(db, accessChannel(db.schema), JSON.stringify(ended));
}

/** Whether an ended access covers a stream (pure; malformed notices cover nothing). */
export function endsStream(ended: unknown, s: StreamAccess): boolean {
  if (!ended || typeof ended !== 'object') return false;
  const e = ended as Record<string, unknown>;
  if (typeof e.tokenId === 'string') return s.tokenId === e.tokenId;
  if (typeof e.sessionHash === 'string') return s.sessionHash === e.sessionHash;
  if (typeof e.roleId === 'string') return s.roles?.includes(e.roleId) ?? false;
  if (typeof e.userId !== 'string' || e.userId !== s.userId) return false;
  if (e.only !== 'sessions') return true;
  return s.sessionHash !== null && s.sessionHash !== e.except;
}
