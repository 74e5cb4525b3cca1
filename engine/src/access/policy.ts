/**
 * The access policy: who the caller is (the actor), which roles there are, and who may see or
 * work which task and case. Route-level rules (`config.auth`) say which roles may call a
 * route; these rules say which tasks and cases an actor reaches once inside it, and
 * ./visibility.ts says the same of cases and tasks as SQL conditions for the store's queries.
 * docs/security.md has the table of what each role may do.
 *
 * @example
 *   if (!mayWork(actor, task)) throw createError('CW_ERR_NOT_FOUND');
 */
import { createError } from '../errors.ts';

/** Who calls: a signed-in user or an integration's API token, with their groups and roles. */
export interface Actor {
  id: string;
  groups: string[];
  roles: string[];
  /** Groups whose `supervisor_group` is one of the actor's groups (set at sign-in). */
  supervises?: string[];
}

export const ROLES = {
  /** manages users, groups and (later) plugin secrets; sees everything */
  admin: 'admin',
  /** reads, validates and publishes definitions; migrates instances */
  designer: 'designer',
  /** sees and acts on the work of the groups they belong to or supervise */
  supervisor: 'supervisor',
  /** sees and acts on tasks assigned or offered to them or their groups */
  staff: 'staff',
  /** a machine client (an integration's API token): sends messages to waiting instances */
  integration: 'integration',
  /**
   * may ask for customers' personal data unmasked (`?reveal=true`); held beside another role,
   * every such read is recorded in the case's history
   */
  personalData: 'personal-data',
} as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];
export const ALL_ROLES = Object.values(ROLES);

export const hasRole = (actor: Pick<Actor, 'roles'>, ...roles: Role[]) =>
  roles.some((r) => actor.roles.includes(r));

/** Sees every instance (administrators; designers, who migrate them). */
export const seesAllInstances = (actor: Actor) => hasRole(actor, 'admin', 'designer');

/**
 * The groups whose work the actor sees: their own, plus for supervisors the groups whose
 * `supervisor_group` is one of theirs (the groups table).
 */
export function workGroups(actor: Actor): string[] {
  if (!hasRole(actor, 'supervisor')) return actor.groups;
  return [...new Set([...actor.groups, ...(actor.supervises ?? [])])];
}

/** The task fields the rule below reads. */
export interface TaskAccess {
  assignee: string | null;
  candidate_groups: string[];
  candidate_users: string[];
}

/**
 * May this actor work this task: the one rule, used by task completion, claims, uploads,
 * reassignment, the task view, the event stream and document downloads. Administrators may act
 * on any task; supervisors on any task of the groups they belong to or supervise (even one
 * claimed by someone else); others on their own or their groups' tasks, and on a task offered
 * to nobody in particular.
 */
export function mayWork(actor: Actor, t: TaskAccess): boolean {
  if (actor.roles.includes('admin')) return true;
  if (
    actor.roles.includes('supervisor') &&
    t.candidate_groups.some((g) => actor.groups.includes(g) || actor.supervises?.includes(g))
  )
    return true;
  if (t.assignee) return t.assignee === actor.id;
  if (t.candidate_users.includes(actor.id)) return true;
  if (t.candidate_groups.some((g) => actor.groups.includes(g))) return true;
  return t.candidate_groups.length === 0 && t.candidate_users.length === 0;
}

/**
 * Whether the actor could work the task were it not claimed by someone else: who could never
 * work on it is not told it exists (404, not 403).
 */
export function mayEverWork(actor: Actor, t: TaskAccess): boolean {
  return mayWork(actor, { ...t, assignee: null }) || t.assignee === actor.id;
}

/**
 * Throws unless the task is open and the actor may work it now: 404 when they never could,
 * `CW_ERR_TASK_ALREADY_COMPLETED` / `CW_ERR_TASK_NOT_OPEN` when it is closed,
 * `CW_ERR_TASK_CLAIMED` when someone else holds it.
 */
export function assertMayWorkOpenTask(
  actor: Actor,
  t: TaskAccess & { id: string; status: string },
): void {
  if (!mayEverWork(actor, t))
    throw createError('CW_ERR_NOT_FOUND', `task ${t.id} not found`, { data: { taskId: t.id } });
  if (t.status === 'completed')
    throw createError('CW_ERR_TASK_ALREADY_COMPLETED', undefined, { data: { taskId: t.id } });
  if (t.status !== 'open')
    throw createError('CW_ERR_TASK_NOT_OPEN', undefined, {
      data: { taskId: t.id, status: t.status },
    });
  if (!mayWork(actor, t))
    throw createError('CW_ERR_TASK_CLAIMED', undefined, {
      data: { taskId: t.id, assignee: t.assignee },
    });
}

/** Why an actor may download a case's documents (recorded with each download). */
export type DocumentAccess = { basis: 'personal-data' } | { basis: 'task'; taskId: string };

/**
 * Whether the actor may download the documents of a case they can see, given its open tasks:
 * documents are personal data, so seeing the case is not enough; it takes the `personal-data`
 * role or an open task of the case they may work on. Null when neither.
 */
export function documentAccess(
  actor: Actor,
  openTasks: readonly (TaskAccess & { id: string })[],
): DocumentAccess | null {
  if (hasRole(actor, 'personal-data')) return { basis: 'personal-data' };
  const task = openTasks.find((t) => mayWork(actor, t));
  return task ? { basis: 'task', taskId: task.id } : null;
}
