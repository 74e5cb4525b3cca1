/**
 * Start a case of one process: its latest version's name and start form (a process that takes
 * cases from customers online is not started here).
 */
import { createApi, failLoad } from '$lib/api';
import type { FormDefinition, ProcessDefinition } from '@caseway/engine/types';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = createApi({ fetch });
  try {
    const process = await api.definition('process', params.processId);
    const body = process.body as unknown as ProcessDefinition;
    const start = body.nodes.find((n) => n.type === 'start');
    const ref = start?.type === 'start' ? start.form : undefined;
    let form: FormDefinition | null = null;
    if (ref)
      form = (ref.version
        ? (await api.definitionVersion('form', ref.id, ref.version)).body
        : (await api.definition('form', ref.id)).body) as unknown as FormDefinition;
    return {
      processId: process.id,
      version: process.latestVersion,
      name: body.name,
      publicIntake: body.public?.intake === true,
      form,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
