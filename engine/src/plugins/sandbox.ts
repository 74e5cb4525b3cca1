/**
 * One plugin's worker thread, seen from the engine: the plugin's code runs there with an empty
 * `process.env` (no database URL, no data keys), a memory limit, and only what each call
 * carries (its own configuration and secrets). A call ends when the worker answers, when its
 * signal aborts (the call's timeout: the worker is told, and a worker that cannot even answer a
 * ping then, a loop that never yields, is ended), or when the worker stops (a throw from a
 * timer, out of memory): the calls it had fail with `CW_ERR_PLUGIN_CRASHED` (retried as the
 * node's retry policy says) and the next call starts a new worker. The engine never stops.
 * A worker with no call for `idleMs` (PLUGIN_IDLE_STOP) is stopped too, quietly: a worker holds
 * 7 to 18 MB of the engine's resident memory built, 23 to 41 MB through tsx (docs/benchmarks.md),
 * and the next call starts one.
 *
 * @example
 *   const box = await PluginSandbox.open({ plugin: 'sms', main: pathToFileURL(file).href, logger });
 *   box.shape.actions; // ['send']
 *   await box.call('action', 'send', input, ctx, { signal: AbortSignal.timeout(30_000) });
 */
import { Worker } from 'node:worker_threads';
import { PermanentError } from '@caseway/plugin-sdk';
import type { Logger } from 'pino';
import { createError } from '../errors.ts';
import type {
  CallContext,
  CallKind,
  FromWorker,
  PluginShape,
  ThrownError,
  ToWorker,
  WorkerData,
} from './worker-protocol.ts';

/** Heap a plugin's worker may use unless the engine is told otherwise (PLUGIN_MEMORY_MB). */
export const DEFAULT_PLUGIN_MEMORY_MB = 256;
/** How long a worker may sit with no call before it is stopped (PLUGIN_IDLE_STOP). */
export const DEFAULT_PLUGIN_IDLE_MS = 5 * 60_000;
/** How long a plugin's module may take to load (its top-level code). */
const LOAD_TIMEOUT_MS = 30_000;
/** How long a worker whose call ran out of time has to answer a ping before it is ended. */
const PING_GRACE_MS = 2_000;

// The worker runs TypeScript (this folder's worker, a plugin's sources) through tsx, which the
// engine runs under too; its own execArgv is empty (some of the engine's flags are refused there).
// The built engine (`npm run build`, this file compiled to .js) loads the compiled worker and
// plugins with plain node.
const BUILT = import.meta.url.endsWith('.js');
const WORKER = JSON.stringify(
  new URL(BUILT ? './plugin-worker.js' : './plugin-worker.ts', import.meta.url).href,
);
const LOAD_FAILED = `.catch((e) => { require('node:worker_threads').parentPort.postMessage({ type: 'load-failed', message: String(e && e.message || e) }); });`;
const BOOT = BUILT
  ? `import(${WORKER})${LOAD_FAILED}`
  : `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${WORKER}); })
  ${LOAD_FAILED}`;

export interface SandboxOptions {
  plugin: string;
  /** The plugin's main module as a file URL. */
  main: string;
  /** Where the plugin's log lines go when no call is running (a timer's). */
  logger: Logger;
  memoryMb?: number;
  /**
   * Stop the worker after this long with no call under way (0: never); the next call starts
   * a new one. {@link DEFAULT_PLUGIN_IDLE_MS} when absent.
   */
  idleMs?: number;
}

/** How one call ends early (its timeout) and where its log lines go (the engine's logger when absent). */
interface CallOptions {
  signal: AbortSignal;
  logger?: Logger;
}

/** A call as the worker receives it. */
type CallMessage = Extract<ToWorker, { type: 'call' }>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  logger: Logger;
  /** The worker the call was sent to: only its exit fails the call. */
  worker: Worker;
}

