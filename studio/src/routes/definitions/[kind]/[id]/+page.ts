/**
 * One definition: its versions (content hash, whether the file is present), running
 * instances per version, its validation problems, and the body of the chosen version
 * (`?version=n`, the latest by default), and the draft in progress if there is one.
 */
import { error } from '@sveltejs/kit';
import { createApi, failLoad, isAbsent, isDefinitionKind, type Draft } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  const { kind, id } = params;
  if (!isDefinitionKind(kind)) error(404, { message: `no definition kind ${kind}` });
  const api = createApi({ fetch });
  try {
    const [detail, list, draft] = await Promise.all([
      api.definition(kind, id),
      api.definitions(kind),
      api.draft(kind, id).catch((e: unknown): Draft | null => {
        if (isAbsent(e)) return null;
        throw e;
      }),
    ]);
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
      draft: draft && {
        baseVersion: draft.baseVersion,
        updatedAt: draft.updatedAt,
        updatedBy: draft.updatedBy,
        problems: draft.problems,
      },
    };
  } catch (e) {
    failLoad(e, url);
  }
};
