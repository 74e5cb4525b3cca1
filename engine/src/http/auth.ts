/**
 * Authentication and the per-route rule. A caller is either an integration with a bearer API
 * token (hashed at rest) or a browser with a session cookie; cookie-authenticated writes must
 * carry the session's CSRF token in `X-CSRF-Token` (bearer calls are exempt: a browser never
 * adds that header on its own). Every route must declare `config.auth`; registering one
 * without it fails at start-up, so no route can be open by accident. Public routes get the
 * public rate limit unless they set their own (or none, `rateLimit: false`: the probes).
 *
 * @example
 *   app.get('/api/things', { config: { auth: { duties: ['administer'] } } }, handler);
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Engine } from '../engine-types.ts';
import { may, type Actor, type Duty } from '../access/index.ts';
import { createError } from '../errors.ts';
import { CSRF_HEADER, SESSION_COOKIE, csrfValid, hashToken } from '../identity/index.ts';

export { ensureUser, hashToken, newToken } from '../identity/index.ts';

/**
 * Who may call a route: anyone, any signed-in user, or users holding one of the duties (through
 * a role that has it: the `roles` table, read with the user on every request).
 */
export type AuthRule = 'public' | 'user' | { duties: readonly Duty[] };

/** The browser session behind a request (null for bearer-token calls). */
export interface RequestSession {
  idHash: string;
  csrfSecret: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRule;
  }
  interface FastifyRequest {
    actor: Actor;
    authSession: RequestSession | null;
    /** The API token behind a bearer call (null for browser sessions). */
    authTokenId: string | null;
  }
}

/** Lets identity routes drop cached token lookups after a change (revocation, roles, disabling). */
export interface AuthControl {
  forget(): void;
}

const CACHE_MS = 5_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const ruleOf = (req: FastifyRequest): AuthRule | undefined =>
  req.routeOptions.config?.auth ?? (req.url.startsWith('/docs') ? 'public' : undefined);

export function registerAuth(app: FastifyInstance, engine: Engine): AuthControl {
  const { data, clock, config } = engine;
  const cache = new Map<
    string,
    { actor: Actor; tokenId: string; expiresAt: number | null; until: number }
  >();

  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('authSession', null);
  app.decorateRequest('authTokenId', null);

  app.addHook('onRoute', (route) => {
    const docs = route.url.startsWith('/docs');
    if (route.config?.auth === undefined && !docs)
      throw new Error(`route ${route.method} ${route.url} declares no auth rule`);
    if ((route.config?.auth ?? 'public') === 'public' && route.config?.rateLimit === undefined)
      route.config = {
        ...route.config,
        rateLimit: { max: config.publicRateLimit, timeWindow: 60_000 },
      };
  });

  async function byToken(token: string): Promise<{ actor: Actor; tokenId: string }> {
    const hash = hashToken(token);
    const now = clock.now();
    let hit = cache.get(hash);
    if (!hit || hit.until < Date.now()) {
      const found = await data.identity.findToken(token, new Date(now));
      if (!found) throw createError('CW_ERR_UNAUTHENTICATED');
      hit = {
        actor: found.actor,
        tokenId: found.tokenId,
        expiresAt: found.expiresAt?.getTime() ?? null,
        until: Date.now() + CACHE_MS,
      };
      cache.set(hash, hit);
    }
    if (hit.expiresAt !== null && hit.expiresAt <= now) {
      cache.delete(hash);
      throw createError('CW_ERR_UNAUTHENTICATED');
    }
    return { actor: hit.actor, tokenId: hit.tokenId };
  }

  app.addHook('onRequest', async (req: FastifyRequest) => {
    const rule = ruleOf(req);
    if (rule === 'public') return;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      if (!token) throw createError('CW_ERR_UNAUTHENTICATED');
      const found = await byToken(token);
      req.actor = found.actor;
      req.authTokenId = found.tokenId;
    } else {
      const sid = req.cookies?.[SESSION_COOKIE];
      if (!sid) throw createError('CW_ERR_UNAUTHENTICATED');
      const s = await data.identity.findSession(sid, new Date(clock.now()), {
        ttlMs: config.sessionTtlMs,
        idleMs: config.sessionIdleMs,
      });
      if (!s) throw createError('CW_ERR_UNAUTHENTICATED');
      req.actor = {
        id: s.id,
        groups: s.groups,
        roles: s.roles,
        permissions: s.permissions,
        supervises: s.supervises,
      };
      req.authSession = { idHash: s.id_hash, csrfSecret: s.csrf_secret };
      const sent = req.headers[CSRF_HEADER];
      if (!SAFE_METHODS.has(req.method) && !csrfValid(s.csrf_secret, [sent].flat()[0]))
        throw createError('CW_ERR_CSRF');
    }
    if (typeof rule === 'object' && !rule.duties.some((d) => may(req.actor, d)))
      throw createError('CW_ERR_FORBIDDEN');
  });

  return { forget: () => cache.clear() };
}
