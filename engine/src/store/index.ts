/**
 * PostgreSQL, the engine's only source of truth: the pool with one schema per deployment (its
 * client seals personal data in JSON parameters and opens it in JSON columns), numbered
 * migrations that only grow, and one repository per aggregate (repositories.ts: instances,
 * messages, tasks, jobs, incidents, history, slaClocks, identity, search, attachments,
 * analytics, notifications, audit, idempotency, retention, migrationBatches, plays, plugins),
 * each a set of typed queries and commands taking the database or a transaction first. The
 * definitions' version ledger (definitionLedger) is the interface definitions/ declares.
 * Nothing outside this folder writes SQL (tests/meta/architecture.test.ts).
 *
 * @example
 *   import { tasks } from '../store/index.ts';
 *   const page = await tasks.inbox(db, actor, { limit: 50 });
 */
export {
  analytics,
  attachments,
  audit,
  history,
  identity,
  idempotency,
  incidents,
  instances,
  jobs,
  messages,
  migrationBatches,
  notifications,
  plays,
  plugins,
  retention,
  search,
  slaClocks,
  tasks,
} from './repositories.ts';
export {
  connectDb,
  isTransientDbError,
  migrate,
  ping,
  type Db,
  type Queryable,
  type Tx,
} from './db.ts';
export { type InstanceRow, type NewInstance } from './instances.ts';
export { type DrainedKind, type DueTimer } from './due-timers.ts';
export { type CaseTerms, type StepHistory, type StepsDone } from './step-batch.ts';
export { type CalendarTimerRow } from './calendar-timers.ts';
export { type CalendarRow, type UnrecordedRow } from './calendar-rows.ts';
export { type Claim, type KeyRef, type StoredAnswer } from './idempotency.ts';
export {
  TIMER_KINDS,
  type ClaimedJob,
  type JobKind,
  type JobRow,
  type NewJobRow,
  type PendingJob,
  type TimerKind,
} from './jobs.ts';
export { type IncidentSummaryRow } from './incidents.ts';
export { type LiveClockOfCase } from './sla-clocks.ts';
export { INBOX_TOTAL_CAP, type InboxRow, type TaskRow } from './tasks.ts';
export { type UserRow } from './users.ts';
export { type RoleRow } from './roles.ts';
export { type ApiTokenRow, type SessionActorRow } from './credentials.ts';
export { jobsChannel, notify, taskChannel } from './notices.ts';
export { type IndexedCaseRow, type SummaryRow, type TermMatch } from './search.ts';
export { type OpenTaskRow, type WorklistFilter } from './worklist.ts';
export { type RatingSource } from './analytics.ts';
export { type InboxFilterRow } from './inbox-filters.ts';
export { definitionLedger } from './definition-ledger.ts';
export { NoticeListener } from './listener.ts';
export { announceChange, changesChannel, parseChange } from './changes.ts';
export { AUDIT } from './audit.ts';
export { type BatchCaseStatus, type BatchRow } from './migration-batches.ts';
