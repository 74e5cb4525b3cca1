import { describe, expect, it } from 'vitest';
import { answerWithin, probeCache } from './probe-cache.ts';

/** At an instant (ms), a call to the probe, or the oldest running check settles. */
type Step = [at: number, what: 'call' | 'up' | 'down' | 'throws'];

describe('a probe answered from one check a second', () => {
  it.each<[string, Step[], number, string[]]>([
    [
      'one check answers the calls while it runs and for a second from its start',
      [
        [0, 'call'],
        [0, 'call'],
        [300, 'up'],
        [500, 'call'],
        [999, 'call'],
        [1000, 'call'],
        [1200, 'down'],
      ],
      2,
      ['up', 'up', 'up', 'up', 'down'],
    ],
    [
      'a failure is kept no longer than a success',
      [
        [0, 'call'],
        [10, 'down'],
        [999, 'call'],
        [1000, 'call'],
        [1010, 'up'],
      ],
      2,
      ['down', 'down', 'up'],
    ],
    [
      'a check slower than a second serves the calls that waited; the next call checks again',
      [
        [0, 'call'],
        [1500, 'call'],
        [2500, 'up'],
        [2600, 'call'],
        [2700, 'down'],
      ],
      2,
      ['up', 'up', 'down'],
    ],
    [
      'a check that throws fails the calls that waited and is not kept',
      [
        [0, 'call'],
        [0, 'call'],
        [5, 'throws'],
        [6, 'call'],
        [7, 'up'],
      ],
      2,
      ['error', 'error', 'up'],
    ],
  ])('%s', async (_name, steps, checks, answers) => {
    let now = 0;
    let made = 0;
    const running: { resolve(v: string): void; reject(e: Error): void }[] = [];
    const probe = probeCache(
      () => {
        made++;
        return new Promise<string>((resolve, reject) => running.push({ resolve, reject }));
      },
      { ttlMs: 1000, now: () => now },
    );
    const calls: Promise<string>[] = [];
    for (const [at, what] of steps) {
      now = at;
      if (what === 'call') calls.push(probe().catch(() => 'error'));
      else {
        const check = running.shift()!;
        if (what === 'throws') check.reject(new Error('no answer'));
        else check.resolve(what);
        // the check's answer is kept before the next step
        await new Promise((r) => setImmediate(r));
      }
    }
    expect(await Promise.all(calls)).toEqual(answers);
    expect(made).toBe(checks);
    expect(running).toEqual([]);
  });
});

describe('an answer within a limit', () => {
  it.each<[string, Promise<string>, string]>([
    ['an answer in time is the answer', Promise.resolve('up'), 'up'],
    ['no answer in time is the late value', new Promise<string>(() => undefined), 'late'],
  ])('%s', async (_name, work, expected) => {
    expect(await answerWithin(20, work, 'late')).toBe(expected);
  });
});
