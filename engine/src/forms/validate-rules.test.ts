/**
 * Forms that check what insurers check (issue 19, item 3): date bounds as FEEL on the engine's
 * clock in the process's zone, exclusive bounds, validations per field and per form with their
 * messages in each language placed on the fields they name, and a file attached once.
 */
import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../generated/index.ts';
import { lintForm } from './lint.ts';
import { validateForm } from './validate.ts';

const label = (en: string, zh = en) => ({ en, 'zh-Hant': zh });
const at = (iso: string) => ({ now: Date.parse(iso), zone: 'Asia/Shanghai' });
// 01:30 on 5 May in Beijing: still the 4th in UTC
const BEIJING_0130 = at('2026-05-04T17:30:00Z');

const glass: FormDefinition = {
  id: 'glass',
  version: 1,
  title: label('Glass damage'),
  fields: [
    {
      key: 'incidentDate',
      type: 'date',
      required: true,
      max: 'today()',
      min: 'today() - duration("P2Y")',
      label: label('Incident date', '出險日期'),
    },
    {
      key: 'repairAt',
      type: 'datetime',
      exclusiveMinimum: 'incidentDate',
      label: label('Repair booked at'),
    },
    {
      key: 'amount',
      type: 'money',
      exclusiveMinimum: 0,
      label: label('Amount', '金額'),
      validations: [
        {
          expression: 'amount <= 5000000',
          message: label('a glass claim is at most 50,000 yuan', '玻璃理賠不得超過 50,000 元'),
        },
      ],
    },
    { key: 'deductible', type: 'money', label: label('Deductible') },
    { key: 'photos', type: 'file', maxFiles: 3, label: label('Photos') },
  ],
  validations: [
    {
      expression: 'deductible = null or deductible < amount',
      message: label('the deductible must be less than the amount', '自負額必須小於金額'),
      fields: ['deductible', 'amount'],
    },
  ],
};

const check = (data: Record<string, unknown>, time = BEIJING_0130, lang: 'en' | 'zh-Hant' = 'en') =>
  validateForm(glass, data, {}, lang, time).map((p) => `${p.pointer} ${p.message}`);

describe('date bounds in the process zone', () => {
  it.each([
    // the Beijing day is the 5th from 00:00 there (16:00 UTC the day before)
    ['2026-05-05', '2026-05-04T17:30:00Z', []],
    ['2026-05-06', '2026-05-04T17:30:00Z', ['/incidentDate must be on or before 2026-05-05']],
    ['2026-05-05', '2026-05-04T15:59:00Z', ['/incidentDate must be on or before 2026-05-04']],
    ['2026-05-05', '2026-05-04T23:59:00Z', []],
    ['2024-05-05', '2026-05-04T17:30:00Z', []],
    ['2024-05-04', '2026-05-04T17:30:00Z', ['/incidentDate must be on or after 2024-05-05']],
  ])('%s at %s', (incidentDate, now, problems) => {
    expect(check({ incidentDate, amount: 100 }, at(now))).toEqual(problems);
  });

  it('a datetime after a date bound starts the next day there', () => {
    const base = { incidentDate: '2026-05-03', amount: 100 };
    expect(check({ ...base, repairAt: '2026-05-03T23:59:00+08:00' })).toEqual([
      '/repairAt must be after 2026-05-03',
    ]);
    expect(check({ ...base, repairAt: '2026-05-04T00:00:00+08:00' })).toEqual([]);
  });

  it('says it in Chinese', () => {
    expect(check({ incidentDate: '2026-05-06', amount: 100 }, BEIJING_0130, 'zh-Hant')).toEqual([
      '/incidentDate 不得晚於 2026-05-05',
    ]);
  });
});

describe('exclusive bounds and validations', () => {
  it.each([
    [{ amount: 0 }, ['/amount must be more than 0.00 yuan']],
    [{ amount: 1 }, []],
    [{ amount: 5_000_001 }, ['/amount a glass claim is at most 50,000 yuan']],
    // the form's rule, on both fields it names
    [
      { amount: 500, deductible: 500 },
      [
        '/deductible the deductible must be less than the amount',
        '/amount the deductible must be less than the amount',
      ],
    ],
    [{ amount: 500, deductible: 100 }, []],
    // a field with its own problem first: the form's rule waits for it
    [{ amount: 0, deductible: 500 }, ['/amount must be more than 0.00 yuan']],
  ])('%j', (data, problems) => {
    expect(check({ incidentDate: '2026-05-01', ...data })).toEqual(problems);
  });

  it("in the caller's language", () => {
    expect(
      check({ incidentDate: '2026-05-01', amount: 5_000_001 }, BEIJING_0130, 'zh-Hant'),
    ).toEqual(['/amount 玻璃理賠不得超過 50,000 元']);
  });
});

describe('a file field', () => {
  const photo = (id: string) => ({ id, name: `${id}.jpg`, size: 10, contentType: 'image/jpeg' });
  it('refuses the same attachment twice, at its second place', () => {
    expect(
      check({
        incidentDate: '2026-05-01',
        amount: 1,
        photos: [photo('a'), photo('b'), photo('a')],
      }),
    ).toEqual(['/photos/2 is the same file as an earlier one']);
  });
});

describe('lint', () => {
  it.each([
    [{ key: 'd', type: 'date', max: 5 }, '/fields/0/max', 'CW_ERR_DEF_BAD_EXPRESSION'],
    [{ key: 'd', type: 'date', max: 'today(' }, '/fields/0/max', 'CW_ERR_DEF_BAD_EXPRESSION'],
    [{ key: 'n', type: 'number', min: 'today()' }, '/fields/0/min', 'CW_ERR_DEF_SCHEMA'],
    [{ key: 't', type: 'text', min: 'today()' }, '/fields/0/min', 'CW_ERR_DEF_SCHEMA'],
    [
      { key: 'n', type: 'number', validations: [{ expression: 'n >', message: label('x') }] },
      '/fields/0/validations/0/expression',
      'CW_ERR_DEF_BAD_EXPRESSION',
    ],
  ])('%j', (field, pointer, code) => {
    const form = {
      id: 'f',
      version: 1,
      title: label('F'),
      fields: [{ label: label('X'), ...field }],
    };
    expect(lintForm(form as FormDefinition)).toEqual([expect.objectContaining({ code, pointer })]);
  });

  it('a form validation names fields of the form', () => {
    const form = {
      ...glass,
      validations: [{ expression: 'true', message: label('x'), fields: ['amount', 'nope'] }],
    };
    expect(lintForm(form)).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_UNKNOWN_FIELD',
        pointer: '/validations/0/fields/1',
      }),
    ]);
    expect(lintForm(glass)).toEqual([]);
  });
});
