/**
 * What the studio shares with the engine's definition lint, published as
 * `@caseway/engine/design` (browser-safe: no file system, no database): the analysis of which
 * variables a process holds where ({@link processVariables}, {@link completionsAt},
 * {@link variablesAt}), and the catalogue that says each lint problem in both languages
 * ({@link lintMessage}), a service task's mappings against its action's schemas
 * ({@link checkActionMappings}), so the editor's completion, its problem sentences and the engine's
 * `POST /api/definitions/validate` agree.
 *
 * @example
 *   import { completionsAt, lintMessage } from '@caseway/engine/design';
 *   completionsAt(def, 'decide', 'condition', catalogue); // the names the condition may read
 *   lintMessage(problem.key, problem.params, 'zh-Hant');   // the engine's problem, in Chinese
 */
export * from './variables.ts';
export * from './lint-mappings.ts';
export { isLintKey, lintMessage, type LintKey, type LintParams } from './lint-messages.ts';
export * from './version-range.ts';
