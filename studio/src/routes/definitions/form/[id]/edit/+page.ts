/**
 * A form to edit: its draft if one is in progress, else its latest version, else (a new id)
 * an empty form. The draft's problems come with it; a version's are found on the first save.
 */
import type { FormDefinition } from '@caseway/engine/types';
import { createApi, failLoad, isAbsent, type Problem } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = createApi({ fetch });
  const id = params.id;
  const absent = (e: unknown) => {
    if (isAbsent(e)) return null;
    throw e;
  };
  try {
    const draft = await api.draft('form', id).catch(absent);
    if (draft)
      return {
        id,
        source: 'draft' as const,
        body: draft.body as FormDefinition,
        baseVersion: draft.baseVersion,
        problems: draft.problems as Problem[],
        updatedAt: draft.updatedAt as string | null,
      };
    const definition = await api.definition('form', id).catch(absent);
    if (definition)
      return {
        id,
        source: 'version' as const,
        body: definition.body as unknown as FormDefinition,
        baseVersion: definition.latestVersion as number | null,
        problems: [] as Problem[],
        updatedAt: null,
      };
    const empty: FormDefinition = {
      id,
      version: 1,
      title: { 'zh-Hant': id, en: id },
      fields: [],
    };
    return {
      id,
      source: 'new' as const,
      body: empty,
      baseVersion: null,
      problems: [] as Problem[],
      updatedAt: null,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
