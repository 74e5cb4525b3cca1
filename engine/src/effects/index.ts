export {
  Executor,
  type Actor,
  type Correlation,
  type Dispatcher,
  type ExecutorDeps,
  type JobOutcome,
  type TxHooks,
} from './executor.ts';
export type { InstanceRow, Dispatch } from './apply.ts';
export { appendHistory } from './rows.ts';
export { reassignTasks, type ReassignTarget, type Reassigned } from './reassign.ts';
