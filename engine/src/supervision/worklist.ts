/**
 * The deadline worklist (`GET /api/worklist`): every legal clock still counting on a case the
 * viewer supervises, whatever the case waits on (a task, the customer, a timer, an incident),
 * with the SLA's name, the working time used (percent) and left or overdue, the due instant,
 * the case and its process, its open tasks and who has them; grouped by when it falls due in
 * the viewer's zone (overdue, today, tomorrow, within a week, later; paused clocks apart) and
 * sorted by due instant.
 *
 * @example
 *   const page = await readWorklist(deps, actor, { minPercent: 80, timeZone: 'Asia/Shanghai', limit: 50, offset: 0 });
 */
import type { DefinitionRegistry } from '../definitions/index.ts';
import { mayWork, type Actor } from '../access/index.ts';
import type { LocalizedText } from '../generated/index.ts';
import { BREACH, clockView, elapsedAt, type ClockState } from '../sla/index.ts';
import {
  incidents,
  tasks,
  type Db,
  type OpenTaskRow,
  type WorklistFilter,
} from '../store/index.ts';
import { dueBucket, type DueBucket, DUE_BUCKETS } from './buckets.ts';

export interface WorklistQuery extends WorklistFilter {
  /** Only clocks that used at least this percentage of their target. */
  minPercent?: number;
  /** The viewer's zone, for "today" and "tomorrow". */
  timeZone: string;
  limit: number;
  offset: number;
}

/** What a case waits on where its clock counts. */
export type WaitKind =
  'task' | 'customer' | 'timer' | 'incident' | 'service' | 'subcase' | 'gateway';

export interface WorklistRow {
  clockId: string;
  slaId: string;
  slaName: LocalizedText | null;
  /** A clock of the whole case, or of one of its tasks. */
  scope: 'case' | 'task';
  taskId: string | null;
  state: 'running' | 'paused' | 'breached';
  bucket: DueBucket;
  startedAt: string;
  dueAt: string | null;
  breachedAt: string | null;
  targetMs: number;
  elapsedMs: number;
  remainingMs: number;
  overdueMs: number;
  percent: number;
  thresholdsFired: number[];
  /** Whether a supervisor may move its due instant (running, not breached). */
  movable: boolean;
  case: {
    id: string;
    reference: string | null;
    businessKey: string | null;
    processId: string;
    processVersion: number;
    processName: LocalizedText | null;
    priority: number | null;
  };
  waitingOn: { kind: WaitKind; nodeId: string; name: LocalizedText | null; incidentId?: string }[];
  tasks: {
    id: string;
    nodeId: string;
    name: LocalizedText | null;
    assignee: string | null;
    assigneeName: string | null;
    candidateGroups: string[];
    priority: number;
    /** Whether the viewer may reassign it (the rule for working it). */
    mayReassign: boolean;
  }[];
}

export interface WorklistPage {
  items: WorklistRow[];
  total: number;
  limit: number;
  offset: number;
  /** Clocks per group, over the whole filtered list (not only this page). */
  counts: Record<DueBucket, number>;
  now: string;
}

const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString());

function names(registry: DefinitionRegistry, processId: string, version: number) {
  try {
    const { definition } = registry.process(processId, version);
    const nodes = new Map(definition.nodes.map((n) => [n.id, n.name ?? null]));
    return { process: definition.name ?? null, node: (id: string) => nodes.get(id) ?? null };
  } catch {
    return { process: null, node: () => null }; // a version no longer held: ids only
  }
}

function slaName(registry: DefinitionRegistry, id: string, version: number) {
  try {
    return registry.sla(id, version).name;
  } catch {
    return null;
  }
}

const WAIT_KIND: Record<string, WaitKind> = {
  task: 'task',
  message: 'customer',
  timer: 'timer',
  job: 'service',
  call: 'subcase',
  // a gateway holding its token: its condition failed (an incident), or it decides again
  gateway: 'gateway',
};

/**
 * What a worklist row says a token waits on: an open incident of its job or gateway first,
 * else its kind of wait (a token that moves within the step, `join`, as a task).
 *
 * @example
 *   waitKindOf('gateway', false); // 'gateway' (its incident retried, deciding again)
 */
export function waitKindOf(wait: string, incident: boolean): WaitKind {
  return incident ? 'incident' : (WAIT_KIND[wait] ?? 'task');
}

