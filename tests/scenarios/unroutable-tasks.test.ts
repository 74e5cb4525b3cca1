/**
 * A task nobody can see is never silent: a user task offered to a group without enabled
 * members is recorded in the case's history as unroutable and listed for operations
 * (GET /api/tasks/unroutable: administrators all, supervisors their groups'), until the group
 * gains a member. At design time the draft says the same as a warning, and a group written bare
 * as FEEL is refused; people are picked from GET /api/directory (designers, supervisors,
 * administrators; not staff).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { startInstance } from '../helpers/scenario.ts';

// Given a repair offered to a windscreen team nobody is in yet, and a review for the adjusters
const repair = process(
  'windscreen',
  [start(), userTask('repair', 'ack', { candidateGroups: '["windscreen-team"]' }), end()],
  [
    ['start', 'repair'],
    ['repair', 'end'],
  ],
);
const review = process(
  'review',
  [start(), userTask('check'), end()],
  [
    ['start', 'check'],
    ['check', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(repair, review) });
  expect(t.engine.registry.problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('a task nobody can see', () => {
  it('when a repair is created for an empty group, its history says so and operations lists it', async () => {
    const windscreen = await startInstance(t, 'windscreen');
    const reviewed = await startInstance(t, 'review');
    const history = await t.api('GET', `/api/instances/${windscreen.id}/history`);
    expect(history.status).toBe(200);
    const entry = (history.body.items as { type: string; data?: Record<string, unknown> }[]).find(
      (h) => h.type === 'task.unroutable',
    );
    expect(entry?.data).toMatchObject({ candidateGroups: ['windscreen-team'], assignee: null });

    const listed = await t.api('GET', '/api/tasks/unroutable');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { instanceId: string }) => i.instanceId)).toEqual([
      windscreen.id,
    ]);
    expect(listed.body.items[0]).toMatchObject({
      processId: 'windscreen',
      nodeId: 'repair',
      candidateGroups: ['windscreen-team'],
    });
    // the adjusters' review reaches its group: not listed, not recorded
    const other = await t.api('GET', `/api/instances/${reviewed.id}/history`);
    expect(other.body.items.some((h: { type: string }) => h.type === 'task.unroutable')).toBe(
      false,
    );
  });

  it('shows supervisors only their groups’ unroutable tasks, and staff none', async () => {
    const sue = await t.api('GET', '/api/tasks/unroutable', undefined, { as: 'supervisor' });
    expect(sue.status).toBe(200);
    expect(sue.body.items).toEqual([]);
    const alice = await t.api('GET', '/api/tasks/unroutable', undefined, { as: 'adjuster' });
    expect(alice.status).toBe(403);
  });

  it('when the group gains an enabled member, the task is no longer listed', async () => {
    const group = await t.api('PUT', '/api/groups/windscreen-team', {
      name: { 'zh-Hant': '擋風玻璃組', en: 'Windscreen team' },
    });
    expect(group.status).toBe(201);
    const made = await t.api('POST', '/api/users', {
      id: 'glass',
      displayName: 'Glass fitter',
      roles: ['staff'],
      groups: ['windscreen-team'],
    });
    expect(made.status).toBe(201);
    const listed = await t.api('GET', '/api/tasks/unroutable');
    expect(listed.body).toEqual({ total: 0, items: [] });
  });
});

describe('assignments at design time', () => {
  it('lets designers, not staff, read who work can be given to', async () => {
    const d = await t.api('GET', '/api/directory', undefined, { as: 'designer' });
    expect(d.status).toBe(200);
    expect(d.body.users.find((u: { id: string }) => u.id === 'glass')).toEqual({
      id: 'glass',
      displayName: 'Glass fitter',
      groups: ['windscreen-team'],
      disabled: false,
    });
    expect(d.body.groups.find((g: { id: string }) => g.id === 'windscreen-team')).toMatchObject({
      members: 1,
    });
    expect((await t.api('GET', '/api/directory', undefined, { as: 'adjuster' })).status).toBe(403);
  });

  it('warns in the draft of a group nobody is in, in the designer’s language, and refuses a bare group', async () => {
    const body = {
      ...repair,
      nodes: repair.nodes.map((n) =>
        n.id === 'repair' ? { ...n, candidateGroups: '["night-shift"]' } : n,
      ),
    };
    const saved = await t.api(
      'PUT',
      '/api/drafts/process/windscreen',
      { body },
      { as: 'designer', lang: 'zh-Hant' },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.problems).toEqual([]);
    expect(saved.body.warnings).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_NOBODY',
        pointer: '/nodes/1/candidateGroups',
        severity: 'warning',
        key: 'lint.nobody',
        params: { unknown: 'night-shift' },
        message: expect.stringContaining('引擎中沒有任何人能處理此工作'),
      }),
    ]);

    const bare = {
      ...repair,
      nodes: repair.nodes.map((n) =>
        n.id === 'repair' ? { ...n, candidateGroups: 'windscreen-team' } : n,
      ),
    };
    const checked = await t.api(
      'POST',
      '/api/definitions/validate',
      { kind: 'process', body: bare },
      { as: 'designer' },
    );
    expect(checked.body.valid).toBe(false);
    expect(checked.body.problems).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_NOT_NAMES',
        pointer: '/nodes/1/candidateGroups',
      }),
    ]);
    await t.api('PUT', '/api/drafts/process/windscreen', { body: bare }, { as: 'designer' });
    const refused = await t.api(
      'POST',
      '/api/drafts/process/windscreen/publish',
      { note: 'A group written bare' },
      { as: 'designer', lang: 'zh-Hant' },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.details[0]).toMatchObject({
      code: 'CW_ERR_DEF_NOT_NAMES',
      key: 'lint.notNames',
    });
    expect(refused.body.details[0].message).toContain('永遠不會是名稱或名稱清單');
  });
});
