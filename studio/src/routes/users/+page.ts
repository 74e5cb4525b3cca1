/**
 * Users and groups (administrators): every user with roles, groups and state, and every group
 * with its names, supervising group and how many enabled users are in it.
 */
import { createApi, failLoad } from '$lib/api';
import { listGroups, listUsers } from '$lib/users';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends('app:users');
  const api = createApi({ fetch });
  try {
    const [users, groups, directory] = await Promise.all([
      listUsers(api),
      listGroups(api),
      api.directory(),
    ]);
    return {
      users: users.items,
      groups: groups.items,
      members: Object.fromEntries(directory.groups.map((g) => [g.id, g.members])),
    };
  } catch (e) {
    failLoad(e, url);
  }
};
