/**
 * One incident, with what an operator needs to resolve it (`GET /api/incidents/{id}`): its
 * case, the node on the process graph, the input, every attempt with its error, the case's
 * clocks and the actions the caller may take. Acting re-runs it (`invalidate('app:incident')`).
 */
import { createApi, failLoad } from '$lib/api';
import { readIncident } from '$lib/supervision';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url, depends }) => {
  depends('app:incident');
  try {
    return { incident: await readIncident(createApi({ fetch }), params.id) };
  } catch (e) {
    failLoad(e, url);
  }
};
