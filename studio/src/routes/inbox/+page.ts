/**
 * The inbox's data, from the URL (so a filtered view can be bookmarked): the tasks of the
 * chosen view (mine, my groups', or for supervisors all their teams'), the counts of the views
 * under the same filters, the user's saved filters with their counts, the process and node
 * names, and the user tasks of the chosen process (the task filter's choices). Live events re-run it with `invalidate('app:inbox')`.
 */
import { createApi, failLoad, listTasks, type TaskQuery } from '$lib/api';
import { listInboxFilters, nodeNames, taskCount } from '$lib/inbox';
import type { PageLoad } from './$types';

const SCOPES = ['mine', 'groups', 'all'] as const;
type Scope = (typeof SCOPES)[number];
const SLA_STATES = ['running', 'paused', 'warning', 'breached', 'none'];
const SORTS = ['sla', 'due', 'priority', 'created'] as const;

export const load: PageLoad = async ({ fetch, url, depends, parent }) => {
  depends('app:inbox');
  const { user } = await parent();
  // supervisors (and administrators) also see their teams' tasks, claimed ones included
  const oversees = user?.roles.some((r) => r === 'admin' || r === 'supervisor') ?? false;
  const scopes: Scope[] = oversees ? [...SCOPES] : ['mine', 'groups'];
  const p = url.searchParams;
  const scope: Scope = scopes.find((s) => s === p.get('scope')) ?? 'mine';
  const sort = SORTS.find((s) => s === p.get('sort')) ?? 'sla';
  const slaState = SLA_STATES.find((s) => s === p.get('slaState')) ?? '';
  const filters = {
    processId: p.get('processId') ?? '',
    nodeId: p.get('processId') ? (p.get('nodeId') ?? '') : '',
    businessKey: (p.get('businessKey') ?? '').trim(),
    customer: (p.get('customer') ?? '').trim(),
    slaState,
    minPriority: /^-?\d{1,7}$/.test(p.get('minPriority') ?? '') ? p.get('minPriority')! : '',
  };
  const api = createApi({ fetch });
  const query: TaskQuery = {
    processId: filters.processId,
    nodeId: filters.nodeId,
    businessKey: filters.businessKey,
    customer: filters.customer,
    minPriority: filters.minPriority,
    slaState: filters.slaState,
    sort,
  };
  try {
    const [list, counts, processes, saved] = await Promise.all([
      listTasks(api, { ...query, scope, limit: 200 }),
      Promise.all(scopes.map((s) => listTasks(api, { ...query, scope: s, limit: 1 }))),
      api.definitions('process'),
      listInboxFilters(api),
    ]);
    // each saved filter with the number of tasks it finds now (none when it is no longer
    // allowed, e.g. a team view saved by someone who is no longer a supervisor)
    const savedCounts = await Promise.all(
      saved.items.map((f) => listTasks(api, { ...f.query, limit: 1 }).then(taskCount, () => null)),
    );
    const names = await nodeNames(api, [
      ...list.items.map((t) => t.processId),
      ...(filters.processId ? [filters.processId] : []),
    ]);
    const chosen = filters.processId
      ? await api.definition('process', filters.processId).catch(() => null)
      : null;
    const taskChoices = (Array.isArray(chosen?.body.nodes) ? chosen.body.nodes : [])
      .filter((n: { type?: unknown }) => n.type === 'userTask')
      .map((n: { id: string }) => n.id);
    return {
      scope,
      sort,
      filters,
      tasks: list.items,
      total: taskCount(list),
      scopes,
      oversees,
      // "1,000+" beyond the engine's cap
      counts: Object.fromEntries(scopes.map((s, k) => [s, taskCount(counts[k]!)])) as Partial<
        Record<Scope, string>
      >,
      saved: saved.items.map((f, k) => ({ ...f, count: savedCounts[k] ?? null })),
      processes: processes.items.map((d) => ({ id: d.id, name: d.name })),
      taskChoices,
      names,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
