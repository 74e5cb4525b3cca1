/**
 * A form to edit: its draft if one is in progress, else its latest version, else (a new id)
 * an empty form. The draft's problems come with it; a version's are found on the first save.
 */
import type { FormDefinition } from '@caseway/engine/types';
import { failLoad } from '$lib/api';
import { loadEditorStart } from '$lib/versions/draft-load';
import type { PageLoad } from './$types';

function emptyForm(id: string): FormDefinition {
  return { id, version: 1, title: { 'zh-Hant': id, en: id }, fields: [] };
}

export const load: PageLoad = async ({ fetch, params, url }) => {
  try {
    return await loadEditorStart<FormDefinition>(fetch, 'form', params.id, emptyForm);
  } catch (e) {
    failLoad(e, url);
  }
};
