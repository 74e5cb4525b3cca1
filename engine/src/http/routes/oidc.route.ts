/**
 * Single sign-on with OpenID Connect (identity/oidc.ts): the sign-in page asks whether it is
 * configured, a browser is sent to the provider with state, nonce and a PKCE challenge, and
 * comes back with a code that the engine exchanges; the person's user is created or updated
 * from the ID token's claims (roles and groups mapped as configured) and a session begins, as
 * with a password. A state that is unknown, used, expired or tampered with is refused.
 *
 * Browsers are sent on (302 to the provider; back on the studio with a page that goes to where
 * they were, or to the sign-in page with the error's code); API clients that ask for JSON get
 * the provider's address and the sign-in's outcome as JSON instead.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { createError, isCasewayError } from '../../errors.ts';
import { OidcClient, SESSION_COOKIE, mapClaims } from '../../identity/index.ts';
import { errorResponse } from '../app.ts';
import { answer } from '../schemas.ts';

const LOGIN_MS = 10 * 60_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const wantsJson = (req: FastifyRequest) => (req.headers.accept ?? '').includes('application/json');
/** Where to go after signing in: a path of the studio, never another site. */
const safeReturn = (to: string | undefined) =>
  to && to.startsWith('/') && !to.startsWith('//') && !to.includes('\\') ? to : '/';
