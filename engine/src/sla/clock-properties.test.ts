/**
 * Properties of SLA clock arithmetic (fast-check), in every kind of calendar: 24x7 in UTC, the
 * shipped Mainland China business calendar, and office hours in two zones with daylight saving.
 * A clock is driven by generated pauses, resumes, resets, threshold firings, a stop or a cancel
 * at increasing instants, and compared with a plain model: the time used is the working time of
 * the running segments since the last (re)start, so it never decreases, and time paused never
 * counts. Pure and without services.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarDefinition } from '../generated/index.ts';
import { compileCalendar, HOUR, NATURAL, type BusinessCalendar } from '../time/index.ts';
import {
  BREACH,
  cancelClock,
  clockTimers,
  elapsedAt,
  fireThreshold,
  pauseClock,
  resetClock,
  resumeClock,
  startClock,
  stopClock,
  thresholdMs,
  type ClockState,
} from './clock.ts';

const name = { 'zh-Hant': '測試', en: 'Test' };
const nineToFive = [{ from: '09:00', to: '17:00' }];
const office = (id: string, timeZone: string) =>
  compileCalendar({
    id,
    version: 1,
    name,
    timeZone,
    workingHours: {
      mon: nineToFive,
      tue: nineToFive,
      wed: nineToFive,
      thu: nineToFive,
      fri: nineToFive,
    },
  });
const cnMainland = compileCalendar(
  JSON.parse(
    readFileSync(
      new URL('../../../definitions/calendars/cn-mainland/v1.json', import.meta.url),
      'utf8',
    ),
  ) as CalendarDefinition,
);

const CALENDARS: [string, BusinessCalendar][] = [
  ['NATURAL', NATURAL],
  ['cn-mainland v1', cnMainland],
  ['Europe/Berlin office hours', office('berlin', 'Europe/Berlin')],
  ['America/New_York office hours', office('ny', 'America/New_York')],
];
const THRESHOLDS = [50, 80];

type Op =
  | { kind: 'pause' | 'resume' | 'stop' | 'cancel' | 'reset'; after: number }
  | { kind: 'fire'; percent: number; after: number };

const after = fc.integer({ min: 0, max: 3 * 24 * HOUR });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('pause', 'resume', 'pause', 'resume', 'stop', 'cancel', 'reset'),
    after,
  }),
  fc.record({ kind: fc.constant('fire'), percent: fc.constantFrom(...THRESHOLDS, BREACH), after }),
) as fc.Arbitrary<Op>;
const start = fc.integer({
  min: Date.parse('2026-01-05T00:00:00Z'),
  max: Date.parse('2026-11-01T00:00:00Z'),
});
const target = fc.constantFrom('PT4H', 'PT20H', 'P1D', 'P3D', 'P1W');

/** The model: working time of the running segments since the last (re)start. */
interface Model {
  running: boolean;
  ended: boolean;
  used: number;
  since: number;
}

function checkClock(c: ClockState, m: Model, now: number, cal: BusinessCalendar): void {
  const modelUsed = m.used + (m.running ? cal.workingMs(m.since, now) : 0);
  expect(elapsedAt(c, now, cal), 'time used').toBe(modelUsed);
  // a running clock's due instant is when it will have used its target
  if (c.status === 'running' && c.breachedAt === null && c.elapsedMs < c.targetMs)
    expect(elapsedAt(c, c.dueAt!, cal), 'used at the due instant').toBe(c.targetMs);
  // a breach is recorded only when the target was used up, at the instant it was
  if (c.breachedAt !== null) expect(modelUsed).toBeGreaterThanOrEqual(c.targetMs);
  // its threshold timers are never early, and come in order
  if (c.status === 'running') {
    let last = -Infinity;
    for (const t of clockTimers(c, THRESHOLDS, cal)) {
      const at = thresholdMs(c, t.percent);
      if (t.percent !== BREACH || c.breachedAt === null)
        expect(elapsedAt(c, t.dueAt, cal), `${t.percent}% timer`).toBeGreaterThanOrEqual(at);
      expect(t.dueAt).toBeGreaterThanOrEqual(last);
      last = t.dueAt;
    }
  }
}

describe.each(CALENDARS)('SLA clock properties: %s', (_, cal) => {
  it('time used never decreases but on a reset, pauses do not count, nothing fires early or twice', () => {
    fc.assert(
      fc.property(start, target, fc.array(op, { maxLength: 12 }), (t0, iso, ops) => {
        let now = t0;
        let c = startClock(
          {
            id: 'c',
            instanceId: 'i',
            taskId: null,
            slaId: 's',
            slaVersion: 1,
            calendarId: cal.id,
            calendarVersion: 1,
            target: iso,
          },
          now,
          cal,
        );
        const m: Model = { running: true, ended: false, used: 0, since: now };
        checkClock(c, m, now, cal);
        for (const o of ops) {
          const before = elapsedAt(c, now, cal);
          now += o.after;
          // between two changes the time used only grows, and not at all while paused
          const grown = elapsedAt(c, now, cal);
          expect(grown).toBeGreaterThanOrEqual(before);
          if (c.status !== 'running') expect(grown).toBe(before);
          const close = () => {
            if (m.running) m.used += cal.workingMs(m.since, now);
            m.running = false;
          };
          let next = c;
          switch (o.kind) {
            case 'pause':
              next = pauseClock(c, now, cal);
              if (m.running && !m.ended) close();
              break;
            case 'resume':
              next = resumeClock(c, now, cal);
              if (!m.running && !m.ended) Object.assign(m, { running: true, since: now });
              break;
            case 'stop':
            case 'cancel':
              next = (o.kind === 'stop' ? stopClock : cancelClock)(c, now, cal);
              if (!m.ended) {
                close();
                m.ended = true;
              }
              break;
            case 'reset':
              next = resetClock(c, now, cal);
              if (!m.ended) Object.assign(m, { running: true, used: 0, since: now });
              break;
            case 'fire': {
              const firing = fireThreshold(c, o.percent, now, cal);
              if (firing === 'noop') break;
              if ('early' in firing) {
                // not yet: it says when, and that instant is when the threshold is reached
                expect(elapsedAt(c, now, cal)).toBeLessThan(thresholdMs(c, o.percent));
                expect(elapsedAt(c, firing.early, cal)).toBeGreaterThanOrEqual(
                  thresholdMs(c, o.percent),
                );
                break;
              }
              expect(elapsedAt(c, now, cal)).toBeGreaterThanOrEqual(thresholdMs(c, o.percent));
              expect(c.fired).not.toContain(o.percent);
              next = firing.fired;
              // fired once: a second firing of the same threshold does nothing
              expect(fireThreshold(next, o.percent, now, cal)).toBe('noop');
              break;
            }
          }
          // an ended clock stays as it ended
          if (c.status === 'stopped' || c.status === 'cancelled') expect(next).toBe(c);
          c = next;
          checkClock(c, m, now, cal);
          checkClock(c, m, now + o.after, cal);
        }
      }),
      { numRuns: 120 },
    );
  });
});
