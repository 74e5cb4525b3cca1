import type { FormDefinition } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import FormEditor from './FormEditor.svelte';

// Each step renders and validates the whole form (FEEL through feelin is ~2 ms an expression):
// on a loaded machine a long scenario can pass the default 5 s.
vi.setConfig({ testTimeout: 30_000 });

afterEach(cleanup);

const l = (en: string, zh: string) => ({ 'zh-Hant': zh, en });
const empty = (): FormDefinition => ({ id: 'f', version: 1, title: l('Form', '表'), fields: [] });

function renderEditor(form: FormDefinition) {
  const seen: { form: FormDefinition } = { form };
  render(FormEditor, { value: form, lang: 'en', onchange: (f: FormDefinition) => (seen.form = f) });
  const region = (name: string) => screen.getByRole('region', { name });
  return {
    seen,
    preview: () => region('Preview (as staff see it)'),
    properties: () => region('Properties'),
    tree: () => region('Fields'),
  };
}

/** The tree item of a field, by its name. */
function item(name: string): HTMLElement {
  const found = [...document.querySelectorAll<HTMLElement>('[data-field-path]')].find(
    (el) => el.querySelector('.name')?.textContent === name,
  );
  if (!found) throw new Error(`no tree item ${name}`);
  return found;
}
const shape = (fields: FormDefinition['fields']): unknown[] =>
  fields.map((f) => (f.fields ? { [f.key]: shape(f.fields) } : f.key));

/** A drag and drop as the browser delivers it (jsdom has no DataTransfer). */
async function drag(from: HTMLElement, to: HTMLElement) {
  const store = new Map<string, string>();
  const dataTransfer = {
    get types() {
      return [...store.keys()];
    },
    setData: (k: string, v: string) => store.set(k, v),
    getData: (k: string) => store.get(k) ?? '',
    effectAllowed: 'all',
    dropEffect: 'none',
  };
  await fireEvent.dragStart(from.closest('li')!, { dataTransfer });
  await fireEvent.dragOver(to.closest('li')!, { dataTransfer });
  await fireEvent.drop(to.closest('li')!, { dataTransfer });
}

describe('FormEditor: sections and pages', () => {
  it('adds pages and sections, fields into the selected one, and moves fields in and out by keyboard', async () => {
    const { seen, preview, tree } = renderEditor(empty());
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Page (step)' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Section' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Text field' }));
    expect(shape(seen.form.fields)).toEqual([{ page1: [{ section1: ['field1'] }] }]);
    expect(seen.form.fields[0]).toMatchObject({ type: 'page', label: l('New page 1', '新頁面 1') });

    await fireEvent.click(item('New page 1'));
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Text field' }));
    expect(shape(seen.form.fields)).toEqual([{ page1: [{ section1: ['field1'] }, 'field2'] }]);

    // Alt+Right: into the section above; Alt+Left: out of it, just after it.
    await fireEvent.keyDown(item('New field 2'), { key: 'ArrowRight', altKey: true });
    expect(shape(seen.form.fields)).toEqual([{ page1: [{ section1: ['field1', 'field2'] }] }]);
    expect(within(tree()).getByRole('status').textContent).toBe(
      'Moved New field 2 into New section 1',
    );
    expect(document.activeElement).toBe(item('New field 2'));
    await fireEvent.keyDown(item('New field 1'), { key: 'ArrowLeft', altKey: true });
    expect(shape(seen.form.fields)).toEqual([{ page1: [{ section1: ['field2'] }, 'field1'] }]);
    expect(within(tree()).getByRole('status').textContent).toBe(
      'Moved New field 1 out to New page 1',
    );

    // The preview is a one-page wizard with the section; the data stays flat.
    expect(within(preview()).getByRole('navigation', { name: 'Steps' })).toBeTruthy();
    expect(within(preview()).getByRole('region', { name: 'New section 1' })).toBeTruthy();
    await fireEvent.input(within(preview()).getByLabelText('New field 2'), {
      target: { value: 'x' },
    });
    expect(JSON.parse(within(preview()).getByLabelText('data').textContent!)).toEqual({
      field2: 'x',
    });
  });

  it('drags a field from the form into a section, and into an empty section', async () => {
    const { seen } = renderEditor({
      ...empty(),
      fields: [
        { key: 'a', type: 'text', label: l('A', '甲') },
        {
          key: 's',
          type: 'section',
          label: l('S', '乙'),
          fields: [{ key: 'b', type: 'text', label: l('B', '丙') }],
        },
        { key: 'e', type: 'section', label: l('E', '丁'), fields: [] },
      ],
    });
    await drag(item('A'), item('B'));
    expect(shape(seen.form.fields)).toEqual([{ s: ['a', 'b'] }, { e: [] }]);
    await drag(item('B'), screen.getByText(/empty: drag fields here/));
    expect(shape(seen.form.fields)).toEqual([{ s: ['a'] }, { e: ['b'] }]);
    // A section cannot be dropped into itself.
    await drag(item('S'), item('A'));
    expect(shape(seen.form.fields)).toEqual([{ s: ['a'] }, { e: ['b'] }]);
  });

  it('sets columns on a section and a width on its fields; the preview lays them out', async () => {
    const { seen, properties, preview } = renderEditor({
      ...empty(),
      fields: [
        {
          key: 's',
          type: 'section',
          label: l('Person', '個人'),
          fields: [
            { key: 'name', type: 'text', label: l('Name', '姓名') },
            { key: 'address', type: 'text', label: l('Address', '地址') },
          ],
        },
      ],
    });
    await fireEvent.click(item('Person'));
    expect(within(properties()).queryByLabelText('Required')).toBeNull();
    // A section's label is its title.
    const title = within(properties()).getByRole('group', { name: 'Title' });
    await fireEvent.input(within(title).getByLabelText('English'), { target: { value: 'Who' } });
    expect(within(preview()).getByRole('region', { name: 'Who' })).toBeTruthy();
    await fireEvent.input(within(title).getByLabelText('English'), { target: { value: 'Person' } });
    await fireEvent.change(within(properties()).getByLabelText('Columns'), {
      target: { value: '3' },
    });
    await fireEvent.click(within(properties()).getByLabelText('Collapsible'));
    expect(seen.form.fields[0]).toMatchObject({ columns: 3, collapsible: true });

    await fireEvent.click(item('Address'));
    const width = within(properties()).getByLabelText('Width (columns)') as HTMLSelectElement;
    expect([...width.options].map((o) => o.value)).toEqual(['', '1', '2', '3']);
    await fireEvent.change(width, { target: { value: '2' } });
    expect(seen.form.fields[0]!.fields![1]).toMatchObject({ key: 'address', width: 2 });

    const grid = within(preview()).getByLabelText('Address').closest('.cw-columns') as HTMLElement;
    expect(grid.style.gridTemplateColumns).toBe('repeat(3, minmax(0, 1fr))');
    const cell = within(preview()).getByLabelText('Address').closest('.cw-cell') as HTMLElement;
    expect(cell.style.gridColumn).toBe('span 2');
  });
});

