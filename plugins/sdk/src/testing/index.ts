/**
 * `@caseway/plugin-sdk/testing`: run a plugin's actions as the engine would, in a plain unit
 * test (vitest, node:test), inside or outside the Caseway repository. The tester checks the
 * configuration, secrets, input and output against the manifest's schemas as the engine's host
 * does, hands the handler a context (config, secrets, a logger it captures, a signal, the
 * idempotency key, the attempt, a clock it controls), answers its `fetch` calls from HTTP
 * expectations, delivers engine events to `onEvent`, and says what the engine would do with the
 * outcome (done, retried, or an incident with a business error's code).
 *
 * @example
 *   import { pluginTester } from '@caseway/plugin-sdk/testing';
 *   import plugin from './index.ts';
 *
 *   const t = await pluginTester(plugin, {
 *     manifest: new URL('../plugin.json', import.meta.url),
 *     config: { baseUrl: 'https://bank.example' },
 *     secrets: { apiKey: 'k-test-0123456789' },
 *   });
 *   t.http.expect('POST', 'https://bank.example/transfers').reply(409, { code: 'ACCOUNT_CLOSED' });
 *   expect(await t.outcome('pay', { account: '9001', amount: 10 })).toMatchObject({
 *     status: 'incident',
 *     code: 'ACCOUNT_CLOSED',
 *   });
 */
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  isPermanentError,
  type ConnectionResult,
  type Plugin,
  type PluginContext,
  type PluginEvent,
  type PluginEventType,
  type PluginLogger,
  type PluginManifest,
  type PluginTypes,
} from '../index.ts';
import { TestClock } from './clock.ts';
import { HttpExpectations } from './http.ts';

export { TestClock } from './clock.ts';
export { HttpExpectations, type Expectation, type RecordedRequest } from './http.ts';

/** A problem at a JSON pointer, as the engine reports it. */
export interface Problem {
  pointer: string;
  message: string;
}

/** What the engine's host would refuse before or after calling the handler. */
export class ActionCallError extends Error {
  override readonly name = 'ActionCallError';
  constructor(
    /** `CW_ERR_ACTION_INPUT_INVALID`, `CW_ERR_ACTION_OUTPUT_INVALID` or `CW_ERR_PLUGIN_NOT_CONFIGURED`. */
    readonly code: string,
    message: string,
    readonly problems: Problem[],
  ) {
    super(`${code}: ${message}`);
  }
}

/** One line the plugin logged, its secrets censored. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

export interface TesterOptions<T extends PluginTypes> {
  /** The manifest (plugin.json), its path or URL: checks as the engine does. None: no checks. */
  manifest?: PluginManifest | string | URL;
  config?: T['config'];
  secrets?: T['secrets'];
  /** The instant the clock starts at (ISO 8601, ms or a Date). */
  now?: string | number | Date;
}

export interface RunOptions {
  /** 1 by default. */
  attempt?: number;
  /** The same for every attempt of one call; `test-<n>` by default. */
  idempotencyKey?: string;
  instanceId?: string;
  /** The signal aborts when the clock passes this (the node's `retry.timeout`; 30 s default). */
  timeoutMs?: number;
}

/** What the engine does with a call's outcome. */
export type Outcome<O> =
  | { status: 'succeeded'; output: O }
  /** Tried again after its backoff (an ordinary error, a timeout). */
  | { status: 'retried'; error: string }
  /** Straight to an incident: a PermanentError (with its code and details) or a schema refusal. */
  | {
      status: 'incident';
      error: string;
      code?: string;
      details?: Record<string, unknown>;
    };

const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const problems = (errors: ErrorObject[] | null | undefined, base: string): Problem[] =>
  (errors ?? []).map((e) => ({
    pointer: `${base}${e.instancePath}${e.keyword === 'required' ? `/${String(e.params.missingProperty)}` : ''}`,
    message: e.message ?? 'is invalid',
  }));

async function readManifest(m: TesterOptions<PluginTypes>['manifest']) {
  if (m === undefined) return undefined;
  if (typeof m === 'string' || m instanceof URL)
    return JSON.parse(await readFile(m, 'utf8')) as PluginManifest;
  return m;
}

