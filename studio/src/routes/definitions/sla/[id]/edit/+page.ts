/** An SLA to edit: its draft, else its latest version, else a new SLA. */
import type { SlaDefinition } from '@caseway/engine/types';
import { failLoad } from '$lib/api';
import { loadEditorStart } from '$lib/versions/draft-load';
import type { PageLoad } from './$types';

function emptySla(id: string): SlaDefinition {
  return {
    id,
    version: 1,
    name: { 'zh-Hant': id, en: id },
    process: { id: '' },
    start: [{ event: 'instanceStarted' }],
    stop: [{ event: 'instanceCompleted' }],
    target: { duration: 'P3D' },
    calendar: { id: 'natural' },
  };
}

export const load: PageLoad = async ({ fetch, params, url }) => {
  try {
    return await loadEditorStart<SlaDefinition>(fetch, 'sla', params.id, emptySla);
  } catch (e) {
    failLoad(e, url);
  }
};
