import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../identity/index.ts';
import { PERMISSIONS, type Permission } from '../../access/index.ts';
import { AUDIT } from '../../store/index.ts';
import { errorResponse } from '../app.ts';
import { langFromHeader } from '../../errors.ts';
import { answer, namesOrNull, noContent } from '../schemas.ts';
import type { AuthControl } from '../auth.ts';

const admin = { duties: ['administer'] } as const;
const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 100 } as const;
const idParams = { type: 'object', properties: { id }, required: ['id'] } as const;
const roles = { type: 'array', uniqueItems: true, maxItems: 50, items: id };
const groups = { type: 'array', uniqueItems: true, items: id };
const displayName = { type: 'string', minLength: 1, maxLength: 200 } as const;
const user = answer({
  id: { type: 'string' },
  displayName: { type: 'string' },
  roles: { type: 'array', items: { type: 'string' } },
  groups: { type: 'array', items: { type: 'string' } },
  disabled: { type: 'boolean' },
  hasPassword: { type: 'boolean' },
  createdAt: { type: 'string', format: 'date-time' },
  lastLoginAt: { type: ['string', 'null'], format: 'date-time' },
});
const group = answer({
  id: { type: 'string' },
  name: namesOrNull,
  supervisorGroup: { type: ['string', 'null'] },
});

