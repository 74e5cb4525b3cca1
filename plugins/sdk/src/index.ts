/**
 * The Caseway plugin SDK. A plugin is a folder with a manifest, `plugin.json` (checked against
 * `manifest.schema.json`), and a module whose default export is `definePlugin(...)`. `npm run
 * gen` turns the manifest's JSON Schemas into `src/types.generated.ts`, so handlers are typed
 * from the same schemas the engine validates input and output against.
 *
 * @example
 *   import { definePlugin } from '@caseway/plugin-sdk';
 *   import type { Types } from './types.generated.ts';
 *
 *   export default definePlugin<Types>({
 *     actions: {
 *       async send(input, ctx) {
 *         // input: SendInput, ctx.config: Config, ctx.secrets: Secrets (decrypted)
 *         return { messageId: `m-${ctx.idempotencyKey}` }; // must match SendOutput
 *       },
 *     },
 *   });
 */
import type { PluginEventType } from './manifest.generated.ts';

export type {
  PluginManifest,
  PluginAction,
  PluginEventType,
  PluginText,
  ObjectSchema,
} from './manifest.generated.ts';

/** The shape of a plugin's generated `Types`: configuration, secrets, each action's input and output. */
export interface PluginTypes {
  config: object;
  secrets: object;
  actions: Record<string, { input: object; output: object }>;
}

/** A pino-compatible logger; sensitive keys and the plugin's secrets are censored. */
export interface PluginLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface PluginContext<T extends PluginTypes = PluginTypes> {
  /** The configuration an administrator set (validated against the manifest's `config`). */
  config: T['config'];
  /** The secrets, decrypted for this call only (validated against the manifest's `secrets`). */
  secrets: T['secrets'];
  logger: PluginLogger;
  /** Aborted when the call runs out of time (the node's `retry.timeout`). */
  signal: AbortSignal;
  /** The same on every retry of one call: give it to receivers so they recognise a repeat. */
  idempotencyKey: string;
  /** 1 on the first try. */
  attempt: number;
  /**
   * The engine's time (what a process's timers and SLAs count by): use it rather than
   * `new Date()`, so a test sets it (`@caseway/plugin-sdk/testing`).
   */
  now(): Date;
}

export interface ActionContext<T extends PluginTypes = PluginTypes> extends PluginContext<T> {
  instanceId: string;
}

/** An engine event delivered to a subscribed plugin. */
export interface PluginEvent {
  /** Unique per event: also the idempotency key of its delivery. */
  id: string;
  type: PluginEventType;
  at: string;
  instanceId: string;
  processId: string;
  processVersion: number;
  businessKey: string | null;
  /** The history entry's data (task id, outcome, SLA id…); personal data masked. */
  data: Record<string, unknown>;
}

export type ActionHandlers<T extends PluginTypes> = {
  [K in keyof T['actions']]: (
    input: T['actions'][K]['input'],
    ctx: ActionContext<T>,
  ) => Promise<T['actions'][K]['output']>;
};

/** An uploaded file, before it is stored, as a scanner sees it. */
export interface AttachmentToScan {
  bytes: Uint8Array;
  name: string;
  contentType: string;
  size: number;
  instanceId: string;
  /** A user id, or `public` (the customer's tracking link). */
  uploadedBy: string;
}

/** A scanner's answer: refuse with a reason the uploader is shown. */
export type ScanVerdict = { clean: true } | { clean: false; reason: string };

export interface Plugin<T extends PluginTypes = PluginTypes> {
  actions: ActionHandlers<T>;
  /** Receives the events listed in the manifest's `events`; a throw is retried, then an incident. */
  onEvent?(event: PluginEvent, ctx: PluginContext<T>): Promise<void>;
  /**
   * The events this configuration wants, out of the manifest's (all of them when absent): the
   * engine records a delivery only for these, so an unconfigured plugin costs nothing.
   */
  subscriptions?(config: T['config']): PluginEventType[];
  /**
   * With `"scanner": true` in the manifest: checks every upload before it is stored (a virus
   * scanner). A throw refuses the upload too (nothing unscanned is stored).
   */
  scanAttachment?(file: AttachmentToScan, ctx: PluginContext<T>): Promise<ScanVerdict>;
  /**
   * With `"testConnection": true` in the manifest: the studio's "test connection" button. Try
   * the configuration and secrets against the service (a sign-in, a status call) and answer
   * what an administrator should read; a throw counts as a failure with its message.
   */
  testConnection?(ctx: ConnectionContext<T>): Promise<ConnectionResult>;
}

