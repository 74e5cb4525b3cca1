/**
 * The engine's users and groups routes (administrators) and starting a case (those who work
 * cases), as the studio calls them (docs/api.md, "Users and groups").
 *
 * ```ts
 * await createGroup(api, { id: 'glass', name: { 'zh-Hant': '玻璃組', en: 'Glass team' } });
 * await createUser(api, { id: 'wang', displayName: '王師傅', roles: ['staff'], groups: ['glass'] });
 * await updateUser(api, 'wang', { disabled: true });
 * ```
 */
import { newIdempotencyKey, type Answer, type Api } from '$lib/api';

export type Localized = { 'zh-Hant': string; en: string };

/** A user as `GET /api/users` lists them. */
export type UserInfo = Answer<'/api/users', 'get'>['items'][number];

export type GroupInfo = Answer<'/api/groups', 'get'>['items'][number];

/** A role the engine knows. */
export type Role = UserInfo['roles'][number];

/** A role with its names, permissions and how many enabled users hold it (`GET /api/roles`). */
export type RoleInfo = Answer<'/api/roles', 'get'>['items'][number];

/** A permission a role may hold (docs/security.md describes each). */
export type Permission = RoleInfo['permissions'][number];

/** The six roles every database starts with, in the order the screen lists them first. */
export const ROLES = ['staff', 'supervisor', 'designer', 'admin', 'personal-data'] as const;

export const listRoles = (api: Api) => api.get('/api/roles');

export const createRole = (
  api: Api,
  role: { id: string; name: Localized; permissions: Permission[] },
) => api.post('/api/roles', { body: role });

export const updateRole = (
  api: Api,
  id: string,
  change: { name?: Localized; permissions?: Permission[] },
) => api.put('/api/roles/{id}', { path: { id }, body: change });

export const listUsers = (api: Api) => api.get('/api/users');
export const listGroups = (api: Api) => api.get('/api/groups');

export const createUser = (
  api: Api,
  user: { id: string; displayName: string; roles: Role[]; groups: string[]; password?: string },
) => api.post('/api/users', { body: user });

export const updateUser = (
  api: Api,
  id: string,
  change: { displayName?: string; roles?: Role[]; groups?: string[]; disabled?: boolean },
) => api.patch('/api/users/{id}', { path: { id }, body: change });

export const setUserPassword = (api: Api, id: string, password: string) =>
  api.post('/api/users/{id}/password', { path: { id }, body: { password } });

export const createGroup = (
  api: Api,
  group: { id: string; name: Localized; supervisorGroup?: string | null },
) => api.post('/api/groups', { body: group });

/** Starts a case of a process from its start form's data (`POST /api/instances`). */
export const startCase = (
  api: Api,
  processId: string,
  variables: Record<string, unknown>,
  idempotencyKey: string = newIdempotencyKey(),
) =>
  api.post('/api/instances', {
    body: { processId, variables },
    headers: { 'idempotency-key': idempotencyKey },
  });
