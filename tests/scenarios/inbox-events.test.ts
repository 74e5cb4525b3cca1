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
async function stream(as: UserName) {
  const abort = new AbortController();
  const res = await fetch(`${t.url}/api/events`, {
    headers: { authorization: `Bearer ${t.token(as)}` },
    signal: abort.signal,
  });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const events: { id: string; status: string; change: string; assignee: string | null }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (block.startsWith('event: task') && data) events.push(JSON.parse(data));
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    events,
    close: async () => {
      abort.abort();
      await pump;
    },
  };
}

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
