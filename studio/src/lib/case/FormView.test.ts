import { cleanup, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormDefinition } from '@caseway/engine/types';
import FormView from './FormView.svelte';
import Submissions from './Submissions.svelte';

afterEach(cleanup);

const l = (en: string, zh: string) => ({ 'zh-Hant': zh, en });
const form = {
  id: 'report',
  version: 1,
  title: l('Report', '報案'),
  fields: [
    {
      key: 'incident',
      type: 'section',
      label: l('Incident', '事故'),
      fields: [
        {
          key: 'kind',
          type: 'select',
          label: l('Kind', '類型'),
          options: [{ value: 'car', label: l('Car accident', '車禍') }],
        },
        { key: 'injured', type: 'boolean', label: l('Anyone injured', '有人受傷') },
        {
          key: 'injuries',
          type: 'textarea',
          visibleIf: 'injured = true',
          label: l('Injuries', '傷情'),
        },
        { key: 'amount', type: 'money', label: l('Amount', '金額') },
        { key: 'idNumber', type: 'text', sensitive: true, label: l('ID number', '身分證號') },
      ],
    },
    {
      key: 'receipts',
      type: 'file',
      maxFiles: 3,
      label: l('Receipts', '收據'),
    },
    {
      key: 'parts',
      type: 'group',
      repeatable: true,
      label: l('Parts', '零件'),
      fields: [{ key: 'part', type: 'text', label: l('Part', '零件名稱') }],
    },
  ],
} as FormDefinition;

const data = {
  kind: 'car',
  injured: false,
  injuries: 'left over from an earlier draft',
  amount: 2_000_000,
  idNumber: 'A********9',
  receipts: [{ id: 'doc_1', name: 'bill.pdf', size: 2048, contentType: 'application/pdf' }],
  parts: [{ part: 'bumper' }, { part: 'lamp' }],
};

describe('a submission read-only, laid out by its form', () => {
  it('shows sections, option labels, yes/no, amounts in yuan, files and entries; hidden fields not', () => {
    render(FormView, { form, data, lang: 'en' });
    expect(screen.getByRole('heading', { name: 'Incident' })).toBeTruthy();
    const value = (label: string) =>
      screen
        .getByText(label, { selector: 'dt', exact: false })
        .nextElementSibling?.textContent?.trim();
    expect(value('Kind')).toBe('Car accident');
    expect(value('Anyone injured')).toBe('No');
    expect(value('Amount')).toBe('¥ 20,000.00');
    expect(value('ID number')).toBe('A********9');
    expect(screen.queryByText('Injuries')).toBeNull();
    expect(screen.getByRole('link', { name: 'bill.pdf' }).getAttribute('href')).toBe(
      '/api/attachments/doc_1',
    );
    expect(screen.getByRole('button', { name: 'Preview bill.pdf' })).toBeTruthy();
    const entries = screen.getAllByRole('listitem', { name: /^Parts Entry/ });
    expect(entries.map((e) => within(e).getByText(/bumper|lamp/).textContent)).toEqual([
      'bumper',
      'lamp',
    ]);
  });

  it('names who sent each submission, and when, in Chinese', () => {
    render(Submissions, {
      lang: 'zh-Hant',
      submissions: [
        {
          kind: 'start',
          nodeId: 'submitted',
          taskId: null,
          name: l('Claim submitted', '提交理賠申請'),
          form,
          data,
          by: 'public',
          byName: null,
          at: '2026-11-20T02:30:00.000Z',
        },
      ],
      variables: [
        { name: 'amountOffered', label: l('Offered', '核定金額'), type: 'money', value: 150_000 },
      ],
    });
    expect(screen.getByText('提交理賠申請')).toBeTruthy();
    expect(screen.getByText(/^由 客戶 於 2026年11月20日週五 10:30 \[GMT\+8\] 送出$/)).toBeTruthy();
    const values = screen.getByTestId('context-variables');
    expect(within(values).getByText('¥ 1,500.00')).toBeTruthy();
  });

  it('names the customer in lower case inside the English sentence, and a user by name', () => {
    const sent = (by: string, byName: string | null) => ({
      kind: 'task' as const,
      nodeId: `step-${by}`,
      taskId: `task-${by}`,
      name: l('Check', '查核'),
      form,
      data,
      by,
      byName,
      at: '2026-11-20T02:30:00.000Z',
    });
    render(Submissions, {
      lang: 'en',
      submissions: [sent('public', null), sent('lin', '林志明')],
    });
    expect(screen.getByText(/^Sent by the customer on /)).toBeTruthy();
    expect(screen.getByText(/^Sent by 林志明 on /)).toBeTruthy();
  });
});
