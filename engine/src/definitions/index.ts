export {
  DefinitionRegistry,
  loadDefinitions,
  validateBody,
  contentHash,
  type StoredVersion,
  type DefinitionSummary,
} from './registry.ts';
export {
  DEFINITION_KINDS,
  metaSchema,
  schemaProblems,
  type DefinitionKind,
} from './meta-schemas.ts';
export { lintProcess, lintForm, type LintScope } from './lint.ts';
export {
  listDrafts,
  getDraft,
  saveDraft,
  deleteDraft,
  draftProblems,
  publishDraft,
  type Draft,
} from './drafts.ts';
export {
  readScenarios,
  removeScenario,
  scenarioFile,
  scenarioProblems,
  writeScenario,
} from './scenarios.ts';
export { asVersion, nextVersion } from './drafts.ts';
