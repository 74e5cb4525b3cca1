/**
 * The access policy: who the caller is (the actor), which roles there are, which duties each
 * role holds (every route's rule, `config.auth`, names a duty), and who may see or work which
 * task and case once inside a route. ./visibility.ts says the same of cases and tasks as SQL
 * conditions for the store's queries. docs/security.md has the table of what each role may do.
 *
 * @example
 *   app.post('/api/instances/:id/cancel', { config: { auth: { roles: DUTIES.oversee } } }, …);
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

/**
 * What each role may do beyond its own tasks, by duty: each route's rule (`config.auth`) and
 * each check inside a route names one of these, so a duty changes hands in one place.
 */
export const DUTIES = {
  /** read, check, publish and play definitions, draft them; migrate cases to another version */
  design: ['admin', 'designer'],
  /**
   * oversee the work of one's groups: cancel cases, reassign tasks, the inbox's `all` scope,
   * incidents and their retries, pending timers, SLA reports and analytics
   */
  oversee: ['admin', 'supervisor'],
  /** list cases (designers too: they migrate them) */
  listCases: ['admin', 'supervisor', 'designer'],
  /**
   * start cases (`POST /api/instances`): those who work them and machine clients; designers try
   * their processes in play mode instead, customers through a process's public intake
   */
  startCases: ['admin', 'supervisor', 'staff', 'integration'],
  /** send messages to waiting cases (a portal, a mail gateway) */
  sendMessages: ['admin', 'integration'],
  /** users, groups, every API token, plugins and their settings */
  administer: ['admin'],
  /** customers' personal data unmasked, and search by ID and phone number (each read recorded) */
  readPersonalData: ['personal-data'],
  /**
   * pass over the failed step of a case (an incident) so the case moves on without its result:
   * a weightier change of a case's path than retrying it
   */
  skipSteps: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Duty = keyof typeof DUTIES;

/** Whether the actor holds a role of the duty. */
export const may = (actor: Pick<Actor, 'roles'>, duty: Duty) => hasRole(actor, ...DUTIES[duty]);

/**
 * Every duty the actor holds, for clients that offer only what the engine will allow (the
 * studio's menu and landing page read it from `GET /api/auth/me`).
 */
export const dutiesOf = (actor: Pick<Actor, 'roles'>): Duty[] =>
  (Object.keys(DUTIES) as Duty[]).filter((d) => may(actor, d));

/** Works every task, in every group (administrators). */
export const worksEveryTask = (actor: Pick<Actor, 'roles'>) => hasRole(actor, 'admin');

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
  if (worksEveryTask(actor)) return true;
  if (
    hasRole(actor, 'supervisor') &&
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
  if (may(actor, 'readPersonalData')) return { basis: 'personal-data' };
  const task = openTasks.find((t) => mayWork(actor, t));
  return task ? { basis: 'task', taskId: task.id } : null;
}

/**
 * May give a claimed task back to its groups: whoever holds it, and those who oversee the
 * groups' work (the task must still be one they may work, `assertMayWorkOpenTask`).
 */
export const mayUnclaim = (actor: Actor, t: Pick<TaskAccess, 'assignee'>) =>
  t.assignee === actor.id || may(actor, 'oversee');

/**
 * May move this task to someone else (bulk reassignment, for those who oversee): a task they
 * could work were it not claimed. A task they could never work is not theirs to move (and they
 * are not told it exists).
 */
export const mayReassign = (actor: Actor, t: TaskAccess) =>
  mayEverWork(actor, { ...t, assignee: null });

/**
 * May hand work to this user (their groups given) or this group: administrators to anyone,
 * supervisors within the groups they belong to or supervise.
 */
export function mayReassignTo(
  actor: Actor,
  to: { userGroups: readonly string[] } | { group: string },
): boolean {
  if (hasRole(actor, 'admin')) return true;
  const mine = workGroups(actor);
  return 'group' in to ? mine.includes(to.group) : to.userGroups.some((g) => mine.includes(g));
}

/**
 * Whether the actor may see a case: every case (administrators, designers), one they started,
 * or one with a task they could work were it not claimed by someone else. The rule behind
 * `instanceVisibleSql` (./visibility.ts), which lists cases by it.
 */
export function maySeeCase(
  actor: Actor,
  c: { startedBy: string | null; tasks: readonly TaskAccess[] },
): boolean {
  return (
    seesAllInstances(actor) ||
    (c.startedBy !== null && c.startedBy === actor.id) ||
    c.tasks.some((t) => mayEverWork(actor, t))
  );
}

/**
 * The actions on a case the actor's roles allow, for a case they may see: the case page shows
 * only these (the routes behind them check the same duties).
 */
export function caseActions(
  actor: Actor,
  c: { active: boolean; openTasks: readonly (TaskAccess & { id: string })[] },
) {
  const oversees = may(actor, 'oversee');
  return {
    cancel: c.active && oversees,
    reassign: oversees && c.openTasks.length > 0,
    migrate: c.active && may(actor, 'design'),
    retryIncident: oversees,
    note: true,
    downloadDocuments: documentAccess(actor, c.openTasks) !== null,
  };
}

/** May list or revoke this user's API tokens: their own, or anyone's for administrators. */
export const mayManageTokensOf = (actor: Actor, userId: string) =>
  userId === actor.id || may(actor, 'administer');