export class PluginSandbox {
  readonly #pending = new Map<number, Pending>();
  readonly #pongs = new Map<number, () => void>();
  #worker: Worker | undefined;
  #starting: Promise<Worker> | undefined;
  #seq = 0;
  #closed = false;
  /** Calls from their start (a new worker may be starting for them) until they settle. */
  #busy = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  /** Workers stopped for being idle: their exit is no crash. */
  readonly #idled = new WeakSet<Worker>();
  /** How many workers this plugin has had (1 while it never stopped). */
  starts = 0;
  /** How many of them were stopped for being idle. */
  idleStops = 0;

  private constructor(
    private readonly opts: SandboxOptions,
    readonly shape: PluginShape,
  ) {}

  /** Starts the plugin's worker and loads its module; throws with the reason it did not load. */
  static async open(opts: SandboxOptions): Promise<PluginSandbox> {
    const { worker, shape } = await spawn(opts);
    const box = new PluginSandbox(opts, shape);
    box.#adopt(worker);
    // loading is no use: a plugin nobody calls stops after the idle time
    box.#armIdle();
    return box;
  }

  /** Whether the plugin's worker is running now (or starting). */
  get running(): boolean {
    return this.#worker !== undefined || this.#starting !== undefined;
  }

  /** Runs one call in the worker; rejects like the handler did, or at the signal's abort. */
  async call(
    kind: CallKind,
    name: string,
    arg: unknown,
    ctx: CallContext,
    o: CallOptions,
  ): Promise<unknown> {
    if (this.#closed) throw this.#crashed('it was unloaded');
    this.#busy++;
    clearTimeout(this.#idleTimer);
    try {
      return await this.#send({ kind, name, arg, ctx }, o);
    } finally {
      if (--this.#busy === 0) this.#armIdle();
    }
  }

  /** Sends one call to the live worker (a new one if it stopped) and waits for its answer. */
  async #send(call: Omit<CallMessage, 'type' | 'id'>, o: CallOptions): Promise<unknown> {
    const worker = await this.#live();
    // the time may run out while a new worker starts: then nothing is sent
    if (o.signal.aborted) throw createError('CW_ERR_ACTION_TIMEOUT');
    const id = ++this.#seq;
    const logger = o.logger ?? this.opts.logger;
    let onAbort: (() => void) | undefined;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, logger, worker });
      onAbort = () => {
        this.#pending.delete(id);
        reject(createError('CW_ERR_ACTION_TIMEOUT'));
        worker.postMessage({ type: 'abort', id });
        this.#checkAlive(worker);
      };
      o.signal.addEventListener('abort', onAbort, { once: true });
      try {
        worker.postMessage({ type: 'call', id, ...call } satisfies CallMessage);
      } catch (e) {
        this.#pending.delete(id);
        reject(e as Error);
      }
    }).finally(() => o.signal.removeEventListener('abort', onAbort!));
  }

  /**
   * Ends the worker. With `drain`, calls under way may finish first (a reload: the new
   * version takes the next calls), for at most `drainMs`.
   */
  async close(o: { drain?: boolean; drainMs?: number } = {}): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    if (o.drain && this.#pending.size) {
      const until = Date.now() + (o.drainMs ?? 60_000);
      while (this.#pending.size && Date.now() < until && this.#worker)
        await new Promise((r) => setTimeout(r, 50));
    }
    const w = this.#worker ?? (await this.#starting?.catch(() => undefined));
    this.#worker = undefined;
    await w?.terminate();
  }

  #crashed(reason: string): Error {
    return createError('CW_ERR_PLUGIN_CRASHED', `${this.opts.plugin} stopped: ${reason}`, {
      data: { plugin: this.opts.plugin },
    });
  }

  /** Stops the worker once no call has been under way for the idle time. */
  #armIdle(): void {
    const ms = this.opts.idleMs ?? DEFAULT_PLUGIN_IDLE_MS;
    clearTimeout(this.#idleTimer);
    if (!ms || this.#closed) return;
    this.#idleTimer = setTimeout(() => {
      const worker = this.#worker;
      if (this.#busy || this.#closed || !worker) return;
      this.#worker = undefined;
      this.#idled.add(worker);
      this.idleStops++;
      this.opts.logger.info(
        { plugin: this.opts.plugin, idleMs: ms },
        'plugin worker idle: stopped until its next call',
      );
      void worker.terminate();
    }, ms);
    // an idle plugin never keeps the engine's process alive
    this.#idleTimer.unref();
  }

  async #live(): Promise<Worker> {
    if (this.#worker) return this.#worker;
    this.#starting ??= spawn(this.opts)
      .then(({ worker }) => {
        this.#adopt(worker);
        return worker;
      })
      .catch((e: Error) => {
        throw this.#crashed(`it did not start again: ${e.message}`);
      })
      .finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  #adopt(worker: Worker): void {
    this.starts++;
    this.#worker = worker;
    let reason = 'it exited';
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'result') {
        const p = this.#pending.get(m.id);
        if (!p) return; // timed out already
        this.#pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(rebuild(m.error));
      } else if (m.type === 'log') {
        const logger = (m.call !== null && this.#pending.get(m.call)?.logger) || this.opts.logger;
        if (typeof m.obj === 'string') logger[m.level](m.obj);
        else logger[m.level](m.obj as object, m.msg);
      } else if (m.type === 'pong') {
        this.#pongs.get(m.id)?.();
      }
    });
    worker.on('error', (e: Error & { code?: string }) => {
      reason =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `it ran out of memory (limit ${this.opts.memoryMb ?? DEFAULT_PLUGIN_MEMORY_MB} MB)`
          : `uncaught ${e.name}: ${e.message}`;
    });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      // only this worker's calls fail: a new worker may already run the next ones
      const pending = [...this.#pending].filter(([, p]) => p.worker === worker);
      for (const [id] of pending) this.#pending.delete(id);
      if (this.#closed && !pending.length) return;
      if (this.#idled.has(worker) && !pending.length) return;
      this.opts.logger.error(
        { plugin: this.opts.plugin, exitCode: code, calls: pending.length, reason },
        'plugin worker stopped',
      );
      for (const [, p] of pending) p.reject(this.#crashed(reason));
    });
  }

  /** After a call's time ran out: a worker that cannot answer a ping is stuck, and ended. */
  #checkAlive(worker: Worker): void {
    if (this.#worker !== worker) return;
    const id = ++this.#seq;
    const timer = setTimeout(() => {
      this.#pongs.delete(id);
      if (this.#worker !== worker) return;
      this.opts.logger.error(
        { plugin: this.opts.plugin },
        'plugin worker did not answer after a call ran out of time: ending it',
      );
      this.#worker = undefined;
      void worker.terminate();
    }, PING_GRACE_MS);
    this.#pongs.set(id, () => {
      clearTimeout(timer);
      this.#pongs.delete(id);
    });
    worker.postMessage({ type: 'ping', id });
  }
}

