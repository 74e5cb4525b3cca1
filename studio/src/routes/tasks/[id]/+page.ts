/**
 * A task to work on: the task with its form, prefill and draft, its case's history, SLA clocks
 * documents and related cases.
 */
import { createApi, failLoad, getTask, instanceHistory, instanceSlas } from '$lib/api';
import { caseDocuments, nodeNames, relatedCases } from '$lib/inbox';
import { engineNow } from '$lib/supervision/live';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url, depends }) => {
  depends('app:task');
  const api = createApi({ fetch });
  try {
    const task = await getTask(api, params.id);
    const [history, slas, names, related, documents] = await Promise.all([
      instanceHistory(api, task.instanceId),
      instanceSlas(api, task.instanceId),
      nodeNames(api, [task.processId]),
      relatedCases(api, task.instanceId),
      caseDocuments(api, task.instanceId),
    ]);
    return {
      task,
      history: history.items,
      people: history.people ?? {},
      slas: slas.items,
      // the engine's instant, carried forward by the browser's clock from the moment it came
      engineNow: engineNow(slas.now, Date.now()),
      timers: slas.timers,
      names,
      related,
      documents: documents.items,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
