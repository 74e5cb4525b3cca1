/**
 * The messages between the engine and a plugin's worker thread (sandbox.ts on the engine's
 * side, plugin-worker.ts inside the worker). Everything crosses by structured clone: the worker
 * sees only what a call carries (its plugin's configuration and secrets, the input, the event),
 * never the engine's environment, database or other plugins.
 */

/** What the plugin's module implements, as the worker found it (the host checks it). */
export interface PluginShape {
  actions: string[];
  onEvent: boolean;
  subscriptions: boolean;
  scanAttachment: boolean;
  testConnection: boolean;
}

/** The context a call carries; `now` is the engine's clock minus the wall clock, in ms. */
export interface CallContext {
  config: unknown;
  secrets: unknown;
  idempotencyKey: string;
  attempt: number;
  instanceId?: string;
  clockOffsetMs: number;
  /** A connection test's: the administrator's language. */
  lang?: 'zh-Hant' | 'en';
}

export type CallKind = 'action' | 'event' | 'scan' | 'subscriptions' | 'test';

export type ToWorker =
  | { type: 'call'; id: number; kind: CallKind; name: string; arg: unknown; ctx: CallContext }
  | { type: 'abort'; id: number }
  | { type: 'ping'; id: number };

/** A thrown value as it crosses: a PermanentError keeps its mark, code and details. */
export interface ThrownError {
  message: string;
  name: string;
  permanent: boolean;
  code?: string;
  details?: Record<string, unknown>;
}

export type FromWorker =
  | { type: 'loaded'; shape: PluginShape }
  | { type: 'load-failed'; message: string }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: ThrownError }
  | { type: 'pong'; id: number }
  | { type: 'log'; call: number | null; level: LogLevel; obj: unknown; msg?: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What the worker is started with (`workerData`). */
export interface WorkerData {
  /** The plugin's main module, as a file URL. */
  main: string;
}
