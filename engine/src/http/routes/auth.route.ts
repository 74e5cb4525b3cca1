import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { DUTIES, dutiesOf, may, mayManageTokensOf, workGroups } from '../../access/index.ts';
import { createError } from '../../errors.ts';
import {
  PASSWORD_MAX,
  PASSWORD_MIN,
  SESSION_COOKIE,
  csrfToken,
  hashToken,
  type LoginResult,
} from '../../identity/index.ts';
import { ISO_DURATION_PATTERN } from '../../time/index.ts';
import { errorResponse } from '../app.ts';
import { answer, noContent } from '../schemas.ts';
import type { AuthControl } from '../auth.ts';
import { checkDuration } from '../checks.ts';

const TOKEN_MAX_MS = 366 * 24 * 3600_000;
const password = { type: 'string', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX } as const;
const me = answer({
  id: { type: 'string' },
  displayName: { type: 'string' },
  roles: { type: 'array', items: { type: 'string' } },
  groups: { type: 'array', items: { type: 'string' } },
  workGroups: { type: 'array', items: { type: 'string' } },
  duties: {
    type: 'array',
    description:
      'The duties my roles hold (the access policy: design, oversee, administer, startCases, …): what a client should offer me.',
    items: { type: 'string', enum: Object.keys(DUTIES) },
  },
  via: { type: 'string', enum: ['session', 'token'] },
  csrfToken: { type: ['string', 'null'] },
});
const tokenInfo = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    userId: { type: 'string' },
    label: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    token: { type: 'string' },
  },
} as const;

