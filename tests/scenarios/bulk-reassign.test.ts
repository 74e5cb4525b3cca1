/**
 * Bulk reassignment: a supervisor hands several open tasks of their groups to a colleague or
 * back to a group, all or nothing; each move is in the case history and reaches the inboxes
 * live; clerks may not, and tasks or targets outside the supervisor's groups are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, history, startInstance, tasksOf } from '../helpers/scenario.ts';
import { openTaskEvents } from '../helpers/task-events.ts';

const adjust = process(
  'adjust',
  [start(), userTask('assess', 'ack'), end()],
  [
    ['start', 'assess'],
    ['assess', 'end'],
  ],
);
const intake = process(
  'intake',
  [start(), userTask('register', 'ack', { candidateGroups: '["claims-intake"]' }), end()],
  [
    ['start', 'register'],
    ['register', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(adjust, intake) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** Starts a case and returns its first open task. */
async function taskOf(processId: string): Promise<{ id: string; instanceId: string }> {
  const i = await startInstance(t, processId);
  return { id: (await tasksOf(t, i.id))[0]!.id, instanceId: i.id };
}
const row = async (id: string) =>
  (
    await t.sql<{ assignee: string | null; candidate_groups: string[] }>(
      `SELECT assignee, candidate_groups FROM tasks WHERE id = $1`,
      [id],
    )
  )[0]!;

describe('bulk reassign', () => {
  it('hands two tasks to a colleague: recorded in each case history and pushed to their inbox', async () => {
    const a = await taskOf('adjust');
    const b = await taskOf('adjust');
    // one of them was claimed by alice
    expect(
      (await t.api('POST', `/api/tasks/${b.id}/claim`, undefined, { as: 'adjuster' })).status,
    ).toBe(204);
    const live = await openTaskEvents(t.url, t.token('adjuster2'));
    const res = await t.api(
      'POST',
      '/api/tasks/reassign',
      { taskIds: [a.id, b.id], to: { user: 'adam' }, reason: 'alice is on leave' },
      { as: 'supervisor' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((i: { taskId: string }) => i.taskId)).toEqual([a.id, b.id]);
    expect(res.body.items[1].previous.assignee).toBe('alice');
    expect((await row(a.id)).assignee).toBe('adam');
    expect((await row(b.id)).assignee).toBe('adam');

    const h = (await history(t, b.instanceId)).find((e) => e.type === 'task.reassigned');
    expect(h).toMatchObject({
      actor: 'sue',
      nodeId: 'assess',
      data: {
        taskId: b.id,
        from: { assignee: 'alice', candidateGroups: ['adjusters'] },
        to: { user: 'adam' },
        reason: 'alice is on leave',
      },
    });
    const mine = await t.api('GET', '/api/tasks?scope=mine', undefined, { as: 'adjuster2' });
    expect(mine.body.items.map((x: { id: string }) => x.id).sort()).toEqual([a.id, b.id].sort());
    await t.until(
      async () =>
        [a.id, b.id].every((id) => live.events.some((e) => e.id === id && e.assignee === 'adam')),
      'reassignment events in adam’s inbox',
    );
    await live.close();
  });

  it('gives a claimed task back to a group, unassigned', async () => {
    const a = await taskOf('adjust');
    await t.api('POST', `/api/tasks/${a.id}/claim`, undefined, { as: 'adjuster' });
    const res = await t.api(
      'POST',
      '/api/tasks/reassign',
      { taskIds: [a.id], to: { group: 'adjusters' } },
      { as: 'supervisor' },
    );
    expect(res.status).toBe(200);
    expect(await row(a.id)).toEqual({ assignee: null, candidate_groups: ['adjusters'] });
  });

  it('moves none when one task cannot move, and says which by pointer', async () => {
    const ok = await taskOf('adjust');
    const foreign = await taskOf('intake'); // claims-intake: not sue's group
    const done = await taskOf('adjust');
    await complete(t, done.id, { ok: true });
    const res = await t.api(
      'POST',
      '/api/tasks/reassign',
      { taskIds: [ok.id, foreign.id, done.id, 'no-such-task'], to: { user: 'adam' } },
      { as: 'supervisor', lang: 'zh-Hant' },
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CW_ERR_REASSIGN_REFUSED');
    expect(
      res.body.details.map((d: { pointer: string; code: string }) => [d.pointer, d.code]),
    ).toEqual([
      ['/taskIds/1', 'CW_ERR_NOT_FOUND'],
      ['/taskIds/2', 'CW_ERR_TASK_NOT_OPEN'],
      ['/taskIds/3', 'CW_ERR_NOT_FOUND'],
    ]);
    expect(res.body.message).toMatch(/改派/);
    expect((await row(ok.id)).assignee).toBeNull();
    expect((await history(t, ok.instanceId)).map((e) => e.type)).not.toContain('task.reassigned');
  });

  it('refuses a target outside the supervisor’s groups, or unknown', async () => {
    const a = await taskOf('adjust');
    for (const [to, pointer] of [
      [{ user: 'ian' }, '/to/user'], // claims-intake staff
      [{ user: 'nobody' }, '/to/user'],
      [{ group: 'claims-intake' }, '/to/group'],
      [{ group: 'no-such-group' }, '/to/group'],
    ] as const) {
      const res = await t.api(
        'POST',
        '/api/tasks/reassign',
        { taskIds: [a.id], to },
        { as: 'supervisor' },
      );
      expect(res.status, JSON.stringify(to)).toBe(400);
      expect(res.body).toMatchObject({ code: 'CW_ERR_REASSIGN_TARGET', details: [{ pointer }] });
    }
    const both = await t.api(
      'POST',
      '/api/tasks/reassign',
      { taskIds: [a.id], to: { user: 'adam', group: 'adjusters' } },
      { as: 'supervisor' },
    );
    expect(both.status).toBe(400);
    expect((await row(a.id)).assignee).toBeNull();
  });

  it('is refused to clerks', async () => {
    const a = await taskOf('adjust');
    const res = await t.api(
      'POST',
      '/api/tasks/reassign',
      { taskIds: [a.id], to: { user: 'adam' } },
      { as: 'adjuster' },
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CW_ERR_FORBIDDEN');
    expect((await row(a.id)).assignee).toBeNull();
  });
});
