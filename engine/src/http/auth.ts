/**
 * Authentication by bearer API tokens (hashed at rest) and a per-route rule. Every route
 * must declare `config.auth`; registering one without it fails at start-up, so no route can
 * be open by accident. The full identity model (sessions, roles, CSRF) is its own issue.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../effects/index.ts';
import { createError } from '../errors.ts';
import type { Db } from '../store/db.ts';

/** Who may call a route: anyone, any signed-in user, or users holding one of the roles. */
export type AuthRule = 'public' | 'user' | { roles: string[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRule;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newToken(): string {
  return `cw_${randomBytes(24).toString('base64url')}`;
}

/** Creates or updates a user and gives it a token (used by bootstrap, the CLI and tests). */
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

const CACHE_MS = 5_000;

export function registerAuth(app: FastifyInstance, db: Db): void {
  const cache = new Map<string, { actor: Actor; until: number }>();

  app.decorateRequest('actor', null as unknown as Actor);

  app.addHook('onRoute', (route) => {
    if (route.config?.auth === undefined && !route.url.startsWith('/docs')) {
      throw new Error(`route ${route.method} ${route.url} declares no auth rule`);
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest) => {
    const rule =
      req.routeOptions.config?.auth ?? (req.url.startsWith('/docs') ? 'public' : undefined);
    if (rule === 'public') return;
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw createError('CW_ERR_UNAUTHENTICATED');
    const hash = hashToken(token);
    let hit = cache.get(hash);
    if (!hit || hit.until < Date.now()) {
      const r = await db.query<{ id: string; groups: string[]; roles: string[] }>(
        `SELECT u.id, u.groups, u.roles FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
        [hash],
      );
      const u = r.rows[0];
      if (!u) throw createError('CW_ERR_UNAUTHENTICATED');
      hit = { actor: { id: u.id, groups: u.groups, roles: u.roles }, until: Date.now() + CACHE_MS };
      cache.set(hash, hit);
    }
    req.actor = hit.actor;
    if (typeof rule === 'object' && !rule.roles.some((r) => hit.actor.roles.includes(r)))
      throw createError('CW_ERR_FORBIDDEN');
  });
}
