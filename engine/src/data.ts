/**
 * The reads and writes the HTTP layer makes, bound to one engine's database: routes call
 * `engine.data.inbox(actor, query)` and never hold the database themselves
 * (tests/meta/architecture.test.ts). The SQL stays in store/; the functions listed here are
 * the store's repositories and the few queries of other folders (search, cases, identity,
 * attachments) that read through them. A route that needs another one adds it here.
 *
 * @example
 *   const data = engineData(db, { registry: () => registry, index: caseIndex });
 *   const page = await data.listInstances(actor, query);
 */
import type { DefinitionRegistry } from './definitions/index.ts';
import { accessChannel } from './identity/index.ts';
import { PlayService } from './play/index.ts';
import type { CaseIndex } from './search/index.ts';
import { taskChannel, type Db } from './store/index.ts';
import {
  listAttachments,
  readAttachment,
  storeAttachment,
  waitUploads,
} from './attachments/index.ts';
import { caseSubmissions, readHistory } from './cases/index.ts';
import {
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
} from './identity/index.ts';
import { findCases, relatedCases, summarise } from './search/index.ts';
import {
  insertOidcLogin,
  knownGroupIds,
  knownRoleIds,
  takeOidcLogin,
  activeCasesByVersion,
  ageing,
  announceChange,
  auditPage,
  batchCases,
  batchProgress,
  breakdown,
  clockEventsOf,
  complaintReport,
  cycleTimes,
  deleteInboxFilter,
  enteredNodes,
  inbox,
  inboxFiltersOf,
  incidentDetail,
  incidentVisible,
  insertInboxFilter,
  jobHistory,
  listBatches,
  listIncidents,
  listInstances,
  loadClocks,
  markRead,
  notificationsFor,
  openIncidentIds,
  openIncidentsOf,
  openTaskCounts,
  openTasksOf,
  pastSla,
  pendingCalendarTimers,
  pendingSubscriptionsOf,
  pendingTimers,
  possibleWorkers,
  readInstance,
  readTask,
  recordAudit,
  recordEntries,
  satisfaction,
  slaReport,
  stepTimes,
  summaryRow,
  surveyScores,
  taskOffer,
  taskWithPeople,
  tasksOfCase,
  throughput,
  trackedInstanceId,
  unreadCounts,
  unroutableTasks,
  visibleInstance,
  workload,
} from './store/index.ts';

/** Called with the database as their first argument. */
const QUERIES = {
  insertOidcLogin,
  knownGroupIds,
  knownRoleIds,
  oidcSignIn,
  takeOidcLogin,
  activeCasesByVersion,
  actorOf,
  ageing,
  announceAccessEnded,
  announceChange,
  auditPage,
  batchCases,
  batchProgress,
  breakdown,
  checkCredentials,
  clockEventsOf,
  complaintReport,
  createGroup,
  createRole,
  createSession,
  createToken,
  createUser,
  cycleTimes,
  deleteInboxFilter,
  deleteSession,
  deleteUserSessions,
  directory,
  displayNames,
  enteredNodes,
  findSession,
  findToken,
  getUser,
  groupMembers,
  inbox,
  inboxFiltersOf,
  incidentDetail,
  incidentVisible,
  insertInboxFilter,
  jobHistory,
  listAttachments,
  listBatches,
  listGroups,
  listIncidents,
  listInstances,
  listRoles,
  listTokens,
  listUsers,
  loadClocks,
  markRead,
  notificationsFor,
  openIncidentIds,
  openIncidentsOf,
  openTaskCounts,
  openTasksOf,
  pastSla,
  pendingCalendarTimers,
  pendingSubscriptionsOf,
  pendingTimers,
  possibleWorkers,
  putGroup,
  readAttachment,
  readHistory,
  readInstance,
  readTask,
  recordAudit,
  recordEntries,
  revokeToken,
  satisfaction,
  setPassword,
  slaReport,
  stepTimes,
  storeAttachment,
  summaryRow,
  surveyScores,
  taskOffer,
  taskWithPeople,
  tasksOfCase,
  throughput,
  trackedInstanceId,
  unreadCounts,
  unroutableTasks,
  updateRole,
  updateUser,
  visibleInstance,
  waitUploads,
  workload,
};

/** Called with the database, the registry and the search index as their first argument. */
const WITH_DEPS = {
  caseSubmissions,
  findCases,
  relatedCases,
  summarise,
};

/** A function without its first argument (what the binding supplies). */
type Bound<F> = F extends (first: never, ...rest: infer A) => infer R ? (...rest: A) => R : never;
type BoundAll<T> = { [K in keyof T]: Bound<T[K]> };

export type EngineData = BoundAll<typeof QUERIES> &
  BoundAll<typeof WITH_DEPS> & {
    /** The LISTEN channels of this database's schema. */
    channels: { access: string; task: string };
    /** The designers' play service over this database. */
    playService(deps: Omit<ConstructorParameters<typeof PlayService>[0], 'db'>): PlayService;
  };

function bind<T extends Record<string, unknown>>(fns: T, first: () => unknown): BoundAll<T> {
  return Object.fromEntries(
    Object.entries(fns).map(([name, f]) => [
      name,
      (...rest: unknown[]) => (f as (...a: unknown[]) => unknown)(first(), ...rest),
    ]),
  ) as BoundAll<T>;
}

export function engineData(
  db: Db,
  more: { registry: () => DefinitionRegistry; index: CaseIndex },
): EngineData {
  return {
    ...bind(QUERIES, () => db),
    ...bind(WITH_DEPS, () => ({ db, registry: more.registry(), index: more.index })),
    channels: { access: accessChannel(db.schema), task: taskChannel(db.schema) },
    playService: (deps) => new PlayService({ db, ...deps }),
  };
}