export interface PluginTester<T extends PluginTypes> {
  readonly clock: TestClock;
  readonly http: HttpExpectations;
  /** What the plugin logged, in order. */
  readonly logs: LogEntry[];
  /** Runs an action: its output, or the error the handler threw (or the host's refusal). */
  run<K extends keyof T['actions'] & string>(
    action: K,
    input: T['actions'][K]['input'],
    options?: RunOptions,
  ): Promise<T['actions'][K]['output']>;
  /** Runs an action and says what the engine would do with the outcome. */
  outcome<K extends keyof T['actions'] & string>(
    action: K,
    input: T['actions'][K]['input'],
    options?: RunOptions,
  ): Promise<Outcome<T['actions'][K]['output']>>;
  /** Delivers an engine event to `onEvent`, as the engine would (personal data already masked). */
  deliver(
    type: PluginEventType,
    data?: Record<string, unknown>,
    event?: Partial<PluginEvent>,
  ): Promise<void>;
  /** The events this configuration subscribes to (all the manifest's when it does not say). */
  subscriptions(): PluginEventType[];
  /**
   * Runs `testConnection` as the plugins page's button does: not configured, `ok: false` with
   * the fields it lacks and nothing called; a throw is a failure with its message; the message
   * with every secret's value censored.
   */
  testConnection(
    options?: RunOptions & { lang?: 'zh-Hant' | 'en' },
  ): Promise<ConnectionResult & { problems: Problem[] }>;
}

/**
 * A tester for one plugin with one configuration and one set of secrets. Checks them against
 * the manifest first (`CW_ERR_PLUGIN_NOT_CONFIGURED` with the fields, as the engine would).
 */
