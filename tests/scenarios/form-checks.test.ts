/**
 * Forms that check what insurers check (issue 19, item 3), through the API: a glass-damage report
 * whose incident date may not be after today (FEEL `today()` in the process's zone, on the
 * engine's clock), an amount greater than 0, a deductible below the amount (a form rule shown on
 * both fields), each refusal a 4xx with a registered code, the field's pointer and the message in
 * the caller's language, and nothing started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start } from '../fixtures/definitions.ts';

const glass = {
  id: 'glass-report',
  version: 1,
  title: label('Glass damage', '玻璃損壞'),
  fields: [
    {
      key: 'incidentDate',
      type: 'date',
      required: true,
      max: 'today()',
      label: label('Incident date', '出險日期'),
    },
    {
      key: 'amount',
      type: 'money',
      required: true,
      exclusiveMinimum: 0,
      label: label('Amount', '金額'),
    },
    { key: 'deductible', type: 'money', label: label('Deductible', '自負額') },
  ],
  validations: [
    {
      expression: 'deductible = null or deductible < amount',
      message: label('the deductible must be less than the amount', '自負額必須小於金額'),
      fields: ['deductible', 'amount'],
    },
  ],
};
// Given the same report in an Asia/Shanghai process and in one without a zone (UTC days)
const beijing = process(
  'glass',
  [{ ...start(), form: { id: 'glass-report' } }, end()],
  [['start', 'end']],
  {
    timeZone: 'Asia/Shanghai',
  },
);
const utc = process(
  'glass-utc',
  [{ ...start(), form: { id: 'glass-report' } }, end()],
  [['start', 'end']],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(beijing, utc), 'forms/glass-report/v1.json': glass },
    // 01:30 on 5 May in Beijing, 17:30 on the 4th in UTC
    start: '2026-05-04T17:30:00Z',
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const report = (processId: string, variables: Record<string, unknown>, lang = 'en') =>
  t.api('POST', '/api/instances', { processId, variables }, { lang });

describe('a glass-damage report', () => {
  it("takes an incident today in Beijing at 01:30, refuses tomorrow's, and a UTC process counts the UTC day", async () => {
    expect((await report('glass', { incidentDate: '2026-05-05', amount: 100 })).status).toBe(201);

    const tomorrow = await report('glass', { incidentDate: '2026-05-06', amount: 100 }, 'zh-Hant');
    expect(tomorrow.status).toBe(400);
    expect(tomorrow.body).toMatchObject({
      code: 'CW_ERR_FORM_INVALID',
      details: [
        {
          code: 'CW_ERR_FORM_INVALID',
          pointer: '/variables/incidentDate',
          message: '不得晚於 2026-05-05',
        },
      ],
    });

    const utcDay = await report('glass-utc', { incidentDate: '2026-05-05', amount: 100 });
    expect(utcDay.body.details).toEqual([
      expect.objectContaining({
        pointer: '/variables/incidentDate',
        message: 'must be on or before 2026-05-04',
      }),
    ]);
  });

  it('refuses an amount of 0 (greater than 0) and puts the form rule on the fields it names', async () => {
    const zero = await report('glass', { incidentDate: '2026-05-01', amount: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.details).toEqual([
      expect.objectContaining({
        pointer: '/variables/amount',
        message: 'must be more than 0.00 yuan',
      }),
    ]);

    const before = (await t.sql(`SELECT count(*)::int AS n FROM instances`))[0].n;
    const deductible = await report(
      'glass',
      { incidentDate: '2026-05-01', amount: 500, deductible: 800 },
      'zh-Hant',
    );
    expect(deductible.status).toBe(400);
    expect(deductible.body.details).toEqual([
      {
        code: 'CW_ERR_FORM_INVALID',
        pointer: '/variables/deductible',
        message: '自負額必須小於金額',
      },
      { code: 'CW_ERR_FORM_INVALID', pointer: '/variables/amount', message: '自負額必須小於金額' },
    ]);
    // and nothing was started
    expect((await t.sql(`SELECT count(*)::int AS n FROM instances`))[0].n).toBe(before);
  });
});
