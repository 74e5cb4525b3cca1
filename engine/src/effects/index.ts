export { Executor } from './executor.ts';
export { backfillCalendarBases } from './calendar-backfill.ts';
export type { Correlation } from './commands/correlate-message.ts';
export type { ReassignTarget } from './commands/reassign-tasks.ts';
export type { Dispatcher, ExecutorDeps, TxHooks } from './context.ts';
export { idempotencyHooks, trackingTokenHooks } from './hooks.ts';
export type { Dispatch } from './apply.ts';
export type { StepFact, StepObserver } from './observe.ts';
export { bulkMigrationView } from './commands/migrate-cases.ts';
