/**
 * Every page: the chosen language and who is signed in. A request without a session
 * (`GET /api/auth/me` answers 401) is sent to /login, which comes back here afterwards;
 * /report/** and /track/** are customers' pages and ask for no session.
 */
import { createApi, failLoad, type Me } from '$lib/api';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ fetch, locals, url }) => {
  const lang = locals.lang;
  // sign-in and the customers' public pages (report, track) need no session
  if (url.pathname === '/login' || /^\/(report|track)(\/|$)/.test(url.pathname))
    return { lang, user: null as Me | null };
  try {
    const user = await createApi({ fetch, lang }).me();
    return { lang, user: user as Me | null };
  } catch (e) {
    failLoad(e, url);
  }
};