/** Whether a failure is the provider not answering (refused, reset, timed out), not a refusal. */
const unreachable = (e: unknown): boolean => {
  for (let c = e, depth = 0; c instanceof Error && depth < 5; c = c.cause, depth++)
    if (
      (c instanceof TypeError && c.message === 'fetch failed') ||
      ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'UND_ERR_CONNECT_TIMEOUT'].includes(
        (c as Error & { code?: string }).code ?? '',
      )
    )
      return true;
  return false;
};
const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function oidcRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const { data, clock, config } = engine;
  const settings = config.oidc;
  const sso = settings ? new OidcClient(settings) : undefined;
  const rateLimit = { max: config.loginRateLimit, timeWindow: 60_000 };

  app.get(
    '/auth/oidc',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary:
          'Whether single sign-on is configured, and the provider’s name for the sign-in page (“Sign in with …”).',
        security: [],
        response: {
          200: answer({ enabled: { type: 'boolean' }, name: { type: ['string', 'null'] } }),
        },
      },
    },
    async () => ({ enabled: Boolean(settings), name: settings?.name ?? null }),
  );

  app.get<{ Querystring: { returnTo?: string } }>(
    '/auth/oidc/start',
    {
      config: { auth: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary:
          'Begin signing in with the identity provider: a browser is sent there (302) with state, nonce and a PKCE challenge (S256); a client asking for JSON gets the address. `returnTo` is a studio path to come back to.',
        security: [],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { returnTo: { type: 'string', maxLength: 500 } },
        },
        response: {
          200: answer({ url: { type: 'string', format: 'uri' } }),
          302: {
            type: 'null',
            description:
              'To the identity provider; or, when it cannot be reached, back to `/login?error=<code>`.',
          },
          404: errorResponse,
          502: errorResponse,
        },
      },
    },
    async (req, reply) => {
      try {
        const url = await begin(req.query.returnTo);
        if (wantsJson(req)) return { url };
        return reply.redirect(url, 302);
      } catch (e) {
        return backToSignIn(req, reply, e);
      }
    },
  );

  app.get<{ Querystring: Record<string, string> }>(
    '/auth/oidc/callback',
    {
      config: { auth: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary:
          'Where the identity provider sends the browser back: the state is taken (once), the code exchanged with the PKCE verifier and the ID token’s nonce checked; the user is created or updated from the claims (roles and groups mapped) and a session begins. A browser then goes on to where it was; a client asking for JSON gets `returnTo`. An unknown, used or tampered state is 400 CW_ERR_OIDC_STATE; a code the provider does not confirm 401 CW_ERR_OIDC_FAILED; no Caseway role from the claims 403 CW_ERR_OIDC_NO_ROLE; a login id held by a local user 403 CW_ERR_OIDC_USER; the provider not answering 502 CW_ERR_OIDC_UNREACHABLE. A browser is sent to `/login?error=<code>` instead of any of these.',
        security: [],
        querystring: {
          type: 'object',
          additionalProperties: { type: 'string', maxLength: 4000 },
          properties: {
            state: { type: 'string', maxLength: 500 },
            code: { type: 'string', maxLength: 4000 },
          },
        },
        response: {
          200: {
            description:
              'Signed in (the session cookie set): JSON for a client that asks for it; for a browser a page of our own that goes on to `returnTo`.',
            content: {
              'application/json': {
                schema: answer({ userId: { type: 'string' }, returnTo: { type: 'string' } }),
              },
              'text/html': { schema: { type: 'string' } },
            },
          },
          302: { type: 'null', description: 'Back to the sign-in page with the error’s code.' },
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
          502: errorResponse,
        },
      },
    },
    async (req, reply) => {
      try {
        return await signIn(req, reply);
      } catch (e) {
        return backToSignIn(req, reply, e);
      }
    },
  );

  /**
   * A refusal: an API client gets it as JSON (its status and code); a browser is sent back to
   * the sign-in page, which says why in its language (`/login?error=<code>`), never to an
   * error page of the engine's.
   */
  function backToSignIn(req: FastifyRequest, reply: FastifyReply, e: unknown) {
    if (!sso || wantsJson(req) || !isCasewayError(e)) throw e;
    return reply.redirect(`/login?error=${encodeURIComponent(e.code)}`, 302);
  }

  /** The provider's address for a new sign-in, kept (hashed state, nonce, verifier) for its return. */
  async function begin(returnTo: string | undefined): Promise<string> {
    if (!sso) throw createError('CW_ERR_OIDC_DISABLED');
    const begun = await sso.begin(safeReturn(returnTo)).catch((e: unknown) => {
      app.log.warn({ err: e }, 'the identity provider cannot be reached');
      throw createError('CW_ERR_OIDC_UNREACHABLE');
    });
    const now = clock.now();
    await data.identity.insertOidcLogin(
      {
        stateHash: sha256(begun.login.state),
        nonce: begun.login.nonce,
        codeVerifier: begun.login.codeVerifier,
        returnTo: begun.login.returnTo,
        expiresAt: new Date(now + LOGIN_MS),
      },
      new Date(now),
    );
    return begun.url;
  }

  async function signIn(
    req: FastifyRequest<{ Querystring: Record<string, string> }>,
    reply: FastifyReply,
  ) {
    if (!sso || !settings) throw createError('CW_ERR_OIDC_DISABLED');
    const state = req.query.state;
    const login = state
      ? await data.identity.takeOidcLogin(sha256(state), new Date(clock.now()))
      : undefined;
    if (!state || !login) throw stateError();
    if (req.query.error)
      throw createError('CW_ERR_OIDC_FAILED', `the provider said ${req.query.error}`);
    const callback = new URL(settings.redirectUri);
    for (const [k, v] of Object.entries(req.query)) callback.searchParams.set(k, v);
    const claims = await sso
      .finish(callback, {
        state,
        nonce: login.nonce,
        codeVerifier: login.code_verifier,
        returnTo: login.return_to,
      })
      .catch((e: unknown) => {
        req.log.warn({ err: e }, 'the identity provider did not confirm the sign-in');
        throw createError(unreachable(e) ? 'CW_ERR_OIDC_UNREACHABLE' : 'CW_ERR_OIDC_FAILED');
      });
    const person = mapClaims(claims, settings);
    if (!person) throw createError('CW_ERR_OIDC_USER');
    // roles and groups Caseway does not know are left out (a typo in a map grants nothing)
    const roles = await data.identity.knownRoleIds(person.roles);
    const groups = await data.identity.knownGroupIds(person.groups);
    const user = {
      ...person,
      roles: person.roles.filter((r) => roles.has(r)),
      groups: person.groups.filter((g) => groups.has(g)),
    };
    // a person the mapping gives no role would sign in to nothing: refused, nothing written
    if (!user.roles.length)
      throw createError('CW_ERR_OIDC_NO_ROLE', undefined, { data: { userId: user.id } });
    // the user, its audit entry and the session in one transaction: a refusal writes nothing
    const s = await data.identity.oidcSignIn(user, clock.now(), config.sessionTtlMs);
    reply.setCookie(SESSION_COOKIE, s.sessionId, {
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      maxAge: Math.floor(config.sessionTtlMs / 1000),
    });
    if (wantsJson(req)) return { userId: user.id, returnTo: login.return_to };
    // the provider's redirect is a cross-site navigation, which a SameSite=Strict cookie does
    // not follow: a page of our own goes on, same-site, so the new session is sent
    const to = html(login.return_to);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${to}"><title>Caseway</title><a href="${to}">Caseway</a>`,
      );
  }

  const stateError = () =>
    createError('CW_ERR_OIDC_STATE', undefined, {
      details: [
        {
          code: 'CW_ERR_OIDC_STATE',
          pointer: '/state',
          in: 'query',
          message: 'unknown, used or expired state',
        },
      ],
    });
}
