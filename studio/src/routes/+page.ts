// The studio's front door sends each role to a page it can use: administrators to users and
// groups, designers to the definitions, supervisors to operations, staff to their inbox (the
// layout has already checked the session).
import { redirect } from '@sveltejs/kit';
import { homeOf } from '$lib/users';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  redirect(307, homeOf(user));
};