const permissions = {
  type: 'array',
  uniqueItems: true,
  items: { type: 'string', enum: PERMISSIONS },
} as const;
const roleName = {
  type: 'object',
  required: ['zh-Hant', 'en'],
  additionalProperties: false,
  properties: { 'zh-Hant': displayName, en: displayName },
} as const;
const role = answer({
  id: { type: 'string' },
  name: { type: 'object', additionalProperties: { type: 'string' } },
  permissions: { type: 'array', items: { type: 'string', enum: PERMISSIONS } },
  users: { type: 'integer', description: 'enabled users holding the role' },
  updatedAt: { type: 'string', format: 'date-time' },
});

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
  const { data, clock } = engine;

  app.get(
    '/users',
    {
      config: { auth: admin },
      schema: {
        tags: ['users'],
        summary: 'Every user with roles, groups and state.',
        response: {
          200: answer({ items: { type: 'array', items: user } }),
        },
      },
    },
    async () => ({ items: await data.identity.listUsers() }),
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
      await data.identity.createUser(
        {
          id: b.id,
          displayName: b.displayName ?? b.id,
          roles: b.roles ?? [],
          groups: b.groups ?? [],
        },
        langFromHeader(req.headers['accept-language']),
      );
      if (b.password) await data.identity.setPassword(b.id, b.password, new Date(clock.now()));
      const created = await data.identity.getUser(b.id);
      await data.audit.recordAudit(
        {
          actor: req.actor.id,
          action: AUDIT.userCreated,
          subject: `user/${b.id}`,
          data: {
            displayName: created.displayName,
            roles: created.roles,
            groups: created.groups,
            password: Boolean(b.password),
          },
        },
        clock.now(),
      );
      return reply.status(201).send(created);
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
      const before = await data.identity.getUser(req.params.id);
      const u = await data.identity.updateUser(
        req.params.id,
        req.body,
        langFromHeader(req.headers['accept-language']),
      );
      // what changed, before and after
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      for (const key of ['displayName', 'roles', 'groups', 'disabled'] as const)
        if (JSON.stringify(before[key]) !== JSON.stringify(u[key]))
          changes[key] = { before: before[key], after: u[key] };
      if (Object.keys(changes).length)
        await data.audit.recordAudit(
          {
            actor: req.actor.id,
            action: AUDIT.userChanged,
            subject: `user/${u.id}`,
            data: changes,
          },
          clock.now(),
        );
      if (u.disabled) await data.identity.deleteUserSessions(u.id);
      // disabled, or roles or groups changed: their open streams end (browsers reconnect as
      // they now are) and every engine forgets its cached token lookups
      await data.identity.announceAccessEnded({ userId: u.id });
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
        response: { 204: noContent, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      await data.identity.getUser(req.params.id);
      await data.identity.setPassword(req.params.id, req.body.password, new Date(clock.now()));
      await data.identity.deleteUserSessions(req.params.id);
      await data.audit.recordAudit(
        { actor: req.actor.id, action: AUDIT.passwordSet, subject: `user/${req.params.id}` },
        clock.now(),
      );
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
          200: answer({ items: { type: 'array', items: group } }),
        },
      },
    },
    async () => ({ items: await data.identity.listGroups() }),
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
      const created = await data.identity.createGroup(groupId, rest);
      await data.audit.recordAudit(
        {
          actor: req.actor.id,
          action: AUDIT.groupChanged,
          subject: `group/${groupId}`,
          data: { created: true, name: created.name, supervisorGroup: created.supervisorGroup },
        },
        clock.now(),
      );
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
      const r = await data.identity.putGroup(req.params.id, req.body ?? {});
      await data.audit.recordAudit(
        {
          actor: req.actor.id,
          action: AUDIT.groupChanged,
          subject: `group/${req.params.id}`,
          data: {
            created: r.created,
            name: r.group.name,
            supervisorGroup: r.group.supervisorGroup,
            ...(r.created ? {} : { previousSupervisorGroup: r.previousSupervisorGroup ?? null }),
          },
        },
        clock.now(),
      );
      // the supervisors of the group that oversaw this one no longer do: their open streams
      // end (browsers reconnect with what they now oversee), as when a user's groups change
      const before = r.previousSupervisorGroup;
      if (before && before !== r.group.supervisorGroup)
        for (const userId of await data.identity.groupMembers(before))
          await data.identity.announceAccessEnded({ userId });
      // the new supervisors' oversight counts on every engine at once
      await data.identity.announceAccessEnded({ groupId: req.params.id });
      auth.forget();
      return reply.status(r.created ? 201 : 200).send(r.group);
    },
  );

  app.get(
    '/roles',
    {
      config: { auth: admin },
      schema: {
        tags: ['users'],
        summary:
          'Every role with its names, the permissions it holds and how many enabled users hold it, and every permission a role may hold (docs/security.md describes each).',
        response: {
          200: answer({
            items: { type: 'array', items: role },
            permissions: { type: 'array', items: { type: 'string', enum: PERMISSIONS } },
          }),
        },
      },
    },
    async () => ({ items: await data.identity.listRoles(), permissions: PERMISSIONS }),
  );

  app.post<{ Body: { id: string; name: Record<string, string>; permissions: Permission[] } }>(
    '/roles',
    {
      config: { auth: admin },
      schema: {
        tags: ['users'],
        summary:
          'Create a role with its names (zh-Hant, en) and permissions; users are then given it like any role. An id already taken is refused (409).',
        body: {
          type: 'object',
          required: ['id', 'name', 'permissions'],
          additionalProperties: false,
          properties: { id, name: roleName, permissions },
        },
        response: { 201: role, 400: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      const created = await data.identity.createRole(req.body, new Date(clock.now()));
      await data.audit.recordAudit(
        {
          actor: req.actor.id,
          action: AUDIT.roleCreated,
          subject: `role/${created.id}`,
          data: { name: created.name, permissions: created.permissions },
        },
        clock.now(),
      );
      return reply.status(201).send(created);
    },
  );

  app.put<{
    Params: { id: string };
    Body: { name?: Record<string, string>; permissions?: Permission[] };
  }>(
    '/roles/:id',
    {
      config: { auth: admin },
      schema: {
        tags: ['users'],
        summary:
          'Change a role’s names or permissions. It counts from the next request of everyone holding it, on every engine; their open event streams end. A change that would leave no enabled user holding `administer` is refused (409 CW_ERR_LAST_ADMIN).',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { name: roleName, permissions },
        },
        response: { 200: role, 400: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const { before, after } = await data.identity.updateRole(
        req.params.id,
        req.body ?? {},
        new Date(clock.now()),
        langFromHeader(req.headers['accept-language']),
      );
      const changes: Record<string, unknown> = {};
      if (JSON.stringify(before.name) !== JSON.stringify(after.name))
        changes.name = { before: before.name, after: after.name };
      const added = after.permissions.filter((p) => !before.permissions.includes(p));
      const removed = before.permissions.filter((p) => !after.permissions.includes(p));
      if (added.length || removed.length)
        changes.permissions = {
          before: before.permissions,
          after: after.permissions,
          added,
          removed,
        };
      if (Object.keys(changes).length) {
        await data.audit.recordAudit(
          {
            actor: req.actor.id,
            action: AUDIT.roleChanged,
            subject: `role/${after.id}`,
            data: changes,
          },
          clock.now(),
        );
        // every engine forgets its cached token lookups (a session reads its permissions on
        // every request anyway) and ends the open streams of those who hold the role
        await data.identity.announceAccessEnded({ roleId: after.id });
        auth.forget();
      }
      return after;
    },
  );
}
