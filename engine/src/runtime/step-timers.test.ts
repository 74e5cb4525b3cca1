/**
 * Timer cycles and timers on a business calendar (issue 19, item 1), in the pure step: a
 * non-interrupting boundary timer `R3/P1D` fires three times a day apart while its task waits,
 * each firing arming the next as a new timer, and the task's end withdraws the one pending; a
 * timer with `calendar: "cn-mainland"` counts `P5D` as five working days.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarDefinition } from '../generated/index.ts';
import { compileCalendar } from '../time/index.ts';
import { actions, contextAt, DAY, graphOf, historyOf, NOW, run, waits } from './step-fixtures.ts';
import { step } from './step.ts';
import type { Effect, Event, InstanceState } from './types.ts';

const cnMainland = compileCalendar(
  JSON.parse(
    readFileSync(
      new URL('../../../definitions/calendars/cn-mainland/v1.json', import.meta.url),
      'utf8',
    ),
  ) as CalendarDefinition,
);

const reminders = (timer: Record<string, unknown>) =>
  graphOf(
    [
      { id: 's', type: 'start' },
      { id: 'answer', type: 'userTask', form: { id: 'f' } },
      { id: 'remind', type: 'boundaryTimer', attachedTo: 'answer', interrupting: false, timer },
      { id: 'reminded', type: 'end' },
      { id: 'e', type: 'end' },
    ],
    [
      ['s', 'answer'],
      ['answer', 'e'],
      ['remind', 'reminded'],
    ],
  );

const timersIn = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'scheduleTimer' ? [e.timer] : []));

/** Fires the pending boundary timer at its due instant, returning the step. */
function fire(g: ReturnType<typeof reminders>, state: InstanceState, id: string, at: number) {
  return step(g, state, { type: 'timerFired', timerId: id } as Event, contextAt(at));
}

describe('a timer cycle R3/P1D', () => {
  const g = reminders({ cycle: 'R3/P1D' });

  it('fires three times a day apart while the task waits, then stops', () => {
    const started = run(g, {});
    let [pending] = timersIn(started.last);
    expect(pending).toMatchObject({ id: 'i1.m4#1@remind', dueAt: NOW + DAY });
    let state = started.state;
    const fired: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const r = fire(g, state, pending!.id, pending!.dueAt);
      fired.push(pending!.id);
      state = r.state;
      const next = timersIn(r.effects);
      if (n < 3) {
        expect(next).toEqual([
          expect.objectContaining({
            id: expect.stringMatching(new RegExp(`#${n + 1}@remind$`)),
            dueAt: pending!.dueAt + DAY,
          }),
        ]);
        pending = next[0];
      } else expect(next).toEqual([]);
      // each firing sends one token down the reminder's path; the task keeps waiting
      expect(historyOf(r.effects)).toContain('node.entered:reminded');
      expect(waits(state)).toEqual(['answer:task']);
    }
    expect(fired).toHaveLength(3);
    expect(new Set(fired).size).toBe(3);
  });

  it('ends when the task ends: the pending firing is withdrawn', () => {
    const started = run(g, {});
    const [first] = timersIn(started.last);
    const once = fire(g, started.state, first!.id, first!.dueAt);
    const [second] = timersIn(once.effects);
    const taskId = started.last.flatMap((e) => (e.type === 'createTask' ? [e.task.id] : []))[0]!;
    const done = step(
      g,
      once.state,
      { type: 'taskCompleted', taskId, data: {}, actor: 'u' },
      contextAt(first!.dueAt + 1),
    );
    expect(actions(done.effects)).toContain(`cancelTimer:${second!.id}`);
    expect(done.state.status).toBe('completed');
  });
});

