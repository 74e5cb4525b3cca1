export { step, initialState, INLINE_ACTIONS, parseCycle } from './step.ts';
export { buildGraph, type ProcessGraph } from './graph.ts';
export {
  planMigration,
  applyMigration,
  migrationReason,
  problemsIn,
  type MigrationPlan,
} from './migrate.ts';
export type * from './types.ts';
export { thrown } from './types.ts';
export { newCaseId } from './case-id.ts';
export { newCaseReference, normaliseCaseReference, withCaseReference } from './case-reference.ts';
