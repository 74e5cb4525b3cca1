/**
 * Operations (administrators and supervisors): the running cases, the open incidents, and the
 * tasks whose SLA clock is at its warning threshold or breached, most urgent first.
 * The Retry button re-runs it with `invalidate('app:operations')`.
 */
import { createApi, failLoad, listIncidents, listInstances, listTasks } from '$lib/api';
import { nodeNames } from '$lib/inbox';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends('app:operations');
  const api = createApi({ fetch });
  const near = (slaState: string) =>
    listTasks(api, { scope: 'all', sort: 'sla', slaState, limit: 100 });
  try {
    const [instances, incidents, breached, warning] = await Promise.all([
      listInstances(api, 'active'),
      listIncidents(api),
      near('breached'),
      near('warning'),
    ]);
    const clocks = [...breached.items, ...warning.items].sort(
      (a, b) => Date.parse(a.sla?.dueAt ?? '9999') - Date.parse(b.sla?.dueAt ?? '9999'),
    );
    const names = await nodeNames(api, [
      ...instances.items.map((i) => i.processId),
      ...clocks.map((t) => t.processId),
    ]);
    const processOf = new Map(instances.items.map((i) => [i.id, i.processId]));
    return { instances: instances.items, incidents: incidents.items, clocks, names, processOf };
  } catch (e) {
    failLoad(e, url);
  }
};
