/** A case's progress for the customer holding its private tracking link (no login). */
import { createApi, failLoad, publicTracking } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url, depends }) => {
  depends('app:track');
  try {
    return { tracking: await publicTracking(createApi({ fetch }), params.token) };
  } catch (e) {
    failLoad(e, url);
  }
};
