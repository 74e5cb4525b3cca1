/**
 * The process editor's page: the draft in progress (GET /api/drafts/process/{id}) if there is
 * one, otherwise the latest published version (GET /api/definitions/process/{id}) to start a
 * draft from, otherwise (a new id) an empty process. Also what the pickers and FEEL completion
 * offer: forms, processes, actions, message names and the bodies of the forms it uses.
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import { createApi, failLoad } from '$lib/api';
import { EMPTY_CATALOGUE, loadCatalogue } from '$lib/process/catalogue.svelte';
import { loadEditorStart } from '$lib/versions/draft-load';
import type { PageLoad } from './$types';

function emptyProcess(id: string): ProcessDefinition {
  return { id, version: 1, name: { 'zh-Hant': id, en: id }, nodes: [], flows: [] };
}

export const load: PageLoad = async ({ fetch, params, url }) => {
  try {
    const start = await loadEditorStart<ProcessDefinition>(
      fetch,
      'process',
      params.id,
      emptyProcess,
    );
    // a draft's body may be any JSON: only a process is looked at for what it uses
    const body: unknown = start.body;
    const catalogue =
      body && typeof body === 'object' && Array.isArray((body as ProcessDefinition).nodes)
        ? await loadCatalogue(createApi({ fetch }), body as ProcessDefinition)
        : EMPTY_CATALOGUE;
    return { ...start, catalogue };
  } catch (e) {
    failLoad(e, url);
  }
};
