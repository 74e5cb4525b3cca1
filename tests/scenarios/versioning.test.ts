import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  writeDefinitions,
  type TestEngine,
} from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, getInstance, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given a published claim process v1; v2 adds a check before the end and another outcome
const v1 = process(
  'claim',
  [start(), userTask('review'), end('done', 'v1-done')],
  [
    ['start', 'review'],
    ['review', 'done'],
  ],
);
const v2 = process(
  'claim',
  [start(), userTask('review'), userTask('check'), end('done', 'v2-done')],
  [
    ['start', 'review'],
    ['review', 'check'],
    ['check', 'done'],
  ],
  {},
  2,
);

let t: TestEngine;
let pinned: string;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(v1) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function finish(instanceId: string) {
  let i = await getInstance(t, instanceId);
  while (i.status === 'active') {
    const [task] = await tasksOf(t, instanceId);
    i = await complete(t, task!.id, { ok: true });
  }
  return i;
}

describe('definition versions', () => {
  it('new instances take v2 once it is added; running ones stay pinned to v1', async () => {
    pinned = (await startInstance(t, 'claim')).id;
    await writeDefinitions({ 'processes/claim/v2.json': v2 }, t.definitionsDir);
    const registry = await t.engine.reloadDefinitions();
    expect(registry.problems).toEqual([]);

    const fresh = await startInstance(t, 'claim');
    expect(fresh.processVersion).toBe(2);
    expect((await getInstance(t, pinned)).processVersion).toBe(1);
    expect((await finish(fresh.id)).outcome).toBe('v2-done');

    const listed = await t.api('GET', '/api/definitions/process/claim');
    expect(listed.body).toMatchObject({ latestVersion: 2, body: { version: 2 } });
    expect(listed.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('starts the version asked for, and 404 for one that does not exist', async () => {
    const old = await startInstance(t, 'claim', {}, { version: 1 });
    expect(old.processVersion).toBe(1);
    expect((await finish(old.id)).outcome).toBe('v1-done');
    const missing = await t.api('POST', '/api/instances', { processId: 'claim', version: 9 });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CW_ERR_NOT_FOUND');
  });

  it('refuses a changed file for a recorded version and keeps the recorded body', async () => {
    // reformatting is not a change
    await writeFile(join(t.definitionsDir, 'processes/claim/v1.json'), JSON.stringify(v1));
    expect((await t.engine.reloadDefinitions()).problems).toEqual([]);

    const tampered = { ...v1, nodes: [start(), userTask('review'), end('done', 'tampered')] };
    await writeDefinitions({ 'processes/claim/v1.json': tampered }, t.definitionsDir);
    const registry = await t.engine.reloadDefinitions();
    expect(registry.problems).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_IMMUTABLE',
        file: 'processes/claim/v1.json',
        pointer: '',
      }),
    ]);
    const problems = await t.api('GET', '/api/definitions/problems');
    expect(problems.body.items.map((p: { code: string }) => p.code)).toEqual([
      'CW_ERR_DEF_IMMUTABLE',
    ]);
    const recorded = await t.api('GET', '/api/definitions/process/claim/versions/1');
    expect(recorded.body.body).toEqual(v1);
    const again = await startInstance(t, 'claim', {}, { version: 1 });
    expect((await finish(again.id)).outcome).toBe('v1-done');
    expect((await startInstance(t, 'claim')).processVersion).toBe(2);
  });

  it('keeps running instances working when their version file is removed (body from PostgreSQL)', async () => {
    await rm(join(t.definitionsDir, 'processes/claim/v1.json'));
    const registry = await t.engine.reloadDefinitions();
    expect(registry.problems).toEqual([]);
    const listed = await t.api('GET', '/api/definitions/process/claim');
    expect(
      listed.body.versions.map((v: { version: number; present: boolean }) => [
        v.version,
        v.present,
      ]),
    ).toEqual([
      [1, false],
      [2, true],
    ]);
    const done = await finish(pinned);
    expect(done).toMatchObject({ status: 'completed', processVersion: 1, outcome: 'v1-done' });
  });
});
