/**
 * Unique business keys (`businessKey: { expression, unique: true }`): no two active cases of a
 * process started on their own share the key, whichever version started them and whether the
 * key was computed or given; a closed case's key may be used again; a call activity's child is
 * neither checked nor counted (Camunda's business id uniqueness). Racing starts with one key
 * make exactly one case, on every engine (the check holds an advisory lock to the commit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { startInstance } from '../helpers/scenario.ts';

// Given an application numbered by its sender, unique among open applications from v2 on
const chain = (): Parameters<typeof process>[2] => [
  ['start', 'check'],
  ['check', 'end'],
];
const v1 = process('application', [start(), userTask('check'), end()], chain(), {
  businessKey: '"APP-" + no',
});
const v2 = process(
  'application',
  [start(), userTask('check'), end()],
  chain(),
  { businessKey: { expression: '"APP-" + no', unique: true } },
  2,
);
// and a process whose key is not unique, and one that calls applications as children
const note = process('note', [start(), userTask('check'), end()], chain(), {
  businessKey: '"APP-" + no',
});
const batch = process(
  'batch',
  [
    start(),
    { id: 'a', type: 'callActivity', process: { id: 'application' }, input: { no: 'no' } },
    { id: 'b', type: 'callActivity', process: { id: 'application' }, input: { no: 'no' } },
    end(),
  ],
  [
    ['start', 'a'],
    ['a', 'b'],
    ['b', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(note, batch), ...files(v1), ...files(v2) },
  });
  expect(t.engine.registry.problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const startApp = (variables: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  t.api('POST', '/api/instances', { processId: 'application', variables, ...extra });
const count = async (key: string) =>
  (
    await t.sql(
      `SELECT count(*)::int AS n FROM instances WHERE process_id = 'application' AND business_key = $1`,
      [key],
    )
  )[0].n as number;

describe('unique business keys', () => {
  it('refuses a second open case with the key, computed or given, from any version', async () => {
    const first = await startApp({ no: '1' });
    expect(first.status).toBe(201);
    expect(first.body.businessKey).toBe('APP-1');

    // When the same key comes again: computed, given explicitly, or through the older version
    const again = await startApp({ no: '1' });
    const given = await startApp({ no: '99' }, { businessKey: 'APP-1' });
    const older = await startApp({ no: '1' }, { version: 1 });

    // Then the latest version refuses it with 409 and creates nothing
    expect([again.status, given.status]).toEqual([409, 409]);
    expect(again.body.code).toBe('CW_ERR_BUSINESS_KEY_TAKEN');
    expect(again.body).toMatchObject({ processId: 'application' });
    expect(JSON.stringify(again.body)).not.toContain(first.body.id);
    // and version 1, which declared no uniqueness, still starts as it always did
    expect(older.status).toBe(201);
    expect(await count('APP-1')).toBe(2);
    // and another process may use the same key
    expect(
      (await t.api('POST', '/api/instances', { processId: 'note', variables: { no: '1' } })).status,
    ).toBe(201);
    // and the message is in the caller's language
    const zh = await t.api(
      'POST',
      '/api/instances',
      { processId: 'application', variables: { no: '1' } },
      { lang: 'zh-TW' },
    );
    expect(zh.body.message).toMatch(/進行中案件/);
  });

  it('lets the key be used again once the case is closed', async () => {
    const first = await startApp({ no: '2' });
    expect((await startApp({ no: '2' })).status).toBe(409);
    const cancelled = await t.api('POST', `/api/instances/${first.body.id}/cancel`, {
      reason: 'withdrawn',
    });
    expect(cancelled.status).toBe(200);
    expect((await startApp({ no: '2' })).status).toBe(201);
    expect(await count('APP-2')).toBe(2);
  });

  it('neither checks nor counts the children of a call activity', async () => {
    // Given an open application APP-3 started on its own
    expect((await startApp({ no: '3' })).status).toBe(201);
    // When a batch calls an application with the same key as a child
    const b = await startInstance(t, 'batch', { no: '3' });
    const children = await t.sql(`SELECT business_key FROM instances WHERE parent_id = $1`, [b.id]);
    // Then the child starts, and it does not hold the key against cases started on their own
    expect(children.map((c) => c.business_key)).toEqual(['APP-3']);
    expect((await startApp({ no: '4' })).status).toBe(201);
    await startInstance(t, 'batch', { no: '5' });
    expect((await startApp({ no: '5' })).status).toBe(201);
  });

  it('makes exactly one case of racing starts with one key', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => startApp({ no: '6' })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, ...Array(11).fill(409)]);
    expect(await count('APP-6')).toBe(1);
  });
});
