import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import {
  PASSWORD_MAX,
  PASSWORD_MIN,
  announceAccessEnded,
  createGroup,
  groupMembers,
  createUser,
  deleteUserSessions,
  getUser,
  listGroups,
  listUsers,
  putGroup,
  setPassword,
  updateUser,
} from '../../identity/index.ts';
import { DUTIES, ALL_ROLES } from '../../access/index.ts';
import { errorResponse } from '../app.ts';
import type { AuthControl } from '../auth.ts';

const admin = { roles: DUTIES.administer };
const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 100 } as const;
const idParams = { type: 'object', properties: { id }, required: ['id'] } as const;
const roles = { type: 'array', uniqueItems: true, items: { type: 'string', enum: ALL_ROLES } };
const groups = { type: 'array', uniqueItems: true, items: id };
const displayName = { type: 'string', minLength: 1, maxLength: 200 } as const;
const user = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    groups: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
    hasPassword: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    lastLoginAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
const group = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
    supervisorGroup: { type: ['string', 'null'] },
  },
} as const;

interface UserBody {
  displayName?: string;
  roles?: string[];
  groups?: string[];
  disabled?: boolean;
}

export async function userRoutes(
  app: FastifyInstance,
  engine: Engine,
  auth: AuthControl,
): Promise<void> {
  const { db, clock } = engine;

  app.get(
    '/users',
    {
      config: { auth: admin },
      schema: {
        tags: ['users'],
        summary: 'Every user with roles, groups and state.',
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: user } } },
        },
      },
    },
    async () => ({ items: await listUsers(db) }),
  );

  app.post<{ Body: UserBody & { id: string; password?: string } }>(
    '/users',
    {
      config: { auth: admin },
      schema: {
        tags: ['users'],
        summary: 'Create a user, optionally with a first password (groups must exist).',
        body: {
          type: 'object',
          required: ['id', 'roles'],
          additionalProperties: false,
          properties: {
            id,
            displayName,
            roles,
            groups,
            password: { type: 'string', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX },
          },
        },
        response: { 201: user, 400: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      const b = req.body;
      await createUser(db, {
        id: b.id,
        displayName: b.displayName ?? b.id,
        roles: b.roles ?? [],
        groups: b.groups ?? [],
      });
      if (b.password) await setPassword(db, b.id, b.password, new Date(clock.now()));
      return reply.status(201).send(await getUser(db, b.id));
    },
  );

  app.patch<{ Params: { id: string }; Body: UserBody }>(
    '/users/:id',
    {
      config: { auth: admin },
      schema: {
        tags: ['users'],
        summary:
          'Change a user’s name, roles, groups or disabled flag. Disabling signs them out and stops their tokens; any change ends their open event streams on every engine. The last enabled administrator cannot be removed (409).',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { displayName, roles, groups, disabled: { type: 'boolean' } },
        },
        response: { 200: user, 400: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const u = await updateUser(db, req.params.id, req.body);
      if (u.disabled) await deleteUserSessions(db, u.id);
      // disabled, or roles or groups changed: their open streams end (browsers reconnect as
      // they now are) and every engine forgets its cached token lookups
      await announceAccessEnded(db, { userId: u.id });
      auth.forget();
      return u;
    },
  );

  app.post<{ Params: { id: string }; Body: { password: string } }>(
    '/users/:id/password',
    {
      config: { auth: admin },
      schema: {
        tags: ['users'],
        summary: 'Set a user’s password (administrator reset): ends their sessions and lockout.',
        params: idParams,
        body: {
          type: 'object',
          required: ['password'],
          additionalProperties: false,
          properties: {
            password: { type: 'string', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX },
          },
        },
        response: { 400: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      await getUser(db, req.params.id);
      await setPassword(db, req.params.id, req.body.password, new Date(clock.now()));
      await deleteUserSessions(db, req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/groups',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['users'],
        summary: 'Groups (task candidate groups) with their names and supervising group.',
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: group } } },
        },
      },
    },
    async () => ({ items: await listGroups(db) }),
  );

  app.post<{
    Body: { id: string; name: Record<string, string>; supervisorGroup?: string | null };
  }>(
    '/groups',
    {
      config: { auth: admin },
      schema: {
        tags: ['users'],
        summary:
          'Create a group with its names in both languages (zh-Hant, en) and optionally the group whose supervisors oversee it. An id already taken is refused (409), where PUT would replace it.',
        body: {
          type: 'object',
          required: ['id', 'name'],
          additionalProperties: false,
          properties: {
            id,
            name: {
              type: 'object',
              required: ['zh-Hant', 'en'],
              additionalProperties: false,
              properties: { 'zh-Hant': displayName, en: displayName },
            },
            supervisorGroup: { anyOf: [id, { type: 'null' }] },
          },
        },
        response: { 201: group, 400: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      const { id: groupId, ...rest } = req.body;
      const created = await createGroup(db, groupId, rest);
      auth.forget();
      return reply.status(201).send(created);
    },
  );

  app.put<{
    Params: { id: string };
    Body: { name?: Record<string, string>; supervisorGroup?: string | null };
  }>(
    '/groups/:id',
    {
      config: { auth: admin },
      schema: {
        tags: ['users'],
        summary:
          'Create or replace a group: its names (zh-Hant, en) and the group whose supervisors oversee it.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: {
              type: 'object',
              additionalProperties: false,
              properties: { 'zh-Hant': displayName, en: displayName },
            },
            supervisorGroup: { anyOf: [id, { type: 'null' }] },
          },
        },
        response: { 200: group, 201: group, 400: errorResponse },
      },
    },
    async (req, reply) => {
      const r = await putGroup(db, req.params.id, req.body ?? {});
      // the supervisors of the group that oversaw this one no longer do: their open streams
      // end (browsers reconnect with what they now oversee), as when a user's groups change
      const before = r.previousSupervisorGroup;
      if (before && before !== r.group.supervisorGroup)
        for (const userId of await groupMembers(db, before))
          await announceAccessEnded(db, { userId });
      // the new supervisors' oversight counts on every engine at once
      await announceAccessEnded(db, { groupId: req.params.id });
      auth.forget();
      return reply.status(r.created ? 201 : 200).send(r.group);
    },
  );
}
