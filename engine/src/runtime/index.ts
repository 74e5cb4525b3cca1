export { step, initialState, INLINE_ACTIONS } from './step.ts';
export { buildGraph, type ProcessGraph } from './graph.ts';
export { businessKeyDeclaration, businessKeyOf } from './business-key.ts';
export {
  planMigration,
  applyMigration,
  type MigrationPlan,
  type MigrationProblem,
} from './migrate.ts';
export type * from './types.ts';
export { boundaryTimersOf } from './types.ts';
export {
  CASE_REFERENCE_PATTERN,
  newCaseReference,
  normaliseCaseReference,
  withCaseReference,
} from './case-reference.ts';
