export { Executor, type Correlation, type Dispatcher, type TxHooks } from './executor.ts';
export type { Dispatch } from './apply.ts';
export { appendHistory } from './rows.ts';
export { reassignTasks, type ReassignTarget } from './reassign.ts';
export { scheduleRetention } from './retention.ts';
