/**
 * One PostgreSQL LISTEN connection per engine, shared by everything that must hear what other
 * engines did: task changes for the inbox streams, ended access, and changes every engine must
 * apply at once (a published definition, a plugin's settings). Handlers are registered by
 * channel; the connection opens at the engine's start and, when it is lost (a database
 * restart), every `onLost` handler runs, it listens again by itself (1 s, doubling up to 30 s),
 * and then every `onResumed` handler runs: notifications sent meanwhile are gone, so each part
 * catches up in full.
 *
 * @example
 *   const listener = new NoticeListener(databaseUrl, logger);
 *   listener.on('caseway_tasks:public', (payload) => forward(JSON.parse(payload ?? '{}')));
 *   listener.onLost(() => endStreams());
 *   await listener.start();
 */
import type { Logger } from 'pino';
import { listenTo, type Listener } from './notices.ts';

export type NotificationHandler = (payload: string | undefined) => void;

export class NoticeListener {
  readonly #handlers = new Map<string, NotificationHandler[]>();
  readonly #lost: (() => void)[] = [];
  readonly #resumed: (() => void)[] = [];
  #connection: Listener | undefined;
  #closing = false;
  /** Lost since it last listened: notices may be gone. */
  #missed = false;
  #retryMs = 1_000;

  /**
   * @param applicationName how the connection shows in `pg_stat_activity` (the engine's id in
   *   it tells an operator which engine listens there)
   */
  constructor(
    readonly databaseUrl: string,
    readonly logger: Pick<Logger, 'warn' | 'error'>,
    readonly applicationName = 'caseway-listener',
  ) {}

  /** Runs `handler` for every notification on `channel`; channels are named before `start`. */
  on(channel: string, handler: NotificationHandler): void {
    if (this.#connection && !this.#handlers.has(channel))
      throw new Error(`listen on ${channel} before the engine starts listening`);
    this.#handlers.set(channel, [...(this.#handlers.get(channel) ?? []), handler]);
  }

  /** Runs when the connection is lost: notifications may have been missed. */
  onLost(handler: () => void): void {
    this.#lost.push(handler);
  }

  /**
   * Runs each time the engine listens again after a loss: what was announced while it did not
   * listen is gone, so this is where a part catches up in full.
   */
  onResumed(handler: () => void): void {
    this.#resumed.push(handler);
  }

  /** Listens from now on; if the database is down, keeps trying in the background. */
  async start(): Promise<void> {
    await this.ensure().catch((e: unknown) => {
      this.logger.warn({ err: e }, 'LISTEN failed; retrying');
      this.#missed = true;
      this.#reopen();
    });
  }

  /** Resolves once the connection listens on every channel (a second caller waits for it). */
  ensure(): Promise<void> {
    if (this.#connection) return this.#connection.ready;
    const l: Listener = listenTo(
      this.databaseUrl,
      [...this.#handlers.keys()],
      {
        notice: (channel, payload) => {
          for (const handler of this.#handlers.get(channel) ?? [])
            this.#safely(() => handler(payload));
        },
        lost: () => {
          if (this.#connection !== l) return;
          this.#connection = undefined;
          this.#missed = true;
          for (const handler of this.#lost) this.#safely(() => handler());
          this.#reopen();
        },
      },
      this.applicationName,
    );
    this.#connection = l;
    return l.ready.then(
      () => {
        if (this.#missed) {
          this.#missed = false;
          for (const handler of this.#resumed) this.#safely(() => handler());
        }
      },
      (e: unknown) => {
        // the database is down: the retry or the next caller tries again
        if (this.#connection === l) this.#connection = undefined;
        throw e;
      },
    );
  }

  async close(): Promise<void> {
    this.#closing = true;
    const l = this.#connection;
    this.#connection = undefined;
    await l?.end();
  }

  /** Tries to listen again later until it works or the engine closes. */
  #reopen(): void {
    if (this.#closing) return;
    setTimeout(() => {
      if (this.#closing || this.#connection) return;
      this.ensure().then(
        () => (this.#retryMs = 1_000),
        () => {
          this.#retryMs = Math.min(this.#retryMs * 2, 30_000);
          this.#reopen();
        },
      );
    }, this.#retryMs).unref();
  }

  /** A handler's failure is logged, never stops the others or the connection. */
  #safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.logger.error({ err: e }, 'a notification handler failed');
    }
  }
}
