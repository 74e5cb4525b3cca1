/**
 * Bulk migration of a process's running cases (designers, administrators): its versions with
 * their running cases, its earlier batches, and a batch to follow (`?batch=`).
 */
import { createApi, failLoad } from '$lib/api';
import { bulkMigrations } from '$lib/versions/bulk-migration';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = createApi({ fetch });
  try {
    const [detail, list, batches] = await Promise.all([
      api.definition('process', params.id),
      api.definitions('process'),
      bulkMigrations(api, params.id),
    ]);
    const running = list.items.find((d) => d.id === params.id)?.running ?? {};
    return {
      processId: params.id,
      name: detail.body.name ?? null,
      versions: detail.versions.map((v) => ({
        version: v.version,
        running: running[v.version] ?? 0,
      })),
      batches: batches.items,
      follow: url.searchParams.get('batch'),
    };
  } catch (e) {
    failLoad(e, url);
  }
};