export async function authRoutes(
  app: FastifyInstance,
  engine: Engine,
  auth: AuthControl,
): Promise<void> {
  const { data, clock, config } = engine;
  const policy = { maxFailures: config.loginMaxFailures, lockoutMs: config.loginLockoutMs };
  const now = () => new Date(clock.now());

  /** Who the caller is, with the CSRF token their session's writes need. */
  async function whoAmI(req: FastifyRequest, csrf?: string) {
    const names = await data.identity.displayNames([req.actor.id]);
    return {
      id: req.actor.id,
      displayName: names[req.actor.id] ?? req.actor.id,
      roles: req.actor.roles,
      groups: req.actor.groups,
      workGroups: workGroups(req.actor),
      duties: dutiesOf(req.actor),
      via: req.authSession || csrf ? 'session' : 'token',
      csrfToken: csrf ?? (req.authSession ? csrfToken(req.authSession.csrfSecret) : null),
    };
  }

  function refuse(
    r: Exclude<LoginResult, { ok: true }>,
    reply: FastifyReply,
    wrong: 'CW_ERR_LOGIN_FAILED' | 'CW_ERR_PASSWORD_WRONG',
  ): never {
    if (!r.retryAfterMs) throw createError(wrong);
    const retryAfter = Math.ceil(r.retryAfterMs / 1000);
    reply.header('retry-after', String(retryAfter));
    throw createError('CW_ERR_LOGIN_LOCKED', undefined, { data: { retryAfter } });
  }

  app.post<{ Body: { username: string; password: string } }>(
    '/auth/login',
    {
      config: { auth: 'public', rateLimit: { max: config.loginRateLimit, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary:
          'Sign in with a user name and password: sets an HTTP-only session cookie and returns the CSRF token for writes. The same 401 whether the name exists or not; 429 while the name is locked.',
        security: [],
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX },
          },
        },
        response: { 200: me, 401: errorResponse, 429: errorResponse },
      },
    },
    async (req, reply) => {
      const r = await data.identity.checkCredentials(
        clock,
        policy,
        req.body.username,
        req.body.password,
      );
      if (!r.ok) refuse(r, reply, 'CW_ERR_LOGIN_FAILED');
      const previous = req.cookies[SESSION_COOKIE];
      if (previous) await data.identity.deleteSession(hashToken(previous));
      const s = await data.identity.createSession(r.userId, now(), config.sessionTtlMs);
      reply.setCookie(SESSION_COOKIE, s.sessionId, {
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'strict',
        maxAge: Math.floor(config.sessionTtlMs / 1000),
      });
      req.actor = (await data.identity.actorOf(r.userId))!;
      return whoAmI(req, s.csrfToken);
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends this browser session.',
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      if (req.authSession) await data.identity.deleteSession(req.authSession.idHash);
      reply.clearCookie(SESSION_COOKIE, {
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'strict',
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        summary:
          'Who am I: id, roles, groups, the groups whose work I see, the duties I hold, and my CSRF token.',
        response: { 200: me },
      },
    },
    async (req) => whoAmI(req),
  );

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/auth/password',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        summary:
          'Change my password (the current one is checked and counts towards the lockout); my other sessions end.',
        body: {
          type: 'object',
          required: ['currentPassword', 'newPassword'],
          additionalProperties: false,
          properties: {
            currentPassword: { type: 'string', maxLength: PASSWORD_MAX },
            newPassword: password,
          },
        },
        response: { 204: noContent, 403: errorResponse, 429: errorResponse },
      },
    },
    async (req, reply) => {
      const r = await data.identity.checkCredentials(
        clock,
        policy,
        req.actor.id,
        req.body.currentPassword,
      );
      if (!r.ok) refuse(r, reply, 'CW_ERR_PASSWORD_WRONG');
      await data.identity.setPassword(req.actor.id, req.body.newPassword, now());
      await data.identity.deleteUserSessions(req.actor.id, req.authSession?.idHash);
      return reply.status(204).send();
    },
  );

  app.post<{ Body: { label: string; expiresIn?: string } }>(
    '/auth/tokens',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        summary:
          'Create an API token for myself. Its value is returned once and stored only as a hash; it expires (default P90D, at most P366D).',
        body: {
          type: 'object',
          required: ['label'],
          additionalProperties: false,
          properties: {
            label: { type: 'string', minLength: 1, maxLength: 100 },
            expiresIn: { type: 'string', pattern: ISO_DURATION_PATTERN },
          },
        },
        response: { 201: tokenInfo, 400: errorResponse },
      },
    },
    async (req, reply) => {
      const ms = checkDuration(
        req.body.expiresIn ?? 'P90D',
        '/expiresIn',
        TOKEN_MAX_MS,
        req.headers['accept-language'],
      );
      const at = now();
      const t = await data.identity.createToken({
        userId: req.actor.id,
        label: req.body.label,
        now: at,
        expiresAt: new Date(at.getTime() + ms),
      });
      return reply.status(201).send(t);
    },
  );

  app.get<{ Querystring: { userId?: string } }>(
    '/auth/tokens',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        summary: "My API tokens (never their values); administrators may ask for another user's.",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { userId: { type: 'string', maxLength: 200 } },
        },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: tokenInfo } } },
          403: errorResponse,
        },
      },
    },
    async (req) => {
      const userId = req.query.userId ?? req.actor.id;
      if (!mayManageTokensOf(req.actor, userId)) throw createError('CW_ERR_FORBIDDEN');
      return { items: await data.identity.listTokens(userId) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/auth/tokens/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        summary:
          "Revoke one of my API tokens (administrators: anyone's). It stops working at once.",
        params: {
          type: 'object',
          properties: { id: { type: 'string', maxLength: 100 } },
          required: ['id'],
        },
        response: { 204: noContent, 404: errorResponse },
      },
    },
    async (req, reply) => {
      const owner = may(req.actor, 'administer') ? null : req.actor.id;
      if (!(await data.identity.revokeToken(req.params.id, owner, req.actor.id, now())))
        throw createError('CW_ERR_NOT_FOUND', `token ${req.params.id} not found`);
      auth.forget();
      return reply.status(204).send();
    },
  );
}
