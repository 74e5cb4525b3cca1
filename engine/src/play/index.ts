/**
 * Play mode: a designer runs a draft in a sandbox (engine/src/play/), entirely in memory: the
 * pure interpreter and SLA transitions with a simulated clock, so nothing of a play reaches
 * the case tables, the queue or a plugin. Plays can be saved as scenarios beside their process
 * and are replayed on every publish of it.
 */
export { PlayService } from './service.ts';
export type * from './types.ts';
