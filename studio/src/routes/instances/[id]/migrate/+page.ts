/** The instance to migrate and the versions of its process. */
import { createApi, failLoad, getInstance } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = createApi({ fetch });
  try {
    const instance = await getInstance(api, params.id);
    const process = await api.definition('process', instance.processId);
    return { instance, versions: process.versions.map((v) => v.version) };
  } catch (e) {
    failLoad(e, url);
  }
};