export async function pluginTester<T extends PluginTypes>(
  plugin: Plugin<T>,
  options: TesterOptions<T> = {},
): Promise<PluginTester<T>> {
  const manifest = await readManifest(options.manifest);
  const config = (options.config ?? {}) as T['config'];
  const secrets = (options.secrets ?? {}) as T['secrets'];
  const compiled = new Map<object, ValidateFunction>();
  const check = (schema: object | undefined, value: unknown, base: string): Problem[] => {
    if (!schema) return [];
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
    return validate(value) ? [] : problems(validate.errors, base);
  };
  const settings = [
    ...check(manifest?.config, config, '/config'),
    ...check(manifest?.secrets, secrets, '/secrets'),
  ];
  const clock = new TestClock(options.now);
  const http = new HttpExpectations();
  const logs: LogEntry[] = [];
  const secretValues = Object.values(secrets as Record<string, unknown>).filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  const censor = (v: unknown): unknown => {
    if (typeof v === 'string')
      return secretValues.reduce((s, secret) => s.split(secret).join('[redacted]'), v);
    if (Array.isArray(v)) return v.map(censor);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, censor(x)]));
    return v;
  };
  const log =
    (level: LogEntry['level']) =>
    (obj: object | string, msg?: string): void => {
      logs.push(
        typeof obj === 'string'
          ? { level, obj: {}, msg: censor(obj) as string }
          : { level, obj: censor(obj) as object, msg: msg && (censor(msg) as string) },
      );
    };
  const logger: PluginLogger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  let calls = 0;
  const context = (o: RunOptions = {}): PluginContext<T> & { done(): void } => {
    if (settings.length)
      throw new ActionCallError(
        'CW_ERR_PLUGIN_NOT_CONFIGURED',
        settings.map((p) => `${p.pointer} ${p.message}`).join('; '),
        settings,
      );
    const { signal, done } = clock.signal(o.timeoutMs ?? 30_000);
    return {
      config,
      secrets,
      logger,
      signal,
      idempotencyKey: o.idempotencyKey ?? `test-${++calls}`,
      attempt: o.attempt ?? 1,
      now: () => clock.now(),
      done,
    };
  };
  /** `fetch` answers from the expectations while a handler runs. */
  const withFetch = async <R>(fn: () => Promise<R>): Promise<R> => {
    const real = globalThis.fetch;
    globalThis.fetch = http.fetch;
    try {
      return await fn();
    } finally {
      globalThis.fetch = real;
    }
  };

  const run: PluginTester<T>['run'] = async (action, input, o = {}) => {
    const spec = manifest?.actions[action];
    if (manifest && !spec)
      throw new ActionCallError('CW_ERR_ACTION_UNKNOWN', `${action} is not in the manifest`, []);
    const refused = check(spec?.input, input, '/input');
    if (refused.length)
      throw new ActionCallError(
        'CW_ERR_ACTION_INPUT_INVALID',
        refused.map((p) => `${p.pointer} ${p.message}`).join('; '),
        refused,
      );
    const handler = plugin.actions[action];
    if (!handler)
      throw new ActionCallError('CW_ERR_ACTION_UNKNOWN', `${action} has no handler`, []);
    const ctx = context(o);
    try {
      // as the engine does: the call ends when its signal aborts, answered or not
      const aborted = new Promise<never>((_, reject) =>
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }),
      );
      const output = await withFetch(() =>
        Promise.race([
          handler(input, { ...ctx, instanceId: o.instanceId ?? 'test-instance' }),
          aborted,
        ]),
      );
      const wrong = check(spec?.output, output, '/output');
      if (wrong.length)
        throw new ActionCallError(
          'CW_ERR_ACTION_OUTPUT_INVALID',
          wrong.map((p) => `${p.pointer} ${p.message}`).join('; '),
          wrong,
        );
      return output;
    } finally {
      ctx.done();
    }
  };

  return {
    clock,
    http,
    logs,
    run,
    async outcome(action, input, o = {}) {
      try {
        return { status: 'succeeded', output: await run(action, input, o) };
      } catch (e) {
        if (isPermanentError(e))
          return {
            status: 'incident',
            error: `CW_ERR_ACTION_REJECTED: ${e.code ? `${e.code}: ` : ''}${e.message}`,
            ...(e.code ? { code: e.code } : {}),
            ...(e.code && e.details ? { details: e.details } : {}),
          };
        if (e instanceof ActionCallError) return { status: 'incident', error: e.message };
        const timedOut = e instanceof Error && e.name === 'TimeoutError';
        return {
          status: 'retried',
          error: timedOut
            ? `CW_ERR_ACTION_TIMEOUT: ${e.message}`
            : `CW_ERR_ACTION_FAILED: ${e instanceof Error ? e.message : String(e)}`,
        };
      }
    },
    async deliver(type, data = {}, event = {}) {
      if (!plugin.onEvent) throw new Error('the plugin has no onEvent');
      const ctx = context();
      try {
        await withFetch(() =>
          plugin.onEvent!(
            {
              id: `test-instance.h${++calls}`,
              type,
              at: clock.now().toISOString(),
              instanceId: 'test-instance',
              processId: 'test-process',
              processVersion: 1,
              businessKey: null,
              data,
              ...event,
            },
            ctx,
          ),
        );
      } finally {
        ctx.done();
      }
    },
    async testConnection(o = {}) {
      if (!plugin.testConnection) throw new Error('the plugin has no testConnection');
      if (manifest && manifest.testConnection !== true)
        throw new Error('the manifest does not declare "testConnection": true');
      if (settings.length)
        return {
          ok: false,
          message: settings.map((p) => `${p.pointer} ${p.message}`).join('; '),
          problems: settings,
        };
      const ctx = { ...context(o), lang: o.lang ?? 'en' };
      try {
        const answer = await withFetch(() => plugin.testConnection!(ctx));
        return {
          ok: answer.ok === true,
          ...(answer.message !== undefined ? { message: censor(answer.message) as string } : {}),
          problems: [],
        };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return { ok: false, message: censor(message) as string, problems: [] };
      } finally {
        ctx.done();
      }
    },
    subscriptions() {
      const declared = manifest?.events ?? [];
      const wanted = plugin.subscriptions?.(config);
      return wanted ? (manifest ? declared.filter((e) => wanted.includes(e)) : wanted) : declared;
    },
  };
}
