import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import {
  DAY,
  HOUR,
  complete,
  getInstance,
  history,
  isDelayed,
  jobsAt,
  settle,
  startInstance,
  tasksOf,
  untilAt,
  untilStatus,
} from '../helpers/scenario.ts';

// Given a review escalated to a supervisor after three days (interrupting)
const escalate = process(
  'escalate',
  [
    start(),
    userTask('review'),
    { id: 'late', type: 'boundaryTimer', attachedTo: 'review', timer: { duration: 'P3D' } },
    userTask('supervise'),
    end('reviewed', 'reviewed'),
    end('escalated', 'escalated'),
  ],
  [
    ['start', 'review'],
    ['review', 'reviewed'],
    ['late', 'supervise'],
    ['supervise', 'escalated'],
  ],
);
// and a review that sends a reminder after four hours but stays open (non-interrupting)
const remind = process(
  'remind',
  [
    start(),
    userTask('review'),
    {
      id: 'nudge',
      type: 'boundaryTimer',
      attachedTo: 'review',
      interrupting: false,
      timer: { duration: 'PT4H' },
    },
    service('sendReminder', 'set-variables', { input: { reminded: 'true' } }),
    end('reviewed', 'reviewed'),
    end('reminderSent'),
  ],
  [
    ['start', 'review'],
    ['review', 'reviewed'],
    ['nudge', 'sendReminder'],
    ['sendReminder', 'reminderSent'],
  ],
);
// and a call to an external survey that gives up after a day
const survey = process(
  'survey',
  [start(), userTask('answer'), end()],
  [
    ['start', 'answer'],
    ['answer', 'end'],
  ],
);
const withSurvey = process(
  'with-survey',
  [
    start(),
    { id: 'callSurvey', type: 'callActivity', process: { id: 'survey' } },
    { id: 'giveUp', type: 'boundaryTimer', attachedTo: 'callSurvey', timer: { duration: 'P1D' } },
    end('answered', 'answered'),
    end('noAnswer', 'no-answer'),
  ],
  [
    ['start', 'callSurvey'],
    ['callSurvey', 'answered'],
    ['giveUp', 'noAnswer'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: files(escalate, remind, survey, withSurvey),
    start: '2026-06-01T08:00:00Z',
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** Advances to a minute before the timer is due and checks it has not fired. */
async function notBefore(instanceId: string, nodeId: string) {
  const [timer] = await jobsAt(t, instanceId, nodeId);
  t.clock.advance(timer!.due_at.getTime() - t.clock.now() - 60_000);
  await settle(t);
  expect(await isDelayed(t, timer!.id)).toBe(true);
  expect((await jobsAt(t, instanceId, nodeId))[0]).toMatchObject({
    status: 'pending',
    fire_count: 0,
  });
  return timer!;
}

describe('boundary timer on a user task', () => {
  it('interrupting: cancels the task and moves the token along the boundary path', async () => {
    const i = await startInstance(t, 'escalate');
    const [review] = await tasksOf(t, i.id);
    const timer = await notBefore(i.id, 'late');
    expect(timer.id.endsWith('@late')).toBe(true);

    t.clock.advance(2 * 60_000);
    const moved = await untilAt(t, i.id, 'supervise');
    expect(moved.tokens).toEqual([
      expect.objectContaining({ nodeId: 'supervise', waitingFor: 'task' }),
    ]);
    const [row] = await t.sql(`SELECT status FROM tasks WHERE id = $1`, [review!.id]);
    expect(row.status).toBe('cancelled');
    const late = await t.api(
      'POST',
      `/api/tasks/${review!.id}/complete`,
      { data: { ok: true } },
      { as: 'adjuster' },
    );
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CW_ERR_TASK_NOT_OPEN');
    const h = await history(t, i.id);
    expect(h.find((x) => x.type === 'timer.fired')).toMatchObject({
      nodeId: 'late',
      data: { timerId: timer.id, interrupting: true },
    });
    expect(h.find((x) => x.type === 'node.interrupted')).toMatchObject({
      nodeId: 'review',
      data: { by: 'late' },
    });
    const [supervise] = await tasksOf(t, i.id);
    expect((await complete(t, supervise!.id, { ok: true })).outcome).toBe('escalated');
  });

  it('interrupting: completing the task first cancels the boundary timer, which then never fires', async () => {
    const i = await startInstance(t, 'escalate');
    const [review] = await tasksOf(t, i.id);
    expect((await complete(t, review!.id, { ok: true })).outcome).toBe('reviewed');
    const [timer] = await jobsAt(t, i.id, 'late');
    expect(timer!.status).toBe('cancelled');
    t.clock.advance(4 * DAY);
    await settle(t);
    await t.engine.queue.reconcile(true);
    expect((await jobsAt(t, i.id, 'late'))[0]).toMatchObject({
      status: 'cancelled',
      fire_count: 0,
    });
    expect((await history(t, i.id)).some((x) => x.type === 'timer.fired')).toBe(false);
  });

  it('non-interrupting: the task stays open while the extra path runs', async () => {
    const i = await startInstance(t, 'remind');
    const [review] = await tasksOf(t, i.id);
    await notBefore(i.id, 'nudge');
    t.clock.advance(2 * 60_000);
    const reminded = await t.until(async () => {
      const x = await getInstance(t, i.id);
      return x.variables.reminded === true ? x : null;
    }, 'reminder sent');
    expect(reminded.status).toBe('active');
    expect(reminded.tokens).toEqual([
      expect.objectContaining({ nodeId: 'review', waitingFor: 'task' }),
    ]);
    expect(await tasksOf(t, i.id)).toEqual([
      expect.objectContaining({ id: review!.id, status: 'open' }),
    ]);
    const h = await history(t, i.id);
    expect(h.find((x) => x.type === 'timer.fired')?.data).toMatchObject({ interrupting: false });
    expect(h.some((x) => x.type === 'node.interrupted')).toBe(false);
    expect(h.filter((x) => x.type === 'node.entered' && x.nodeId === 'reminderSent')).toHaveLength(
      1,
    );

    const done = await complete(t, review!.id, { ok: true });
    expect(done).toMatchObject({ status: 'completed', outcome: 'reviewed' });
  });
});

describe('boundary timer on a call activity', () => {
  it('interrupts the call: the child is cancelled and the parent takes the boundary path', async () => {
    const parent = await startInstance(t, 'with-survey');
    const [child] = await t.sql(`SELECT id FROM instances WHERE parent_id = $1`, [parent.id]);
    await notBefore(parent.id, 'giveUp');
    t.clock.advance(2 * 60_000);
    const done = await untilStatus(t, parent.id, 'completed');
    expect(done.outcome).toBe('no-answer');
    await untilStatus(t, child.id, 'cancelled');
    expect(await tasksOf(t, child.id, 'cancelled')).toHaveLength(1);
    expect(await tasksOf(t, child.id)).toEqual([]);
    expect((await history(t, parent.id)).find((x) => x.type === 'node.interrupted')).toMatchObject({
      nodeId: 'callSurvey',
      data: { by: 'giveUp' },
    });
  });

  it('is cancelled when the child completes first', async () => {
    const parent = await startInstance(t, 'with-survey');
    const [child] = await t.sql(`SELECT id FROM instances WHERE parent_id = $1`, [parent.id]);
    const [answer] = await tasksOf(t, child.id);
    await complete(t, answer!.id, { ok: true });
    const done = await untilStatus(t, parent.id, 'completed');
    expect(done.outcome).toBe('answered');
    expect((await jobsAt(t, parent.id, 'giveUp'))[0]!.status).toBe('cancelled');
  });

  it('keeps the durability invariants', async () => {
    t.clock.advance(HOUR);
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
