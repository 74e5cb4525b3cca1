/**
 * The task view shows the case: a task's read carries the earlier submissions (the start data
 * and completed tasks, each with its own form, by whom and when) as the user task's `context`
 * chooses, masked by the reader's role; people are named, and a task completed without
 * claiming records who completed it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, forms, label, process, start, userTask } from '../fixtures/definitions.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { startInstance } from '../helpers/scenario.ts';

// Given a report form in two sections (the claimant with a sensitive ID number, the incident
// with an amount), a check, and an assessment whose context shows only the incident section,
// the check and the claim reference
const report = {
  id: 'report',
  version: 1,
  title: label('Report', '報案'),
  fields: [
    {
      key: 'claimant',
      type: 'section',
      label: label('Claimant', '申請人'),
      fields: [
        { key: 'name', type: 'text', required: true, label: label('Name', '姓名') },
        { key: 'idNumber', type: 'text', sensitive: true, label: label('ID number', '身分證號') },
      ],
    },
    {
      key: 'incident',
      type: 'section',
      label: label('Incident', '事故'),
      fields: [
        { key: 'plate', type: 'text', label: label('Plate number', '車牌號碼') },
        { key: 'amount', type: 'money', exclusiveMinimum: 0, label: label('Amount', '金額') },
      ],
    },
  ],
};
const claim = process(
  'claim',
  [
    { ...start(), form: { id: 'report', version: 1 } },
    { id: 'ref', type: 'serviceTask', action: 'set-variables', input: { reference: '"R-1"' } },
    userTask('check', 'ack'),
    userTask('review', 'approve'),
    userTask('assess', 'approve', {
      context: {
        submissions: [{ node: 'start', sections: ['incident'] }, { node: 'check' }],
        // a variable without a label reads as the field that last set it (the review's amount)
        variables: [{ name: 'reference', label: label('Reference', '編號') }, { name: 'amount' }],
      },
    }),
    end(),
  ],
  [
    ['start', 'ref'],
    ['ref', 'check'],
    ['check', 'review'],
    ['review', 'assess'],
    ['assess', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: {
      'forms/report/v1.json': report,
      'forms/ack/v1.json': forms.ack,
      'forms/approve/v1.json': forms.approve,
      'processes/claim/v1.json': claim,
    },
  });
  await t.sql(`UPDATE users SET display_name = $2 WHERE id = $1`, ['alice', '林愛麗']);
  await t.sql(`UPDATE users SET display_name = $2 WHERE id = $1`, ['adam', '陳亞當']);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const openTask = async (instanceId: string, nodeId: string) =>
  (
    await t.sql<{ id: string }>(
      `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = $2 AND status = 'open'`,
      [instanceId, nodeId],
    )
  )[0]!.id;
const read = (taskId: string, as: 'adjuster' | 'officer' = 'adjuster', reveal = false) =>
  t.api('GET', `/api/tasks/${taskId}${reveal ? '?reveal=true' : ''}`, undefined, { as });

describe('the task view shows the case', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await startInstance(
        t,
        'claim',
        { name: '王小明', idNumber: 'A123456789', plate: '滬A12345', amount: 2_000_000 },
        { as: 'intake' },
      )
    ).id;
  });

  it('shows the first task every earlier submission: the start data with its form, sections and who sent it', async () => {
    const res = await read(await openTask(id, 'check'));
    expect(res.status).toBe(200);
    const [started] = res.body.context.submissions;
    expect(res.body.context.submissions).toHaveLength(1);
    expect(started).toMatchObject({
      kind: 'start',
      nodeId: 'start',
      taskId: null,
      by: 'ian',
      form: { id: 'report', version: 1 },
    });
    expect(started.form.fields.map((f: { key: string }) => f.key)).toEqual([
      'claimant',
      'incident',
    ]);
    // masked for a reader without the personal-data role
    expect(started.data).toEqual({
      name: '王小明',
      idNumber: 'A********9',
      plate: '滬A12345',
      amount: 2_000_000,
    });
    expect(res.body.context.variables).toEqual([]);
  });

  it('records who completed a task without claiming it, by name, and shows it to the next task', async () => {
    const check = await openTask(id, 'check');
    const done = await t.api(
      'POST',
      `/api/tasks/${check}/complete`,
      { data: { ok: true } },
      { as: 'adjuster' },
    );
    expect(done.status).toBe(200);
    const completed = await read(check);
    expect(completed.body).toMatchObject({
      status: 'completed',
      assignee: null,
      completedBy: 'alice',
      completedByName: '林愛麗',
      data: { ok: true },
    });
    // the completed task's own submission is not repeated in its context
    expect(completed.body.context.submissions.map((s: { kind: string }) => s.kind)).toEqual([
      'start',
    ]);

    const review = await read(await openTask(id, 'review'));
    const [, checked] = review.body.context.submissions;
    expect(checked).toMatchObject({
      kind: 'task',
      nodeId: 'check',
      taskId: check,
      by: 'alice',
      byName: '林愛麗',
      data: { ok: true },
      form: { id: 'ack' },
    });
    expect(Date.parse(checked.at)).toBe(Date.parse(completed.body.completedAt));
  });

  it("shows what the assessment's context chooses: the incident section only, the check, and the reference", async () => {
    const review = await openTask(id, 'review');
    const claimed = await t.api('POST', `/api/tasks/${review}/claim`, undefined, {
      as: 'adjuster2',
    });
    expect(claimed.status).toBe(204);
    const inbox = await t.api('GET', '/api/tasks?scope=mine', undefined, { as: 'adjuster2' });
    expect(inbox.body.items.find((x: { id: string }) => x.id === review)).toMatchObject({
      assignee: 'adam',
      assigneeName: '陳亞當',
    });
    await t.api(
      'POST',
      `/api/tasks/${review}/complete`,
      { data: { decision: 'yes', amount: 5 } },
      { as: 'adjuster2' },
    );
    const res = await read(await openTask(id, 'assess'));
    const [incident, checked, ...rest] = res.body.context.submissions;
    expect(rest).toEqual([]);
    expect(incident.form.fields.map((f: { key: string }) => f.key)).toEqual(['incident']);
    // nothing of the claimant section reaches the assessor
    expect(incident.data).toEqual({ plate: '滬A12345', amount: 2_000_000 });
    expect(checked).toMatchObject({ nodeId: 'check', data: { ok: true } });
    expect(res.body.context.variables).toEqual([
      { name: 'reference', label: label('Reference', '編號'), type: 'text', value: 'R-1' },
      { name: 'amount', label: label('Amount', '金額'), type: 'number', value: 5 },
    ]);
  });

  it('reveals the personal data only to the personal-data role, and records the read', async () => {
    const check = (
      await t.sql<{ id: string }>(
        `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = 'check'`,
        [id],
      )
    )[0]!.id;
    const refused = await read(check, 'adjuster', true);
    expect(refused.status).toBe(403);
    const revealed = await read(check, 'officer', true);
    expect(revealed.body.context.submissions[0].data.idNumber).toBe('A123456789');
    const history = await t.api('GET', `/api/instances/${id}/history`);
    const reads = history.body.items.filter(
      (h: { type: string }) => h.type === 'personalData.read',
    );
    expect(reads.at(-1)).toMatchObject({ actor: 'olga', data: { fields: ['idNumber'] } });
  });

  it('names people in the history', async () => {
    const history = await t.api('GET', `/api/instances/${id}/history`);
    const completed = history.body.items.filter(
      (h: { type: string }) => h.type === 'task.completed',
    );
    expect(completed.map((h: { actorName: string }) => h.actorName)).toEqual(['林愛麗', '陳亞當']);
    expect(history.body.people).toMatchObject({ alice: '林愛麗', adam: '陳亞當' });
  });
});

describe('a context that names what does not exist', () => {
  it('is refused with the pointer of the unknown step and of the unknown section', async () => {
    const bad = {
      ...claim,
      nodes: claim.nodes.map((n) =>
        n.id === 'assess'
          ? {
              ...n,
              context: {
                submissions: [{ node: 'ref' }, { node: 'start', sections: ['nowhere'] }],
              },
            }
          : n,
      ),
    };
    const res = await t.api('POST', '/api/definitions/validate', { kind: 'process', body: bad });
    expect(res.body.valid).toBe(false);
    expect(
      res.body.problems.map((p: { code: string; pointer: string }) => [p.code, p.pointer]),
    ).toEqual([
      ['CW_ERR_DEF_UNKNOWN_NODE', '/nodes/4/context/submissions/0/node'],
      ['CW_ERR_DEF_UNKNOWN_FIELD', '/nodes/4/context/submissions/1/sections/0'],
    ]);
  });
});
