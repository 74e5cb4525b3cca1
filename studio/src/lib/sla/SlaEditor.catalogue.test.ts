/**
 * The SLA editor with a catalogue (what the engine has): the process and calendar picked from
 * lists by keyboard, unknown ids kept and marked, and the picked process's variables offered in
 * the target, start time and condition expressions.
 */
import type { FormDefinition, ProcessDefinition, SlaDefinition } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlaCatalogue, type SlaCatalogueData } from './catalogue.svelte';
import SlaEditor from './SlaEditor.svelte';

afterEach(cleanup);

const label = (en: string, zh = en) => ({ 'zh-Hant': zh, en });
const process = (id: string, version: number, form: string): ProcessDefinition =>
  ({
    id,
    version,
    name: label(id),
    nodes: [
      { id: 'start', type: 'start', form: { id: form } },
      { id: 'end', type: 'end' },
    ],
    flows: [{ id: 'f1', from: 'start', to: 'end' }],
  }) as ProcessDefinition;
const form = (id: string, key: string, type: 'money' | 'text'): FormDefinition =>
  ({
    id,
    version: 1,
    title: label(id),
    fields: [{ key, type, label: label(key) }],
  }) as FormDefinition;

const DATA: SlaCatalogueData = {
  processes: [
    { id: 'claim', name: label('Claim', '理賠'), versions: [1, 2], latestVersion: 2 },
    { id: 'complaint', name: label('Complaint', '客訴'), versions: [1], latestVersion: 1 },
  ],
  calendars: [
    { id: 'natural', name: label('Every day', '每日'), versions: [1], latestVersion: 1 },
    {
      id: 'tw-office',
      name: label('Taipei office', '台北辦公室'),
      versions: [1, 2],
      latestVersion: 2,
    },
  ],
  forms: [
    { id: 'claim-intake', name: label('Claim intake'), versions: [1], latestVersion: 1 },
    { id: 'complaint-record', name: label('Complaint'), versions: [1], latestVersion: 1 },
  ],
  processBodies: [process('claim', 2, 'claim-intake'), process('complaint', 1, 'complaint-record')],
  formBodies: [
    form('claim-intake', 'amount', 'money'),
    form('complaint-record', 'severity', 'text'),
  ],
};

const SLA: SlaDefinition = {
  id: 'claim-decision',
  version: 1,
  name: label('Claim decision', '理賠核定'),
  process: { id: '' },
  target: { expression: 'P1D' },
  calendar: { id: 'natural' },
  start: [{ event: 'instanceStarted' }],
};

function renderEditor(value: SlaDefinition = structuredClone(SLA)) {
  const seen = { sla: value };
  const result = render(SlaEditor, {
    value,
    catalogue: createSlaCatalogue(DATA),
    onchange: (v: SlaDefinition) => {
      seen.sla = v;
      void result.rerender({ value: v });
    },
  });
  return { seen };
}

async function type(input: HTMLInputElement, text: string) {
  input.value = text;
  input.setSelectionRange(text.length, text.length);
  await fireEvent.input(input);
}

/** The texts of the options a combobox shows (its own list, by aria-controls). */
function optionTexts(input: HTMLElement): string[] {
  expect(input.getAttribute('aria-expanded')).toBe('true');
  const list = document.getElementById(input.getAttribute('aria-controls')!)!;
  return within(list)
    .getAllByRole('option')
    .map((o) => o.textContent ?? '');
}

