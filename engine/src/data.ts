/**
 * The reads and writes the HTTP layer makes, bound to one engine's database and grouped by
 * aggregate as store/ groups its repositories: routes call `engine.data.tasks.inbox(actor,
 * query)` and never hold the database themselves (tests/meta/architecture.test.ts). The SQL
 * stays in store/; each group lists the repository functions routes call and the few queries
 * and commands of other folders (identity, search, cases, attachments) that read through
 * them. A route that needs another one adds it to its aggregate here.
 *
 * @example
 *   const data = engineData(db, { registry: () => registry, index: caseIndex });
 *   const page = await data.instances.listInstances(actor, query);
 */
import type { DefinitionRegistry } from './definitions/index.ts';
import { PlayService } from './play/index.ts';
import type { CaseIndex } from './search/index.ts';
import {
  analytics,
  announceChange,
  audit,
  history,
  identity,
  incidents,
  instances,
  jobs,
  messages,
  migrationBatches,
  notifications,
  search,
  slaClocks,
  taskChannel,
  tasks,
  type Db,
} from './store/index.ts';
import {
  listAttachments,
  readAttachment,
  storeAttachment,
  waitUploads,
} from './attachments/index.ts';
import { caseSubmissions, readHistory } from './cases/index.ts';
import {
  accessChannel,
  actorOf,
  announceAccessEnded,
  checkCredentials,
  createGroup,
  createRole,
  createSession,
  createToken,
  createUser,
  deleteSession,
  deleteUserSessions,
  directory,
  displayNames,
  findSession,
  findToken,
  getUser,
  groupMembers,
  listGroups,
  listRoles,
  listTokens,
  listUsers,
  oidcSignIn,
  putGroup,
  revokeToken,
  setPassword,
  updateRole,
  updateUser,
} from './identity/index.ts';
import { findCases, relatedCases, summarise } from './search/index.ts';

/** Each group's functions are called with the database as their first argument. */
const QUERIES = {
  instances: {
    activeCasesByVersion: instances.activeCasesByVersion,
    listInstances: instances.listInstances,
    readInstance: instances.readInstance,
    visibleInstance: instances.visibleInstance,
    trackedInstanceId: instances.trackedInstanceId,
    pendingSubscriptionsOf: messages.pendingSubscriptionsOf,
  },
  tasks: {
    inbox: tasks.inbox,
    inboxFiltersOf: tasks.inboxFiltersOf,
    insertInboxFilter: tasks.insertInboxFilter,
    deleteInboxFilter: tasks.deleteInboxFilter,
    openTaskCounts: tasks.openTaskCounts,
    openTasksOf: tasks.openTasksOf,
    readTask: tasks.readTask,
    taskOffer: tasks.taskOffer,
    taskWithPeople: tasks.taskWithPeople,
    tasksOfCase: tasks.tasksOfCase,
    unroutableTasks: tasks.unroutableTasks,
    openCalendarTasks: tasks.openCalendarTasks,
  },
  jobs: {
    pendingTimers: jobs.pendingTimers,
    pendingCalendarTimers: jobs.pendingCalendarTimers,
    incidentDetail: incidents.incidentDetail,
    incidentVisible: incidents.incidentVisible,
    jobHistory: incidents.jobHistory,
    listIncidents: incidents.listIncidents,
    openIncidentIds: incidents.openIncidentIds,
    openIncidentsOf: incidents.openIncidentsOf,
  },
  history: {
    enteredNodes: history.enteredNodes,
    recordEntries: history.recordEntries,
    readHistory,
  },
  sla: {
    clockEventsOf: slaClocks.clockEventsOf,
    loadClocks: slaClocks.loadClocks,
    slaReport: slaClocks.slaReport,
  },
  identity: {
    insertOidcLogin: identity.insertOidcLogin,
    takeOidcLogin: identity.takeOidcLogin,
    knownGroupIds: identity.knownGroupIds,
    knownRoleIds: identity.knownRoleIds,
    possibleWorkers: identity.possibleWorkers,
    oidcSignIn,
    actorOf,
    announceAccessEnded,
    checkCredentials,
    createGroup,
    createRole,
    createSession,
    createToken,
    createUser,
    deleteSession,
    deleteUserSessions,
    directory,
    displayNames,
    findSession,
    findToken,
    getUser,
    groupMembers,
    listGroups,
    listRoles,
    listTokens,
    listUsers,
    putGroup,
    revokeToken,
    setPassword,
    updateRole,
    updateUser,
  },
  search: { summaryRow: search.summaryRow },
  attachments: { listAttachments, readAttachment, storeAttachment, waitUploads },
  analytics: {
    ageing: analytics.ageing,
    breakdown: analytics.breakdown,
    complaintReport: analytics.complaintReport,
    cycleTimes: analytics.cycleTimes,
    pastSla: analytics.pastSla,
    satisfaction: analytics.satisfaction,
    stepTimes: analytics.stepTimes,
    surveyScores: analytics.surveyScores,
    throughput: analytics.throughput,
    workload: analytics.workload,
  },
  audit: { auditPage: audit.auditPage, recordAudit: audit.recordAudit },
  notifications: {
    markRead: notifications.markRead,
    notificationsFor: notifications.notificationsFor,
    unreadCounts: notifications.unreadCounts,
  },
  migrations: {
    batchCases: migrationBatches.batchCases,
    batchProgress: migrationBatches.batchProgress,
    listBatches: migrationBatches.listBatches,
  },
  definitions: { announceChange },
};

/** Called with the database, the registry and the search index as their first argument. */
const WITH_DEPS = {
  history: { caseSubmissions },
  search: { findCases, relatedCases, summarise },
};

/** A function without its first argument (what the binding supplies). */
type Bound<F> = F extends (first: never, ...rest: infer A) => infer R ? (...rest: A) => R : never;
type BoundAll<T> = { [K in keyof T]: Bound<T[K]> };
type BoundGroups<T> = { [G in keyof T]: BoundAll<T[G]> };

type Queries = BoundGroups<typeof QUERIES>;
type WithDeps = BoundGroups<typeof WITH_DEPS>;

export type EngineData = Omit<Queries, keyof WithDeps> & {
  [G in keyof WithDeps]: WithDeps[G] & (G extends keyof Queries ? Queries[G] : unknown);
} & {
  /** The LISTEN channels of this database's schema. */
  channels: { access: string; task: string };
  /** The designers' play service over this database. */
  playService(deps: Omit<ConstructorParameters<typeof PlayService>[0], 'db'>): PlayService;
};

type Fn = (...a: unknown[]) => unknown;

function bind(
  groups: Record<string, Record<string, unknown>>,
  first: () => unknown,
  into: Record<string, Record<string, Fn>>,
): void {
  for (const [group, fns] of Object.entries(groups)) {
    const bound = (into[group] ??= {});
    for (const [name, f] of Object.entries(fns))
      bound[name] = (...rest: unknown[]) => (f as Fn)(first(), ...rest);
  }
}

export function engineData(
  db: Db,
  more: { registry: () => DefinitionRegistry; index: CaseIndex },
): EngineData {
  const groups: Record<string, Record<string, Fn>> = {};
  bind(QUERIES, () => db, groups);
  bind(WITH_DEPS, () => ({ db, registry: more.registry(), index: more.index }), groups);
  return {
    ...(groups as unknown as Omit<EngineData, 'channels' | 'playService'>),
    channels: { access: accessChannel(db.schema), task: taskChannel(db.schema) },
    playService: (deps) => new PlayService({ db, ...deps }),
  };
}