/** A worker with the plugin loaded, or the reason it did not load. */
function spawn(opts: SandboxOptions): Promise<{ worker: Worker; shape: PluginShape }> {
  const worker = new Worker(BOOT, {
    eval: true,
    env: {},
    execArgv: [],
    workerData: { main: opts.main } satisfies WorkerData,
    resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb ?? DEFAULT_PLUGIN_MEMORY_MB },
  });
  return new Promise((resolve, reject) => {
    // the listeners stay: a worker's 'error' with no listener would be thrown in the engine
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      reject(new Error(message));
    };
    const timer = setTimeout(
      () => fail(`its module did not load within ${LOAD_TIMEOUT_MS / 1000} s`),
      LOAD_TIMEOUT_MS,
    );
    worker.on('message', (m: FromWorker) => {
      if (settled) return;
      if (m.type === 'loaded') {
        settled = true;
        clearTimeout(timer);
        resolve({ worker, shape: m.shape });
      } else if (m.type === 'load-failed') fail(m.message);
    });
    worker.on('error', (e: Error) => fail(e.message));
    worker.on('exit', (code: number) => fail(`its worker exited with code ${code} while loading`));
  });
}

/** The handler's error as the engine reads it: a PermanentError keeps its code and details. */
function rebuild(e: ThrownError): Error {
  if (e.permanent)
    return e.code !== undefined
      ? new PermanentError(e.code, e.message, e.details)
      : new PermanentError(e.message);
  return Object.assign(new Error(e.message), { name: e.name });
}
