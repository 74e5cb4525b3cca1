/**
 * Runs inside a plugin's worker thread (sandbox.ts starts it): imports the plugin's main module,
 * says what it implements, then runs the calls the engine sends with the context the SDK
 * promises (settings and secrets from the call, a logger that reports to the engine's log, a
 * signal the engine aborts at the call's timeout, the engine's clock). Its `process.env` is
 * empty; a throw from a timer or running out of memory ends this thread, not the engine.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PERMANENT_ERROR, type Plugin, type PluginContext } from '@caseway/plugin-sdk';
import type {
  CallContext,
  FromWorker,
  LogLevel,
  ThrownError,
  ToWorker,
  WorkerData,
} from './worker-protocol.ts';

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const running = new Map<number, AbortController>();

/** A value a log line can carry across: errors as their message, name and stack. */
function plain(value: unknown): unknown {
  if (value === undefined || typeof value === 'string') return value;
  try {
    return JSON.parse(
      JSON.stringify(value, (_k, v: unknown) =>
        v instanceof Error
          ? { type: v.name, message: v.message, stack: v.stack }
          : typeof v === 'bigint'
            ? String(v)
            : v,
      ),
    ) as unknown;
  } catch {
    return String(value);
  }
}

function loggerFor(call: number | null): PluginContext['logger'] {
  const at =
    (level: LogLevel) =>
    (obj: object | string, msg?: string): void =>
      post({ type: 'log', call, level, obj: plain(obj), ...(msg === undefined ? {} : { msg }) });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function thrown(e: unknown): ThrownError {
  if (typeof e !== 'object' || e === null)
    return { message: String(e), name: 'Error', permanent: false };
  const o = e as { message?: unknown; name?: unknown; code?: unknown; details?: unknown };
  const permanent = (e as Record<symbol, unknown>)[PERMANENT_ERROR] === true;
  const details = permanent && o.details && typeof o.details === 'object' ? plain(o.details) : null;
  return {
    message: typeof o.message === 'string' ? o.message : String(e),
    name: typeof o.name === 'string' ? o.name : 'Error',
    permanent,
    ...(permanent && typeof o.code === 'string' ? { code: o.code } : {}),
    ...(details && typeof details === 'object'
      ? { details: details as Record<string, unknown> }
      : {}),
  };
}

function contextOf(id: number, c: CallContext, signal: AbortSignal) {
  return {
    config: c.config as object,
    secrets: c.secrets as object,
    idempotencyKey: c.idempotencyKey,
    attempt: c.attempt,
    instanceId: c.instanceId ?? '',
    signal,
    logger: loggerFor(id),
    now: () => new Date(Date.now() + c.clockOffsetMs),
    lang: c.lang ?? 'en',
  };
}

async function run(impl: Plugin, m: Extract<ToWorker, { type: 'call' }>): Promise<unknown> {
  const controller = new AbortController();
  running.set(m.id, controller);
  try {
    const ctx = contextOf(m.id, m.ctx, controller.signal);
    switch (m.kind) {
      case 'action': {
        const handler = (impl.actions as Record<string, (i: unknown, c: unknown) => unknown>)[
          m.name
        ];
        if (!handler) throw new Error(`no handler ${m.name}`);
        return await handler(m.arg, ctx);
      }
      case 'event':
        await impl.onEvent!(m.arg as Parameters<NonNullable<Plugin['onEvent']>>[0], ctx);
        return null;
      case 'scan':
        return await impl.scanAttachment!(
          m.arg as Parameters<NonNullable<Plugin['scanAttachment']>>[0],
          ctx,
        );
      case 'subscriptions':
        return impl.subscriptions!(m.arg as object);
      case 'test':
        return await impl.testConnection!(ctx);
    }
  } finally {
    running.delete(m.id);
  }
}

const { main } = workerData as WorkerData;
const impl = await import(main)
  .then(
    (mod: { default?: Plugin }) => {
      const p = mod.default;
      if (!p || typeof p !== 'object' || !p.actions)
        throw new Error('no definePlugin default export');
      return p;
    },
    (e: unknown) => {
      throw e instanceof Error ? e : new Error(String(e));
    },
  )
  .catch((e: Error) => {
    // the engine ends this thread when it reads this
    post({ type: 'load-failed', message: e.message });
    return undefined;
  });

if (impl) {
  post({
    type: 'loaded',
    shape: {
      actions: Object.keys(impl.actions),
      onEvent: typeof impl.onEvent === 'function',
      subscriptions: typeof impl.subscriptions === 'function',
      scanAttachment: typeof impl.scanAttachment === 'function',
      testConnection: typeof impl.testConnection === 'function',
    },
  });
  port.on('message', (m: ToWorker) => {
    if (m.type === 'ping') return post({ type: 'pong', id: m.id });
    if (m.type === 'abort') return running.get(m.id)?.abort();
    run(impl, m).then(
      (value) => {
        try {
          post({ type: 'result', id: m.id, ok: true, value });
        } catch (e) {
          // a function, a symbol, a class instance with private state: not an answer
          post({
            type: 'result',
            id: m.id,
            ok: false,
            error: {
              message: `the answer cannot be passed to the engine: ${(e as Error).message}`,
              name: 'DataCloneError',
              permanent: true,
            },
          });
        }
      },
      (e: unknown) => post({ type: 'result', id: m.id, ok: false, error: thrown(e) }),
    );
  });
}
