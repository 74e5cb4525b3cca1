/**
 * Every engine in step (issue 18, item 2): a definition published through one engine is in
 * force on every engine at once. Three engines share one database and Redis, each with its own
 * definitions folder (so none can read another's new file): publish on A, start on B, complete
 * on C straight away. B and C hear A's notice (LISTEN/NOTIFY) and reload; one asked for the new
 * version before its notice arrives reloads from the ledger there and then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { startInstance, tasksOf } from '../helpers/scenario.ts';

// Given a process whose one task is offered to nobody in particular
const review = process(
  'review',
  [start(), userTask('check', 'ack'), end()],
  [
    ['start', 'check'],
    ['check', 'end'],
  ],
);

let a: TestEngine;
let b: TestEngine;
let c: TestEngine;
beforeAll(async () => {
  a = await startTestEngine({ definitions: files(review) });
  const shared = { schema: a.schema, prefix: a.prefix };
  b = await startTestEngine({ definitions: files(review), ...shared });
  c = await startTestEngine({ definitions: files(review), ...shared });
});
afterAll(async () => {
  await c?.close();
  await b?.close();
  await a?.close();
  await dropTestData(a.schema, a.prefix);
});

/** Publishes the review process with its task renamed, through engine A; the new version. */
async function publishOnA(taskId: string): Promise<number> {
  const latest = (await a.api('GET', '/api/definitions/process/review')).body;
  const body = {
    ...latest.body,
    nodes: latest.body.nodes.map((n: { id: string }) =>
      n.id === 'check' || n.id.startsWith('check-') ? { ...n, id: taskId } : n,
    ),
    flows: latest.body.flows.map((f: { from: string; to: string }) => ({
      ...f,
      from: f.from.startsWith('check') ? taskId : f.from,
      to: f.to.startsWith('check') ? taskId : f.to,
    })),
  };
  const saved = await a.api(
    'PUT',
    '/api/drafts/process/review',
    { body, baseVersion: latest.latestVersion },
    { as: 'designer' },
  );
  expect(saved.body.problems).toEqual([]);
  const published = await a.api(
    'POST',
    '/api/drafts/process/review/publish',
    { note: `Adds the ${taskId} step.` },
    { as: 'designer' },
  );
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  return published.body.version as number;
}

describe('engines in step', () => {
  it('a version published on A is started on B and worked on C at once', async () => {
    const version = await publishOnA('check-v2');
    expect(version).toBe(2);

    // When B starts that version straight away, and C completes its task straight away
    const started = await startInstance(b, 'review', {}, { version });
    expect(started.processVersion).toBe(2);
    const [task] = await tasksOf(b, started.id);
    expect(task?.node_id).toBe('check-v2');
    const done = await c.api('POST', `/api/tasks/${task!.id}/complete`, { data: { ok: true } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);

    // Then the case ends, worked by three engines, none of which had the new file but A
    expect((await a.api('GET', `/api/instances/${started.id}`)).body.status).toBe('completed');
  });

  it('every engine takes the newest version as the latest, by the notice alone', async () => {
    const version = await publishOnA('check-v3');
    // no request asks B or C for v3 by number: the notice makes it the latest there
    for (const engine of [b, c])
      await engine.until(async () => {
        const res = await engine.api('GET', '/api/definitions/process/review');
        return res.body.latestVersion === version;
      }, `v${version} as the latest on another engine`);
    expect((await startInstance(c, 'review')).processVersion).toBe(version);
  });

  it('an engine that lost its LISTEN connection catches up in full when it listens again', async () => {
    // Given C's listening connection cut (a database restart, an administrator's kill)
    const cut = await c.sql<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE application_name = $1`,
      [`caseway-listener ${c.engine.engineId}`],
    );
    expect(cut).toEqual([{ terminated: true }]);
    // When a version is published on A meanwhile
    const version = await publishOnA('check-v4');
    // Then C has it as its latest, without being asked for it by number
    await c.until(async () => {
      const res = await c.api('GET', '/api/definitions/process/review');
      return res.body.latestVersion === version;
    }, `v${version} on the engine that was cut off`);
  });
});
