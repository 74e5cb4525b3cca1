/**
 * Play mode: a designer runs a draft in a sandbox (engine/src/play/), entirely in memory: the
 * pure interpreter and SLA transitions with a simulated clock, so nothing of a play reaches
 * the case tables, the queue or a plugin. Plays can be saved as scenarios beside their process
 * and are replayed on every publish of it.
 */
export { PlayService, type PlayDeps, type PlaySource } from './service.ts';
export { newPlay, playAction, PLAY_LIMITS } from './simulator.ts';
export { runScenario, checkScenarios, scenarioOf, endOf, type ScenarioResult } from './scenario.ts';
export { PlayDefinitions } from './definitions.ts';
export { dryActions, type ActionSchemas } from './dry-actions.ts';
export { sampleOf } from './sample.ts';
export { playView, type PlayView } from './view.ts';
export type { DryActions, PlayContext } from './sandbox.ts';
export type * from './types.ts';
