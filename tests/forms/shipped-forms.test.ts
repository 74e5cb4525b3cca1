import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { computeValues, dataFields, validateForm } from '../../engine/src/forms/index.ts';
import type { FormDefinition } from '../../engine/src/generated/index.ts';

/** The engine clock's instant the forms' FEEL runs at. */
const AT = { now: Date.parse('2026-05-04T08:00:00Z') };

const form = async (id: string, version: number) =>
  JSON.parse(
    await readFile(
      new URL(`../../definitions/forms/${id}/v${version}.json`, import.meta.url),
      'utf8',
    ),
  ) as FormDefinition;

/** The keys of the data a form collects, nested levels included. */
const keys = (fields: FormDefinition['fields']): unknown[] =>
  dataFields(fields).map((f) => (f.type === 'group' ? { [f.key]: keys(f.fields ?? []) } : f.key));

describe('shipped forms that use layout and computed values', () => {
  it('policy application v2 is a wizard whose data keeps v1’s keys; the beneficiaries’ shares must make 100%', async () => {
    const [v1, v2] = [
      await form('policy-application-form', 1),
      await form('policy-application-form', 2),
    ];
    expect(v2.fields.map((f) => f.type)).toEqual(['page', 'page', 'page']);
    expect(keys(v2.fields)).toEqual([
      ...keys(v1.fields).slice(0, 7),
      'beneficiaryShareTotal',
      ...keys(v1.fields).slice(7),
    ]);

    const data = {
      productName: '安心終身壽險',
      planSumInsured: 120_000_000,
      planTermYears: 20,
      insuredIsApplicant: true,
      beneficiaries: [
        { name: '王美麗', relationship: 'spouse', sharePercent: 60 },
        { name: '王小明', relationship: 'child', sharePercent: 30 },
      ],
      hasHealthConditions: false,
      applicationChecked: true,
    };
    const computed = computeValues(v2.fields, data, {}, AT);
    expect(computed.beneficiaryShareTotal).toBe(90);
    expect(validateForm(v2, computed, {}, 'en', AT)).toEqual([
      {
        code: 'CW_ERR_FORM_INVALID',
        pointer: '/beneficiaryShareTotal',
        message: 'must be at least 100',
      },
    ]);
    // The insured's section is shown only when the insured is someone else.
    const other = computeValues(
      v2.fields,
      { ...data, insuredIsApplicant: false, beneficiaries: [] },
      {},
      AT,
    );
    expect(validateForm(v2, other, {}, 'en', AT).map((p) => p.pointer)).toEqual([
      '/insuredName',
      '/insuredIdNumber',
    ]);
  });

  it('claim calculation v2 computes the amount payable from the items less the deductible', async () => {
    const v2 = await form('claim-calculation', 2);
    const data = computeValues(
      v2.fields,
      {
        lineItems: [
          { item: '住院', itemClaimed: 1_500_000, itemPayable: 1_200_000 },
          { item: '門診', itemClaimed: 300_000, itemPayable: 250_000 },
        ],
        deductible: 50_000,
        amountPayable: 99,
        amountNoticeChannel: 'sms',
      },
      {},
      AT,
    );
    expect(data).toMatchObject({ totalClaimed: 1_800_000, amountPayable: 1_400_000 });
    expect(validateForm(v2, data, {}, 'en', AT)).toEqual([]);
  });
});
