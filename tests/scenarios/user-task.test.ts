import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';

// Given a claim review where an adjuster decides yes or no through a form
const review = process(
  'review',
  [
    start(),
    userTask('decide', 'approve', { priority: '70' }),
    { id: 'gw', type: 'exclusiveGateway' },
    end('paid', 'approved'),
    end('refused', 'refused'),
  ],
  [
    ['start', 'decide'],
    ['decide', 'gw'],
    ['gw', 'paid', 'decision = "yes"'],
    ['gw', 'refused', 'decision = "no"'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(review) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function startReview() {
  const res = await t.api('POST', '/api/instances', { processId: 'review', businessKey: 'CLM-1' });
  expect(res.status).toBe(201);
  const inbox = await t.api('GET', `/api/tasks?scope=groups&businessKey=CLM-1`, undefined, {
    as: 'adjuster',
  });
  const task = inbox.body.items.find((x: { instanceId: string }) => x.instanceId === res.body.id);
  return { instance: res.body, task };
}

describe('user task with a form and an exclusive gateway', () => {
  it('offers the task to the candidate group and completes along the chosen flow', async () => {
    const { instance, task } = await startReview();
    expect(task).toMatchObject({
      nodeId: 'decide',
      priority: 70,
      candidateGroups: ['adjusters'],
      form: { id: 'approve', version: 1 },
    });

    const other = await t.api('GET', `/api/tasks?scope=groups`, undefined, { as: 'intake' });
    expect(other.body.items.some((x: { id: string }) => x.id === task.id)).toBe(false);

    const read = await t.api('GET', `/api/tasks/${task.id}`, undefined, { as: 'adjuster' });
    expect(read.status).toBe(200);
    expect(read.body.formDefinition.id).toBe('approve');

    const done = await t.api(
      'POST',
      `/api/tasks/${task.id}/complete`,
      { data: { decision: 'no', note: 'policy lapsed' } },
      { as: 'adjuster' },
    );
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      outcome: 'refused',
      variables: { decision: 'no', note: 'policy lapsed' },
    });

    const history = await t.api('GET', `/api/instances/${instance.id}/history`);
    const types = history.body.items.map((h: { type: string }) => h.type);
    expect(types[0]).toBe('instance.started');
    expect(types.at(-1)).toBe('instance.completed');
    const completed = history.body.items.find((h: { type: string }) => h.type === 'task.completed');
    expect(completed).toMatchObject({
      actor: 'alice',
      data: { form: { decision: 'no', note: 'policy lapsed' } },
    });
  });

  it("rejects invalid form data with per-field pointers in the caller's language and changes nothing", async () => {
    const { instance, task } = await startReview();
    const bad = await t.api(
      'POST',
      `/api/tasks/${task.id}/complete`,
      { data: { decision: 'maybe', amount: -5, extra: 1 } },
      { as: 'adjuster', lang: 'zh-TW' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CW_ERR_FORM_INVALID');
    const pointers = bad.body.details.map((d: { pointer: string }) => d.pointer).sort();
    expect(pointers).toEqual(['/data/amount', '/data/decision', '/data/extra']);
    expect(bad.body.message).toBe('表單資料無效。');

    const requiredIf = await t.api(
      'POST',
      `/api/tasks/${task.id}/complete`,
      { data: { decision: 'no' } },
      { as: 'adjuster' },
    );
    expect(requiredIf.status).toBe(400);
    expect(requiredIf.body.details).toEqual([
      expect.objectContaining({ pointer: '/data/note', code: 'CW_ERR_FORM_INVALID' }),
    ]);

    const after = await t.api('GET', `/api/instances/${instance.id}`);
    expect(after.body).toMatchObject({ status: 'active', revision: instance.revision });
    const rows = await t.sql(`SELECT status FROM tasks WHERE id = $1`, [task.id]);
    expect(rows[0].status).toBe('open');
  });

  it('answers a second completion with 409 and never a second transition', async () => {
    const { instance, task } = await startReview();
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        t.api(
          'POST',
          `/api/tasks/${task.id}/complete`,
          { data: { decision: 'yes', amount: 10 } },
          { as: 'adjuster' },
        ),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(
      results
        .filter((r) => r.status === 409)
        .every((r) => r.body.code === 'CW_ERR_TASK_ALREADY_COMPLETED'),
    ).toBe(true);
    const completions = await t.sql(
      `SELECT count(*)::int AS n FROM history WHERE instance_id = $1 AND type = 'task.completed'`,
      [instance.id],
    );
    expect(completions[0].n).toBe(1);
  });

  it('lets only candidates act: another group gets 404, claim by a colleague gets 409', async () => {
    const { task } = await startReview();
    const outsider = await t.api(
      'POST',
      `/api/tasks/${task.id}/complete`,
      { data: { decision: 'yes' } },
      { as: 'intake' },
    );
    // A task of another group is not theirs to know about (404, not 403)
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('CW_ERR_NOT_FOUND');

    expect(
      (await t.api('POST', `/api/tasks/${task.id}/claim`, undefined, { as: 'adjuster' })).status,
    ).toBe(204);
    const mine = await t.api('GET', `/api/tasks?scope=mine`, undefined, { as: 'adjuster' });
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(task.id);
    const steal = await t.api('POST', `/api/tasks/${task.id}/claim`, undefined, {
      as: 'adjuster2',
    });
    expect(steal.status).toBe(409);
    expect(steal.body.code).toBe('CW_ERR_TASK_CLAIMED');
    const blocked = await t.api(
      'POST',
      `/api/tasks/${task.id}/complete`,
      { data: { decision: 'yes' } },
      { as: 'adjuster2' },
    );
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('CW_ERR_TASK_CLAIMED');

    expect(
      (
        await t.api(
          'PUT',
          `/api/tasks/${task.id}/draft`,
          { data: { decision: 'yes' } },
          { as: 'adjuster' },
        )
      ).status,
    ).toBe(204);
    const read = await t.api('GET', `/api/tasks/${task.id}`, undefined, { as: 'adjuster' });
    expect(read.body.draft).toEqual({ decision: 'yes' });
  });

  it('requires a token on every non-public route', async () => {
    const res = await fetch(`${t.url}/api/tasks`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('CW_ERR_UNAUTHENTICATED');
    const wrong = await fetch(`${t.url}/api/tasks`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });
});
