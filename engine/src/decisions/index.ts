/**
 * Decision tables (DMN 1.3 semantics): inputs as FEEL, rules of unary tests, hit policies.
 *
 * @example
 *   const { matched, result } = evaluateDecision(table, variables, { now: clock.now() });
 */
export { evaluateDecision, type DecisionTable } from './table.ts';
export {
  analyseTests,
  holds,
  literal,
  literalTypes,
  overlaps,
  type Scalar,
  type Tests,
  type ValueType,
} from './unary.ts';
export { tryDecision } from './trial.ts';
