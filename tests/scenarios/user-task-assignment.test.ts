import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, history, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given a review task whose people, priority, due date and prefill come from FEEL expressions,
// and whose output mapping renames the form data into instance variables
const assess = process(
  'assess',
  [
    start(),
    userTask('review', 'approve', {
      assignee: 'owner',
      candidateGroups: '["claims-" + region, "adjusters"]',
      candidateUsers: '[reviewer]',
      priority: 'if amount > 1000 then 90 else 20',
      dueDate: { durationExpression: 'if amount > 1000 then "PT4H" else "P2D"' },
      prefill: { amount: 'amount', note: '"claim " + claimNo' },
      output: { approved: 'form.decision = "yes"', paid: 'form.amount', claimNo: 'claimNo' },
    }),
    userTask('fileIt', 'ack', { dueDate: { dateExpression: 'deadline' } }),
    end(),
  ],
  [
    ['start', 'review'],
    ['review', 'fileIt'],
    ['fileIt', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(assess), start: '2026-03-02T01:00:00Z' });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function taskView(taskId: string) {
  const res = await t.api('GET', `/api/tasks/${taskId}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('user task assignment, prefill and output mapping', () => {
  it('evaluates assignee, candidates, priority and due date from the variables', async () => {
    const before = t.clock.now();
    const i = await startInstance(t, 'assess', {
      owner: null,
      region: 'north',
      reviewer: 'adam',
      amount: 5000,
      claimNo: 'C-7',
      deadline: '2026-04-01T00:00:00Z',
    });
    const [task] = await tasksOf(t, i.id);
    const view = await taskView(task!.id);
    expect(view).toMatchObject({
      nodeId: 'review',
      assignee: null,
      candidateGroups: ['claims-north', 'adjusters'],
      candidateUsers: ['adam'],
      priority: 90,
      prefill: { amount: 5000, note: 'claim C-7' },
    });
    const due = Date.parse(view.dueAt);
    expect(due - before).toBeGreaterThanOrEqual(4 * 3_600_000);
    expect(due - before).toBeLessThan(4 * 3_600_000 + 60_000);

    // adam is offered the task by name, so it is in his "mine" inbox
    const mine = await t.api('GET', '/api/tasks?scope=mine', undefined, { as: 'adjuster2' });
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(task!.id);
  });

  it('assigns directly when the assignee expression names someone, and prioritises small claims low', async () => {
    const i = await startInstance(t, 'assess', {
      owner: 'alice',
      region: 'south',
      reviewer: null,
      amount: 100,
      claimNo: 'C-8',
      deadline: '2026-04-01T00:00:00Z',
    });
    const [task] = await tasksOf(t, i.id);
    const view = await taskView(task!.id);
    expect(view).toMatchObject({ assignee: 'alice', candidateUsers: [], priority: 20 });
    expect(Date.parse(view.dueAt) - t.clock.now()).toBeGreaterThan(47 * 3_600_000);
    const others = await t.api('GET', '/api/tasks?scope=groups', undefined, { as: 'adjuster2' });
    expect(others.body.items.map((x: { id: string }) => x.id)).not.toContain(task!.id);
  });

  it('maps the submitted form through the output mapping, and takes a due date from a date expression', async () => {
    const i = await startInstance(t, 'assess', {
      owner: 'alice',
      region: 'south',
      reviewer: null,
      amount: 300,
      claimNo: 'C-9',
      deadline: '2026-04-01T00:00:00Z',
    });
    const [task] = await tasksOf(t, i.id);
    const after = await complete(t, task!.id, { decision: 'yes', amount: 250 }, 'adjuster');
    expect(after.variables).toMatchObject({ approved: true, paid: 250, claimNo: 'C-9' });
    // the output mapping replaces the raw form: no `decision` variable leaks in
    expect(after.variables).not.toHaveProperty('decision');
    expect(after.tokens).toEqual([expect.objectContaining({ nodeId: 'fileIt' })]);

    const [next] = await tasksOf(t, i.id);
    expect((await taskView(next!.id)).dueAt).toBe('2026-04-01T00:00:00.000Z');
    const h = await history(t, i.id);
    expect(h.find((x) => x.type === 'task.completed')).toMatchObject({
      nodeId: 'review',
      actor: 'alice',
      data: { taskId: task!.id, form: { decision: 'yes', amount: 250 } },
    });
  });
});
