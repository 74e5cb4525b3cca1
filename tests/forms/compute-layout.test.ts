import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import { getInstance, startInstance, tasksOf } from '../helpers/scenario.ts';
import type { FormDefinition, FormField } from '../../engine/src/generated/index.ts';

// Given a claim form laid out in two pages with sections and columns, whose total is computed
// from the repeatable invoices, and whose payable amount is computed from the total.
const claim: FormDefinition = {
  id: 'claim',
  version: 1,
  title: label('Claim', '理賠'),
  fields: [
    {
      key: 'who',
      type: 'page',
      label: label('Claimant', '申請人'),
      fields: [
        {
          key: 'person',
          type: 'section',
          columns: 2,
          label: label('Person', '個人資料'),
          fields: [
            { key: 'name', type: 'text', required: true, width: 1, label: label('Name', '姓名') },
            { key: 'hospitalised', type: 'boolean', label: label('Hospitalised', '住院') },
          ],
        },
        {
          key: 'stay',
          type: 'section',
          visibleIf: 'hospitalised = true',
          label: label('Stay', '住院'),
          fields: [{ key: 'ward', type: 'text', required: true, label: label('Ward', '病房') }],
        },
      ],
    },
    {
      key: 'money',
      type: 'page',
      label: label('Invoices', '收據'),
      fields: [
        {
          key: 'invoices',
          type: 'group',
          repeatable: true,
          minItems: 1,
          label: label('Invoices', '收據'),
          fields: [
            { key: 'amount', type: 'money', required: true, label: label('Amount', '金額') },
            { key: 'copay', type: 'money', label: label('Co-payment', '自付額') },
            {
              key: 'net',
              type: 'money',
              compute: 'if copay = null then amount else amount - copay',
              label: label('Net', '淨額'),
            },
          ],
        },
        {
          key: 'payable',
          type: 'money',
          compute: 'decimal(total * 0.8, 0)',
          label: label('Payable', '應付'),
        },
        {
          key: 'total',
          type: 'money',
          compute: 'sum(invoices.net)',
          max: 1000000,
          label: label('Total', '合計'),
        },
      ],
    },
  ],
};
// And a triage form whose one required choice sits on a wizard page.
const triage: FormDefinition = {
  id: 'triage',
  version: 1,
  title: label('Triage', '分流'),
  fields: [
    {
      key: 'only',
      type: 'page',
      label: label('Route', '分流'),
      fields: [
        {
          key: 'route',
          type: 'select',
          required: true,
          label: label('Route', '路徑'),
          options: [
            { value: 'fast', label: label('Fast', '快') },
            { value: 'full', label: label('Full', '完整') },
          ],
        },
      ],
    },
  ],
};
const flow = process(
  'claiming',
  [start(), userTask('fill', 'claim'), end()],
  [
    ['start', 'fill'],
    ['fill', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(flow), 'forms/claim/v1.json': claim, 'forms/triage/v1.json': triage },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function openTask(): Promise<{ instanceId: string; taskId: string }> {
  const i = await startInstance(t, 'claiming');
  const [task] = await tasksOf(t, i.id);
  return { instanceId: i.id, taskId: task!.id };
}

async function validate(body: unknown) {
  const res = await t.api('POST', '/api/definitions/validate', { kind: 'form', body });
  expect(res.status).toBe(200);
  return (res.body.problems as { code: string; pointer: string }[]).map((p) => [p.pointer, p.code]);
}

describe('computed fields', () => {
  it('the engine computes inner levels first, then the totals, and overwrites what the client sent', async () => {
    const { instanceId, taskId } = await openTask();
    const res = await t.api(
      'POST',
      `/api/tasks/${taskId}/complete`,
      {
        data: {
          name: 'Chen',
          invoices: [{ amount: 120000, copay: 20000, net: 1 }, { amount: 50000 }],
          total: 99,
          payable: 5,
        },
      },
      { as: 'adjuster' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const instance = await getInstance(t, instanceId);
    expect(instance.variables).toEqual({
      name: 'Chen',
      invoices: [
        { amount: 120000, copay: 20000, net: 100000 },
        { amount: 50000, net: 50000 },
      ],
      total: 150000,
      payable: 120000,
    });
    const [row] = await t.sql(`SELECT data FROM tasks WHERE id = $1`, [taskId]);
    expect(row!.data).toMatchObject({ total: 150000, payable: 120000 });
  });

  it('a computed value is validated like a typed one (a total above max is refused, nothing changes)', async () => {
    const { instanceId, taskId } = await openTask();
    const before = await getInstance(t, instanceId);
    const res = await t.api(
      'POST',
      `/api/tasks/${taskId}/complete`,
      { data: { name: 'Lin', invoices: [{ amount: 900000 }, { amount: 200000 }] } },
      { as: 'adjuster', lang: 'zh-Hant' },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
    expect(res.body.details).toEqual([
      { code: 'CW_ERR_FORM_INVALID', pointer: '/data/total', message: '不得大於 10,000.00 元' },
    ]);
    expect((await getInstance(t, instanceId)).revision).toBe(before.revision);
  });

  it('lint: a compute reading an unknown field, itself, or through a cycle is a definition problem', async () => {
    const bad = structuredClone(claim);
    const page = bad.fields[1]!.fields!;
    page[1]!.compute = 'total + fee';
    page[2]!.compute = 'sum(invoices.net) + payable';
    page.push({ key: 'loop', type: 'money', compute: 'loop + 1', label: label('Loop', '迴圈') });
    const list: FormField = { key: 'list', type: 'group', compute: '1', label: label('L', 'L') };
    page.push({ ...list, fields: [] });
    expect(await validate(bad)).toEqual([
      ['/fields/1/fields/1/compute', 'CW_ERR_DEF_UNKNOWN_FIELD'],
      ['/fields/1/fields/1/compute', 'CW_ERR_DEF_COMPUTE_CYCLE'],
      ['/fields/1/fields/2/compute', 'CW_ERR_DEF_COMPUTE_CYCLE'],
      ['/fields/1/fields/3/compute', 'CW_ERR_DEF_COMPUTE_CYCLE'],
      ['/fields/1/fields/4/compute', 'CW_ERR_DEF_SCHEMA'],
      ['/fields/1/fields/4/fields', 'CW_ERR_DEF_SCHEMA'],
    ]);
    // Names bound by for, filter items and function names are not fields.
    const fine = structuredClone(claim);
    fine.fields[1]!.fields![2]!.compute =
      'sum(for i in invoices[amount > 0] return i.amount) + count(invoices)';
    expect(await validate(fine)).toEqual([]);
  });
});

describe('sections and pages', () => {
  it('a process gateway on a choice inside a page is still provably exhaustive', async () => {
    const routed = process(
      'routed',
      [
        start(),
        userTask('triage', 'triage'),
        { id: 'which', type: 'exclusiveGateway' },
        end('fast', 'fast'),
        end('full', 'full'),
      ],
      [
        ['start', 'triage'],
        ['triage', 'which'],
        ['which', 'fast', 'route = "fast"'],
        ['which', 'full', 'route = "full"'],
      ],
    );
    const res = await t.api('POST', '/api/definitions/validate', { kind: 'process', body: routed });
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([]);
  });

  it('layout does not change the data: keys stay flat, a hidden section hides its fields', async () => {
    const { taskId } = await openTask();
    const res = await t.api(
      'POST',
      `/api/tasks/${taskId}/complete`,
      { data: { name: 'Wu', hospitalised: false, ward: 'B3', invoices: [{ amount: 100 }] } },
      { as: 'adjuster' },
    );
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { pointer: string }) => d.pointer)).toEqual(['/data/ward']);

    const missing = await t.api(
      'POST',
      `/api/tasks/${taskId}/complete`,
      { data: { name: 'Wu', hospitalised: true, invoices: [{ amount: 100 }] } },
      { as: 'adjuster' },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: { pointer: string }) => d.pointer)).toEqual(['/data/ward']);

    const nested = await t.api(
      'POST',
      `/api/tasks/${taskId}/complete`,
      { data: { person: { name: 'Wu' }, invoices: [{ amount: 100 }] } },
      { as: 'adjuster' },
    );
    expect(nested.status).toBe(400);
    expect(nested.body.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual([
      '/data/name',
      '/data/person',
    ]);
  });

  it('lint: pages only at the top and not mixed with fields, widths within columns, keys unique across sections, file types recognisable', async () => {
    const bad = structuredClone(claim);
    const person = bad.fields[0]!.fields![0]!;
    person.fields![0]!.width = 3;
    bad.fields[0]!.fields![1]!.fields![0]!.key = 'name';
    bad.fields[0]!.fields![1]!.key = 'person';
    bad.fields[1]!.fields!.push({
      key: 'inner',
      type: 'page',
      label: label('Inner', '內頁'),
      fields: [{ key: 'x', type: 'text', label: label('X', 'X') }],
    });
    bad.fields.push({ key: 'loose', type: 'text', label: label('Loose', '散落') });
    bad.fields.push({ key: 'empty', type: 'section', label: label('Empty', '空') });
    bad.fields.push({
      key: 'docs',
      type: 'file',
      accept: ['image/*', 'text/plain'],
      label: label('Docs', '文件'),
    });
    expect(await validate(bad)).toEqual([
      ['/fields', 'CW_ERR_DEF_BAD_LAYOUT'],
      ['/fields/0/fields/0/fields/0/width', 'CW_ERR_DEF_BAD_LAYOUT'],
      ['/fields/0/fields/1/key', 'CW_ERR_DEF_DUPLICATE_ID'],
      ['/fields/0/fields/1/fields/0/key', 'CW_ERR_DEF_DUPLICATE_ID'],
      ['/fields/1/fields/3/type', 'CW_ERR_DEF_BAD_LAYOUT'],
      ['/fields/3/fields', 'CW_ERR_DEF_BAD_LAYOUT'],
      ['/fields/4/accept/1', 'CW_ERR_DEF_SCHEMA'],
    ]);
  });
});
