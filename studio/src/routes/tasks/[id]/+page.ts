/** A task to work on: the task with its form, prefill and draft, its case's history and SLA clocks. */
import { createApi, failLoad, getTask, instanceHistory, instanceSlas } from '$lib/api';
import { nodeNames } from '$lib/inbox';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url, depends }) => {
  depends('app:task');
  const api = createApi({ fetch });
  try {
    const task = await getTask(api, params.id);
    const [history, slas, names] = await Promise.all([
      instanceHistory(api, task.instanceId),
      instanceSlas(api, task.instanceId),
      nodeNames(api, [task.processId]),
    ]);
    return { task, history: history.items, slas: slas.items, names };
  } catch (e) {
    failLoad(e, url);
  }
};