describe('a timer on a business calendar', () => {
  const withCalendar = {
    ...contextAt(NOW),
    calendar: (id: string) => (id === 'cn-mainland' ? cnMainland : undefined),
  };
  const waitGraph = (timer: Record<string, unknown>) =>
    graphOf(
      [
        { id: 's', type: 'start' },
        { id: 'w', type: 'timer', timer },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'w'],
        ['w', 'e'],
      ],
    );
  const dueOf = (timer: Record<string, unknown>) => {
    const g = waitGraph(timer);
    const r = step(
      g,
      { id: 'i1', status: 'active', variables: { d: 'P5D' }, tokens: [], seq: 0, outcome: null },
      { type: 'start', actor: 'u' },
      withCalendar,
    );
    return timersIn(r.effects)[0]!.dueAt;
  };

  it.each([
    // Monday 2 March 2026, 17:00 in Beijing
    [{ duration: 'P5D', calendar: 'cn-mainland' }, cnMainland.addDuration(NOW, 'P5D')],
    [{ durationExpression: 'd', calendar: 'cn-mainland' }, cnMainland.addDuration(NOW, 'P5D')],
    [{ duration: 'P5D' }, NOW + 5 * DAY],
  ])('%j is due at %d', (timer, due) => {
    expect(dueOf(timer)).toBe(due);
  });

  it('counts working days, so five of them are a week here, never a Saturday', () => {
    const due = dueOf({ duration: 'P5D', calendar: 'cn-mainland' });
    expect(new Date(due).toISOString()).toBe('2026-03-09T09:00:00.000Z');
    expect(NOW + 5 * DAY).toBe(Date.parse('2026-03-07T09:00:00Z')); // natural time: a Saturday
  });

  it('remembers how it was counted, so a later calendar version can count it again', () => {
    const g = waitGraph({ durationExpression: 'd', calendar: 'cn-mainland' });
    const r = step(
      g,
      { id: 'i1', status: 'active', variables: { d: 'P5D' }, tokens: [], seq: 0, outcome: null },
      { type: 'start', actor: 'u' },
      withCalendar,
    );
    expect(timersIn(r.effects)[0]!.calendar).toEqual({
      id: 'cn-mainland',
      version: cnMainland.version,
      from: NOW,
      duration: 'P5D',
    });
    // a timer in natural time has nothing to count again
    const plain = step(
      waitGraph({ duration: 'P5D' }),
      { id: 'i2', status: 'active', variables: {}, tokens: [], seq: 0, outcome: null },
      { type: 'start', actor: 'u' },
      withCalendar,
    );
    expect(timersIn(plain.effects)[0]!.calendar).toBeUndefined();
  });

  it.each([
    // [the task's dueDate, its due instant, how it was counted]
    [
      { durationExpression: 'd', calendar: 'cn-mainland' },
      cnMainland.addDuration(NOW, 'P5D'),
      { id: 'cn-mainland', version: cnMainland.version, from: NOW, duration: 'P5D' },
    ],
    [{ duration: 'P5D' }, NOW + 5 * DAY, undefined],
  ])("a user task's dueDate %j is due at %d, counted as %j", (dueDate, dueAt, basis) => {
    const g = graphOf(
      [
        { id: 's', type: 'start' },
        { id: 'k', type: 'userTask', form: { id: 'f' }, dueDate },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'k'],
        ['k', 'e'],
      ],
    );
    const r = step(
      g,
      { id: 'i1', status: 'active', variables: { d: 'P5D' }, tokens: [], seq: 0, outcome: null },
      { type: 'start', actor: 'u' },
      withCalendar,
    );
    const [task] = r.effects.flatMap((e) => (e.type === 'createTask' ? [e.task] : []));
    expect(task!.dueAt).toBe(dueAt);
    expect(task!.dueCalendar).toEqual(basis);
  });

  it('an unknown calendar is a step failure naming it', () => {
    expect(() => dueOf({ duration: 'P5D', calendar: 'nowhere' })).toThrow(
      expect.objectContaining({ code: 'CW_ERR_DEF_UNKNOWN_REFERENCE' }),
    );
  });
});
