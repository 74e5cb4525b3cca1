/**
 * The access policy: who the caller is (the actor), the permissions a role may hold (every
 * route's rule, `config.auth`, names duties; the task and case rules read the reach), and who
 * may see or work which task and case once inside a route. Which role holds which permission is
 * data, in the `roles` table (./roles.ts). ./visibility.ts says the same of cases and tasks as SQL
 * conditions for the store's queries. docs/security.md has the table of what each role may do.
 *
 * @example
 *   app.post('/api/instances/:id/cancel', { config: { auth: { duties: ['oversee'] } } }, …);
 *   if (!mayWork(actor, task)) throw createError('CW_ERR_NOT_FOUND');
 */
import { createError } from '../errors.ts';

/**
 * Who calls: a signed-in user or an integration's API token, with their groups, roles and the
 * permissions those roles hold (read with the user from the `roles` table at authentication, so
 * a role edited by an administrator counts from the next request on every engine).
 */
export interface Actor {
  id: string;
  groups: string[];
  roles: string[];
  /** What the actor's roles allow: the union of their permissions (the `roles` table). */
  permissions: readonly string[];
  /** Groups whose `supervisor_group` is one of the actor's groups (set at sign-in). */
  supervises?: string[];
}

/**
 * What a role may do beyond its own tasks, by duty: each route's rule (`config.auth`) and each
 * check inside a route names one of these. Which roles hold which is data (the `roles` table,
 * edited by administrators); `DEFAULT_ROLES` below is what a new database starts with.
 */
export const DUTIES = {
  /** read, check, publish and play definitions, draft them; migrate cases to another version */
  design: 'design',
  /**
   * oversee the work of one's groups: cancel cases, reassign tasks, the inbox's `all` scope,
   * incidents and their retries, pending timers, SLA reports and analytics
   */
  oversee: 'oversee',
  /** list cases (designers too: they migrate them) */
  listCases: 'listCases',
  /**
   * start cases (`POST /api/instances`): those who work them and machine clients; designers try
   * their processes in play mode instead, customers through a process's public intake
   */
  startCases: 'startCases',
  /** send messages to waiting cases (a portal, a mail gateway) */
  sendMessages: 'sendMessages',
  /** users, groups, roles, every API token, plugins and their settings */
  administer: 'administer',
  /** customers' personal data unmasked, and search by ID and phone number (each read recorded) */
  readPersonalData: 'readPersonalData',
  /**
   * pass over the failed step of a case (an incident) so the case moves on without its result:
   * a weightier change of a case's path than retrying it
   */
  skipSteps: 'skipSteps',
} as const;
export type Duty = keyof typeof DUTIES;

/**
 * How far an actor reaches into the work beyond their own tasks and groups: held by roles like
 * the duties, but read by the task and case rules below rather than by route rules.
 */
export const REACH = {
  /** work, claim and reassign every task of every group, and hand work to anyone */
  workEveryTask: 'workEveryTask',
  /** see every case, not only those with a task one could work (administrators, designers) */
  seeEveryCase: 'seeEveryCase',
  /** see and work the tasks of the groups one's groups supervise (`groups.supervisor_group`) */
  superviseGroups: 'superviseGroups',
} as const;
export type Reach = keyof typeof REACH;

/** Every permission a role may hold: the duties, then the reach. */
export type Permission = Duty | Reach;
export const PERMISSIONS = [...Object.keys(DUTIES), ...Object.keys(REACH)] as Permission[];

/**
 * The six roles every database starts with (migration 028 seeds exactly these), as they were
 * when roles were fixed in code. Administrators may change them and add others.
 */
export const DEFAULT_ROLES: Record<
  string,
  { name: { 'zh-Hant': string; en: string }; permissions: readonly Permission[] }
> = {
  admin: {
    name: { 'zh-Hant': '管理員', en: 'Administrator' },
    permissions: [
      'design',
      'oversee',
      'listCases',
      'startCases',
      'sendMessages',
      'administer',
      'skipSteps',
      'workEveryTask',
      'seeEveryCase',
    ],
  },
  designer: {
    name: { 'zh-Hant': '流程設計者', en: 'Designer' },
    permissions: ['design', 'listCases', 'seeEveryCase'],
  },
  supervisor: {
    name: { 'zh-Hant': '督導', en: 'Supervisor' },
    permissions: ['oversee', 'listCases', 'startCases', 'superviseGroups'],
  },
  staff: { name: { 'zh-Hant': '承辦人員', en: 'Staff' }, permissions: ['startCases'] },
  integration: {
    name: { 'zh-Hant': '系統整合', en: 'Integration' },
    permissions: ['startCases', 'sendMessages'],
  },
  'personal-data': {
    name: { 'zh-Hant': '個資檢視', en: 'Personal data' },
    permissions: ['readPersonalData'],
  },
};

/** The permissions the default roles give (tests and tools that build actors by hand). */
export const defaultPermissions = (roles: readonly string[]): Permission[] =>
  PERMISSIONS.filter((p) => roles.some((r) => DEFAULT_ROLES[r]?.permissions.includes(p)));

/** Whether the actor holds the permission through one of their roles. */
export const holds = (actor: Pick<Actor, 'permissions'>, p: Permission) =>
  actor.permissions.includes(p);

/** Whether the actor holds the duty. */
export const may = (actor: Pick<Actor, 'permissions'>, duty: Duty) => holds(actor, duty);

/**
 * Every duty the actor holds, for clients that offer only what the engine will allow (the
 * studio's menu and landing page read it from `GET /api/auth/me`).
 */
export const dutiesOf = (actor: Pick<Actor, 'permissions'>): Duty[] =>
  (Object.keys(DUTIES) as Duty[]).filter((d) => may(actor, d));

/** Works every task, in every group (administrators). */
export const worksEveryTask = (actor: Pick<Actor, 'permissions'>) => holds(actor, 'workEveryTask');

/**
 * Sees every instance (administrators; designers, who migrate them), and so does whoever works
 * every task (a role may hold that reach without `seeEveryCase`).
 */
export const seesAllInstances = (actor: Pick<Actor, 'permissions'>) =>
  holds(actor, 'seeEveryCase') || holds(actor, 'workEveryTask');

/**
 * The groups whose work the actor sees: their own, plus for supervisors the groups whose
 * `supervisor_group` is one of theirs (the groups table).
 */
export function workGroups(actor: Actor): string[] {
  if (!holds(actor, 'superviseGroups')) return actor.groups;
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
    holds(actor, 'superviseGroups') &&
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
 * documents are personal data, so seeing the case is not enough; it takes `readPersonalData`
 * (the `personal-data` role) or an open task of the case they may work on. Null when neither.
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
  if (worksEveryTask(actor)) return true;
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
