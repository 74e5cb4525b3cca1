/** How rows look over the API (camelCase, ISO dates, no internal columns). */
import type { InstanceRow } from '../store/index.ts';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function instanceView(r: InstanceRow) {
  return {
    id: r.id,
    processId: r.process_id,
    processVersion: r.process_version,
    businessKey: r.business_key,
    reference: r.reference,
    status: r.status,
    outcome: r.outcome,
    variables: r.state.variables,
    tokens: r.state.tokens.map((t) => ({ id: t.id, nodeId: t.nodeId, waitingFor: t.wait.kind })),
    parentId: r.parent_id,
    revision: r.revision,
    startedBy: r.started_by,
    startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at),
  };
}

/**
 * Joins that name the people of task alias `t` (select `assignee_name`, `completed_by_name`):
 * staff read names, not login ids.
 */
export const TASK_PEOPLE_JOIN = `LEFT JOIN users ua ON ua.id = t.assignee LEFT JOIN users uc ON uc.id = t.completed_by`;
export const TASK_PEOPLE_COLUMNS = `ua.display_name AS assignee_name, uc.display_name AS completed_by_name`;

export interface TaskRow {
  id: string;
  instance_id: string;
  node_id: string;
  process_id: string;
  form_id: string;
  form_version: number;
  status: string;
  assignee: string | null;
  candidate_groups: string[];
  candidate_users: string[];
  priority: number;
  due_at: Date | null;
  prefill: Record<string, unknown>;
  draft: Record<string, unknown> | null;
  data: Record<string, unknown> | null;
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  business_key?: string | null;
  /** From the `USER_NAMES` joins: display names of the assignee and of who completed it. */
  assignee_name?: string | null;
  completed_by_name?: string | null;
  /** From the inbox query's SLA join. */
  sla_due?: Date | null;
  sla_state?: string | null;
}

export function taskView(r: TaskRow) {
  return {
    id: r.id,
    instanceId: r.instance_id,
    processId: r.process_id,
    nodeId: r.node_id,
    businessKey: r.business_key ?? null,
    form: { id: r.form_id, version: r.form_version },
    status: r.status,
    assignee: r.assignee,
    candidateGroups: r.candidate_groups,
    candidateUsers: r.candidate_users,
    priority: r.priority,
    dueAt: iso(r.due_at),
    createdAt: iso(r.created_at),
    completedAt: iso(r.completed_at),
    completedBy: r.completed_by,
    assigneeName: r.assignee_name ?? null,
    completedByName: r.completed_by_name ?? null,
    ...(r.sla_state !== undefined ? { sla: { state: r.sla_state, dueAt: iso(r.sla_due) } } : {}),
  };
}
