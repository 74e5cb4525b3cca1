import type { FormDefinition } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import shipped from '../../../../definitions/forms/policy-application-form/v2.json';
import type { Data } from './data';
import FormRenderer from './FormRenderer.svelte';

// Each step renders and validates the whole form (FEEL through feelin is ~2 ms an expression):
// on a loaded machine a long scenario can pass the default 5 s.
vi.setConfig({ testTimeout: 30_000 });

afterEach(cleanup);

const form = shipped as unknown as FormDefinition;

describe('the shipped policy application (v2) as staff fill it in', () => {
  it('is a three-step wizard whose sections follow the answers and whose share total is computed', async () => {
    let data: Data = {};
    let submitted: Data | null = null;
    render(FormRenderer, {
      form,
      lang: 'zh-Hant',
      onchange: (d: Data) => (data = d),
      onsubmit: (d: Data) => (submitted = d),
    });
    const steps = screen.getByRole('navigation', { name: '步驟' });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.trim()),
    ).toEqual(['1 投保方案', '2 被保險人與受益人', '3 健康告知與檢核']);

    await fireEvent.input(screen.getByLabelText('險種（產品名稱）'), {
      target: { value: '安心終身壽險' },
    });
    await fireEvent.input(screen.getByLabelText('保險金額'), { target: { value: '1200000' } });
    await fireEvent.input(screen.getByLabelText('保險期限（年）'), { target: { value: '20' } });
    await fireEvent.click(screen.getByRole('button', { name: '下一步' }));

    // The insured's section appears only when the insured is someone else.
    expect(screen.queryByRole('region', { name: '被保險人' })).toBeNull();
    const applicant = screen.getByRole('radiogroup', { name: '被保險人即投保人' });
    await fireEvent.click(within(applicant).getByLabelText('否'));
    expect(screen.getByRole('region', { name: '被保險人' })).toBeTruthy();
    await fireEvent.click(within(applicant).getByLabelText('是'));

    await fireEvent.click(screen.getByRole('button', { name: '新增一筆「受益人」' }));
    await fireEvent.input(screen.getByLabelText('姓名'), { target: { value: '王美麗' } });
    await fireEvent.change(screen.getByLabelText('與被保險人關係'), {
      target: { value: 'spouse' },
    });
    await fireEvent.input(screen.getByLabelText('受益比例（%）'), { target: { value: '60' } });
    const total = screen.getByLabelText('受益比例合計（%）') as HTMLInputElement;
    expect(total.value).toBe('60');
    // Next is refused: the shares must add up to 100%.
    await fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    expect(within(screen.getByRole('alert')).getByRole('link').textContent).toBe(
      '受益比例合計（%）: 不得小於 100',
    );
    await fireEvent.input(screen.getByLabelText('受益比例（%）'), { target: { value: '100' } });
    await fireEvent.click(screen.getByRole('button', { name: '下一步' }));

    const health = screen.getByRole('radiogroup', { name: '健康告知：有需告知的健康狀況' });
    await fireEvent.click(within(health).getByLabelText('否'));
    const checked = screen.getByRole('radiogroup', { name: '工作人員已審核，確認無誤' });
    await fireEvent.click(within(checked).getByLabelText('是'));
    await fireEvent.click(screen.getByRole('button', { name: '送出' }));
    expect(submitted).toEqual({
      productName: '安心終身壽險',
      planSumInsured: 120000000,
      planTermYears: 20,
      insuredIsApplicant: true,
      beneficiaries: [{ name: '王美麗', relationship: 'spouse', sharePercent: 100 }],
      beneficiaryShareTotal: 100,
      hasHealthConditions: false,
      applicationChecked: true,
    });
    expect(data).toEqual(submitted);
  });
});