describe('FormEditor: keys across sections', () => {
  it('flags a key already used by a field of the same level in another section', async () => {
    const { properties } = renderEditor({
      ...empty(),
      fields: [
        {
          key: 's',
          type: 'section',
          label: l('Person', '個人'),
          fields: [{ key: 'name', type: 'text', label: l('Name', '姓名') }],
        },
        { key: 'other', type: 'text', label: l('Other', '其他') },
      ],
    });
    await fireEvent.click(item('Other'));
    const key = within(properties()).getByLabelText('Key');
    expect(key.getAttribute('aria-invalid')).toBe('false');
    await fireEvent.input(key, { target: { value: 'name' } });
    expect(key.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('FormEditor: computed values', () => {
  it('edits a compute expression, offers the level’s fields, and the preview computes live', async () => {
    const { seen, properties, preview } = renderEditor({
      ...empty(),
      fields: [
        { key: 'fee', type: 'money', label: l('Fee', '費用') },
        {
          key: 'extras',
          type: 'section',
          label: l('Extras', '附加'),
          fields: [{ key: 'tax', type: 'money', label: l('Tax', '稅') }],
        },
        { key: 'total', type: 'money', label: l('Total', '合計') },
      ],
    });
    await fireEvent.click(item('Total'));
    const compute = within(properties()).getByLabelText('Computed value (FEEL)');
    await fireEvent.input(compute, { target: { value: 'fee + ' } });
    expect(compute.getAttribute('aria-invalid')).toBe('true');
    await fireEvent.input(compute, { target: { value: 'fee + t' } });
    // Suggestions: the fields of the same level, sections looked through.
    const options = within(properties()).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining('tax')]),
    );
    await fireEvent.input(compute, { target: { value: 'fee + tax' } });
    expect(seen.form.fields[2]).toMatchObject({ key: 'total', compute: 'fee + tax' });

    const total = within(preview()).getByLabelText('Total') as HTMLInputElement;
    expect(total.readOnly).toBe(true);
    await fireEvent.input(within(preview()).getByLabelText('Fee'), { target: { value: '10' } });
    await fireEvent.input(within(preview()).getByLabelText('Tax'), { target: { value: '0.6' } });
    expect(total.value).toBe('10.60');

    // Groups, files and layout cannot be computed: no compute input for them.
    await fireEvent.click(item('Extras'));
    expect(within(properties()).queryByLabelText('Computed value (FEEL)')).toBeNull();
  });
});