/** Running clocks by due instant; breached paused ones by their breach; other paused ones last. */
function sortKey(c: ClockState): number {
  if (c.status === 'running') return c.dueAt ?? Number.MAX_SAFE_INTEGER;
  return c.breachedAt ?? Number.MAX_SAFE_INTEGER;
}

export async function readWorklist(
  deps: { db: Pick<Db, 'query'>; registry: DefinitionRegistry; clock: { now(): number } },
  actor: Actor,
  q: WorklistQuery,
): Promise<WorklistPage> {
  const now = deps.clock.now();
  const rows = await tasks.liveClocks(deps.db, actor, q);
  const measured = rows
    .map((row) => {
      const c = row.clock;
      const used = elapsedAt(c, now, deps.registry.calendar(c.calendarId, c.calendarVersion));
      const percent = c.targetMs ? Math.round((used / c.targetMs) * 1000) / 10 : BREACH;
      return { row, c, used, percent };
    })
    .filter((m) => q.minPercent === undefined || m.percent >= q.minPercent)
    .sort((a, b) => sortKey(a.c) - sortKey(b.c) || a.c.id.localeCompare(b.c.id));
  const counts = Object.fromEntries(DUE_BUCKETS.map((b) => [b, 0])) as Record<DueBucket, number>;
  const bucketOf = (c: ClockState) =>
    dueBucket(
      { running: c.status === 'running', dueAt: c.dueAt, breached: c.breachedAt !== null },
      now,
      q.timeZone,
    );
  for (const m of measured) counts[bucketOf(m.c)] += 1;

  const page = measured.slice(q.offset, q.offset + q.limit);
  const ids = [...new Set(page.map((m) => m.row.instance_id))];
  const [openTasks, openIncidents] = await Promise.all([
    tasks.openTasksOfCases(deps.db, ids),
    incidents.openIncidentsOfCases(deps.db, ids),
  ]);
  const items = page.map(({ row, c, used, percent }): WorklistRow => {
    const n = names(deps.registry, row.process_id, row.process_version);
    const own = (t: OpenTaskRow) =>
      t.instance_id === row.instance_id && (c.taskId === null || t.id === c.taskId);
    const caseIncidents = openIncidents.filter((i) => i.instance_id === row.instance_id);
    // a running subprocess (or multi-instance body) is what its inner tokens wait for, listed on their own
    const waitingOn = (row.tokens ?? [])
      .filter((t) => t.wait.kind !== 'subProcess' && t.wait.kind !== 'multiInstance')
      .map((t) => {
        const incident =
          t.wait.kind === 'job' || t.wait.kind === 'gateway'
            ? caseIncidents.find((i) => i.job_id === t.wait.jobId)
            : undefined;
        return {
          kind: waitKindOf(t.wait.kind, incident !== undefined),
          nodeId: t.nodeId,
          name: n.node(t.nodeId),
          ...(incident ? { incidentId: incident.id } : {}),
        };
      });
    return {
      clockId: c.id,
      slaId: c.slaId,
      slaName: slaName(deps.registry, c.slaId, c.slaVersion),
      scope: c.taskId === null ? 'case' : 'task',
      taskId: c.taskId,
      state: clockView(c) as WorklistRow['state'],
      bucket: bucketOf(c),
      startedAt: new Date(c.startedAt).toISOString(),
      dueAt: iso(c.dueAt),
      breachedAt: iso(c.breachedAt),
      targetMs: c.targetMs,
      elapsedMs: used,
      remainingMs: Math.max(0, c.targetMs - used),
      overdueMs: Math.max(0, used - c.targetMs),
      percent,
      thresholdsFired: c.fired.filter((x) => x !== BREACH),
      movable: c.status === 'running' && c.breachedAt === null,
      case: {
        id: row.instance_id,
        reference: row.reference,
        businessKey: row.business_key,
        processId: row.process_id,
        processVersion: row.process_version,
        processName: n.process,
        priority: row.case_priority,
      },
      waitingOn,
      tasks: openTasks.filter(own).map((t) => ({
        id: t.id,
        nodeId: t.node_id,
        name: n.node(t.node_id),
        assignee: t.assignee,
        assigneeName: t.assignee_name,
        candidateGroups: t.candidate_groups,
        priority: t.priority,
        mayReassign: mayWork(actor, t),
      })),
    };
  });
  return {
    items,
    total: measured.length,
    limit: q.limit,
    offset: q.offset,
    counts,
    now: new Date(now).toISOString(),
  };
}
