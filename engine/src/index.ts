/** The engine's public surface. */
export { createEngine, REDACT_PATHS, type EngineOptions } from './engine.ts';
export type { Engine } from './engine-types.ts';
export { configFromEnv, studioProxyTrust, type Config } from './config.ts';
export { ManualClock, systemClock, type Clock } from './clock/index.ts';
export { ActionRegistry, type ActionHandler } from './plugins/index.ts';
export {
  ErrorCodes,
  createError,
  CasewayError,
  type ErrorCode,
  type ErrorDetail,
} from './errors.ts';
export { ensureUser, newToken } from './identity/index.ts';
export { PersonalData, newDataKey, openValue, parseDataKeys } from './privacy/index.ts';
export * as identity from './identity/index.ts';
export * as expressions from './expressions/index.ts';
