/**
 * Case search: the blind index of personal data, the case index the executor writes with
 * each step, the search itself and related cases. docs/security.md ("Blind index") and
 * docs/api.md ("Case search") describe them.
 */
export { BlindIndex } from './blind-index.ts';
export { CaseIndex, backfillCaseIndex } from './case-index.ts';
export { caseSummariesSchema, summarise } from './case-summary.ts';
export { findCases } from './find-cases.ts';
export { RELATIONS, relatedCases } from './related-cases.ts';
export {
  DEFAULT_KINDS,
  PERSONAL_KINDS,
  SEARCH_KINDS,
  normalise,
  type SearchKind,
} from './terms.ts';
