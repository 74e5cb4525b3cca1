import type { FormDefinition, ProcessDefinition, TaskContext } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogue, EMPTY_CATALOGUE } from './catalogue.svelte';
import PropertiesPanel from './PropertiesPanel.svelte';

afterEach(cleanup);

const l = (en: string, zh: string) => ({ 'zh-Hant': zh, en });
const report: FormDefinition = {
  id: 'report',
  version: 1,
  title: l('Report', '報案'),
  fields: [
    {
      key: 'claimant',
      type: 'section',
      label: l('Claimant', '申請人'),
      fields: [{ key: 'n', type: 'text', label: l('Name', '姓名') }],
    },
    {
      key: 'incident',
      type: 'section',
      label: l('Incident', '事故'),
      fields: [{ key: 'p', type: 'text', label: l('Plate', '車牌') }],
    },
  ],
};
const def: ProcessDefinition = {
  id: 'claim',
  version: 1,
  name: l('Claim', '理賠'),
  nodes: [
    { id: 'start', type: 'start', name: l('Reported', '報案'), form: { id: 'report', version: 1 } },
    { id: 'check', type: 'userTask', name: l('Check', '檢查'), form: { id: 'ack' } },
    { id: 'assess', type: 'userTask', name: l('Assess', '評估'), form: { id: 'ack' } },
    { id: 'end', type: 'end' },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'check' },
    { id: 'f2', from: 'check', to: 'assess' },
    { id: 'f3', from: 'assess', to: 'end' },
  ],
};

function panel(d: ProcessDefinition) {
  const seen = { def: d };
  const r = render(PropertiesPanel, {
    def: d,
    selection: { node: 'assess' },
    lang: 'en',
    catalogue: createCatalogue({ ...EMPTY_CATALOGUE, formBodies: [report] }),
    onchange: (next: ProcessDefinition) => (seen.def = next),
  });
  const context = () => seen.def.nodes.find((n) => n.id === 'assess')!;
  return {
    ...r,
    seen,
    context,
    group: screen.getByRole('group', { name: 'Case shown to the worker' }),
  };
}

describe("a user task's context in the properties panel", () => {
  it('defaults to every earlier submission, and chooses steps, sections and variables', async () => {
    const { group, seen, context, rerender } = panel(def);
    expect(within(group).getByLabelText('Every earlier submission (default)')).toHaveProperty(
      'checked',
      true,
    );
    await fireEvent.click(within(group).getByLabelText('Only what is chosen'));
    expect(context()).toMatchObject({ context: { submissions: [] } });
    await rerender({ def: seen.def });
    // the other steps are offered, not the task itself
    expect(within(group).queryByLabelText('Assess')).toBeNull();
    await fireEvent.click(within(group).getByLabelText('Check'));
    await rerender({ def: seen.def });
    await fireEvent.click(within(group).getByLabelText('Reported'));
    await rerender({ def: seen.def });
    // steps keep the process's order, whatever order they were ticked in
    expect((context() as { context: TaskContext }).context.submissions).toEqual([
      { node: 'start' },
      { node: 'check' },
    ]);
    const sections = within(group).getByRole('group', { name: 'Sections of Reported' });
    await fireEvent.click(within(sections).getByLabelText('Incident'));
    await rerender({ def: seen.def });
    expect((context() as { context: TaskContext }).context.submissions![0]).toEqual({
      node: 'start',
      sections: ['incident'],
    });
    // the variables are the ones the process sets, by label, each saying where it is set
    const variables = within(group).getByRole('group', { name: 'Variables' });
    expect(variables.textContent).toContain('from start form report v1');
    await fireEvent.click(within(variables).getByLabelText(/^Plate · p/));
    await rerender({ def: seen.def });
    await fireEvent.click(within(variables).getByLabelText(/^Name · n/));
    await rerender({ def: seen.def });
    // in the process's order, whatever order they were ticked in
    expect((context() as { context: TaskContext }).context.variables).toEqual([
      { name: 'n' },
      { name: 'p' },
    ]);
    await fireEvent.click(within(variables).getByLabelText(/^Name · n/));
    await rerender({ def: seen.def });
    expect((context() as { context: TaskContext }).context.variables).toEqual([{ name: 'p' }]);
    // the property sits after output, as the meta-schema orders it
    expect(Object.keys(context()).at(-1)).toBe('context');
    await rerender({ def: seen.def });
    await fireEvent.click(within(group).getByLabelText('Every earlier submission (default)'));
    expect(context()).not.toHaveProperty('context');
  });
});

describe('a chosen variable no step sets', () => {
  it('is listed ticked, saying so, and can be unticked', async () => {
    const withStray: ProcessDefinition = {
      ...def,
      nodes: def.nodes.map((n) =>
        n.id === 'assess' ? { ...n, context: { variables: [{ name: 'legacyAmount' }] } } : n,
      ),
    };
    const { group, context } = panel(withStray);
    const variables = within(group).getByRole('group', { name: 'Variables' });
    const stray = within(variables).getByLabelText(/^legacyAmount/);
    expect(stray).toHaveProperty('checked', true);
    expect(stray.closest('label')!.textContent).toContain('no step sets it');
    await fireEvent.click(stray);
    expect((context() as { context: TaskContext }).context).toEqual({});
  });
});
