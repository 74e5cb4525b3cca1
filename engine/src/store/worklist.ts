/**
 * The deadline worklist's reads: every SLA clock still counting (running or paused) on an
 * active case the viewer may see, soonest due first, with its case; then the open tasks and
 * open incidents of those cases. The supervision folder composes the rows (time left, percent
 * used in the clock's calendar, groups by day).
 */
import { instanceVisibleParams, instanceVisibleSql, type Actor } from '../access/index.ts';
import type { ClockState } from '../sla/index.ts';
import type { Db } from './db.ts';
import { clockFromRow, type ClockRow } from './sla-clocks.ts';

/** A clock on the worklist, with its case. */
export interface LiveClock {
  clock: ClockState;
  instance_id: string;
  process_id: string;
  process_version: number;
  business_key: string | null;
  reference: string | null;
  case_priority: number | null;
  tokens: { nodeId: string; wait: { kind: string; jobId?: string; taskId?: string } }[];
}

export interface WorklistFilter {
  processId?: string;
  /** Clocks of cases with a task (of the clock, for a task's clock) offered to this group. */
  group?: string;
  /** Clocks of cases with an open task (of the clock, for a task's clock) assigned to them. */
  assignee?: string;
}

/** The most clocks one worklist read looks at (the threshold filter runs on them). */
export const WORKLIST_CAP = 5000;

/**
 * The counting clocks of the active cases the actor may see (administrators: all), soonest due
 * first (paused clocks, which have no due instant, last).
 */
export async function liveClocks(
  db: Pick<Db, 'query'>,
  actor: Actor,
  f: WorklistFilter,
): Promise<LiveClock[]> {
  const params: unknown[] = [...instanceVisibleParams(actor)];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = [
    `c.status IN ('running', 'paused')`,
    `i.status = 'active'`,
    instanceVisibleSql('i', 1),
  ];
  if (f.processId !== undefined) where.push(`i.process_id = ${p(f.processId)}`);
  if (f.group !== undefined)
    where.push(`EXISTS (SELECT 1 FROM tasks g WHERE g.instance_id = i.id
      AND g.candidate_groups @> ARRAY[${p(f.group)}]::text[] AND (c.task_id IS NULL OR g.id = c.task_id))`);
  if (f.assignee !== undefined)
    where.push(`EXISTS (SELECT 1 FROM tasks a WHERE a.instance_id = i.id AND a.status = 'open'
      AND a.assignee = ${p(f.assignee)} AND (c.task_id IS NULL OR a.id = c.task_id))`);
  const r = await db.query<ClockRow & Omit<LiveClock, 'clock'>>(
    `SELECT c.*, i.process_id, i.process_version, i.business_key, i.reference,
            (i.state->>'priority')::int AS case_priority, i.state->'tokens' AS tokens
     FROM sla_clocks c JOIN instances i ON i.id = c.instance_id
     WHERE ${where.join(' AND ')}
     ORDER BY c.due_at ASC NULLS LAST, c.id LIMIT ${WORKLIST_CAP}`,
    params,
  );
  return r.rows.map((row) => ({
    clock: clockFromRow(row),
    instance_id: row.instance_id,
    process_id: row.process_id,
    process_version: row.process_version,
    business_key: row.business_key,
    reference: row.reference,
    case_priority: row.case_priority,
    tokens: row.tokens,
  }));
}

export interface OpenTaskRow {
  id: string;
  instance_id: string;
  node_id: string;
  assignee: string | null;
  assignee_name: string | null;
  candidate_groups: string[];
  candidate_users: string[];
  priority: number;
  status: string;
}

/** The open tasks of these cases, with their assignees' names. */
export async function openTasksOfCases(
  db: Pick<Db, 'query'>,
  instanceIds: string[],
): Promise<OpenTaskRow[]> {
  if (!instanceIds.length) return [];
  const r = await db.query<OpenTaskRow>(
    `SELECT t.id, t.instance_id, t.node_id, t.assignee, u.display_name AS assignee_name,
            t.candidate_groups, t.candidate_users, t.priority, t.status
     FROM tasks t LEFT JOIN users u ON u.id = t.assignee
     WHERE t.instance_id = ANY($1::text[]) AND t.status = 'open' ORDER BY t.created_at, t.id`,
    [instanceIds],
  );
  return r.rows;
}

/** Whom a task is offered to, and its state (what the access rule reads). */
export async function taskOffer(
  db: Pick<Db, 'query'>,
  id: string,
): Promise<
  | {
      id: string;
      status: string;
      assignee: string | null;
      candidate_groups: string[];
      candidate_users: string[];
    }
  | undefined
> {
  const r = await db.query<{
    id: string;
    status: string;
    assignee: string | null;
    candidate_groups: string[];
    candidate_users: string[];
  }>(`SELECT id, status, assignee, candidate_groups, candidate_users FROM tasks WHERE id = $1`, [
    id,
  ]);
  return r.rows[0];
}

/** How many open tasks each of these users has assigned now. */
export async function openTaskCounts(
  db: Pick<Db, 'query'>,
  ids: string[],
): Promise<Record<string, number>> {
  if (!ids.length) return {};
  const r = await db.query<{ assignee: string; n: number }>(
    `SELECT assignee, count(*)::int AS n FROM tasks WHERE status = 'open' AND assignee = ANY($1::text[]) GROUP BY assignee`,
    [ids],
  );
  return Object.fromEntries(r.rows.map((x) => [x.assignee, x.n]));
}
