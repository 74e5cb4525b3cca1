/**
 * Operations (administrators and supervisors). First the deadline worklist: every counting
 * legal clock of the cases the viewer supervises, grouped by when it falls due, filtered from
 * the URL (`?process=&group=&person=&min=80`, paged by `?wl=<offset>`). Then the open incidents
 * (each opened on its own screen; alike ones retried together), the tasks nobody can see, the
 * pending timers (`?timers=<offset>`) and the running cases (`?cases=<offset>`).
 * Actions re-run it with `invalidate('app:operations')`.
 */
import {
  createApi,
  failLoad,
  isAbsent,
  listInstances,
  listTimers,
  listUnroutableTasks,
} from '$lib/api';
import { TIME_ZONE } from '$lib/i18n';
import { nodeNames } from '$lib/inbox';
import { listOpenIncidents, readWorklist } from '$lib/supervision';
import type { PageLoad } from './$types';

/** Rows per page of each paged table. */
const WORKLIST_PAGE = 50;
const TIMERS_PAGE = 50;
const CASES_PAGE = 50;
const INCIDENTS_PAGE = 100;
/** The thresholds the worklist can be filtered by (percent of the target used). */
const THRESHOLDS = [50, 80, 100];

const offsetOf = (url: URL, name: string, size: number) => {
  const n = Math.max(0, Math.floor(Number(url.searchParams.get(name)) || 0));
  return n - (n % size);
};

export const load: PageLoad = async ({ fetch, url, depends, parent }) => {
  depends('app:operations');
  const api = createApi({ fetch });
  const p = url.searchParams;
  const min = THRESHOLDS.find((t) => String(t) === p.get('min'));
  const filter = {
    processId: p.get('process') ?? '',
    group: p.get('group') ?? '',
    assignee: p.get('person') ?? '',
    minPercent: min === undefined ? '' : String(min),
  };
  const timersPage = { limit: TIMERS_PAGE, offset: offsetOf(url, 'timers', TIMERS_PAGE) };
  const casesOffset = offsetOf(url, 'cases', CASES_PAGE);
  try {
    const { user } = await parent();
    const [worklist, processes, directory, incidents, timers, slas, unroutable, instances] =
      await Promise.all([
        readWorklist(api, {
          processId: filter.processId || undefined,
          group: filter.group || undefined,
          assignee: filter.assignee || undefined,
          minPercent: min,
          timeZone: TIME_ZONE,
          limit: WORKLIST_PAGE,
          offset: offsetOf(url, 'wl', WORKLIST_PAGE),
        }),
        api.definitions('process'),
        api.directory().catch((e: unknown) => {
          if (isAbsent(e)) return { users: [], groups: [] };
          throw e;
        }),
        listOpenIncidents(api, { limit: INCIDENTS_PAGE, offset: 0 }),
        listTimers(api, timersPage),
        api.definitions('sla'),
        listUnroutableTasks(api),
        api.get('/api/instances', {
          query: { status: 'active', limit: CASES_PAGE, offset: casesOffset },
        }),
      ]);
    const names = await nodeNames(api, [
      ...instances.items.map((i) => i.processId),
      ...timers.items.map((t) => t.processId),
    ]);
    // the filters offer the groups the viewer oversees (all of them to an administrator)
    const admin = user?.roles.includes('admin') ?? false;
    const mine = new Set(user?.workGroups ?? []);
    const groups = directory.groups.filter((g) => admin || mine.has(g.id));
    const groupIds = new Set(groups.map((g) => g.id));
    const people = directory.users.filter(
      (u) => !u.disabled && (admin || u.groups.some((g) => groupIds.has(g))),
    );
    return {
      filter,
      worklist,
      options: {
        processes: processes.items.map((d) => ({ id: d.id, name: d.name })),
        groups: groups.map((g) => ({ id: g.id, name: g.name })),
        people: people.map((u) => ({ id: u.id, name: u.displayName })),
        thresholds: THRESHOLDS,
      },
      groupNames: Object.fromEntries(directory.groups.map((g) => [g.id, g.name])),
      // every user's name, the disabled too (a task offered to them is one nobody can see)
      userNames: Object.fromEntries(directory.users.map((u) => [u.id, u.displayName])),
      incidents,
      unroutable: unroutable.items,
      timers: { ...timers, ...timersPage },
      instances: { items: instances.items, offset: casesOffset, limit: CASES_PAGE },
      slaNames: Object.fromEntries(slas.items.map((s) => [s.id, s.name])),
      names,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
