/**
 * Operations (administrators and supervisors): the running cases, the open incidents, the
 * tasks whose SLA clock is at its warning threshold or breached, most urgent first, the tasks
 * nobody can see (offered to no enabled user), and the pending timers, soonest first
 * (`?timers=<offset>` pages them).
 * The Retry button re-runs it with `invalidate('app:operations')`.
 */
import {
  createApi,
  failLoad,
  listIncidents,
  listInstances,
  listTasks,
  listTimers,
  listUnroutableTasks,
} from '$lib/api';
import { nodeNames } from '$lib/inbox';
import type { PageLoad } from './$types';

/** Pending timers per page. */
const TIMERS_PAGE = 50;

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends('app:operations');
  const api = createApi({ fetch });
  const near = (slaState: string) =>
    listTasks(api, { scope: 'all', sort: 'sla', slaState, limit: 100 });
  const offset = Math.max(0, Math.floor(Number(url.searchParams.get('timers')) || 0));
  const page = { limit: TIMERS_PAGE, offset: offset - (offset % TIMERS_PAGE) };
  try {
    const [instances, incidents, breached, warning, timers, slas, unroutable] = await Promise.all([
      listInstances(api, 'active'),
      listIncidents(api),
      near('breached'),
      near('warning'),
      listTimers(api, page),
      api.definitions('sla'),
      listUnroutableTasks(api),
    ]);
    const clocks = [...breached.items, ...warning.items].sort(
      (a, b) => Date.parse(a.sla?.dueAt ?? '9999') - Date.parse(b.sla?.dueAt ?? '9999'),
    );
    const names = await nodeNames(api, [
      ...instances.items.map((i) => i.processId),
      ...clocks.map((t) => t.processId),
      ...timers.items.map((t) => t.processId),
    ]);
    const processOf = new Map(instances.items.map((i) => [i.id, i.processId]));
    return {
      instances: instances.items,
      incidents: incidents.items,
      unroutable: unroutable.items,
      clocks,
      timers: { ...timers, ...page },
      slaNames: Object.fromEntries(slas.items.map((s) => [s.id, s.name])),
      names,
      processOf,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
