/**
 * A customer's request form: the process's name and start form from the public intake route
 * (no login; a process not open to the public is a 404).
 */
import { createApi, failLoad, publicIntake } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  try {
    return { intake: await publicIntake(createApi({ fetch }), params.processId) };
  } catch (e) {
    failLoad(e, url);
  }
};
