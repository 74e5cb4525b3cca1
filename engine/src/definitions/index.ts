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
