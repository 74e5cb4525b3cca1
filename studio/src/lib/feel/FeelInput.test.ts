import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeelCompletion } from './completion';
import FeelInput from './FeelInput.svelte';

afterEach(cleanup);

const COMPLETIONS: FeelCompletion[] = [
  { label: 'amount', detail: 'number', info: 'from start form claim-intake v2' },
  { label: 'approved', detail: 'boolean', info: 'from form claim-review v1 of task Review' },
  { label: 'count(list)', insert: 'count()', detail: 'number', info: 'FEEL function' },
];

function setup(props: Record<string, unknown> = {}) {
  const seen: { value: string | undefined } = { value: undefined };
  render(FeelInput, {
    label: 'Condition',
    value: '',
    message: (e: string) => `FEEL: ${e}`,
    onchange: (v: string | undefined) => (seen.value = v),
    completions: COMPLETIONS,
    lang: 'en',
    ...props,
  });
  const input = screen.getByRole('combobox', {
    name: (props.label as string | undefined) ?? 'Condition',
  }) as HTMLInputElement;
  return { seen, input };
}

async function type(input: HTMLInputElement, text: string) {
  input.value = text;
  input.setSelectionRange(text.length, text.length);
  await fireEvent.input(input);
}

describe('FeelInput completion', () => {
  it('is a combobox whose listbox opens on a typed name, with type and origin', async () => {
    const { input } = setup();
    expect(input.getAttribute('aria-expanded')).toBe('false');
    await type(input, 'a');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    const list = screen.getByRole('listbox', { name: 'Suggestions' });
    expect(input.getAttribute('aria-controls')).toBe(list.id);
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.querySelector('.main')!.textContent)).toEqual([
      'amount',
      'approved',
    ]);
    expect(options[0]!.textContent).toContain('from start form claim-intake v2');
    expect(options[0]!.textContent).toContain('number');
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
  });

  it('moves with the arrow keys and accepts with Enter, replacing only the typed word', async () => {
    const { input, seen } = setup();
    await type(input, 'amount > 10 and ap');
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    await fireEvent.keyDown(input, { key: 'ArrowUp' }); // wraps to the last
    const active = document.getElementById(input.getAttribute('aria-activedescendant')!)!;
    expect(active.textContent).toContain('approved');
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.value).toBe('amount > 10 and approved');
    expect(seen.value).toBe('amount > 10 and approved');
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('accepts a function with Tab and puts the caret between its parentheses', async () => {
    const { input, seen } = setup();
    await type(input, 'cou');
    await fireEvent.keyDown(input, { key: 'Tab' });
    expect(seen.value).toBe('count()');
    await new Promise((r) => requestAnimationFrame(r));
    expect(input.selectionStart).toBe(6);
  });

  it('closes with Escape without changing the text; Ctrl+Space opens every suggestion', async () => {
    const { input, seen } = setup();
    await type(input, 'am');
    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(seen.value).toBe('am');
    await type(input, 'x > ');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.keyDown(input, { key: ' ', ctrlKey: true });
    expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(3);
  });

  it('offers nothing inside a string literal', async () => {
    const { input } = setup();
    await type(input, 'severity = "am');
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('speaks Chinese when the editor does', async () => {
    const { input } = setup({ lang: 'zh-Hant', label: '條件' });
    await type(input, 'a');
    expect(screen.getByRole('listbox', { name: '建議' })).toBeTruthy();
    expect(input.title).toMatch(/Ctrl\+空白鍵/);
  });

  it('without completions is a plain labelled input, as the form and SLA editors use it', () => {
    render(FeelInput, {
      label: 'Visible if',
      value: 'x >',
      message: (e: string) => `FEEL: ${e}`,
      onchange: () => {},
    });
    const input = screen.getByLabelText('Visible if');
    expect(input.getAttribute('role')).toBeNull();
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });
});
