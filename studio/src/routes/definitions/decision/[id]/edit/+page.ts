/** A decision table to edit: its draft, else its latest version, else a new one-rule table. */
import type { DecisionDefinition } from '@caseway/engine/types';
import { failLoad } from '$lib/api';
import { emptyDecision } from '$lib/decision/edit';
import { loadEditorStart } from '$lib/versions/draft-load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  try {
    return await loadEditorStart<DecisionDefinition>(fetch, 'decision', params.id, emptyDecision);
  } catch (e) {
    failLoad(e, url);
  }
};
