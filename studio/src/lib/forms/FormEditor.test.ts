import { toSimplified } from '@caseway/engine/locale';
import type { FormDefinition } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assessment } from './fixtures';
import FormEditor from './FormEditor.svelte';

// Each step renders and validates the whole form (FEEL through feelin is ~2 ms an expression):
// on a loaded machine a long scenario can pass the default 5 s.
vi.setConfig({ testTimeout: 30_000 });

afterEach(cleanup);

function renderEditor(form: FormDefinition = structuredClone(assessment)) {
  const seen: { form: FormDefinition } = { form };
  render(FormEditor, { value: form, lang: 'en', onchange: (f: FormDefinition) => (seen.form = f) });
  const preview = () => screen.getByRole('region', { name: 'Preview (as staff see it)' });
  const json = () => screen.getByRole('textbox', { name: 'JSON' }) as HTMLTextAreaElement;
  const properties = () => screen.getByRole('region', { name: 'Properties' });
  const tree = () => screen.getByRole('region', { name: 'Fields' });
  return { seen, preview, json, properties, tree };
}

const keysOf = (form: FormDefinition) => form.fields.map((f) => f.key);

describe('FormEditor', () => {
  it('adds a field from the palette, shown in the tree, the preview and the JSON', async () => {
    const { seen, preview, json, tree } = renderEditor();
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Money field' }));
    expect(keysOf(seen.form)).toEqual(['decision', 'amountApproved', 'reason', 'field4']);
    expect(seen.form.fields[3]).toEqual({
      key: 'field4',
      type: 'money',
      label: { 'zh-Hant': '新欄位 4', en: 'New field 4' },
    });
    expect(within(tree()).getByRole('button', { name: /New field 4/, pressed: true })).toBeTruthy();
    expect(within(preview()).getByLabelText('New field 4')).toBeTruthy();
    expect(JSON.parse(json().value)).toEqual(seen.form);
    expect(within(tree()).getByRole('status').textContent).toBe('Added New field 4');
  });

  it('edits a label: the preview and the JSON follow, key order unchanged', async () => {
    const { seen, preview, json, properties } = renderEditor();
    await fireEvent.click(screen.getByRole('button', { name: /^Reason/ }));
    const en = within(properties()).getByRole('group', { name: 'Label' });
    await fireEvent.input(within(en).getByLabelText('English'), {
      target: { value: 'Grounds' },
    });
    expect(seen.form.fields[2]!.label).toEqual({ 'zh-Hant': '理由', en: 'Grounds' });
    expect(within(preview()).getByLabelText('Grounds')).toBeTruthy();
    expect(within(preview()).queryByLabelText('Reason')).toBeNull();
    expect(json().value).toContain('"en": "Grounds"');

    // A new property goes where the schema lists it; the existing ones keep their place.
    const help = within(properties()).getByRole('group', { name: 'Help' });
    await fireEvent.input(within(help).getByLabelText('English'), { target: { value: 'Why' } });
    expect(Object.keys(seen.form.fields[2]!)).toEqual([
      'key',
      'type',
      'help',
      'requiredIf',
      'label',
    ]);
    expect(json().value).toBe(JSON.stringify(seen.form, null, 2));
  });

  it('takes an optional Simplified label, its placeholder the Traditional one converted', async () => {
    const { seen, properties } = renderEditor();
    await fireEvent.click(screen.getByRole('button', { name: /^Reason/ }));
    const label = within(properties()).getByRole('group', { name: 'Label' });
    const hans = within(label).getByLabelText('Simplified (optional)') as HTMLInputElement;
    expect(hans.value).toBe('');
    expect(hans.placeholder).toBe('理由');
    await fireEvent.input(within(label).getByLabelText('Chinese'), {
      target: { value: '理賠資料' },
    });
    expect(hans.placeholder).toBe('理赔资料');
    await fireEvent.input(hans, { target: { value: '理赔材料' } });
    expect(seen.form.fields[2]!.label).toEqual({
      'zh-Hant': '理賠資料',
      en: 'Reason',
      'zh-Hans': '理赔材料',
    });
    // editing another language keeps it
    await fireEvent.input(within(label).getByLabelText('English'), {
      target: { value: 'Grounds' },
    });
    expect(seen.form.fields[2]!.label).toMatchObject({ 'zh-Hans': '理赔材料', en: 'Grounds' });
    // emptied, it is read as the converted text again
    await fireEvent.input(hans, { target: { value: '' } });
    expect(seen.form.fields[2]!.label).toEqual({ 'zh-Hant': '理賠資料', en: 'Grounds' });
  });

  it('takes an optional Simplified title for the form, its placeholder the Traditional one converted', async () => {
    const { seen } = renderEditor();
    const hans = screen.getByLabelText('Title (Simplified, optional)') as HTMLInputElement;
    expect(hans.placeholder).toBe(toSimplified(assessment.title['zh-Hant']));
    await fireEvent.input(hans, { target: { value: '理赔审核' } });
    expect(seen.form.title).toEqual({ ...assessment.title, 'zh-Hans': '理赔审核' });
    await fireEvent.input(hans, { target: { value: '' } });
    expect(seen.form.title).toEqual(assessment.title);
  });

  it('reorders by keyboard with an announcement, focus staying on the moved field', async () => {
    const { seen, preview, json, tree } = renderEditor();
    const reason = within(tree()).getByRole('button', { name: /^Reason/ });
    reason.focus();
    await fireEvent.keyDown(reason, { key: 'ArrowUp', altKey: true });
    expect(keysOf(seen.form)).toEqual(['decision', 'reason', 'amountApproved']);
    expect(within(tree()).getByRole('status').textContent).toBe('Reason moved to position 2 of 3');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp', altKey: true });
    expect(keysOf(seen.form)).toEqual(['reason', 'decision', 'amountApproved']);
    expect((document.activeElement as HTMLElement).textContent).toContain('Reason');
    expect(keysOf(JSON.parse(json().value) as FormDefinition)).toEqual([
      'reason',
      'decision',
      'amountApproved',
    ]);
    const order = [...preview().querySelectorAll('[data-field]')].map((el) =>
      el.getAttribute('data-field'),
    );
    expect(order).toEqual(['reason', 'decision']);
    // Plain arrows do nothing; the move buttons do the same as the keys.
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(keysOf(seen.form)).toEqual(['reason', 'decision', 'amountApproved']);
    await fireEvent.click(within(tree()).getByRole('button', { name: 'Move Reason down' }));
    expect(keysOf(seen.form)).toEqual(['decision', 'reason', 'amountApproved']);
  });

  it('applies JSON edits, and shows invalid JSON as an error without applying it', async () => {
    const { seen, preview, json } = renderEditor();
    const edited = structuredClone(seen.form);
    edited.fields[0]!.label.en = 'Outcome';
    await fireEvent.input(json(), { target: { value: JSON.stringify(edited, null, 2) } });
    expect(seen.form.fields[0]!.label.en).toBe('Outcome');
    expect(within(preview()).getByLabelText('Outcome')).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Outcome/ })).toBeTruthy();

    await fireEvent.input(json(), { target: { value: '{ "fields": [' } });
    expect(screen.getByRole('alert').textContent).toMatch(/^Invalid JSON, not applied/);
    expect(json().getAttribute('aria-invalid')).toBe('true');
    expect(seen.form.fields[0]!.label.en).toBe('Outcome');
    expect(within(preview()).getByLabelText('Outcome')).toBeTruthy();

    await fireEvent.input(json(), { target: { value: '{ "fields": [{ "key": "x" }] }' } });
    expect(screen.getByRole('alert').textContent).toContain('/fields/0/type');
    expect(seen.form.fields).toHaveLength(3);
  });

  it('checks FEEL syntax in visibleIf and requiredIf', async () => {
    const { seen, properties, preview } = renderEditor();
    await fireEvent.click(screen.getByRole('button', { name: /^Amount approved/ }));
    const visibleIf = within(properties()).getByLabelText('Visible if (FEEL)');
    expect((visibleIf as HTMLInputElement).value).toBe('decision = "pay"');
    expect(visibleIf.getAttribute('aria-invalid')).toBe('false');
    await fireEvent.input(visibleIf, { target: { value: 'decision = ' } });
    expect(visibleIf.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById(visibleIf.getAttribute('aria-describedby')!);
    expect(error?.textContent).toMatch(/^FEEL syntax error: /);
    expect(seen.form.fields[1]!.visibleIf).toBe('decision = ');

    await fireEvent.input(visibleIf, { target: { value: 'decision = "refuse"' } });
    expect(visibleIf.getAttribute('aria-invalid')).toBe('false');
    expect(within(preview()).queryByLabelText('Amount approved')).toBeNull();
    await fireEvent.change(within(preview()).getByLabelText('Decision'), {
      target: { value: 'refuse' },
    });
    expect(within(preview()).getByLabelText('Amount approved')).toBeTruthy();
  });

  it('gives a date field FEEL bounds and a field a validation, which the preview checks (issue 19, item 3)', async () => {
    const { seen, properties, preview } = renderEditor({
      id: 'f',
      version: 1,
      title: { 'zh-Hant': '表', en: 'Form' },
      fields: [],
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Date field' }));
    const latest = within(properties()).getByLabelText('Latest (FEEL, e.g. today())');
    await fireEvent.input(latest, { target: { value: 'today()' } });
    expect(seen.form.fields[0]).toMatchObject({ type: 'date', max: 'today()' });

    await fireEvent.click(within(properties()).getByRole('button', { name: 'Add a validation' }));
    const condition = within(properties()).getByLabelText(
      'Condition (FEEL; the message shows when it is false)',
    );
    await fireEvent.input(condition, { target: { value: 'field1 != "2001-01-01"' } });
    await fireEvent.input(within(properties()).getByLabelText('Message (English)'), {
      target: { value: 'not that day' },
    });
    expect(seen.form.fields[0]!.validations).toEqual([
      {
        expression: 'field1 != "2001-01-01"',
        message: { 'zh-Hant': '資料不正確', en: 'not that day' },
      },
    ]);
    // the preview checks both as the engine does: a day after today, then that day
    const input = within(preview()).getByLabelText('New field 1') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: '2999-01-01' } });
    await fireEvent.blur(input);
    expect(within(preview()).getByText(/must be on or before/)).toBeTruthy();
    await fireEvent.input(input, { target: { value: '2001-01-01' } });
    expect(within(preview()).getByText('not that day')).toBeTruthy();
  });

  it('adds fields into a selected group and edits options and repeatable groups', async () => {
    const { seen, properties } = renderEditor({
      id: 'f',
      version: 1,
      title: { 'zh-Hant': '表', en: 'Form' },
      fields: [],
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Group field' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Select field' }));
    expect(seen.form.fields).toHaveLength(1);
    expect(seen.form.fields[0]!.fields?.map((f) => f.type)).toEqual(['select']);
    await fireEvent.click(screen.getByRole('button', { name: /^New field 1.*Group/ }));
    await fireEvent.click(within(properties()).getByLabelText('Repeatable (a list of entries)'));
    await fireEvent.change(within(properties()).getByLabelText('Maximum entries'), {
      target: { value: '3' },
    });
    expect(seen.form.fields[0]).toMatchObject({ type: 'group', repeatable: true, maxItems: 3 });
    await fireEvent.click(screen.getByRole('button', { name: /^New field 1.*Select/ }));
    await fireEvent.click(within(properties()).getByRole('button', { name: 'Add an option' }));
    expect(seen.form.fields[0]!.fields![0]!.options?.map((o) => o.value)).toEqual([
      'option1',
      'option2',
    ]);
  });

  it('keeps the form title editable while a field is selected', async () => {
    const { seen, properties } = renderEditor();
    await fireEvent.click(screen.getByRole('button', { name: /^Reason/ }));
    expect(within(properties()).getByRole('group', { name: 'Label' })).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Title (English)'), {
      target: { value: 'Claim assessment' },
    });
    expect(seen.form.title.en).toBe('Claim assessment');
    expect(within(properties()).getByRole('group', { name: 'Label' })).toBeTruthy();
  });

  it('lets go of the selected field by Escape, by a click on empty space and by the Deselect button', async () => {
    const { properties, tree, preview } = renderEditor();
    const reason = () => within(tree()).getByRole('button', { name: /^Reason/ });
    const selectedInTree = () => within(tree()).queryAllByRole('button', { pressed: true }).length;

    // Escape from an input of the properties: the tree item gets the focus back
    await fireEvent.click(reason());
    const label = within(properties()).getByRole('group', { name: 'Label' });
    await fireEvent.keyDown(within(label).getByLabelText('English'), { key: 'Escape' });
    expect(within(properties()).queryByRole('group', { name: 'Label' })).toBeNull();
    expect(within(properties()).getByText(/^Select a field/)).toBeTruthy();
    expect(selectedInTree()).toBe(0);
    await new Promise((r) => setTimeout(r));
    expect(document.activeElement?.closest('[data-field-path]')).toBe(
      reason().closest('[data-field-path]'),
    );

    // a click on the preview's empty space (not on one of its fields)
    await fireEvent.click(reason());
    await fireEvent.click(preview());
    expect(selectedInTree()).toBe(0);
    // a click on a preview field's input does not
    await fireEvent.click(reason());
    await fireEvent.click(within(preview()).getByLabelText('Reason'));
    expect(selectedInTree()).toBe(1);

    // the button, for whoever neither presses Escape nor finds empty space
    await fireEvent.click(within(properties()).getByRole('button', { name: 'Deselect' }));
    expect(selectedInTree()).toBe(0);
    expect(within(properties()).queryByRole('button', { name: 'Deselect' })).toBeNull();

    // new fields go to the end of the form again
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Text field' }));
    expect(within(tree()).getAllByRole('button', { pressed: true })).toHaveLength(1);
  });
});
