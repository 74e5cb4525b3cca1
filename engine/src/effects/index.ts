export {
  Executor,
  type Actor,
  type Dispatcher,
  type ExecutorDeps,
  type JobOutcome,
} from './executor.ts';
export type { InstanceRow, Dispatch } from './apply.ts';
export { appendHistory } from './rows.ts';
export { reassignTasks, type ReassignTarget, type Reassigned } from './reassign.ts';
