// The sign-in page asks the engine whether single sign-on is configured (GET /api/auth/oidc,
// public): when it is, a "Sign in with <provider>" button sits beside the password form. An
// engine that cannot be asked leaves the password form alone, which says so when it is used.
import { createApi } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent }) => {
  const { lang } = await parent();
  const sso = await createApi({ fetch, lang })
    .get('/api/auth/oidc')
    .catch(() => ({ enabled: false, name: null }));
  return { sso };
};
