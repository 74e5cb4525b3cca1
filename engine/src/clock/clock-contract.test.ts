/**
 * One suite for both Clock implementations: the machine's and the manual one tests drive.
 * Whatever the engine runs on, now() is a whole number of milliseconds that never goes back.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock, type Clock } from './index.ts';

const clocks: [string, () => Clock][] = [
  ['systemClock', () => systemClock],
  ['ManualClock', () => new ManualClock('2026-01-31T10:00:00Z')],
];

describe.each(clocks)('Clock contract: %s', (_, make) => {
  it('tells a whole number of milliseconds since the epoch', () => {
    const now = make().now();
    expect(Number.isSafeInteger(now)).toBe(true);
    expect(now).toBeGreaterThan(Date.parse('2000-01-01T00:00:00Z'));
  });

  it('never goes back between readings', () => {
    const clock = make();
    let last = clock.now();
    for (let i = 0; i < 1000; i++) {
      const now = clock.now();
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
  });
});

describe('ManualClock', () => {
  it('starts where it is told and jumps forward only, telling its listeners', () => {
    const clock = new ManualClock('2026-01-31T10:00:00Z');
    const start = clock.now();
    expect(start - Date.parse('2026-01-31T10:00:00Z')).toBeLessThan(60_000);
    let told = 0;
    const stop = clock.onJump(() => told++);
    clock.advance(3 * 24 * 3600_000);
    expect(clock.now() - start).toBeGreaterThanOrEqual(3 * 24 * 3600_000);
    expect(told).toBe(1);
    stop();
    clock.advance(1);
    expect(told).toBe(1);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});
