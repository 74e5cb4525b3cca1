/**
 * Saved inbox filters: each user saves named inbox queries, lists and deletes their own, and
 * cannot see, reuse the name of, or delete anyone else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';

const adjust = process(
  'adjust',
  [start(), userTask('assess', 'ack'), end()],
  [
    ['start', 'assess'],
    ['assess', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(adjust) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('saved inbox filters', () => {
  it('saves, lists and deletes a user’s own filters', async () => {
    const urgent = await t.api(
      'POST',
      '/api/inbox/filters',
      { name: ' Breached ', query: { scope: 'groups', slaState: 'breached', sort: 'sla' } },
      { as: 'adjuster' },
    );
    expect(urgent.status).toBe(201);
    expect(urgent.body).toMatchObject({
      name: 'Breached',
      query: { scope: 'groups', slaState: 'breached', sort: 'sla' },
    });
    const mine = await t.api(
      'POST',
      '/api/inbox/filters',
      { name: '我的理賠', query: { scope: 'mine', processId: 'adjust' } },
      { as: 'adjuster' },
    );
    expect(mine.status).toBe(201);
    const list = await t.api('GET', '/api/inbox/filters', undefined, { as: 'adjuster' });
    expect(list.body.items.map((f: { name: string }) => f.name)).toEqual(['Breached', '我的理賠']);

    // another user sees none of them and cannot delete them
    const other = await t.api('GET', '/api/inbox/filters', undefined, { as: 'adjuster2' });
    expect(other.body.items).toEqual([]);
    const steal = await t.api('DELETE', `/api/inbox/filters/${urgent.body.id}`, undefined, {
      as: 'adjuster2',
    });
    expect(steal.status).toBe(404);
    // but may use the same name for their own
    const same = await t.api(
      'POST',
      '/api/inbox/filters',
      { name: 'Breached', query: { scope: 'mine' } },
      { as: 'adjuster2' },
    );
    expect(same.status).toBe(201);

    const del = await t.api('DELETE', `/api/inbox/filters/${urgent.body.id}`, undefined, {
      as: 'adjuster',
    });
    expect(del.status).toBe(204);
    const after = await t.api('GET', '/api/inbox/filters', undefined, { as: 'adjuster' });
    expect(after.body.items.map((f: { name: string }) => f.name)).toEqual(['我的理賠']);
  });

  it('refuses a second filter of the same name, and a query the inbox does not know', async () => {
    const body = { name: 'Today', query: { sort: 'due' } };
    expect((await t.api('POST', '/api/inbox/filters', body, { as: 'supervisor' })).status).toBe(
      201,
    );
    const again = await t.api('POST', '/api/inbox/filters', body, {
      as: 'supervisor',
      lang: 'zh-Hant',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'CW_ERR_FILTER_NAME_TAKEN',
      details: [{ pointer: '/name' }],
    });
    expect(again.body.message).toMatch(/篩選/);
    const bad = await t.api(
      'POST',
      '/api/inbox/filters',
      { name: 'Odd', query: { scope: 'everything' } },
      { as: 'supervisor' },
    );
    expect(bad.status).toBe(400);
    // the team view is for those who oversee teams, as in the inbox
    const team = await t.api(
      'POST',
      '/api/inbox/filters',
      { name: 'Team', query: { scope: 'all' } },
      { as: 'adjuster' },
    );
    expect(team.status).toBe(403);
    expect(team.body).toMatchObject({
      code: 'CW_ERR_FORBIDDEN',
      details: [{ pointer: '/query/scope' }],
    });
    const blank = await t.api(
      'POST',
      '/api/inbox/filters',
      { name: '   ', query: {} },
      {
        as: 'supervisor',
      },
    );
    expect(blank.status).toBe(400);
    const list = await t.api('GET', '/api/inbox/filters', undefined, { as: 'supervisor' });
    expect(list.body.items.map((f: { name: string }) => f.name)).toEqual(['Today']);
  });
});
