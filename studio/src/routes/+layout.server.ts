/**
 * Every page: the chosen language, the viewer's time zone (the `tz` cookie the browser wrote;
 * the business's zone before it has), who is signed in and how many of their notifications
 * they have not read (the header's badge; read again on every navigation, and after marking
 * read through `invalidate('app:notifications')`). A request without a session
 * (`GET /api/auth/me` answers 401) is sent to /login, which comes back here afterwards;
 * /report/** and /track/** are customers' pages and ask for no session.
 */
import { createApi, failLoad, type Me } from '$lib/api';
import { ZONE_COOKIE, parseZone } from '$lib/i18n';
import { unreadNotifications } from '$lib/supervision/api';
import type { LayoutServerLoad } from './$types';

type Unread = { total: number; byKind: Record<string, number> };

export const load: LayoutServerLoad = async ({ cookies, fetch, locals, url, depends }) => {
  depends('app:notifications');
  const lang = locals.lang;
  const zone = parseZone(cookies.get(ZONE_COOKIE));
  // sign-in and the customers' public pages (report, track) need no session
  if (url.pathname === '/login' || /^\/(report|track)(\/|$)/.test(url.pathname))
    return { lang, zone, user: null as Me | null, unread: null as Unread | null };
  try {
    const api = createApi({ fetch, lang });
    const user = await api.me();
    // a badge that cannot be read is no reason to fail the page
    const unread = await unreadNotifications(api).catch(() => null);
    return { lang, zone, user: user as Me | null, unread: unread as Unread | null };
  } catch (e) {
    failLoad(e, url);
  }
};
