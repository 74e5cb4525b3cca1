/**
 * A person signed in through the identity provider becomes a Caseway user (created, or their
 * name, roles and groups brought up to date), with an audit entry when created and a session:
 * all in one transaction, so a refusal (the id is a local user's, or the user is disabled)
 * writes nothing.
 *
 * @example
 *   const s = await oidcSignIn(db, { subject, id: 'alice', displayName, roles, groups }, now, ttlMs);
 */
import { createError } from '../errors.ts';
import { audit, identity, AUDIT, type Db } from '../store/index.ts';
import type { MappedPerson } from './oidc.ts';
import { createSession } from './sessions.ts';

export async function oidcSignIn(
  db: Db,
  user: MappedPerson,
  now: number,
  ttlMs: number,
): Promise<{ sessionId: string; csrfToken: string; expiresAt: Date }> {
  return db.tx(async (tx) => {
    const outcome = await identity.upsertOidcUser(tx, user);
    if (outcome === 'taken' || !(await identity.userEnabled(tx, user.id)))
      throw createError('CW_ERR_OIDC_USER', undefined, { data: { userId: user.id } });
    if (outcome === 'created')
      await audit.recordAudit(
        tx,
        {
          actor: 'system',
          action: AUDIT.userCreated,
          subject: `user/${user.id}`,
          data: {
            displayName: user.displayName,
            roles: user.roles,
            groups: user.groups,
            password: false,
            via: 'oidc',
          },
        },
        now,
      );
    return createSession(tx, user.id, new Date(now), ttlMs);
  });
}
