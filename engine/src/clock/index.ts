/**
 * Time is injected. The engine reads the current instant only through a Clock, so tests
 * drive long durations (three days of a boundary timer, thirty days of an SLA) with a
 * ManualClock instead of sleeping.
 *
 * @example
 *   const clock = new ManualClock('2026-01-05T09:00:00Z');
 *   clock.advance(3 * 24 * 3600_000); // listeners (the timer reconciler) are told
 */
export interface Clock {
  now(): number;
  /** Called after the clock jumps (ManualClock only); the timer service re-arms jobs. */
  onJump?(listener: () => void): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  #offset: number;
  #listeners = new Set<() => void>();

  /** Starts at `start` and then runs at real speed, shifted by every advance(). */
  constructor(start: string | number = Date.now()) {
    this.#offset = (typeof start === 'string' ? Date.parse(start) : start) - Date.now();
  }

  now(): number {
    return Date.now() + this.#offset;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a clock only moves forward');
    this.#offset += ms;
    for (const l of this.#listeners) l();
  }

  onJump(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
