/**
 * The live inbox: server-sent events tell a signed-in user about tasks they may work on as
 * they are created and taken, and nothing about other groups' tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { startInstance, tasksOf } from '../helpers/scenario.ts';
import { openTaskEvents } from '../helpers/task-events.ts';

const forAdjusters = process(
  'adjust',
  [start(), userTask('assess', 'ack'), end()],
  [
    ['start', 'assess'],
    ['assess', 'end'],
  ],
);
const forIntake = process(
  'intake',
  [start(), userTask('register', 'ack', { candidateGroups: '["claims-intake"]' }), end()],
  [
    ['start', 'register'],
    ['register', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(forAdjusters, forIntake) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** Opens the event stream as a user; collects `task` events until closed. */
const stream = (as: UserName) => openTaskEvents(t.url, t.token(as));

describe('live inbox', () => {
  it('tells each user about the tasks they may work on as they are created and claimed, and nothing else', async () => {
    const alice = await stream('adjuster');
    const ian = await stream('intake');
    try {
      // When an adjusters' task and an intake task are created
      const a = await startInstance(t, 'adjust');
      const b = await startInstance(t, 'intake');
      const [assess] = await tasksOf(t, a.id);
      const [register] = await tasksOf(t, b.id);
      await t.until(async () => alice.events.some((e) => e.id === assess!.id), 'alice told');
      await t.until(async () => ian.events.some((e) => e.id === register!.id), 'ian told');

      // And a colleague claims the adjusters' task
      expect(
        (await t.api('POST', `/api/tasks/${assess!.id}/claim`, undefined, { as: 'adjuster2' }))
          .status,
      ).toBe(204);
      await t.until(
        async () => alice.events.some((e) => e.id === assess!.id && e.assignee === 'adam'),
        'claim seen',
      );

      // Then nobody heard of the other group's task
      expect(alice.events.map((e) => e.id)).not.toContain(register!.id);
      expect(ian.events.map((e) => e.id)).not.toContain(assess!.id);
      expect(alice.events.find((e) => e.id === assess!.id)).toMatchObject({
        status: 'open',
        change: 'created',
      });
    } finally {
      await alice.close();
      await ian.close();
    }
  });

  it('needs a signed-in user', async () => {
    expect((await fetch(`${t.url}/api/events`)).status).toBe(401);
  });
});
