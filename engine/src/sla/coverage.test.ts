/**
 * Calendars that never run out silently, and replaying clocks in a newer calendar: the issue's
 * own case, a 50-working-day SLA started on 2026-12-21 in the mainland calendar that knows 2026
 * only (due 2027-03-01, counted straight through the 2027 Spring Festival), then a version
 * that knows 2027.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarDefinition } from '../generated/index.ts';
import { compileCalendar, DAY, HOUR, NATURAL } from '../time/index.ts';
import { BREACH, moveDue, pauseClock, startClock, type ClockState } from './clock.ts';
import { calendarGap, comingInstants, knownUntil } from './coverage.ts';
import { replayClock } from './replay.ts';
import { inferBasis, replayDueDate, replayTimer, timerGap } from './calendar-timers.ts';

const v1Def = JSON.parse(
  readFileSync(
    new URL('../../../definitions/calendars/cn-mainland/v1.json', import.meta.url),
    'utf8',
  ),
) as CalendarDefinition;
// a test's version 2: 2026 as in v1, and 2027 with New Year and a Spring Festival week
// (Feb 5-11 off, make-up Saturday Feb 13); not the State Council's notice, which is not out
const v2Def: CalendarDefinition = {
  ...v1Def,
  version: 2,
  validTo: 2027,
  holidays: [
    ...(v1Def.holidays ?? []),
    { from: '2027-01-01', to: '2027-01-03', name: { 'zh-Hant': '元旦', en: "New Year's Day" } },
    { from: '2027-02-05', to: '2027-02-11', name: { 'zh-Hant': '春節', en: 'Spring Festival' } },
  ],
  extraWorkingDays: [
    ...(v1Def.extraWorkingDays ?? []),
    { date: '2027-02-13', hours: 'mon', name: { 'zh-Hant': '春節調休上班', en: 'make-up day' } },
  ],
};
const v1 = compileCalendar(v1Def);
const v2 = compileCalendar(v2Def);
const bj = (local: string) => Date.parse(`${local}+08:00`);

const START = bj('2026-12-21T09:00:00');
const clock = (cal = v1, target = 'P50D'): ClockState =>
  startClock(
    {
      id: 'i1.sla-complaint',
      instanceId: 'i1',
      taskId: null,
      slaId: 'complaint',
      slaVersion: 1,
      calendarId: cal.id,
      calendarVersion: cal.version,
      target,
    },
    START,
    cal,
  );

describe('a clock beyond its calendar’s known years', () => {
  it('is due 2027-03-01 in v1, counted straight through the Spring Festival', () => {
    expect(clock().dueAt).toBe(bj('2027-03-01T09:00:00'));
  });

  it('is flagged with the years it depends on and each instant beyond them', () => {
    const gap = calendarGap(clock(), [50, 80], v1, START);
    expect(gap).toMatchObject({
      calendar: { id: 'cn-mainland', version: 1 },
      knownYears: { from: 2026, to: 2026 },
      years: [2027],
    });
    expect(gap!.beyond.map((b) => b.percent)).toEqual([50, 80, BREACH]);
    expect(gap!.beyond.at(-1)!.at).toBe(bj('2027-03-01T09:00:00'));
  });

  it('is not flagged when every instant is in a known year, or in a calendar with no end', () => {
    const short = clock(v1, 'P5D');
    expect(short.dueAt).toBe(bj('2026-12-28T09:00:00'));
    expect(calendarGap(short, [50], v1, START)).toBeNull();
    expect(calendarGap(clock(NATURAL), [50], NATURAL, START)).toBeNull();
  });

  it('flags a paused clock by its instants as if it resumed now', () => {
    const paused = pauseClock(clock(), START + 2 * DAY, v1);
    expect(paused.dueAt).toBeNull();
    expect(comingInstants(paused, [], v1, START + 2 * DAY)).toHaveLength(1);
    expect(calendarGap(paused, [], v1, START + 2 * DAY)?.years).toEqual([2027]);
  });

  it('knows when a calendar runs out: the start of the next year in its zone', () => {
    expect(knownUntil(v1)).toBe(bj('2027-01-01T00:00:00'));
    expect(knownUntil(NATURAL)).toBeNull();
  });
});

describe('replaying a clock in a newer calendar', () => {
  const now = bj('2026-12-28T09:00:00'); // a week in: 5 working days used
  const versions = (cal = v1) => ({
    slaVersion: 1,
    target: 'P50D',
    thresholds: [50],
    calendar: cal,
  });

  it('moves the due instant past the Spring Festival, keeping the working time used', () => {
    const r = replayClock(clock(), versions(v1), versions(v2), now);
    if ('skipped' in r) throw new Error(r.skipped);
    expect(r.moves).toBe(true);
    expect(r.reasons).toEqual([{ kind: 'calendar', id: 'cn-mainland', from: 1, to: 2 }]);
    // New Year (Jan 1) and Spring Festival (Feb 5, 8-11) are off, Saturday Feb 13 works: five
    // working days later (the end of Friday's hours: the working time runs out there)
    expect(r.clock.dueAt).toBe(bj('2027-03-05T18:00:00'));
    expect(r.clock).toMatchObject({
      calendarVersion: 2,
      elapsedMs: 5 * 8 * HOUR,
      segmentStart: now,
      cycle: 2,
      targetMs: 50 * 8 * HOUR,
    });
    expect(r.before.at(-1)).toEqual({ percent: BREACH, at: bj('2027-03-01T09:00:00') });
    expect(r.after.at(-1)).toEqual({ percent: BREACH, at: bj('2027-03-05T18:00:00') });
    expect(calendarGap(r.clock, [50], v2, now)).toBeNull();
  });

  it('keeps a supervisor’s move of the due instant', () => {
    const moved = moveDue(clock(), bj('2027-03-03T18:00:00'), now, v1)!; // three working days more
    const r = replayClock(moved, versions(v1), versions(v2), now);
    if ('skipped' in r) throw new Error(r.skipped);
    expect(r.clock.dueAt).toBe(bj('2027-03-10T18:00:00'));
  });

  it('keeps the due instant when only the thresholds change', () => {
    const r = replayClock(clock(), versions(v1), { ...versions(v1), thresholds: [80] }, now);
    if ('skipped' in r) throw new Error(r.skipped);
    expect(r.clock.dueAt).toBe(bj('2027-03-01T09:00:00'));
    expect(r.reasons).toEqual([{ kind: 'thresholds', from: [50], to: [80] }]);
  });

  it('counts a new SLA version’s target and thresholds', () => {
    const r = replayClock(
      clock(),
      versions(v1),
      { slaVersion: 2, target: 'P40D', thresholds: [75], calendar: v1 },
      now,
    );
    if ('skipped' in r) throw new Error(r.skipped);
    expect(r.reasons).toEqual([
      { kind: 'sla', id: 'complaint', from: 1, to: 2 },
      { kind: 'target', from: 'P50D', to: 'P40D' },
      { kind: 'thresholds', from: [50], to: [75] },
    ]);
    expect(r.clock.targetMs).toBe(40 * 8 * HOUR);
    expect(r.after.map((i) => i.percent)).toEqual([75, BREACH]);
  });

  it('leaves breached and ended clocks, and clocks already in the new versions', () => {
    const breached = { ...clock(), breachedAt: now, fired: [BREACH] };
    expect(replayClock(breached, versions(v1), versions(v2), now)).toEqual({ skipped: 'breached' });
    const stopped = { ...clock(), status: 'stopped' as const };
    expect(replayClock(stopped, versions(v1), versions(v2), now)).toEqual({ skipped: 'ended' });
    expect(replayClock(clock(), versions(v1), versions(v1), now)).toEqual({
      skipped: 'same-versions',
    });
  });

  it('pins a paused clock to the new versions; its instants move when it resumes', () => {
    const paused = pauseClock(clock(), now, v1);
    const r = replayClock(paused, versions(v1), versions(v2), now);
    if ('skipped' in r) throw new Error(r.skipped);
    expect(r.clock).toMatchObject({ status: 'paused', calendarVersion: 2, dueAt: null, cycle: 1 });
    expect(r.moves).toBe(true);
  });
});

describe('a process timer on the calendar (P50D from Monday 2026-12-21 09:00)', () => {
  const from = bj('2026-12-21T09:00:00');
  const timer = {
    dueAt: v1.addDuration(from, 'P50D'),
    basis: { id: 'cn-mainland', version: 1, from, duration: 'P50D' },
  };

  it('is flagged with its due instant in 2027, and not once the version knows 2027', () => {
    expect(timer.dueAt).toBe(bj('2027-03-01T09:00:00'));
    expect(timerGap(timer, v1)).toEqual({
      calendar: { id: 'cn-mainland', version: 1 },
      knownYears: { from: 2026, to: 2026 },
      years: [2027],
      beyond: [{ percent: BREACH, at: timer.dueAt, year: 2027 }],
    });
    expect(timerGap(timer, v2)).toBeNull();
    expect(timerGap({ ...timer, dueAt: v1.addDuration(from, 'P5D') }, v1)).toBeNull();
  });

  it.each([
    // [now, due after the replay, or the reason it is skipped]
    ['2026-12-28T08:00:00', bj('2027-03-08T09:00:00')],
    // counted again from when it was armed: the same instant whenever the replay runs
    ['2027-02-20T12:00:00', bj('2027-03-08T09:00:00')],
    // the old instant has come: it fires as it is
    ['2027-03-01T09:00:00', 'due'],
  ] as const)('replayed at %s: %s', (now, expected) => {
    const r = replayTimer(timer, v1, v2, bj(now));
    if (typeof expected === 'string') expect(r).toEqual({ skipped: expected });
    else
      expect(r).toEqual({
        dueAt: expected,
        basis: { ...timer.basis, version: 2 },
        reasons: [{ kind: 'calendar', id: 'cn-mainland', from: 1, to: 2 }],
        moves: true,
      });
  });

  it('is never made due before now, and the same version is no replay', () => {
    // a version that knows fewer working days than assumed cannot make it fire in the past
    const early = { ...timer, basis: { ...timer.basis, duration: 'P1D' } };
    const now = bj('2026-12-28T08:00:00');
    const r = replayTimer(early, v1, v2, now);
    expect(r).toMatchObject({ dueAt: now, moves: true });
    expect(replayTimer(timer, v1, v1, now)).toEqual({ skipped: 'same-versions' });
  });
});

describe("a task's due date on the calendar (P50D from Monday 2026-12-21 09:00)", () => {
  const from = bj('2026-12-21T09:00:00');
  const due = {
    dueAt: v1.addDuration(from, 'P50D'),
    basis: { id: 'cn-mainland', version: 1, from, duration: 'P50D' },
  };

  it('is recounted in the new version from when the task opened, also once it has passed', () => {
    // nothing fires on a due date: an overdue task is recounted like any other
    expect(replayDueDate(due, v1, v2)).toEqual({
      dueAt: bj('2027-03-08T09:00:00'),
      basis: { ...due.basis, version: 2 },
      reasons: [{ kind: 'calendar', id: 'cn-mainland', from: 1, to: 2 }],
      moves: true,
    });
    expect(replayDueDate(due, v1, v1)).toEqual({ skipped: 'same-versions' });
    // in 2026 alone the versions agree: only the version it counts in changes
    const soon = { dueAt: v1.addDuration(from, 'P3D'), basis: { ...due.basis, duration: 'P3D' } };
    expect(replayDueDate(soon, v1, v2)).toMatchObject({ dueAt: soon.dueAt, moves: false });
  });
});

describe('a basis read from the definition for rows armed before bases were recorded', () => {
  const armedAt = bj('2026-12-21T09:00:00');
  const byV1 = v1.addDuration(armedAt, 'P50D');
  const byV2 = v2.addDuration(armedAt, 'P50D');
  const basis = (version: number, duration = 'P50D') => ({
    id: 'cn-mainland',
    version,
    from: armedAt,
    duration,
  });
  it.each([
    [
      'a literal duration counted by v1',
      { duration: 'P50D', calendar: 'cn-mainland' },
      byV1,
      basis(1),
    ],
    [
      'counted by v2 (published before it was armed)',
      { duration: 'P50D', calendar: 'cn-mainland' },
      byV2,
      basis(2),
    ],
    // in 2026 both count alike: the latest of those that fit
    [
      'a due instant both versions give',
      { duration: 'P3D', calendar: 'cn-mainland' },
      v1.addDuration(armedAt, 'P3D'),
      basis(2, 'P3D'),
    ],
    ["a cycle's period", { cycle: 'R3/P50D', calendar: 'cn-mainland' }, byV1, basis(1)],
    // the value of an expression then is not known now
    ['a duration expression', { durationExpression: 'days', calendar: 'cn-mainland' }, byV1, null],
    ['no calendar (natural time)', { duration: 'P50D' }, armedAt + 50 * DAY, null],
    [
      'a due instant no version gives (moved by hand)',
      { duration: 'P50D', calendar: 'cn-mainland' },
      byV1 + HOUR,
      null,
    ],
    ['another calendar', { duration: 'P50D', calendar: 'cn-hk' }, byV1, null],
    ['no definition node', undefined, byV1, null],
  ] as const)('%s', (_, spec, dueAt, expected) => {
    expect(inferBasis(spec, { armedAt, dueAt }, [v1, v2])).toEqual(expected);
  });
});