/** A connection test's context: the settings, and the language of the administrator asking. */
export interface ConnectionContext<T extends PluginTypes = PluginTypes> extends PluginContext<T> {
  /** Answer in this language (the studio's, from the request): `zh-Hant` or `en`. */
  lang: 'zh-Hant' | 'en';
}

/** A connection test's answer (its message in the administrator's words; secrets censored). */
export interface ConnectionResult {
  ok: boolean;
  message?: string;
}

/** Declares a plugin's handlers, typed by its generated `Types`. */
export function definePlugin<T extends PluginTypes>(plugin: Plugin<T>): Plugin<T> {
  return plugin;
}

/**
 * The mark every copy of the SDK puts on its `PermanentError`: `error[PERMANENT_ERROR] === true`.
 * A registered symbol (`Symbol.for`), so the engine recognises a plugin's error whichever copy
 * or version of the SDK the plugin was built with (`instanceof` holds only within one copy).
 */
export const PERMANENT_ERROR: unique symbol = Symbol.for('caseway.plugin-sdk.permanent-error');

/** Whether `e` is a `PermanentError` of any copy of the SDK (by its mark, not its class). */
export function isPermanentError(e: unknown): e is PermanentError {
  return (
    typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[PERMANENT_ERROR] === true
  );
}

/**
 * A failure retrying cannot fix: the step does not use up its retries. With a `code` it is a
 * business error (the receiver's answer, e.g. `ACCOUNT_CLOSED`): recorded with its code and
 * details on the job and the incident, where a process's error boundary can match the code;
 * without one, the step goes to an incident at once. `instanceof PermanentError` holds for a
 * permanent error of any copy of the SDK.
 *
 * Codes are letters, digits, `_`, `.` and `-`, starting with a letter, at most 100 characters
 * (upper snake case by convention); details are a JSON object (at most 16 KB once serialised),
 * personal data in them masked like the rest of the error.
 *
 * @example
 *   if (res.status === 409)
 *     throw new PermanentError('ACCOUNT_CLOSED', 'the payee account is closed', { iban });
 *   if (res.status === 400) throw new PermanentError(`400: ${await res.text()}`); // no code
 */
export class PermanentError extends Error {
  readonly permanent = true;
  readonly [PERMANENT_ERROR] = true;
  override readonly name: string = 'PermanentError';
  /** The business error's code, e.g. `ACCOUNT_CLOSED` (absent on a plain permanent failure). */
  readonly code: string | undefined;
  /** What the process may need to decide (a JSON object), beside the code. */
  readonly details: Record<string, unknown> | undefined;

  /** A permanent failure without a code: an incident at once. */
  constructor(message: string, options?: ErrorOptions);
  /** A business error: its code, a message for people, and details for the process. */
  constructor(
    code: string,
    message: string,
    details?: Record<string, unknown>,
    options?: ErrorOptions,
  );
  constructor(
    codeOrMessage: string,
    messageOrOptions?: string | ErrorOptions,
    details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    const coded = typeof messageOrOptions === 'string';
    super(
      coded ? messageOrOptions : codeOrMessage,
      coded ? options : (messageOrOptions as ErrorOptions | undefined),
    );
    this.code = coded ? codeOrMessage : undefined;
    this.details = coded ? details : undefined;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // subclasses keep the ordinary prototype check
    return this === PermanentError
      ? isPermanentError(value)
      : Function.prototype[Symbol.hasInstance].call(this, value);
  }
}
