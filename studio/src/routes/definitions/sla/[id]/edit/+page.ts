/**
 * An SLA to edit: its draft, else its latest version, else a new SLA. Also what its pickers and
 * FEEL completion offer: the engine's processes and calendars, and the body of the SLA's process
 * with its forms (its variables).
 */
import type { SlaDefinition } from '@caseway/engine/types';
import { createApi, failLoad } from '$lib/api';
import { loadSlaCatalogue } from '$lib/sla/catalogue.svelte';
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
    const start = await loadEditorStart<SlaDefinition>(fetch, 'sla', params.id, emptySla);
    // A draft's body may be any JSON: only a process reference that is an object is looked up.
    const process = (start.body as Partial<SlaDefinition> | null)?.process;
    const ref =
      process && typeof process === 'object' && typeof process.id === 'string'
        ? process
        : undefined;
    return { ...start, catalogue: await loadSlaCatalogue(createApi({ fetch }), ref) };
  } catch (e) {
    failLoad(e, url);
  }
};
