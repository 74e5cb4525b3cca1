import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, history, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given an approval offered to the adjusters group
const approval = process(
  'approval',
  [start(), userTask('approve', 'approve'), end()],
  [
    ['start', 'approve'],
    ['approve', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(approval) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function newTask() {
  const i = await startInstance(t, 'approval');
  const [task] = await tasksOf(t, i.id);
  return { instanceId: i.id, taskId: task!.id };
}
const post = (taskId: string, action: string, as: UserName) =>
  t.api('POST', `/api/tasks/${taskId}/${action}`, undefined, { as });
const assignee = async (taskId: string) =>
  (await t.sql(`SELECT assignee FROM tasks WHERE id = $1`, [taskId]))[0].assignee;

describe('claim and unclaim', () => {
  it('lets a candidate claim (again, harmlessly) and refuses colleagues and outsiders', async () => {
    const { taskId } = await newTask();
    expect((await post(taskId, 'claim', 'adjuster')).status).toBe(204);
    expect((await post(taskId, 'claim', 'adjuster')).status).toBe(204);
    expect(await assignee(taskId)).toBe('alice');

    const colleague = await post(taskId, 'claim', 'adjuster2');
    expect(colleague.status).toBe(409);
    expect(colleague.body.code).toBe('CW_ERR_TASK_CLAIMED');
    // someone of another group is not told the task exists (issue 5: 404, not 403)
    const outsider = await post(taskId, 'claim', 'intake');
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('CW_ERR_NOT_FOUND');
    const stealBack = await post(taskId, 'unclaim', 'adjuster2');
    expect(stealBack.status).toBe(409);
    expect(stealBack.body.code).toBe('CW_ERR_TASK_CLAIMED');
    expect(await assignee(taskId)).toBe('alice');

    // the claimed task leaves the group inbox and shows in alice's
    const groups = await t.api('GET', '/api/tasks?scope=groups', undefined, { as: 'adjuster2' });
    expect(groups.body.items.map((x: { id: string }) => x.id)).not.toContain(taskId);
  });

  it('gives a task back on unclaim; a supervisor may unclaim anyone', async () => {
    const { instanceId, taskId } = await newTask();
    await post(taskId, 'claim', 'adjuster');
    expect((await post(taskId, 'unclaim', 'adjuster')).status).toBe(204);
    expect(await assignee(taskId)).toBeNull();
    expect((await post(taskId, 'claim', 'adjuster2')).status).toBe(204);
    expect((await post(taskId, 'unclaim', 'supervisor')).status).toBe(204);
    expect(await assignee(taskId)).toBeNull();
    const types = (await history(t, instanceId))
      .filter((h) => h.type.startsWith('task.') && h.type.endsWith('claimed'))
      .map((h) => [h.type, h.actor]);
    expect(types).toEqual([
      ['task.claimed', 'alice'],
      ['task.unclaimed', 'alice'],
      ['task.claimed', 'adam'],
      ['task.unclaimed', 'sue'],
    ]);
  });

  it('answers 404 for an unknown task', async () => {
    const res = await post('no-such-task', 'claim', 'adjuster');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CW_ERR_NOT_FOUND');
  });
});

describe('drafts', () => {
  it('keeps an unvalidated draft for the person working on the task, and clears it on completion', async () => {
    const { taskId } = await newTask();
    const draft = { decision: 'maybe', amount: 'lots' };
    expect(
      (await t.api('PUT', `/api/tasks/${taskId}/draft`, { data: draft }, { as: 'adjuster' }))
        .status,
    ).toBe(204);
    const read = await t.api('GET', `/api/tasks/${taskId}`, undefined, { as: 'adjuster' });
    expect(read.body.draft).toEqual(draft);

    const outsider = await t.api(
      'PUT',
      `/api/tasks/${taskId}/draft`,
      { data: {} },
      { as: 'intake' },
    );
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('CW_ERR_NOT_FOUND');
    await post(taskId, 'claim', 'adjuster');
    const colleague = await t.api(
      'PUT',
      `/api/tasks/${taskId}/draft`,
      { data: {} },
      { as: 'adjuster2' },
    );
    expect(colleague.status).toBe(409);
    expect(colleague.body.code).toBe('CW_ERR_TASK_CLAIMED');
    expect((await t.api('GET', `/api/tasks/${taskId}`)).body.draft).toEqual(draft);

    await complete(t, taskId, { decision: 'yes' }, 'adjuster');
    const done = await t.api('GET', `/api/tasks/${taskId}`);
    expect(done.body).toMatchObject({
      status: 'completed',
      draft: null,
      data: { decision: 'yes' },
    });
    const late = await t.api('PUT', `/api/tasks/${taskId}/draft`, { data: {} }, { as: 'adjuster' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CW_ERR_TASK_ALREADY_COMPLETED');
  });
});
