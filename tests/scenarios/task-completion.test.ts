import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, getInstance, history, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given an injury report form with a conditional field and a repeatable group
const injury = {
  id: 'injury',
  version: 1,
  title: label('Injury', '傷害'),
  fields: [
    { key: 'injured', type: 'boolean', required: true, label: label('Injured', '受傷') },
    {
      key: 'hospital',
      type: 'text',
      required: true,
      visibleIf: 'injured = true',
      label: label('Hospital', '醫院'),
    },
    { key: 'days', type: 'integer', min: 0, max: 365, label: label('Days off', '請假天數') },
    { key: 'email', type: 'email', label: label('Email', '電子郵件') },
    {
      key: 'witnesses',
      type: 'group',
      repeatable: true,
      label: label('Witnesses', '證人'),
      fields: [{ key: 'name', type: 'text', required: true, label: label('Name', '姓名') }],
    },
  ],
};
const report = process(
  'report',
  [start(), userTask('report', 'injury'), end()],
  [
    ['start', 'report'],
    ['report', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(report), 'forms/injury/v1.json': injury },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function openReport() {
  const i = await startInstance(t, 'report');
  const [task] = await tasksOf(t, i.id);
  await t.api(
    'PUT',
    `/api/tasks/${task!.id}/draft`,
    { data: { injured: true } },
    { as: 'adjuster' },
  );
  return { instance: await getInstance(t, i.id), taskId: task!.id };
}

/** Submits bad data and returns the sorted [pointer, code] pairs; checks that nothing changed. */
async function refused(data: Record<string, unknown>, lang?: string) {
  const { instance, taskId } = await openReport();
  const res = await t.api(
    'POST',
    `/api/tasks/${taskId}/complete`,
    { data },
    { as: 'adjuster', lang },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
  const after = await getInstance(t, instance.id);
  expect(after.revision).toBe(instance.revision);
  expect(after.variables).toEqual({});
  const [row] = await t.sql(`SELECT status, data, draft FROM tasks WHERE id = $1`, [taskId]);
  expect(row).toEqual({ status: 'open', data: null, draft: { injured: true } });
  expect((await history(t, instance.id)).some((h) => h.type === 'task.completed')).toBe(false);
  return {
    body: res.body,
    pointers: (res.body.details as { pointer: string; code: string }[])
      .map((d) => [d.pointer, d.code])
      .sort(),
  };
}

describe('bad submissions change nothing', () => {
  it('wrong types', async () => {
    const { pointers } = await refused({ injured: 'yes', days: 2.5, email: 'not-an-email' });
    expect(pointers.map((p) => p[0])).toEqual(['/data/days', '/data/email', '/data/injured']);
    expect(pointers.every((p) => p[1] === 'CW_ERR_FORM_INVALID')).toBe(true);
  });

  it('an unknown field and a value out of range', async () => {
    const { pointers } = await refused({ injured: false, days: 400, shoeSize: 42 });
    expect(pointers.map((p) => p[0])).toEqual(['/data/days', '/data/shoeSize']);
  });

  it('a missing required field, also inside a repeatable group', async () => {
    const { pointers } = await refused({ witnesses: [{ name: 'Lin' }, {}] });
    expect(pointers.map((p) => p[0])).toEqual(['/data/injured', '/data/witnesses/1/name']);
  });

  it('a field required by visibleIf and one present while hidden', async () => {
    expect((await refused({ injured: true })).pointers.map((p) => p[0])).toEqual([
      '/data/hospital',
    ]);
    expect(
      (await refused({ injured: false, hospital: 'Taipei General' })).pointers.map((p) => p[0]),
    ).toEqual(['/data/hospital']);
  });

  it("answers in the caller's language (Accept-Language zh-TW)", async () => {
    const { body } = await refused({ injured: true }, 'zh-TW');
    expect(body.message).toBe('表單資料無效。');
    expect(body.details[0].message).toMatch(/[\u4e00-\u9fff]/);
    const en = await refused({ injured: true }, 'en');
    expect(en.body.message).toBe('The form data is invalid.');
  });

  it('accepts the corrected data afterwards', async () => {
    const { taskId } = await openReport();
    const done = await complete(t, taskId, {
      injured: true,
      hospital: 'Taipei General',
      days: 3,
      witnesses: [{ name: 'Lin' }],
    });
    expect(done).toMatchObject({ status: 'completed', variables: { hospital: 'Taipei General' } });
  });
});

describe('double completion', () => {
  it('answers 409 to the second completion and makes no second transition', async () => {
    const { instance, taskId } = await openReport();
    const first = await complete(t, taskId, { injured: false });
    expect(first.status).toBe('completed');
    const second = await t.api(
      'POST',
      `/api/tasks/${taskId}/complete`,
      { data: { injured: true, hospital: 'Other' } },
      { as: 'adjuster' },
    );
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('CW_ERR_TASK_ALREADY_COMPLETED');
    const after = await getInstance(t, instance.id);
    expect(after.revision).toBe(first.revision);
    expect(after.variables).toEqual({ injured: false });
    const h = await history(t, instance.id);
    expect(h.filter((x) => x.type === 'task.completed')).toHaveLength(1);
    expect(h.filter((x) => x.type === 'instance.completed')).toHaveLength(1);
  });
});
