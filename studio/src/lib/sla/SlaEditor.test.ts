import type { SlaDefinition } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../api';
import SlaEditor from './SlaEditor.svelte';
import SlaPreview from './SlaPreview.svelte';

afterEach(cleanup);

const sla: SlaDefinition = {
  id: 'claim-decision',
  version: 1,
  name: { 'zh-Hant': '理賠核定', en: 'Claim decision' },
  process: { id: 'claim' },
  target: { duration: 'P30D' },
  calendar: { id: 'natural' },
  start: [{ event: 'instanceStarted' }],
};

function renderEditor(value: SlaDefinition = structuredClone(sla)) {
  const seen = { sla: value };
  const result = render(SlaEditor, {
    value,
    onchange: (v: SlaDefinition) => {
      seen.sla = v;
      void result.rerender({ value: v });
    },
  });
  const json = () => screen.getByRole('textbox', { name: 'JSON' }) as HTMLTextAreaElement;
  return { seen, json };
}

describe('SlaEditor', () => {
  it('adds a pause condition on a node with a FEEL guard, the syntax checked as typed', async () => {
    const { seen, json } = renderEditor();
    const pause = screen.getByTestId('conditions-pause');
    await fireEvent.click(within(pause).getByRole('button', { name: '新增「暫停」條件' }));
    expect(seen.sla.pause).toEqual([{ event: 'nodeEntered' }]);
    await fireEvent.input(within(pause).getByLabelText('節點'), {
      target: { value: 'await-docs' },
    });
    const when = within(pause).getByLabelText('條件（FEEL）');
    await fireEvent.input(when, { target: { value: 'amount >' } });
    expect(when.getAttribute('aria-invalid')).toBe('true');
    expect(within(pause).getByText(/FEEL 語法錯誤/)).toBeTruthy();
    await fireEvent.input(when, { target: { value: 'amount > 1000' } });
    expect(when.getAttribute('aria-invalid')).toBe('false');
    expect(seen.sla.pause).toEqual([
      { event: 'nodeEntered', node: 'await-docs', when: 'amount > 1000' },
    ]);
    expect(JSON.parse(json().value)).toEqual(seen.sla);
  });

  it('switches the target to a FEEL expression and flags a bad duration', async () => {
    const { seen } = renderEditor();
    await fireEvent.input(screen.getByLabelText('時長（ISO 8601）', { selector: 'input' }), {
      target: { value: '30 days' },
    });
    expect(screen.getByText('時長格式應如 P3D、PT8H')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('目標類型'), { target: { value: 'expression' } });
    expect(seen.sla.target).toEqual({ expression: 'P1D' });
  });

  it('adds a threshold that notifies a group and a breach that raises the priority', async () => {
    const { seen } = renderEditor();
    await fireEvent.click(screen.getByRole('button', { name: '新增門檻' }));
    const threshold = screen.getByTestId('threshold-0');
    await fireEvent.input(within(threshold).getByLabelText('百分比'), { target: { value: '80' } });
    await fireEvent.click(within(threshold).getByRole('button', { name: /新增動作/ }));
    await fireEvent.change(within(threshold).getByLabelText('收件人類型'), {
      target: { value: 'group' },
    });
    await fireEvent.input(within(threshold).getByLabelText('識別碼'), {
      target: { value: 'claims-leads' },
    });
    expect(seen.sla.thresholds).toEqual([
      { percent: 80, actions: [{ type: 'notify', to: [{ kind: 'group', id: 'claims-leads' }] }] },
    ]);

    const breach = screen.getByTestId('breach');
    await fireEvent.click(within(breach).getByRole('button', { name: /新增動作/ }));
    await fireEvent.change(within(breach).getByLabelText('動作類型'), {
      target: { value: 'raisePriority' },
    });
    expect(seen.sla.breach).toEqual({ actions: [{ type: 'raisePriority', priority: 80 }] });
  });

  it('takes a valid JSON edit and keeps an invalid one as typed', async () => {
    const { seen, json } = renderEditor();
    const edited = { ...seen.sla, scope: 'task', nodes: ['review'] };
    await fireEvent.input(json(), { target: { value: JSON.stringify(edited) } });
    expect(seen.sla).toEqual(edited);
    expect((screen.getByLabelText('量測的任務節點（以逗號分隔）') as HTMLInputElement).value).toBe(
      'review',
    );
    await fireEvent.input(json(), { target: { value: '{ "id": ' } });
    expect(json().getAttribute('aria-invalid')).toBe('true');
    expect(json().value).toBe('{ "id": ');
    expect(seen.sla).toEqual(edited);
  });
});

