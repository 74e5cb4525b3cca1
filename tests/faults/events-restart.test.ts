/**
 * The live inbox through a PostgreSQL restart. Each engine LISTENs on one connection; when the
 * database restarts, that connection is gone and so are the notifications sent meanwhile. The
 * engine must not go quiet: it ends every open stream (browsers' EventSource reconnects and
 * re-reads the inbox), and the next stream gets task events again on a new LISTEN connection.
 * Runs on the test's own cluster (tests/helpers/own-services.ts), never the shared one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { startOwnPostgres, type OwnPostgres } from '../helpers/own-services.ts';
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

let postgres: OwnPostgres;
let t: TestEngine;
beforeAll(async () => {
  postgres = await startOwnPostgres();
  t = await startTestEngine({
    definitions: files(forAdjusters),
    config: { databaseUrl: postgres.url },
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await postgres?.destroy();
  if (t) await dropTestData(t.schema, t.prefix); // its Redis keys (the schema was on our cluster)
});

/** An adjuster's event stream: the task ids it announced, and whether the server ended it. */
async function stream() {
  const res = await fetch(`${t.url}/api/events`, {
    headers: { authorization: `Bearer ${t.token('adjuster')}` },
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const s = {
    tasks: [] as string[],
    ended: false,
    cancel: () => reader.cancel().catch(() => undefined),
  };
  const decoder = new TextDecoder();
  void (async () => {
    let text = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return void (s.ended = true);
      text += decoder.decode(value, { stream: true });
      for (const m of text.matchAll(/event: task\ndata: (.*)\n\n/g)) {
        const id = (JSON.parse(m[1]!) as { id: string }).id;
        if (!s.tasks.includes(id)) s.tasks.push(id);
      }
    }
  })();
  return s;
}

/** Starts an adjusters' case once the database answers again; its task id. */
async function newTask(): Promise<string> {
  const i = await t.until(
    async () => {
      const r = await t.api('POST', '/api/instances', { processId: 'adjust' }).catch(() => null);
      return r?.status === 201 ? (r.body as { id: string }) : undefined;
    },
    'the engine to start cases again',
    30_000,
  );
  const [task] = await tasksOf(t, i.id);
  return task!.id;
}

describe('live inbox and a database restart', () => {
  it('ends the streams when the LISTEN connection is lost, and a new stream hears new tasks', async () => {
    // Given an adjuster's open stream that hears of a new task
    let current = await stream();
    const [task] = await tasksOf(t, (await startInstance(t, 'adjust')).id);
    await t.until(async () => current.tasks.includes(task!.id), 'the first task announced');

    // When PostgreSQL restarts (fast, then a crash stop)
    for (const mode of ['fast', 'immediate'] as const) {
      const open = current;
      await postgres.restart(mode);
      // Then the stream ends instead of staying open and silent
      await t.until(async () => open.ended, `the stream to end (${mode})`);
      // And a new stream (the browser's reconnect) hears the next task
      current = await t.until(() => stream().catch(() => undefined), 'a new stream', 30_000);
      const id = await newTask();
      const heard = current;
      await t.until(async () => heard.tasks.includes(id), `the task after ${mode}`);
    }
    await current.cancel();
  }, 120_000);
});
