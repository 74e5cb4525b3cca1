/**
 * Users and groups (administrators): every user with roles, groups and state, every group with
 * its names, supervising group and how many enabled users are in it, and every role with its
 * permissions.
 */
import { createApi, failLoad } from '$lib/api';
import { listGroups, listRoles, listUsers } from '$lib/users';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends('app:users');
  const api = createApi({ fetch });
  try {
    const [users, groups, directory, roles] = await Promise.all([
      listUsers(api),
      listGroups(api),
      api.directory(),
      listRoles(api),
    ]);
    return {
      users: users.items,
      groups: groups.items,
      roles: roles.items,
      permissions: roles.permissions,
      members: Object.fromEntries(directory.groups.map((g) => [g.id, g.members])),
    };
  } catch (e) {
    failLoad(e, url);
  }
};
