/**
 * The process editor's page: the draft in progress (GET /api/drafts/process/{id}) if there is
 * one, otherwise the latest published version (GET /api/definitions/process/{id}) to start a
 * draft from, otherwise (a new id) an empty process. Also what the pickers and FEEL completion
 * offer: forms, processes, actions, message names and the bodies of the forms it uses.
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import { createApi, failLoad, isAbsent, type Problem } from '$lib/api';
import { EMPTY_CATALOGUE, loadCatalogue } from '$lib/process/catalogue.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = createApi({ fetch });
  const absent = (e: unknown) => {
    if (isAbsent(e)) return null;
    throw e;
  };
  try {
    const draft = await api.draft('process', params.id).catch(absent);
    const catalogue = (body: unknown) =>
      body && typeof body === 'object' && Array.isArray((body as ProcessDefinition).nodes)
        ? loadCatalogue(api, body as ProcessDefinition)
        : Promise.resolve(EMPTY_CATALOGUE);
    if (draft) {
      return {
        catalogue: await catalogue(draft.body),
        id: params.id,
        body: draft.body,
        baseVersion: draft.baseVersion,
        problems: [...draft.problems, ...(draft.warnings ?? [])],
        draftUpdatedAt: draft.updatedAt as string | null,
      };
    }
    const detail = await api.definition('process', params.id).catch(absent);
    const body: unknown = detail?.body ?? {
      id: params.id,
      version: 1,
      name: { 'zh-Hant': params.id, en: params.id },
      nodes: [],
      flows: [],
    };
    return {
      catalogue: await catalogue(body),
      id: params.id,
      body,
      baseVersion: (detail?.latestVersion ?? null) as number | null,
      problems: [] as Problem[],
      draftUpdatedAt: null as string | null,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
