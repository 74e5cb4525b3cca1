import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import type { ComponentProps } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttachmentRef } from './context';
import type { Data } from './data';
import { wizardClaim } from './fixtures';
import FormRenderer from './FormRenderer.svelte';

const realMatchMedia = window.matchMedia;
// Each step renders and validates the whole form (FEEL through feelin is ~2 ms an expression):
// on a loaded machine a long scenario can pass the default 5 s.
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => {
  cleanup();
  window.matchMedia = realMatchMedia;
});

function renderForm(props: Partial<ComponentProps<typeof FormRenderer>> = {}) {
  const seen: { data: Data; submitted: Data | null } = { data: {}, submitted: null };
  const result = render(FormRenderer, {
    form: wizardClaim,
    lang: 'en',
    onchange: (d: Data) => (seen.data = d),
    onsubmit: (d: Data) => (seen.submitted = d),
    ...props,
  });
  return { ...result, seen };
}

const type = (label: string, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
const stepper = () => screen.getByRole('navigation', { name: 'Steps' });
const currentStep = () =>
  within(stepper())
    .getAllByRole('listitem')
    .find((li) => li.getAttribute('aria-current') === 'step')
    ?.textContent?.trim();

/** The browser's answer to the phone-width media query (jsdom has no layout of its own). */
function screenIsNarrow(narrow: boolean) {
  window.matchMedia = ((query: string) => ({
    matches: narrow,
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
}

describe('FormRenderer: wizard pages', () => {
  it('shows one page with a step indicator; Next is refused while the page has problems', async () => {
    const { seen } = renderForm();
    expect(currentStep()).toBe('1 Claimant');
    expect(screen.getByRole('heading', { name: 'Claimant (step 1 of 2)' })).toBeTruthy();
    expect(screen.queryByLabelText('Total')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Submit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(currentStep()).toBe('1 Claimant');
    const summary = screen.getByRole('alert');
    expect(within(summary).getByRole('link').textContent).toBe('Name: is required');
    expect(document.activeElement).toBe(summary);
    // Problems of the next page are not blamed yet.
    expect(summary.textContent).not.toContain('Amount');

    await type('Name', 'Chen Mei');
    await fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(currentStep()).toBe('2 Costs');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(
      screen.getByRole('heading', { name: 'Costs (step 2 of 2)' }),
    );
    expect(screen.queryByLabelText('Name')).toBeNull();
    // The data keeps every page's values, flat.
    expect(seen.data).toMatchObject({ name: 'Chen Mei' });

    await fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Chen Mei');
  });

  it('submits on the last page with every page’s data; server errors open the page of their field', async () => {
    const { seen, rerender } = renderForm();
    await type('Name', 'Chen Mei');
    await fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await type('Amount', '100');
    await fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(seen.submitted).toEqual({
      name: 'Chen Mei',
      invoices: [{ amount: 10000, net: 10000 }],
      total: 10000,
    });

    await rerender({
      serverErrors: [
        { code: 'CW_ERR_FORM_INVALID', pointer: '/data/total', message: 'must be at most 5000' },
      ],
    });
    expect(currentStep()).toBe('2 Costs');
    await fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await rerender({
      serverErrors: [
        { code: 'CW_ERR_FORM_INVALID', pointer: '/data/invoices/0/amount', message: 'too high' },
      ],
    });
    expect(currentStep()).toBe('2 Costs');
    expect(screen.getByLabelText('Amount').getAttribute('aria-invalid')).toBe('true');

    await rerender({
      serverErrors: [{ code: 'CW_ERR_FORM_INVALID', pointer: '/data/name', message: 'is taken' }],
    });
    expect(currentStep()).toBe('1 Claimant');
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('FormRenderer: pages and sections that depend on the answers', () => {
  it('skips a hidden page in the steps, and folds a collapsible section without losing its values', async () => {
    const form = structuredClone(wizardClaim);
    form.fields[0]!.fields!.push({
      key: 'extra',
      type: 'section',
      collapsible: true,
      label: { 'zh-Hant': '補充', en: 'More' },
      fields: [{ key: 'note', type: 'text', label: { 'zh-Hant': '備註', en: 'Note' } }],
    });
    form.fields.splice(1, 0, {
      key: 'vip',
      type: 'page',
      visibleIf: 'name = "VIP"',
      label: { 'zh-Hant': '貴賓', en: 'VIP' },
      fields: [{ key: 'perk', type: 'text', label: { 'zh-Hant': '禮遇', en: 'Perk' } }],
    });
    const { seen } = renderForm({ form });
    const steps = () =>
      within(stepper())
        .getAllByRole('listitem')
        .map((li) => li.textContent?.trim());
    expect(steps()).toEqual(['1 Claimant', '2 Costs']);
    await type('Name', 'VIP');
    expect(steps()).toEqual(['1 Claimant', '2 VIP', '3 Costs']);

    const details = screen.getByText('More').closest('details')!;
    expect(details.open).toBe(true);
    await type('Note', 'call first');
    details.open = false;
    await fireEvent(details, new Event('toggle'));
    expect(seen.data).toMatchObject({ name: 'VIP', note: 'call first' });
  });
});

describe('FormRenderer: computed fields', () => {
  it('updates computed values live, read-only, inner entries first', async () => {
    const { seen } = renderForm();
    await type('Name', 'Chen Mei');
    await fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const total = screen.getByLabelText('Total') as HTMLInputElement;
    expect(total.readOnly).toBe(true);
    expect(total.value).toBe('');

    await type('Amount', '1200');
    expect(total.value).toBe('1,200.00');
    await type('Co-payment', '200.5');
    expect((screen.getByLabelText('Net') as HTMLInputElement).value).toBe('999.50');
    expect(total.value).toBe('999.50');

    await fireEvent.click(screen.getByRole('button', { name: 'Add an entry to Invoices' }));
    const amounts = screen.getAllByLabelText('Amount');
    await fireEvent.input(amounts[1]!, { target: { value: '0.50' } });
    expect(total.value).toBe('1,000.00');
    expect(seen.data).toMatchObject({ total: 100000 });
    expect(total.getAttribute('aria-describedby')).toContain(total.id + '-computed');
  });
});

describe('FormRenderer: columns', () => {
  it('lays a section out in its columns on a wide screen, each field spanning its width', () => {
    screenIsNarrow(false);
    renderForm();
    const section = screen.getByRole('region', { name: 'Person' });
    const grid = section.querySelector('.cw-columns') as HTMLElement;
    expect(grid.classList.contains('stacked')).toBe(false);
    expect(grid.style.gridTemplateColumns).toBe('repeat(2, minmax(0, 1fr))');
    const cellOf = (label: string) =>
      screen.getByLabelText(label).closest('.cw-cell') as HTMLElement;
    expect(cellOf('Name').style.gridColumn).toBe('span 1');
    expect(cellOf('Address').style.gridColumn).toBe('span 2');
    expect(within(section).getByText('As on the policy.')).toBeTruthy();
  });

  it('stacks the columns into one at phone width', () => {
    screenIsNarrow(true);
    renderForm();
    const grid = screen
      .getByRole('region', { name: 'Person' })
      .querySelector('.cw-columns') as HTMLElement;
    expect(grid.classList.contains('stacked')).toBe(true);
    expect(grid.style.gridTemplateColumns).toBe('');
    expect(screen.getByLabelText('Name').closest('.cw-cell')).toBeNull();
  });
});

describe('FormRenderer: file fields', () => {
  it('uploads through the given function, lists the references, refuses wrong types before uploading', async () => {
    const uploaded: string[] = [];
    const upload = async (file: File): Promise<AttachmentRef> => {
      uploaded.push(file.name);
      return {
        id: `a${uploaded.length}`,
        name: file.name,
        size: file.size,
        contentType: file.type,
      };
    };
    const { seen } = renderForm({ upload });
    await type('Name', 'Chen Mei');
    await fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const input = screen.getByLabelText('Receipts') as HTMLInputElement;
    expect(input.accept).toBe('application/pdf,image/*');
    expect(input.multiple).toBe(true);

    const pdf = new File(['%PDF-1.4'], 'bill.pdf', { type: 'application/pdf' });
    const exe = new File(['MZ'], 'run.exe', { type: 'application/x-msdownload' });
    await fireEvent.change(input, { target: { files: [pdf, exe] } });
    await screen.findByRole('button', { name: 'Remove bill.pdf' });
    expect(uploaded).toEqual(['bill.pdf']);
    expect(seen.data.receipts).toEqual([
      { id: 'a1', name: 'bill.pdf', size: 8, contentType: 'application/pdf' },
    ]);
    expect(screen.getByText(/run\.exe was not uploaded/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'bill.pdf' }).getAttribute('href')).toBe(
      '/api/attachments/a1',
    );

    await fireEvent.click(screen.getByRole('button', { name: 'Remove bill.pdf' }));
    expect(seen.data.receipts).toBeUndefined();
  });

  it('without an upload function (the preview) the file input is disabled and says why', async () => {
    renderForm();
    await type('Name', 'Chen Mei');
    await fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect((screen.getByLabelText('Receipts') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('Files cannot be uploaded here (preview)')).toBeTruthy();
  });
});
