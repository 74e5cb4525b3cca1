/** A case: the engine's one read of it (`GET /api/cases/{id}`), unmasked when asked (`?reveal=1`). */
import { createApi, failLoad } from '$lib/api';
import { getCase } from '$lib/case';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url, depends }) => {
  depends('app:case');
  const api = createApi({ fetch });
  try {
    return { case: await getCase(api, params.id, url.searchParams.get('reveal') === '1') };
  } catch (e) {
    failLoad(e, url);
  }
};
