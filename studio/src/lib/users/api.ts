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
import { newIdempotencyKey, type Api, type InstanceView } from '$lib/api';

export type Localized = { 'zh-Hant': string; en: string };

/** A user as `GET /api/users` lists them. */
export interface UserInfo {
  id: string;
  displayName: string;
  roles: string[];
  groups: string[];
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface GroupInfo {
  id: string;
  name: Partial<Localized> | null;
  supervisorGroup: string | null;
}

/** The roles an administrator hands out, in the order the screen lists them. */
export const ROLES = ['staff', 'supervisor', 'designer', 'admin', 'personal-data'] as const;

const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;

export const listUsers = (api: Api) => api.request<{ items: UserInfo[] }>('GET', '/users');
export const listGroups = (api: Api) => api.request<{ items: GroupInfo[] }>('GET', '/groups');

export const createUser = (
  api: Api,
  user: { id: string; displayName: string; roles: string[]; groups: string[]; password?: string },
) => api.request<UserInfo>('POST', '/users', user);

export const updateUser = (
  api: Api,
  id: string,
  change: { displayName?: string; roles?: string[]; groups?: string[]; disabled?: boolean },
) => api.request<UserInfo>('PATCH', userPath(id), change);

export const setUserPassword = (api: Api, id: string, password: string) =>
  api.request<null>('POST', `${userPath(id)}/password`, { password });

export const createGroup = (
  api: Api,
  group: { id: string; name: Localized; supervisorGroup?: string | null },
) => api.request<GroupInfo>('POST', '/groups', group);

/** Starts a case of a process from its start form's data (`POST /api/instances`). */
export const startCase = (
  api: Api,
  processId: string,
  variables: Record<string, unknown>,
  idempotencyKey: string = newIdempotencyKey(),
) =>
  api.request<InstanceView>(
    'POST',
    '/instances',
    { processId, variables },
    { 'idempotency-key': idempotencyKey },
  );
