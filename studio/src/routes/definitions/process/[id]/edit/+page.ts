/**
 * The process editor's page: the draft in progress (GET /api/drafts/process/{id}) if there is
 * one, otherwise the latest published version (GET /api/definitions/process/{id}) to start a
 * draft from.
 */
import { createApi, failLoad, isAbsent, type Draft, type Problem } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = createApi({ fetch });
  try {
    const draft = await api.draft('process', params.id).catch((e: unknown): Draft | null => {
      if (isAbsent(e)) return null;
      throw e;
    });
    if (draft) {
      return {
        id: params.id,
        body: draft.body,
        baseVersion: draft.baseVersion,
        problems: draft.problems,
        draftUpdatedAt: draft.updatedAt as string | null,
      };
    }
    const detail = await api.definition('process', params.id);
    return {
      id: params.id,
      body: detail.body as unknown,
      baseVersion: detail.latestVersion as number | null,
      problems: [] as Problem[],
      draftUpdatedAt: null as string | null,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
