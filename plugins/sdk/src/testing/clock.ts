/**
 * The time a plugin's test runs at: `ctx.now()` reads it, and moving it past a call's timeout
 * aborts that call's `ctx.signal` (as the engine does when a node's `retry.timeout` passes).
 *
 * @example
 *   const t = pluginTester(plugin, { now: '2026-12-01T09:00:00+08:00' });
 *   t.clock.advance(30_000);
 */
export class TestClock {
  #now: number;
  readonly #deadlines = new Set<{ at: number; abort: () => void }>();

  constructor(start: string | number | Date = Date.UTC(2026, 0, 1)) {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Moves time forward by `ms`, aborting the calls whose timeout it passes. */
  advance(ms: number): void {
    this.set(this.#now + ms);
  }

  /** Moves time to an instant (never back). */
  set(to: string | number | Date): void {
    this.#now = Math.max(this.#now, new Date(to).getTime());
    for (const d of [...this.#deadlines])
      if (d.at <= this.#now) {
        this.#deadlines.delete(d);
        d.abort();
      }
  }

  /** A signal aborted once the clock reaches `ms` from now (a call's timeout). */
  signal(ms: number): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    const deadline = {
      at: this.#now + ms,
      abort: () => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')),
    };
    this.#deadlines.add(deadline);
    return { signal: controller.signal, done: () => this.#deadlines.delete(deadline) };
  }
}
