/**
 * PostgreSQL, the engine's only source of truth: the pool with one schema per deployment (its
 * client seals personal data in JSON parameters and opens it in JSON columns), numbered
 * migrations that only grow, and one module of named queries per aggregate. Nothing outside
 * this folder writes SQL (tests/meta/architecture.test.ts).
 */
export {
  connectDb,
  isTransientDbError,
  migrate,
  ping,
  type Db,
  type Queryable,
  type Tx,
} from './db.ts';
export { lockFreeInstances, lockInstance, type InstanceRow } from './instances.ts';
export {
  lockDueTimers,
  markJobsDone,
  nextTimerDue,
  type DrainedKind,
  type DueTimer,
} from './due-timers.ts';
export {
  insertStepsHistory,
  updateAfterSteps,
  type StepHistory,
  type StepsDone,
} from './step-batch.ts';
export { loadClocks } from './sla-clocks.ts';
export {
  pendingCalendarTimers,
  replayCalendarTimer,
  type CalendarTimerRow,
} from './calendar-timers.ts';
export {
  claimKey,
  deleteExpiredKeys,
  recordAnswer,
  type Claim,
  type KeyRef,
  type StoredAnswer,
} from './idempotency.ts';
export { deletePlay, insertPlay, listPlays, prunePlays, readPlay, updatePlay } from './plays.ts';
export {
  TIMER_KINDS,
  cancelClockTimers,
  cancelJob,
  cancelPendingJob,
  claimSweep,
  countJobFailure,
  ensureSweep,
  insertJob,
  jobStillPending,
  jobsStillPending,
  claimServiceJob,
  claimServiceJobs,
  type ClaimedJob,
  markJobDone,
  pendingJobs,
  pendingTimers,
  readJob,
  readSweep,
  recordJobError,
  retryJob,
  setJobInput,
  type JobKind,
  type JobRow,
  type NewJobRow,
  type PendingJob,
  type TimerKind,
} from './jobs.ts';
export {
  incidentDetail,
  incidentVisible,
  jobHistory,
  listIncidents,
  openIncident,
  openIncidentIds,
  openIncidentsOf,
  openIncidentsOfCases,
  readIncident,
  retryIncidentJob,
  skipIncidentJob,
  type IncidentSummaryRow,
} from './incidents.ts';
export {
  appendHistory,
  enteredNodes,
  entryWithCase,
  firstEntryOf,
  historyOf,
  insertStepHistory,
  recordEntries,
} from './history.ts';
export {
  businessKeyTaken,
  insertInstance,
  readInstance,
  visibleInstance,
  listInstances,
  activeCasesByVersion,
  updateAfterStep,
  updateVersion,
} from './instances.ts';
export {
  clockEventsOf,
  liveClocksOf,
  logClock,
  slaReport,
  writeClock,
  type LiveClockOfCase,
} from './sla-clocks.ts';
export {
  closeTask,
  completedTasksOf,
  INBOX_TOTAL_CAP,
  inbox,
  inboxCursor,
  insertTask,
  moveTokenWork,
  offerOpenTasksToGroup,
  offerToGroup,
  openTasksOf,
  raiseOpenTasksPriority,
  raiseTasksPriority,
  readTask,
  readTasks,
  saveTaskDraft,
  setAssignee,
  taskInstanceId,
  tasksInstanceIds,
  taskWithPeople,
  tasksOfCase,
  type TaskRow,
} from './tasks.ts';
export {
  cancelSubscription,
  insertBufferedMessage,
  insertCorrelatedMessage,
  insertSubscription,
  lockCorrelation,
  oldestSubscription,
  pendingSubscriptionsOf,
  readMessage,
  readSubscription,
  subscriptionDone,
  takeBufferedMessage,
} from './messages.ts';
export {
  insertNotification,
  markRead,
  notificationsFor,
  supervisorGroupsOf,
  unreadCounts,
} from './notifications.ts';
export {
  directoryRows,
  enabledAdminExists,
  enabledUserGroups,
  ensureAdminUser,
  groupKnown,
  groupMemberIds,
  insertGroup,
  insertUser,
  knownGroupIds,
  listGroupRows,
  listUserRows,
  lockUsers,
  loginRow,
  possibleWorkers,
  readActor,
  readUserRow,
  setLastLogin,
  setPasswordHash,
  updateUserRow,
  upsertAdmin,
  upsertGroup,
  upsertUser,
  userNames,
  type UserRow,
} from './users.ts';
export { insertOidcLogin, takeOidcLogin, upsertOidcUser, userEnabled } from './oidc.ts';
export {
  insertRole,
  knownRoleIds,
  listRoleRows,
  readRoleRow,
  updateRoleRow,
  type RoleRow,
} from './roles.ts';
export {
  apiTokensOf,
  clearLoginFailures,
  countLoginFailure,
  deleteSessionRow,
  deleteSessionsOf,
  ensureBootstrapToken,
  insertApiToken,
  insertSession,
  liveSession,
  lockLogin,
  lockedUntil,
  revokeApiToken,
  tokenActor,
  touchSession,
  type ApiTokenRow,
  type SessionActorRow,
} from './credentials.ts';
export { jobsChannel, notify, taskChannel } from './notices.ts';
export {
  casesToIndex,
  lockCaseForIndex,
  openTasksVisible,
  relatedRows,
  replaceTerms,
  searchTerms,
  summaryRow,
  type IndexedCaseRow,
  type SummaryRow,
  type TermMatch,
} from './search.ts';
export { insertTrackingToken, trackedInstanceId } from './tracking.ts';
export { reachesSomebody, unroutableTasks } from './task-routing.ts';
export {
  liveClocks,
  openTaskCounts,
  openTasksOfCases,
  taskOffer,
  type OpenTaskRow,
  type WorklistFilter,
} from './worklist.ts';
export {
  ageing,
  breakdown,
  cycleTimes,
  pastSla,
  satisfaction,
  stepTimes,
  surveyScores,
  throughput,
  workload,
  type RatingSource,
} from './analytics.ts';
export { complaintReport } from './complaints-report.ts';
export {
  activeInstanceFigures,
  jobQueueFigures,
  liveClockFigures,
  openIncidentFigures,
} from './operations-figures.ts';
export {
  changePluginSecrets,
  pluginConfig,
  pluginSettings,
  replacePluginSubscriptions,
  writePluginConfig,
} from './plugin-settings.ts';
export {
  deleteInboxFilter,
  inboxFiltersOf,
  insertInboxFilter,
  type InboxFilterRow,
} from './inbox-filters.ts';
export {
  attachmentFacts,
  attachmentsOf,
  insertAttachment,
  readAttachmentRow,
  uploadsForWait,
} from './attachments.ts';
export {
  deleteAttachmentsOf,
  deletePersonalSearchTerms,
  eraseCaseNotes,
  lockUnerasedCase,
  markCaseErased,
  rewriteSealedColumns,
  unerasedEndedCases,
} from './erasure.ts';
export { archiveClosedCases } from './archive.ts';
export { definitionLedger } from './definition-ledger.ts';
export { NoticeListener } from './listener.ts';
export { announceChange, changesChannel, parseChange } from './changes.ts';
export { AUDIT, auditPage, recordAudit, recordKeyRing } from './audit.ts';
export {
  batchCases,
  batchProgress,
  candidatePage,
  claimMigrationRun,
  endBatch,
  finishBatchCase,
  hasPendingCases,
  insertBatch,
  listBatches,
  lockPendingBatchCase,
  pendingBatchCases,
  readBatch,
  readMigrationJob,
  type BatchCaseStatus,
  type BatchRow,
} from './migration-batches.ts';