describe('SlaEditor pickers', () => {
  it('picks the process and the calendar from the lists by keyboard', async () => {
    const { seen } = renderEditor();
    const picker = screen.getByRole('combobox', { name: '流程' }) as HTMLInputElement;
    await fireEvent.focus(picker);
    const options = optionTexts(picker);
    expect(options).toHaveLength(2);
    expect(options[0]).toContain('claim');
    expect(options[0]).toContain('理賠');
    expect(options[0]).toContain('版本 1, 2');
    await fireEvent.keyDown(picker, { key: 'ArrowDown' });
    await fireEvent.keyDown(picker, { key: 'ArrowDown' });
    await fireEvent.keyDown(picker, { key: 'Enter' });
    expect(seen.sla.process).toEqual({ id: 'complaint' });
    expect(picker.value).toBe('complaint');
    expect(picker.getAttribute('aria-invalid')).toBe('false');

    const calendar = screen.getByRole('combobox', { name: '行事曆' }) as HTMLInputElement;
    await fireEvent.focus(calendar);
    await type(calendar, 'tw');
    expect(optionTexts(calendar)).toHaveLength(1);
    await fireEvent.keyDown(calendar, { key: 'ArrowDown' });
    await fireEvent.keyDown(calendar, { key: 'Tab' });
    expect(seen.sla.calendar).toEqual({ id: 'tw-office' });
  });

  it('keeps an unknown id as typed and marks it, and flags a version the engine lacks', async () => {
    const { seen } = renderEditor();
    const picker = screen.getByRole('combobox', { name: '流程' }) as HTMLInputElement;
    await type(picker, 'clam');
    expect(seen.sla.process).toEqual({ id: 'clam' });
    expect(picker.value).toBe('clam');
    expect(picker.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(picker.getAttribute('aria-describedby')!)!.textContent).toBe(
      '引擎沒有流程 clam',
    );

    const calendar = screen.getByRole('combobox', { name: '行事曆' }) as HTMLInputElement;
    await type(calendar, 'tw-office');
    expect(calendar.getAttribute('aria-invalid')).toBe('false');
    const version = screen.getByLabelText('行事曆版本');
    await fireEvent.input(version, { target: { value: '3' } });
    expect(seen.sla.calendar).toEqual({ id: 'tw-office', version: 3 });
    expect(version.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(version.getAttribute('aria-describedby')!)!.textContent).toBe(
      '沒有此版本；現有版本：1, 2',
    );
  });

  it('takes the process versions as one version, a range or none, and says when a range measures nothing', async () => {
    const { seen } = renderEditor({ ...structuredClone(SLA), process: { id: 'claim' } });
    const versions = screen.getByLabelText('流程版本') as HTMLInputElement;
    const said = () =>
      (versions.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)!.textContent)
        .join(' | ');
    expect(said()).toContain('>=4（第4版及之後各版）');
    await fireEvent.input(versions, { target: { value: '2' } });
    expect(seen.sla.process).toEqual({ id: 'claim', version: 2 });
    await fireEvent.input(versions, { target: { value: '>=2' } });
    expect(seen.sla.process).toEqual({ id: 'claim', versions: '>=2' });
    expect(versions.getAttribute('aria-invalid')).toBe('false');
    // a range of no version there is, and one that cannot be read, are said under the field
    await fireEvent.input(versions, { target: { value: '>=3' } });
    expect(versions.getAttribute('aria-invalid')).toBe('true');
    expect(said()).toContain('不涵蓋任何現有版本；現有版本：1, 2');
    await fireEvent.input(versions, { target: { value: 'latest' } });
    expect(said()).toContain('無法讀取「latest」');
    await fireEvent.input(versions, { target: { value: '' } });
    expect(seen.sla.process).toEqual({ id: 'claim' });
    expect(versions.getAttribute('aria-invalid')).toBe('false');
  });
});

describe('SlaEditor FEEL completion', () => {
  it("offers the picked process's variables in the target expression, with their origin", async () => {
    const { seen } = renderEditor();
    const picker = screen.getByRole('combobox', { name: '流程' });
    await fireEvent.focus(picker);
    await fireEvent.keyDown(picker, { key: 'ArrowDown' });
    await fireEvent.keyDown(picker, { key: 'Enter' });
    expect(seen.sla.process).toEqual({ id: 'claim' });

    const target = screen.getByRole('combobox', { name: 'FEEL 運算式' }) as HTMLInputElement;
    await type(target, 'if am');
    const options = optionTexts(target);
    expect(options).toHaveLength(1);
    expect(options[0]).toContain('amount');
    expect(options[0]).toContain('數字');
    expect(options[0]).toContain('claim-intake');
    await fireEvent.keyDown(target, { key: 'Enter' });
    expect(seen.sla.target).toEqual({ expression: 'if amount' });
  });

  it('follows the process picked: its variables (not the other’s) and the built-ins, in start time and conditions', async () => {
    renderEditor({ ...structuredClone(SLA), process: { id: 'complaint' } });
    const startAt = screen.getByRole('combobox', {
      name: '起算時間（FEEL，可留空）',
    }) as HTMLInputElement;
    await type(startAt, 'se');
    expect(optionTexts(startAt).some((o) => o.includes('severity'))).toBe(true);
    await type(startAt, 'am');
    expect(startAt.getAttribute('aria-expanded')).toBe('false');
    await type(startAt, 'no');
    expect(optionTexts(startAt).some((o) => o.includes('now()'))).toBe(true);

    const start = screen.getByTestId('conditions-start');
    const when = within(start).getByRole('combobox', { name: '條件（FEEL）' }) as HTMLInputElement;
    await type(when, 'sev');
    expect(optionTexts(when)[0]).toContain('severity');
  });

  it('offers only the built-ins while no known process is picked', async () => {
    renderEditor({ ...structuredClone(SLA), process: { id: 'unknown' } });
    const target = screen.getByRole('combobox', { name: 'FEEL 運算式' }) as HTMLInputElement;
    await type(target, 'a');
    const options = optionTexts(target);
    expect(options.some((o) => o.includes('abs('))).toBe(true);
    expect(options.some((o) => o.includes('amount'))).toBe(false);
  });
});