describe('SlaPreview', () => {
  it('asks the engine with the start read in the calendar’s zone and lists warning and breach', async () => {
    const requests: { url: string; body: unknown }[] = [];
    const fetch = (async (url: string, init?: RequestInit) => {
      requests.push({ url, body: init?.body ? JSON.parse(String(init.body)) : null });
      const answer = url.startsWith('/api/definitions/calendar/')
        ? { body: { timeZone: 'Europe/London' } }
        : {
            slaId: 'claim-decision',
            version: 2,
            calendar: { id: 'uk', version: 1 },
            target: 'PT16H',
            startAt: '2026-07-01T08:00:00.000Z',
            targetWorkingMs: 16 * 3_600_000,
            events: [
              { percent: 50, kind: 'warning', at: '2026-07-01T16:00:00.000Z' },
              { percent: 100, kind: 'breach', at: '2026-07-02T16:00:00.000Z' },
            ],
          };
      return new Response(JSON.stringify(answer), { status: 200 });
    }) as typeof globalThis.fetch;
    render(SlaPreview, {
      slaId: 'claim-decision',
      version: 2,
      calendar: { id: 'uk' },
      api: async () => createApi({ fetch, lang: 'en' }),
    });
    await screen.findByLabelText('開始時間（留空為現在） (Europe/London)');
    await fireEvent.input(screen.getByLabelText(/開始時間/), {
      target: { value: '2026-07-01T09:00' },
    });
    await fireEvent.click(screen.getByRole('button', { name: '計算' }));
    const status = await screen.findByRole('status');
    const preview = requests.find((r) => r.url === '/api/slas/preview');
    expect(preview?.body).toEqual({
      slaId: 'claim-decision',
      version: 2,
      startAt: '2026-07-01T08:00:00.000Z',
      variables: {},
    });
    const rows = within(status).getAllByRole('row');
    expect(rows.map((r) => r.querySelector('th')?.textContent?.trim())).toEqual([
      '事件',
      '開始',
      '50% 警示',
      '逾時',
    ]);
    expect(rows[2]!.textContent).toContain('17:00');
    expect(rows[3]!.textContent).toContain('17:00');
    expect(status.textContent).toContain('時間以 Europe/London 顯示');
  });
});

describe('SlaPreview of a draft', () => {
  it('sends the body being edited, even before it was ever published', async () => {
    const requests: { url: string; body: unknown }[] = [];
    const fetch = (async (url: string, init?: RequestInit) => {
      requests.push({ url, body: init?.body ? JSON.parse(String(init.body)) : null });
      const answer = url.startsWith('/api/definitions/calendar/')
        ? { body: { timeZone: 'UTC' } }
        : {
            slaId: 'new-sla',
            version: 1,
            calendar: { id: 'natural', version: 1 },
            target: 'PT4H',
            startAt: '2026-07-01T08:00:00.000Z',
            targetWorkingMs: 4 * 3_600_000,
            events: [{ percent: 100, kind: 'breach', at: '2026-07-01T12:00:00.000Z' }],
          };
      return new Response(JSON.stringify(answer), { status: 200 });
    }) as typeof globalThis.fetch;
    const draft = { id: 'new-sla', target: { duration: 'PT4H' }, calendar: { id: 'natural' } };
    render(SlaPreview, {
      slaId: 'new-sla',
      version: null,
      calendar: { id: 'natural' },
      draft,
      api: async () => createApi({ fetch, lang: 'en' }),
    });
    await fireEvent.click(await screen.findByRole('button', { name: '計算' }));
    await screen.findByRole('status');
    expect(requests.find((r) => r.url === '/api/slas/preview')?.body).toEqual({
      sla: draft,
      variables: {},
    });
  });
});
