/**
 * The store's repositories: one object per aggregate, each function taking the database (the
 * pool, or the transaction a command holds) first, then typed inputs, and answering typed rows.
 * The SQL of each stays beside it in the module named in its comment; this file only says
 * which aggregate a query belongs to, so a reader finds "where are tasks read and written" in
 * one place.
 *
 * @example
 *   import { tasks } from '../store/index.ts';
 *   const task = await tasks.readTask(tx, taskId);
 */
import { archiveClosedCases } from './archive.ts';
import {
  attachmentFacts,
  attachmentsOf,
  insertAttachment,
  readAttachmentRow,
  uploadsForWait,
} from './attachments.ts';
import {
  ageing,
  breakdown,
  cycleTimes,
  pastSla,
  satisfaction,
  stepTimes,
  surveyScores,
  throughput,
  workload,
} from './analytics.ts';
import { auditPage, recordAudit, recordKeyRing } from './audit.ts';
import { complaintReport } from './complaints-report.ts';
import {
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
} from './credentials.ts';
import {
  openCalendarTasks,
  recordTaskDueBasis,
  replayTaskDue,
  unrecordedTaskDues,
} from './calendar-tasks.ts';
import {
  pendingCalendarTimers,
  recordTimerBasis,
  replayCalendarTimer,
  unrecordedTimers,
} from './calendar-timers.ts';
import { lockDueTimers, markJobsDone, nextTimerDue } from './due-timers.ts';
import {
  deleteAttachmentsOf,
  deletePersonalSearchTerms,
  eraseCaseNotes,
  lockUnerasedCase,
  markCaseErased,
  rewriteSealedColumns,
  unerasedEndedCases,
} from './erasure.ts';
import {
  appendHistory,
  enteredNodes,
  entryWithCase,
  firstEntryOf,
  historyOf,
  insertStepHistory,
  recordEntries,
} from './history.ts';
import { claimKey, deleteExpiredKeys, recordAnswer } from './idempotency.ts';
import { deleteInboxFilter, inboxFiltersOf, insertInboxFilter } from './inbox-filters.ts';
import {
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
} from './incidents.ts';
import {
  activeCasesByVersion,
  businessKeyTaken,
  insertInstance,
  listInstances,
  lockFreeInstances,
  lockInstance,
  readInstance,
  updateAfterStep,
  updateVersion,
  visibleInstance,
} from './instances.ts';
import {
  cancelClockTimers,
  cancelJob,
  cancelPendingJob,
  claimServiceJob,
  claimServiceJobs,
  claimSweep,
  countJobFailure,
  ensureSweep,
  insertJob,
  jobStillPending,
  jobsStillPending,
  markJobDone,
  pendingJobs,
  pendingTimers,
  readJob,
  readSweep,
  recordJobError,
  retryJob,
  setJobInput,
} from './jobs.ts';
import {
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
import {
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
} from './migration-batches.ts';
import {
  insertNotification,
  markRead,
  notificationsFor,
  supervisorGroupsOf,
  unreadCounts,
} from './notifications.ts';
import { insertOidcLogin, takeOidcLogin, upsertOidcUser, userEnabled } from './oidc.ts';
import {
  activeInstanceFigures,
  jobQueueFigures,
  liveClockFigures,
  openIncidentFigures,
} from './operations-figures.ts';
import { deletePlay, insertPlay, listPlays, prunePlays, readPlay, updatePlay } from './plays.ts';
import {
  changePluginSecrets,
  pluginConfig,
  pluginSettings,
  replacePluginSubscriptions,
  writePluginConfig,
} from './plugin-settings.ts';
import { insertRole, knownRoleIds, listRoleRows, readRoleRow, updateRoleRow } from './roles.ts';
import {
  casesToIndex,
  lockCaseForIndex,
  lockCasesForIndex,
  openTasksVisible,
  relatedRows,
  replaceTerms,
  searchTerms,
  summaryRow,
} from './search.ts';
import {
  clockEventsOf,
  liveClocksOf,
  loadClocks,
  logClock,
  slaReport,
  writeClock,
} from './sla-clocks.ts';
import {
  insertedRow,
  insertInstanceRows,
  insertStepsHistory,
  replaceCasesTerms,
  updateAfterSteps,
} from './step-batch.ts';
import { reachesSomebody, unroutableTasks } from './task-routing.ts';
import {
  closeTask,
  completedTasksOf,
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
} from './tasks.ts';
import { insertTrackingToken, trackedInstanceId } from './tracking.ts';
import {
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
} from './users.ts';
import { liveClocks, openTaskCounts, openTasksOfCases, taskOffer } from './worklist.ts';

/**
 * Cases: the instance row (state, revision, business key), its lock, tracking tokens
 * (instances.ts, step-batch.ts, tracking.ts).
 */
export const instances = {
  lockInstance,
  lockFreeInstances,
  readInstance,
  visibleInstance,
  listInstances,
  activeCasesByVersion,
  insertInstance,
  insertInstanceRows,
  insertedRow,
  businessKeyTaken,
  updateAfterStep,
  updateAfterSteps,
  updateVersion,
  insertTrackingToken,
  trackedInstanceId,
};

/** Message subscriptions of waiting cases and the messages buffered for them (messages.ts). */
export const messages = {
  lockCorrelation,
  readMessage,
  insertBufferedMessage,
  insertCorrelatedMessage,
  oldestSubscription,
  readSubscription,
  pendingSubscriptionsOf,
  insertSubscription,
  subscriptionDone,
  cancelSubscription,
  takeBufferedMessage,
};

/**
 * User tasks: their rows, the inbox and worklist reads, routing, saved filters, due dates counted
 * on a business calendar (tasks.ts, worklist.ts, task-routing.ts, inbox-filters.ts,
 * calendar-tasks.ts).
 */
export const tasks = {
  insertTask,
  closeTask,
  setAssignee,
  offerToGroup,
  saveTaskDraft,
  taskInstanceId,
  tasksInstanceIds,
  readTask,
  readTasks,
  taskWithPeople,
  tasksOfCase,
  openTasksOf,
  completedTasksOf,
  raiseOpenTasksPriority,
  raiseTasksPriority,
  offerOpenTasksToGroup,
  moveTokenWork,
  inboxCursor,
  inbox,
  liveClocks,
  openTasksOfCases,
  taskOffer,
  openTaskCounts,
  reachesSomebody,
  unroutableTasks,
  inboxFiltersOf,
  insertInboxFilter,
  deleteInboxFilter,
  openCalendarTasks,
  replayTaskDue,
  unrecordedTaskDues,
  recordTaskDueBasis,
};

/**
 * Pending work: timer, service, SLA and sweep job rows, their claims and failures, timers counted
 * on a business calendar (jobs.ts, due-timers.ts, calendar-timers.ts).
 */
export const jobs = {
  insertJob,
  readJob,
  claimServiceJobs,
  claimServiceJob,
  jobStillPending,
  jobsStillPending,
  markJobDone,
  markJobsDone,
  cancelJob,
  cancelPendingJob,
  setJobInput,
  retryJob,
  countJobFailure,
  ensureSweep,
  claimSweep,
  readSweep,
  recordJobError,
  cancelClockTimers,
  pendingJobs,
  pendingTimers,
  lockDueTimers,
  nextTimerDue,
  pendingCalendarTimers,
  replayCalendarTimer,
  unrecordedTimers,
  recordTimerBasis,
};

/**
 * Incidents: jobs that failed past their retries, and what an operator does with them
 * (incidents.ts).
 */
export const incidents = {
  openIncident,
  readIncident,
  retryIncidentJob,
  skipIncidentJob,
  openIncidentsOf,
  openIncidentsOfCases,
  openIncidentIds,
  incidentVisible,
  listIncidents,
  incidentDetail,
  jobHistory,
};

/** A case's history entries (history.ts, step-batch.ts). */
export const history = {
  appendHistory,
  recordEntries,
  insertStepHistory,
  insertStepsHistory,
  historyOf,
  firstEntryOf,
  enteredNodes,
  entryWithCase,
};

/** SLA clocks of cases, their event log and the SLA report (sla-clocks.ts). */
export const slaClocks = {
  loadClocks,
  writeClock,
  logClock,
  clockEventsOf,
  slaReport,
  liveClocksOf,
};

/**
 * Identity: users and groups, roles, sessions, API tokens, sign-in lockout, OIDC logins (users.ts,
 * roles.ts, credentials.ts, oidc.ts).
 */
export const identity = {
  listUserRows,
  readUserRow,
  insertUser,
  lockUsers,
  updateUserRow,
  enabledAdminExists,
  upsertAdmin,
  ensureAdminUser,
  upsertUser,
  loginRow,
  setLastLogin,
  setPasswordHash,
  readActor,
  userNames,
  knownGroupIds,
  listGroupRows,
  upsertGroup,
  insertGroup,
  groupMemberIds,
  directoryRows,
  enabledUserGroups,
  groupKnown,
  possibleWorkers,
  listRoleRows,
  readRoleRow,
  insertRole,
  updateRoleRow,
  knownRoleIds,
  insertSession,
  liveSession,
  touchSession,
  deleteSessionRow,
  deleteSessionsOf,
  insertApiToken,
  ensureBootstrapToken,
  apiTokensOf,
  revokeApiToken,
  tokenActor,
  lockedUntil,
  countLoginFailure,
  lockLogin,
  clearLoginFailures,
  insertOidcLogin,
  takeOidcLogin,
  upsertOidcUser,
  userEnabled,
};

/** Case search: the blind index's terms and the case summaries (search.ts). */
export const search = {
  replaceTerms,
  replaceCasesTerms,
  casesToIndex,
  lockCaseForIndex,
  lockCasesForIndex,
  summaryRow,
  openTasksVisible,
  searchTerms,
  relatedRows,
};

/** Uploaded files of cases (attachments.ts). */
export const attachments = {
  insertAttachment,
  attachmentsOf,
  uploadsForWait,
  readAttachmentRow,
  attachmentFacts,
};

/**
 * Read-only figures: dashboards, the complaints report, operations figures for metrics
 * (analytics.ts, complaints-report.ts, operations-figures.ts).
 */
export const analytics = {
  cycleTimes,
  stepTimes,
  workload,
  pastSla,
  ageing,
  throughput,
  breakdown,
  surveyScores,
  satisfaction,
  complaintReport,
  jobQueueFigures,
  openIncidentFigures,
  activeInstanceFigures,
  liveClockFigures,
};

/** Staff notifications (notifications.ts). */
export const notifications = {
  insertNotification,
  notificationsFor,
  unreadCounts,
  markRead,
  supervisorGroupsOf,
};

/** The audit log (audit.ts). */
export const audit = { recordAudit, auditPage, recordKeyRing };

/** Idempotency keys of HTTP writes (idempotency.ts). */
export const idempotency = { claimKey, recordAnswer, deleteExpiredKeys };

/**
 * Retention: erasing personal data of ended cases, archiving closed ones (erasure.ts, archive.ts).
 */
export const retention = {
  unerasedEndedCases,
  lockUnerasedCase,
  markCaseErased,
  rewriteSealedColumns,
  eraseCaseNotes,
  deletePersonalSearchTerms,
  deleteAttachmentsOf,
  archiveClosedCases,
};

/** Bulk migration batches of cases between process versions (migration-batches.ts). */
export const migrationBatches = {
  candidatePage,
  insertBatch,
  readBatch,
  listBatches,
  batchProgress,
  batchCases,
  claimMigrationRun,
  readMigrationJob,
  pendingBatchCases,
  lockPendingBatchCase,
  finishBatchCase,
  endBatch,
  hasPendingCases,
};

/** The designers' plays (simulated runs) (plays.ts). */
export const plays = { insertPlay, readPlay, updatePlay, listPlays, deletePlay, prunePlays };

/** Plugins' configuration, secrets and event subscriptions (plugin-settings.ts). */
export const plugins = {
  pluginSettings,
  pluginConfig,
  writePluginConfig,
  changePluginSecrets,
  replacePluginSubscriptions,
};
