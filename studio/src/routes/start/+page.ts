/**
 * Start a case: the published processes the user may start here, those without public intake
 * (customers start those themselves online).
 */
import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  try {
    const { items } = await createApi({ fetch }).definitions('process');
    return {
      processes: items.filter((p) => p.latestVersion !== null && p.publicIntake !== true),
    };
  } catch (e) {
    failLoad(e, url);
  }
};
