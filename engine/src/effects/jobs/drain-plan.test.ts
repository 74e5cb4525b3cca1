/**
 * The drain's decisions as tables and properties: batch sizes and lanes grow while batches come
 * back full and fall back at once when one does not, a lane stops when it has nothing left or
 * failed, each case fires at most one row per batch, and a wake-up is set only for a row due soon
 * and only when none goes off sooner.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BATCH,
  GAP_MS,
  LANES,
  MAX_BATCH,
  MAX_LANES,
  laneGoesOn,
  lanesWanted,
  nextBatchSize,
  onePerCase,
  wakeIn,
} from './drain-plan.ts';

describe('the next batch size', () => {
  it.each([
    // size, claimed, next
    [BATCH, BATCH, BATCH * 2],
    [BATCH, BATCH - 1, BATCH],
    [BATCH, 0, BATCH],
    [BATCH * 2, BATCH * 2, BATCH * 4],
    [MAX_BATCH, MAX_BATCH, MAX_BATCH],
    [MAX_BATCH, 1, BATCH],
    [BATCH * 2, -1, BATCH],
  ])('after a batch of %i that took %i: %i', (size, claimed, next) => {
    expect(nextBatchSize(size, claimed)).toBe(next);
  });

  it('stays between BATCH and MAX_BATCH whatever the batches took', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: MAX_BATCH * 2 }), { maxLength: 50 }),
        (xs) => {
          let size = BATCH;
          for (const claimed of xs) {
            size = nextBatchSize(size, Math.min(claimed, size));
            expect(size).toBeGreaterThanOrEqual(BATCH);
            expect(size).toBeLessThanOrEqual(MAX_BATCH);
          }
        },
      ),
    );
  });
});

describe('the lanes wanted', () => {
  it.each([
    // lanes, claimed, size, wanted
    [1, BATCH, BATCH, 2],
    [LANES, BATCH, BATCH, LANES + 1],
    [MAX_LANES, BATCH, BATCH, MAX_LANES],
    [MAX_LANES, 10, BATCH, LANES],
    [1, 10, BATCH, 1],
    [3, 0, BATCH * 2, LANES],
  ])('%i running, a batch took %i of %i: %i', (lanes, claimed, size, wanted) => {
    expect(lanesWanted(lanes, claimed, size)).toBe(wanted);
  });
});

describe('whether a lane goes on', () => {
  it.each([
    // claimed, size, requested, at, goes on
    [BATCH, BATCH, 0, 1_000, true], // full: more are waiting
    [5, BATCH, 1_000, 1_000, false], // caught up, nobody asked for later
    [5, BATCH, 1_001, 1_000, true], // asked for a later instant meanwhile
    [0, BATCH, 999, 1_000, false],
    [-1, BATCH, 5_000, 1_000, false], // failed: rolled back, its rows go one at a time
  ])('took %i of %i, asked for %i, fired at %i: %s', (claimed, size, requested, at, on) => {
    expect(laneGoesOn(claimed, size, requested, at)).toBe(on);
  });
});

describe('one row per case', () => {
  const row = (timerId: string, instance: string) => ({ timerId, instance: { id: instance } });

  it('keeps the first row of each case, in order', () => {
    const due = [row('a1', 'a'), row('b1', 'b'), row('a2', 'a'), row('c1', 'c'), row('b2', 'b')];
    expect(onePerCase(due).map((d) => d.timerId)).toEqual(['a1', 'b1', 'c1']);
  });

  it('never fires two rows of one case, never drops a case, keeps the soonest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat()), { maxLength: 60 }),
        (pairs) => {
          const due = pairs.map(([c, k], i) => row(`${c}.${k}.${i}`, `case-${c}`));
          const taken = onePerCase(due);
          const cases = taken.map((d) => d.instance.id);
          expect(new Set(cases).size).toBe(cases.length);
          expect(new Set(cases)).toEqual(new Set(due.map((d) => d.instance.id)));
          for (const t of taken) expect(t).toBe(due.find((d) => d.instance.id === t.instance.id));
        },
      ),
    );
  });
});

describe('when the drain wakes', () => {
  const now = 1_000_000;
  it.each([
    // next, horizon, armedIn, wait
    [null, 1_000, undefined, undefined], // nothing pending
    [now + 5_000, 1_000, undefined, undefined], // beyond the horizon: a later reconcile arms it
    [now + 500, 1_000, undefined, 500],
    [now + 5, 1_000, undefined, GAP_MS], // never sooner than the gap
    [now - 3_000, 1_000, undefined, GAP_MS], // overdue: at once
    [now + 500, 1_000, 200, undefined], // one goes off sooner: kept
    [now + 500, 1_000, 800, 500], // this one is sooner: replaces it
    [now + 500, 1_000, 500, undefined],
    [now + 8_000, 10_000, undefined, 8_000], // a reconcile's horizon is two intervals
  ])('next due %s, horizon %i, armed in %s: %s', (next, horizon, armedIn, wait) => {
    expect(wakeIn(next, now, horizon, armedIn)).toBe(wait);
  });

  it('never wakes before the row is due, nor later than the horizon allows', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 10_000 }), fc.nat(10_000), (d, horizon) => {
        const wait = wakeIn(now + d, now, horizon);
        if (d > horizon) expect(wait).toBeUndefined();
        else {
          expect(wait).toBeGreaterThanOrEqual(Math.max(GAP_MS, d));
          expect(wait).toBeLessThanOrEqual(Math.max(GAP_MS, horizon));
        }
      }),
    );
  });
});
