/**
 * One definition: its versions (content hash, whether the file is present), running
 * instances per version, its validation problems, and the body of the chosen version
 * (`?version=n`, the latest by default).
 */
import { error } from '@sveltejs/kit';
import { createApi, failLoad, isDefinitionKind } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  const { kind, id } = params;
  if (!isDefinitionKind(kind)) error(404, { message: `no definition kind ${kind}` });
  const api = createApi({ fetch });
  try {
    const [detail, list] = await Promise.all([api.definition(kind, id), api.definitions(kind)]);
    const requested = Number(url.searchParams.get('version'));
    const chosen = detail.versions.some((v) => v.version === requested)
      ? requested
      : detail.latestVersion;
    const body =
      chosen === detail.latestVersion
        ? detail.body
        : (await api.definitionVersion(kind, id, chosen)).body;
    const summary = list.items.find((d) => d.id === id);
    return {
      kind,
      id,
      detail,
      chosen,
      body,
      name: summary?.name ?? detail.body.name ?? detail.body.title ?? null,
      running: summary?.running ?? null,
      problems: summary?.problems ?? [],
    };
  } catch (e) {
    failLoad(e, url);
  }
};
