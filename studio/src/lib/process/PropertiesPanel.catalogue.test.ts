/**
 * The properties panel with a catalogue (what the engine has): pickers for forms, actions,
 * processes and messages, the service task's mappings generated from the action's schemas,
 * and the process variables offered in FEEL fields.
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogue } from './catalogue.svelte';
import { addNode } from './model';
import PropertiesPanel from './PropertiesPanel.svelte';
import { DATA, sample, withStartForm } from './test-setup';

afterEach(cleanup);

function panel(
  def: ProcessDefinition,
  selection: { node?: string; flow?: string } | null,
  lang: 'en' | 'zh-Hant' = 'en',
) {
  const seen: { def: ProcessDefinition } = { def };
  const r = render(PropertiesPanel, {
    def,
    selection,
    lang,
    catalogue: createCatalogue(DATA),
    onchange: (d: ProcessDefinition) => (seen.def = d),
  });
  const region = screen.getByRole('region', { name: lang === 'en' ? 'Properties' : '屬性' });
  return { ...r, seen, region };
}

describe('pickers', () => {
  it('picks a form by typing and the keyboard, links to the form editor, flags an unknown version', async () => {
    const { seen, region, rerender } = panel(sample(), { node: 'review' });
    const picker = within(region).getByRole('combobox', { name: 'Form id' }) as HTMLInputElement;
    await fireEvent.focus(picker);
    picker.value = 'claim';
    await fireEvent.input(picker);
    const list = within(region).getByRole('listbox', { name: 'Choices' });
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.querySelector('.main')!.textContent)).toEqual([
      'claim-intake',
      'claim-review',
    ]);
    expect(options[0]!.textContent).toContain('Claim intake');
    expect(options[0]!.textContent).toContain('versions 1, 2');
    // nothing is picked until an arrow key moves to it
    expect(picker.getAttribute('aria-activedescendant')).toBeNull();
    await fireEvent.keyDown(picker, { key: 'ArrowDown' });
    await fireEvent.keyDown(picker, { key: 'Enter' });
    expect(seen.def.nodes[1]).toMatchObject({ form: { id: 'claim-intake', version: 1 } });
    await rerender({ def: seen.def });
    const link = within(region).getByRole('link', { name: 'Open claim-intake in the form editor' });
    expect(link.getAttribute('href')).toBe('/definitions/form/claim-intake/edit');

    await fireEvent.input(within(region).getByLabelText('Version (empty: latest)'), {
      target: { value: '7' },
    });
    await rerender({ def: seen.def });
    const version = within(region).getByLabelText('Version (empty: latest)');
    expect(version.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(version.getAttribute('aria-describedby')!)!.textContent).toBe(
      'No such version; there are: 1, 2',
    );
  });

  it('keeps a typed id the engine does not have, marked (the engine reports the problem)', async () => {
    const { seen, region, rerender } = panel(sample(), { node: 'review' });
    const picker = within(region).getByRole('combobox', { name: 'Form id' });
    await fireEvent.input(picker, { target: { value: 'claim-revue' } });
    expect(seen.def.nodes[1]).toMatchObject({ form: { id: 'claim-revue' } });
    await rerender({ def: seen.def });
    expect(picker.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(picker.getAttribute('aria-describedby')!)!.textContent).toBe(
      'The engine has no form claim-revue',
    );
    expect(within(region).queryByRole('link')).toBeNull();
  });

  it('picks the decision table a business rule task evaluates, its version and result variable', async () => {
    const added = addNode(sample(), 'businessRuleTask');
    const { seen, region, rerender } = panel(added.def, { node: added.id });
    expect(within(region).getByText(/the case stops here with an incident/)).toBeTruthy();
    const picker = within(region).getByRole('combobox', { name: 'Decision table id' });
    await fireEvent.focus(picker);
    const option = within(within(region).getByRole('listbox')).getByRole('option');
    expect(option.textContent).toContain('Claim triage');
    await fireEvent.mouseDown(option);
    expect(seen.def.nodes.at(-1)).toMatchObject({ decision: { id: 'claim-triage' } });
    await rerender({ def: seen.def });
    await fireEvent.input(within(region).getByLabelText('Version (empty: latest)'), {
      target: { value: '2' },
    });
    await rerender({ def: seen.def });
    await fireEvent.input(within(region).getByLabelText('Result variable'), {
      target: { value: 'triage' },
    });
    expect(seen.def.nodes.at(-1)).toMatchObject({
      type: 'businessRuleTask',
      decision: { id: 'claim-triage', version: 2 },
      resultVariable: 'triage',
    });
    await rerender({ def: seen.def });
    const link = within(region).getByRole('link', { name: 'Open decision table claim-triage' });
    expect(link.getAttribute('href')).toBe('/definitions/decision/claim-triage');
  });

  it('picks the message a catch waits for from those processes use, and the called process', async () => {
    const withMessage = addNode(sample(), 'messageCatch');
    const m = panel(withMessage.def, { node: withMessage.id });
    const picker = within(m.region).getByRole('combobox', { name: 'Message name' });
    await fireEvent.focus(picker);
    const option = within(within(m.region).getByRole('listbox')).getByRole('option');
    expect(option.textContent).toContain('used by claim, claim-intake');
    await fireEvent.mouseDown(option);
    expect(m.seen.def.nodes.at(-1)).toMatchObject({ message: 'receipt-uploaded' });

    cleanup();
    const withCall = addNode(sample(), 'callActivity');
    const c = panel(withCall.def, { node: withCall.id });
    const process = within(c.region).getByRole('combobox', { name: 'Process id' });
    await fireEvent.focus(process);
    await fireEvent.keyDown(process, { key: 'ArrowDown' });
    await fireEvent.keyDown(process, { key: 'Tab' });
    expect(c.seen.def.nodes.at(-1)).toMatchObject({ process: { id: 'claim-dispute' } });
  });
});

describe('service task mappings from the action schemas', () => {
  it('generates an input row per property (required, personal data, description) and flags extra keys', async () => {
    const added = addNode(sample(), 'serviceTask');
    const { seen, region, rerender } = panel(added.def, { node: added.id });
    const action = within(region).getByRole('combobox', { name: /Action/ });
    await fireEvent.input(action, { target: { value: 'sms/send' } });
    await fireEvent.blur(action);
    await rerender({ def: seen.def });
    // the action's description under the picker
    expect(within(region).getByText('Sends one text').tagName).toBe('P');

    const inputs = within(region).getByRole('group', { name: 'Action input' });
    const mobile = within(inputs).getByLabelText('mobile (required)');
    expect(within(inputs).getByLabelText('template (required)')).toBeTruthy();
    expect(within(inputs).getByLabelText('params')).toBeTruthy();
    expect(within(inputs).getByText('personal data')).toBeTruthy();
    expect(within(inputs).getByText('Mainland mobile number')).toBeTruthy();
    // the manifest's hints label and explain an input
    expect(within(inputs).getByText('Notice')).toBeTruthy();
    expect(within(inputs).getByText('Which notice to send')).toBeTruthy();
    expect(within(inputs).getByText('Required input mobile is not mapped')).toBeTruthy();

    await fireEvent.input(mobile, { target: { value: 'mobile' } });
    expect(seen.def.nodes.at(-1)).toMatchObject({ input: { mobile: 'mobile' } });
    await rerender({ def: seen.def });
    expect(within(inputs).queryByText('Required input mobile is not mapped')).toBeNull();

    // an input the action does not take (typed in the JSON, or left from another action)
    const extra = {
      ...seen.def,
      nodes: seen.def.nodes.map((n) =>
        n.id === added.id ? { ...n, input: { mobile: 'mobile', to: 'phone' } } : n,
      ),
    } as ProcessDefinition;
    await rerender({ def: extra });
    expect(within(inputs).getByText(/to is not an input of this action/)).toBeTruthy();
    await fireEvent.click(within(inputs).getByRole('button', { name: 'Remove mapping to' }));
    expect(seen.def.nodes.at(-1)).toMatchObject({ input: { mobile: 'mobile' } });
    expect(seen.def.nodes.at(-1)).not.toHaveProperty('input.to');
  });

  it('stores a result property in a variable, and refuses a name that is not one', async () => {
    const added = addNode(sample(), 'serviceTask');
    const def = {
      ...added.def,
      nodes: added.def.nodes.map((n) => (n.id === added.id ? { ...n, action: 'sms/send' } : n)),
    } as ProcessDefinition;
    const { seen, region, rerender } = panel(def, { node: added.id });
    const result = within(region).getByRole('group', { name: 'Action result' });
    expect(within(result).getByText("The gateway's id")).toBeTruthy();
    const store = within(result).getByLabelText('Store result messageId in variable');
    await fireEvent.change(store, { target: { value: '1bad' } });
    expect(store.getAttribute('aria-invalid')).toBe('true');
    await fireEvent.change(store, { target: { value: 'smsId' } });
    expect(seen.def.nodes.at(-1)).toMatchObject({ output: { smsId: 'result.messageId' } });
    await rerender({ def: seen.def });
    await fireEvent.change(store, { target: { value: 'textId' } });
    expect((seen.def.nodes.at(-1) as { output: object }).output).toEqual({
      textId: 'result.messageId',
    });
  });
});

describe('FEEL completion in the panel', () => {
  it("offers a gateway's conditions the start form's fields with their origin", async () => {
    const { seen, region } = panel(withStartForm(), { node: 'decide' });
    const condition = within(region).getByRole('combobox', { name: 'Condition to Done (FEEL)' });
    (condition as HTMLInputElement).value = 'am';
    (condition as HTMLInputElement).setSelectionRange(2, 2);
    await fireEvent.input(condition);
    const option = within(within(region).getByRole('listbox')).getAllByRole('option')[0]!;
    expect(option.textContent).toContain('amount');
    expect(option.textContent).toContain('number');
    expect(option.textContent).toContain('from start form claim-intake v2');
    await fireEvent.keyDown(condition, { key: 'Enter' });
    expect(seen.def.flows[2]).toMatchObject({ condition: 'amount' });
  });

  it("offers a user task's output mapping the submitted form, in Chinese", async () => {
    const def = sample();
    def.nodes[1] = { ...def.nodes[1]!, output: { ok: '' } } as never;
    const { region } = panel(def, { node: 'review' }, 'zh-Hant');
    const value = within(region).getByRole('combobox', { name: '運算式 ok' }) as HTMLInputElement;
    value.value = 'form.';
    value.setSelectionRange(5, 5);
    await fireEvent.input(value);
    const option = within(within(region).getByRole('listbox')).getByRole('option');
    expect(option.textContent).toContain('form.approved');
    expect(option.textContent).toContain('是非');
    expect(option.textContent).toContain('本工作送出的表單');
  });
});

describe('people', () => {
  it('picks candidate groups from the engine’s groups and writes them as FEEL names', async () => {
    const { seen, region, rerender } = panel(sample(), { node: 'review' });
    const groups = within(region).getByRole('combobox', { name: 'Groups' }) as HTMLInputElement;
    await fireEvent.focus(groups);
    await fireEvent.input(groups, { target: { value: 'Wind' } });
    const options = within(within(region).getByRole('listbox')).getAllByRole('option');
    expect(options.map((o) => o.querySelector('.main')!.textContent)).toEqual(['windscreen-team']);
    expect(options[0]!.textContent).toContain('1 member');
    await fireEvent.keyDown(groups, { key: 'ArrowDown' });
    await fireEvent.keyDown(groups, { key: 'Enter' });
    expect(seen.def.nodes[1]).toMatchObject({ candidateGroups: '["windscreen-team"]' });
    await rerender({ def: seen.def });
    // a second group, one nobody enabled is in: said at once
    await fireEvent.input(groups, { target: { value: 'adj' } });
    await fireEvent.keyDown(groups, { key: 'ArrowDown' });
    await fireEvent.keyDown(groups, { key: 'Enter' });
    expect(seen.def.nodes[1]).toMatchObject({
      candidateGroups: '["windscreen-team", "adjusters"]',
    });
    await rerender({ def: seen.def });
    expect(
      within(region).getByText('adjusters has no enabled member: nobody would see the task.'),
    ).toBeTruthy();
    await fireEvent.click(within(region).getByRole('button', { name: 'Remove windscreen-team' }));
    expect(seen.def.nodes[1]).toMatchObject({ candidateGroups: '["adjusters"]' });
  });

  it('opens an assignee computed by FEEL as an expression, and turns the switch to pick a user', async () => {
    const def = sample();
    def.nodes[1] = { ...def.nodes[1]!, assignee: 'assignedAdjuster' } as never;
    const { seen, region, rerender } = panel(def, { node: 'review' });
    const assignee = within(region).getByRole('group', { name: 'Assignee' });
    expect(within(assignee).getByRole('combobox', { name: 'Assignee (FEEL)' })).toHaveProperty(
      'value',
      'assignedAdjuster',
    );
    await fireEvent.click(within(assignee).getByLabelText('Expression (FEEL)'));
    expect(seen.def.nodes[1]).not.toHaveProperty('assignee');
    await rerender({ def: seen.def });
    const user = within(assignee).getByRole('combobox', { name: 'User' }) as HTMLInputElement;
    await fireEvent.focus(user);
    await fireEvent.input(user, { target: { value: 'wa' } });
    await fireEvent.keyDown(user, { key: 'ArrowDown' });
    await fireEvent.keyDown(user, { key: 'Enter' });
    expect(seen.def.nodes[1]).toMatchObject({ assignee: '"wang"' });
  });
});
