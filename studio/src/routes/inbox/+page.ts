/**
 * The inbox's data, from the URL (so a filtered view can be bookmarked): the tasks of the
 * chosen view (mine or my groups'), the counts of both views under the same filters, and the
 * process and node names. Live events re-run it with `invalidate('app:inbox')`.
 * Priority is not an engine filter: the page narrows the listed tasks by it.
 */
import { createApi, failLoad, listTasks, type TaskQuery } from '$lib/api';
import { nodeNames } from '$lib/inbox';
import type { PageLoad } from './$types';

const SCOPES = ['mine', 'groups'] as const;
type Scope = (typeof SCOPES)[number];
const SLA_STATES = ['running', 'paused', 'warning', 'breached', 'none'];
const SORTS = ['sla', 'due', 'priority', 'created'] as const;

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends('app:inbox');
  const p = url.searchParams;
  const scope: Scope = p.get('scope') === 'groups' ? 'groups' : 'mine';
  const sort = SORTS.find((s) => s === p.get('sort')) ?? 'sla';
  const slaState = SLA_STATES.find((s) => s === p.get('slaState')) ?? '';
  const filters = {
    processId: p.get('processId') ?? '',
    businessKey: (p.get('businessKey') ?? '').trim(),
    slaState,
    minPriority: p.get('minPriority') ?? '',
  };
  const api = createApi({ fetch });
  const query: TaskQuery = {
    processId: filters.processId,
    businessKey: filters.businessKey,
    slaState: filters.slaState,
    sort,
  };
  try {
    const [list, mine, groups, processes] = await Promise.all([
      listTasks(api, { ...query, scope, limit: 200 }),
      listTasks(api, { ...query, scope: 'mine', limit: 1 }),
      listTasks(api, { ...query, scope: 'groups', limit: 1 }),
      api.definitions('process'),
    ]);
    const names = await nodeNames(
      api,
      list.items.map((t) => t.processId),
    );
    return {
      scope,
      sort,
      filters,
      tasks: list.items,
      total: list.total,
      counts: { mine: mine.total, groups: groups.total } satisfies Record<Scope, number>,
      processes: processes.items.map((d) => ({ id: d.id, name: d.name })),
      names,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
