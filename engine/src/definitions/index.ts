export { DefinitionRegistry, loadDefinitions, validateBody, contentHash } from './registry.ts';
export {
  DEFINITION_KINDS,
  metaSchema,
  schemaProblems,
  type DefinitionKind,
} from './meta-schemas.ts';
export { type ActionCatalog, type PeopleDirectory } from './lint.ts';
export { localiseDetails } from './lint-messages.ts';
export {
  listDrafts,
  getDraft,
  saveDraft,
  discardDraft,
  draftProblems,
  publishDraft,
} from './drafts.ts';
export { removeScenario, scenarioFile, writeScenario } from './scenarios.ts';
export { asVersion, nextVersion } from './drafts.ts';
export { coversVersion, describeProcessRef } from './version-range.ts';
export type {
  DefinitionLedger,
  DraftRecord,
  PublicationRecord,
  RecordedVersion,
} from './ledger.ts';
