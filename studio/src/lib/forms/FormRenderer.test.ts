import { validateForm } from '@caseway/engine/forms';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import type { ComponentProps } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { previewTime, type Data } from './data';
import { assessment, everyType } from './fixtures';
import FormRenderer from './FormRenderer.svelte';

// Each step renders and validates the whole form (FEEL through feelin is ~2 ms an expression):
// on a loaded machine a long scenario can pass the default 5 s.
vi.setConfig({ testTimeout: 30_000 });

afterEach(cleanup);

/** Renders a form and records the data it hands out. */
function renderForm(
  props: Partial<ComponentProps<typeof FormRenderer>> &
    Pick<ComponentProps<typeof FormRenderer>, 'form'>,
) {
  const seen: { data: Data; submitted: Data | null } = { data: {}, submitted: null };
  const result = render(FormRenderer, {
    lang: 'en',
    onchange: (d: Data) => (seen.data = d),
    onsubmit: (d: Data) => (seen.submitted = d),
    ...props,
  });
  return { ...result, seen };
}

function describedText(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');
}

describe('FormRenderer: every field type', () => {
  it('renders each type with its label in the current language', () => {
    renderForm({ form: everyType, lang: 'en' });
    for (const label of [
      'Name',
      'Notes',
      'Ratio',
      'Days',
      'Amount',
      'Occurred on',
      'Reported at',
      'Email',
      'Mobile',
      'ID number',
      'City',
      'Witness name',
    ])
      expect(screen.getByLabelText(label), label).toBeTruthy();
    expect(screen.getByLabelText('Channel').tagName).toBe('SELECT');
    expect(screen.getByLabelText('Notes').tagName).toBe('TEXTAREA');
    expect((screen.getByLabelText('Occurred on') as HTMLInputElement).type).toBe('date');
    expect((screen.getByLabelText('Reported at') as HTMLInputElement).type).toBe('datetime-local');
    expect((screen.getByLabelText('Email') as HTMLInputElement).type).toBe('email');
    expect((screen.getByLabelText('Mobile') as HTMLInputElement).type).toBe('tel');
    const injured = screen.getByRole('radiogroup', { name: 'Injured' });
    expect(
      within(injured)
        .getAllByRole('radio')
        .map((r) => r.closest('label')?.textContent?.trim()),
    ).toEqual(['Yes', 'No']);
    const damage = screen.getByRole('group', { name: 'Damage' });
    expect(within(damage).getByLabelText('Car')).toBeTruthy();
    expect(within(damage).getByLabelText('House')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Address' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Witnesses' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Every field type' })).toBeTruthy();
  });

  it('shows labels, help and hints in Traditional Chinese', () => {
    renderForm({ form: everyType, lang: 'zh-Hant' });
    const id = screen.getByLabelText('身分證號碼');
    expect(describedText(id)).toContain('請填寫被保險人的號碼');
    expect(describedText(id)).toContain('18 碼居民身分證號碼');
    expect(describedText(id)).toContain('個人資料');
    expect(screen.getByRole('group', { name: '證人' })).toBeTruthy();
  });

  it('marks sensitive fields as personal data and gives format hints', () => {
    renderForm({ form: everyType });
    const mobile = screen.getByLabelText('Mobile');
    expect(describedText(mobile)).toContain('Personal data');
    expect(describedText(mobile)).toContain('11-digit mobile number');
    expect(mobile.getAttribute('autocomplete')).toBe('off');
    expect(describedText(screen.getByLabelText('Name'))).not.toContain('Personal data');
    expect(screen.getByLabelText('Name').getAttribute('aria-required')).toBe('true');
  });

  it('hands out typed data for each type, with empty fields left out', async () => {
    const { seen } = renderForm({ form: everyType });
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Wang' } });
    await fireEvent.input(screen.getByLabelText('Ratio'), { target: { value: '0.5' } });
    await fireEvent.input(screen.getByLabelText('Days'), { target: { value: '3' } });
    await fireEvent.click(screen.getByLabelText('Yes'));
    await fireEvent.change(screen.getByLabelText('Channel'), { target: { value: 'web' } });
    await fireEvent.click(screen.getByLabelText('House'));
    await fireEvent.input(screen.getByLabelText('Occurred on'), {
      target: { value: '2024-05-01' },
    });
    await fireEvent.input(screen.getByLabelText('City'), { target: { value: 'Taipei' } });
    await fireEvent.input(screen.getByLabelText('Witness name'), { target: { value: 'Li' } });
    await fireEvent.input(screen.getByLabelText('Notes'), { target: { value: '' } });
    expect(seen.data).toEqual({
      name: 'Wang',
      ratio: 0.5,
      days: 3,
      injured: true,
      channel: 'web',
      damage: ['house'],
      occurredOn: '2024-05-01',
      address: { city: 'Taipei' },
      witnesses: [{ witnessName: 'Li' }],
    });
    expect(validateForm(everyType, seen.data, {}, 'en', previewTime())).toEqual([]);
  });
});

describe('FormRenderer: rules', () => {
  it('hides a field by visibleIf, removes its value, and restores it when shown again', async () => {
    const { seen } = renderForm({ form: assessment });
    expect(screen.queryByLabelText('Amount approved')).toBeNull();
    await fireEvent.change(screen.getByLabelText('Decision'), { target: { value: 'pay' } });
    await fireEvent.input(screen.getByLabelText('Amount approved'), {
      target: { value: '1234.5' },
    });
    expect(seen.data).toEqual({ decision: 'pay', amountApproved: 123450 });

    await fireEvent.change(screen.getByLabelText('Decision'), { target: { value: 'refuse' } });
    expect(screen.queryByLabelText('Amount approved')).toBeNull();
    expect(seen.data).toEqual({ decision: 'refuse' });

    await fireEvent.change(screen.getByLabelText('Decision'), { target: { value: 'pay' } });
    expect((screen.getByLabelText('Amount approved') as HTMLInputElement).value).toBe('1,234.50');
    expect(seen.data).toEqual({ decision: 'pay', amountApproved: 123450 });
  });

  it('requires a field by requiredIf over the data and the process variables', async () => {
    renderForm({ form: assessment });
    const reason = () => screen.getByLabelText('Reason');
    expect(reason().getAttribute('aria-required')).toBe('false');
    await fireEvent.change(screen.getByLabelText('Decision'), { target: { value: 'refuse' } });
    expect(reason().getAttribute('aria-required')).toBe('true');
    await fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(reason().getAttribute('aria-invalid')).toBe('true');
    expect(describedText(reason())).toContain('is required');
    cleanup();

    renderForm({ form: assessment, variables: { amountClaimed: 200000 } });
    expect(reason().getAttribute('aria-required')).toBe('true');
  });
});

describe('FormRenderer: repeatable groups', () => {
  it('adds and removes entries within minItems and maxItems', async () => {
    const { seen } = renderForm({ form: everyType });
    const group = screen.getByRole('group', { name: 'Witnesses' });
    const remove1 = within(group).getByRole('button', { name: 'Remove entry 1' });
    expect((remove1 as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(within(group).getByLabelText('Witness name'), {
      target: { value: 'Li' },
    });
    const add = within(group).getByRole('button', { name: 'Add an entry to Witnesses' });
    await fireEvent.click(add);
    expect(within(group).getAllByLabelText('Witness name')).toHaveLength(2);
    expect((add as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Added entry 2 to Witnesses');
    expect(seen.data.witnesses).toEqual([{ witnessName: 'Li' }, {}]);

    await fireEvent.input(within(group).getAllByLabelText('Witness name')[1]!, {
      target: { value: 'Chen' },
    });
    await fireEvent.click(within(group).getByRole('button', { name: 'Remove entry 1' }));
    expect(seen.data.witnesses).toEqual([{ witnessName: 'Chen' }]);
    expect((within(group).getByLabelText('Witness name') as HTMLInputElement).value).toBe('Chen');
    expect((add as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('FormRenderer: money', () => {
  it('shows fen as yuan and stores typed yuan as fen', async () => {
    const { seen } = renderForm({ form: everyType, value: { amount: 123450 } });
    const amount = screen.getByLabelText('Amount') as HTMLInputElement;
    expect(amount.value).toBe('1,234.50');
    expect(describedText(amount)).toContain('Range: 1.00 to 100,000.00 yuan');
    await fireEvent.input(amount, { target: { value: '99.9' } });
    expect(seen.data.amount).toBe(9990);
    // typed as people write it, shown with separators once left
    await fireEvent.input(amount, { target: { value: '20000' } });
    expect(seen.data.amount).toBe(2_000_000);
    await fireEvent.blur(amount);
    expect(amount.value).toBe('20,000.00');
    await fireEvent.input(amount, { target: { value: '1,500.5' } });
    expect(seen.data.amount).toBe(150_050);
    await fireEvent.input(amount, { target: { value: '0.07' } });
    expect(seen.data.amount).toBe(7);
    await fireEvent.input(amount, { target: { value: '1.234' } });
    expect(seen.data.amount).toBeUndefined();
    expect(describedText(amount)).toContain('Enter an amount in yuan with at most 2 decimals');
  });

  it('refuses an amount beyond what the field holds exactly, and honours exclusive limits, with the limits in yuan', async () => {
    const label = { 'zh-Hant': '金額', en: 'Amount' };
    const form = {
      id: 'm',
      version: 1,
      title: { 'zh-Hant': '付款', en: 'Payment' },
      fields: [{ key: 'amount', type: 'money' as const, exclusiveMinimum: 0, label }],
    };
    const { seen } = renderForm({ form });
    const amount = screen.getByLabelText('Amount') as HTMLInputElement;
    expect(describedText(amount)).toContain('More than 0.00 yuan');
    await fireEvent.input(amount, { target: { value: '0' } });
    await fireEvent.blur(amount);
    expect(describedText(amount)).toContain('must be more than 0.00 yuan');
    await fireEvent.input(amount, { target: { value: '1' + '0'.repeat(300) } });
    await fireEvent.blur(amount);
    expect(seen.data.amount).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(describedText(amount)).toContain('must be at most 90,071,992,547,409.91 yuan');
  });
});

describe('FormRenderer: validation', () => {
  for (const lang of ['en', 'zh-Hant'] as const) {
    it(`shows the engine's own messages (${lang}) once a field is left`, async () => {
      const { seen } = renderForm({ form: everyType, lang });
      const mobile = screen.getByLabelText(lang === 'en' ? 'Mobile' : '手機');
      await fireEvent.input(mobile, { target: { value: '123' } });
      expect(mobile.getAttribute('aria-invalid')).toBe('false');
      await fireEvent.blur(mobile);
      const expected = validateForm(everyType, seen.data, {}, lang, previewTime()).find(
        (p) => p.pointer === '/mobile',
      );
      expect(expected).toBeDefined();
      expect(mobile.getAttribute('aria-invalid')).toBe('true');
      const error = document.getElementById(`${mobile.id}-error`);
      expect(error?.textContent).toBe(expected!.message);
      expect(mobile.getAttribute('aria-describedby')).toContain(`${mobile.id}-error`);
    });
  }

  it('lists every problem on submit, in the language, and does not submit', async () => {
    const { seen } = renderForm({ form: everyType, lang: 'zh-Hant' });
    await fireEvent.click(screen.getByRole('button', { name: '送出' }));
    expect(seen.submitted).toBeNull();
    const summary = screen.getByRole('alert');
    const expected = validateForm(everyType, seen.data, {}, 'zh-Hant', previewTime());
    expect(expected.length).toBeGreaterThan(0);
    for (const p of expected) expect(summary.textContent).toContain(p.message);
    const link = within(summary).getByRole('link', { name: /^姓名/ });
    expect(link.getAttribute('href')).toBe(`#${screen.getByLabelText('姓名').id}`);
    expect(document.activeElement).toBe(summary);
  });

  it('submits valid data', async () => {
    const { seen } = renderForm({ form: assessment });
    await fireEvent.change(screen.getByLabelText('Decision'), { target: { value: 'pay' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(seen.submitted).toEqual({ decision: 'pay' });
  });

  it('puts server errors on their fields until the field is edited', async () => {
    renderForm({
      form: everyType,
      serverErrors: [
        { code: 'CW_ERR_FORM_INVALID', pointer: '/data/idNumber', message: 'is on a blocklist' },
        {
          code: 'CW_ERR_FORM_INVALID',
          pointer: '/data/witnesses/0/witnessName',
          message: 'is unknown',
        },
      ],
    });
    const id = screen.getByLabelText('ID number');
    expect(id.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(id)).toContain('is on a blocklist');
    const witness = screen.getByLabelText('Witness name');
    expect(describedText(witness)).toContain('is unknown');
    expect(describedText(screen.getByLabelText('Name'))).not.toContain('is');
    await fireEvent.input(id, { target: { value: '1' } });
    expect(describedText(id)).not.toContain('is on a blocklist');
  });
});
