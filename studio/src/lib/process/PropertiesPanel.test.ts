import type { ProcessDefinition } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { addNode } from './model';
import Palette from './Palette.svelte';
import PropertiesPanel from './PropertiesPanel.svelte';
import { sample } from './test-setup';

afterEach(cleanup);

function panel(def: ProcessDefinition, selection: { node?: string; flow?: string }) {
  const seen: { def: ProcessDefinition } = { def };
  const r = render(PropertiesPanel, {
    def,
    selection,
    lang: 'en',
    onchange: (d: ProcessDefinition) => (seen.def = d),
  });
  return { ...r, seen, region: screen.getByRole('region', { name: 'Properties' }) };
}

describe('PropertiesPanel', () => {
  it('edits a user task: names per language, form version, FEEL fields in schema order', async () => {
    const { seen, region } = panel(sample(), { node: 'review' });
    const name = within(region).getByRole('group', { name: 'Name' });
    await fireEvent.input(within(name).getByLabelText('English'), { target: { value: 'Check' } });
    expect(seen.def.nodes[1]!.name).toEqual({ 'zh-Hant': '審核', en: 'Check' });
    await fireEvent.input(within(region).getByLabelText('Version (empty: latest)'), {
      target: { value: '' },
    });
    expect(seen.def.nodes[1]).toMatchObject({ form: { id: 'claim-review' } });
    expect(seen.def.nodes[1]).not.toHaveProperty('form.version');
    await fireEvent.input(within(region).getByLabelText('Priority (FEEL, 0–100)'), {
      target: { value: 'if amount > 100 then 80 else 50' },
    });
    expect(Object.keys(seen.def.nodes[1]!)).toEqual(['id', 'type', 'name', 'form', 'priority']);
  });

  it('checks FEEL syntax as typed and links the error to the input', async () => {
    const { region, seen, rerender } = panel(sample(), { node: 'review' });
    const groups = within(region).getByLabelText('Priority (FEEL, 0–100)');
    expect(groups.getAttribute('aria-invalid')).toBe('false');
    await fireEvent.input(groups, { target: { value: 'if amount > 1 then 80' } });
    await rerender({ def: seen.def });
    expect(groups.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById(groups.getAttribute('aria-describedby')!)!;
    expect(error.textContent).toMatch(/^FEEL syntax error/);
  });

  it('sets a gateway default flow and the condition of each outgoing flow', async () => {
    const { seen, region, rerender } = panel(sample(), { node: 'decide' });
    await fireEvent.change(within(region).getByLabelText('Default flow'), {
      target: { value: 'f4' },
    });
    expect(seen.def.nodes[2]).toMatchObject({ default: 'f4' });
    await rerender({ def: seen.def });
    const toDone = within(region).getByLabelText('Condition to Done (FEEL)');
    expect(toDone).toHaveProperty('value', 'approved = true');
    await fireEvent.input(toDone, { target: { value: 'approved' } });
    expect(seen.def.flows[2]).toEqual({
      id: 'f3',
      from: 'decide',
      to: 'done',
      condition: 'approved',
    });
    await fireEvent.input(within(region).getByLabelText('Condition to Review (FEEL)'), {
      target: { value: '' },
    });
    expect(seen.def.flows[3]).toEqual({ id: 'f4', from: 'decide', to: 'review' });
  });

  it('edits an inclusive gateway as a deciding one, saying how it forks and joins', async () => {
    const def = sample();
    def.nodes[2] = { ...def.nodes[2]!, type: 'inclusiveGateway' } as (typeof def.nodes)[number];
    const { seen, region } = panel(def, { node: 'decide' });
    expect(within(region).getByText('Inclusive gateway')).toBeTruthy();
    expect(within(region).getByText(/every flow whose condition holds/)).toBeTruthy();
    await fireEvent.change(within(region).getByLabelText('Default flow'), {
      target: { value: 'f4' },
    });
    expect(seen.def.nodes[2]).toEqual({
      id: 'decide',
      type: 'inclusiveGateway',
      name: { 'zh-Hant': '通過？', en: 'Approved?' },
      default: 'f4',
    });
    expect(within(region).getByLabelText('Condition to Done (FEEL)')).toHaveProperty(
      'value',
      'approved = true',
    );
  });

  it('edits a boundary timer: host, interrupting, and the timer kind', async () => {
    const def = addNode(sample(), 'boundaryTimer', { attachedTo: 'review' });
    const { seen, region, rerender } = panel(def.def, { node: def.id });
    expect(within(region).getByLabelText('Attached to')).toHaveProperty('value', 'review');
    await fireEvent.click(within(region).getByLabelText('Interrupting'));
    expect(seen.def.nodes.at(-1)).toMatchObject({ interrupting: false });
    await rerender({ def: seen.def });
    await fireEvent.change(within(region).getByLabelText('Timer kind'), {
      target: { value: 'durationExpression' },
    });
    expect(seen.def.nodes.at(-1)).toMatchObject({ timer: { durationExpression: '' } });
    await rerender({ def: seen.def });
    await fireEvent.input(within(region).getByLabelText('Duration expression (FEEL)'), {
      target: { value: 'duration("P2D")' },
    });
    expect(seen.def.nodes.at(-1)).toEqual({
      id: 'boundary-1',
      type: 'boundaryTimer',
      attachedTo: 'review',
      interrupting: false,
      timer: { durationExpression: 'duration("P2D")' },
    });
  });

  it('edits service task mappings and a message catch correlation key', async () => {
    const withService = addNode(sample(), 'serviceTask');
    const { seen, region, rerender } = panel(withService.def, { node: withService.id });
    await fireEvent.input(within(region).getByLabelText(/Action/), {
      target: { value: 'sms/send' },
    });
    await rerender({ def: seen.def });
    const input = within(region).getByRole('group', { name: 'Input (name ← FEEL)' });
    await fireEvent.click(within(input).getByRole('button', { name: 'Add a mapping' }));
    await rerender({ def: seen.def });
    await fireEvent.change(within(input).getByLabelText('Name 1'), { target: { value: 'to' } });
    await rerender({ def: seen.def });
    await fireEvent.input(within(input).getByLabelText('Expression to'), {
      target: { value: 'phone' },
    });
    expect(seen.def.nodes.at(-1)).toMatchObject({ action: 'sms/send', input: { to: 'phone' } });

    cleanup();
    const withMessage = addNode(sample(), 'messageCatch');
    const m = panel(withMessage.def, { node: withMessage.id });
    await fireEvent.input(within(m.region).getByLabelText('Correlation key (FEEL)'), {
      target: { value: 'policyNumber' },
    });
    expect(m.seen.def.nodes.at(-1)).toMatchObject({ correlationKey: 'policyNumber' });
  });

  it('renames a node and every flow that names it; refuses an id in use', async () => {
    const { seen, region } = panel(sample(), { node: 'review' });
    const id = within(region).getByLabelText('Id');
    await fireEvent.change(id, { target: { value: 'done' } });
    expect(id.getAttribute('aria-invalid')).toBe('true');
    await fireEvent.change(id, { target: { value: 'assess' } });
    expect(seen.def.flows.map((f) => [f.from, f.to])).toContainEqual(['begin', 'assess']);
  });
});

describe('PropertiesPanel of an error boundary', () => {
  it('sets its code (empty: any code), its output, and offers only service tasks as hosts', async () => {
    const service = addNode(sample(), 'serviceTask');
    const { def, id } = addNode(service.def, 'boundaryError', { attachedTo: service.id });
    const { seen, region, rerender } = panel(def, { node: id });
    expect(within(region).getByText('Error boundary')).toBeTruthy();
    const host = within(region).getByLabelText('Attached to') as HTMLSelectElement;
    expect([...host.options].map((o) => o.value)).toEqual([service.id]);
    const code = within(region).getByLabelText('Error code');
    expect(code.getAttribute('placeholder')).toBe('any code');
    expect(document.getElementById(code.getAttribute('aria-describedby')!)!.textContent).toMatch(
      /ACCOUNT_CLOSED/,
    );
    await fireEvent.change(code, { target: { value: ' ACCOUNT_CLOSED ' } });
    expect(seen.def.nodes.at(-1)).toEqual({
      id,
      type: 'boundaryError',
      attachedTo: service.id,
      errorCode: 'ACCOUNT_CLOSED',
    });
    await rerender({ def: seen.def });
    await fireEvent.change(code, { target: { value: '' } });
    expect(seen.def.nodes.at(-1)).not.toHaveProperty('errorCode');
    expect(within(region).getByRole('group', { name: 'Output (variable ← FEEL)' })).toBeTruthy();
  });
});

describe('PropertiesPanel of a message boundary', () => {
  it('says it interrupts, sets its message, key and output, and offers user tasks as hosts', async () => {
    const { def, id } = addNode(sample(), 'boundaryMessage', { attachedTo: 'review' });
    expect(def.nodes.at(-1)).toEqual({
      id,
      type: 'boundaryMessage',
      attachedTo: 'review',
      message: '',
      correlationKey: '',
    });
    const { seen, region } = panel(def, { node: id });
    expect(within(region).getByText('Message boundary')).toBeTruthy();
    expect(within(region).getByText(/when it comes, the activity is interrupted/)).toBeTruthy();
    const host = within(region).getByLabelText('Attached to') as HTMLSelectElement;
    expect([...host.options].map((o) => o.value)).toEqual(['review']);
    await fireEvent.input(within(region).getByLabelText('Correlation key (FEEL)'), {
      target: { value: 'claimRef' },
    });
    expect(seen.def.nodes.at(-1)).toMatchObject({ correlationKey: 'claimRef' });
    expect(within(region).getByRole('group', { name: 'Output (variable ← FEEL)' })).toBeTruthy();
  });
});

describe('PropertiesPanel of a service task and its undo', () => {
  it('adds an undo action with its input, and removes it', async () => {
    const service = addNode(sample(), 'serviceTask');
    const { seen, region, rerender } = panel(service.def, { node: service.id });
    const undo = within(region).getByRole('group', { name: 'Undo (compensation)' });
    await fireEvent.click(within(undo).getByRole('button', { name: 'Add an undo action' }));
    expect(seen.def.nodes.at(-1)).toMatchObject({ compensation: { action: '' } });
    await rerender({ def: seen.def });
    const action = within(undo).getByRole('combobox', { name: 'Undo action' });
    await fireEvent.input(action, { target: { value: 'card/refund' } });
    await fireEvent.change(action, { target: { value: 'card/refund' } });
    await fireEvent.blur(action);
    expect(seen.def.nodes.at(-1)).toMatchObject({ compensation: { action: 'card/refund' } });
    await rerender({ def: seen.def });
    await fireEvent.click(within(undo).getByRole('button', { name: 'Remove the undo action' }));
    expect(seen.def.nodes.at(-1)).not.toHaveProperty('compensation');
  });

  it('explains a compensation throw', () => {
    const { def, id } = addNode(sample(), 'compensateThrow');
    const { region } = panel(def, { node: id });
    expect(within(region).getByText(/the last completed first/)).toBeTruthy();
  });
});

describe('Palette', () => {
  it('has a labelled button for every node type, in Chinese by default', async () => {
    const added: string[] = [];
    render(Palette, { lang: 'zh-Hant', selected: 'userTask', onadd: (t: string) => added.push(t) });
    const buttons = within(screen.getByRole('region', { name: '元件' })).getAllByRole('button');
    expect(buttons).toHaveLength(20);
    expect(buttons.map((b) => b.textContent)).toEqual(
      expect.arrayContaining(['補償拋出', '補償結束']),
    );
    await fireEvent.click(screen.getByRole('button', { name: '新增使用者工作' }));
    await fireEvent.click(screen.getByRole('button', { name: '新增邊界計時器' }));
    expect(added).toEqual(['userTask', 'boundaryTimer']);
  });

  it('explains why a boundary timer needs a host when none is selected', async () => {
    const added: string[] = [];
    render(Palette, { lang: 'en', selected: null, onadd: (t: string) => added.push(t) });
    const b = screen.getByRole('button', { name: 'Add a Boundary timer' });
    await fireEvent.click(b);
    expect(added).toEqual([]);
    expect(document.getElementById(b.getAttribute('aria-describedby')!)!.textContent).toMatch(
      /Select a user task/,
    );
  });

  it('offers an error boundary only on a service task or call activity, and says so otherwise', async () => {
    const added: string[] = [];
    const { rerender } = render(Palette, {
      lang: 'en',
      selected: 'userTask',
      onadd: (t: string) => added.push(t),
    });
    const b = screen.getByRole('button', { name: 'Add a Error boundary' });
    expect(b.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(b.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Select a service task, call activity or subprocess first, then add an error boundary',
    );
    await fireEvent.click(b);
    expect(added).toEqual([]);
    await rerender({ selected: 'serviceTask' });
    expect(b.getAttribute('aria-disabled')).toBe('false');
    expect(
      screen.getByRole('button', { name: 'Add a Boundary timer' }).getAttribute('aria-disabled'),
    ).toBe('true');
    await fireEvent.click(b);
    expect(added).toEqual(['boundaryError']);
    await rerender({ selected: 'callActivity' });
    expect(b.getAttribute('aria-disabled')).toBe('false');
  });
});

describe('the palette’s message boundary', () => {
  it('is offered on a user task, call activity or subprocess only, and says so otherwise', async () => {
    const added: string[] = [];
    const { rerender } = render(Palette, {
      lang: 'en',
      selected: 'serviceTask',
      onadd: (t: string) => added.push(t),
    });
    const b = screen.getByRole('button', { name: 'Add a Message boundary' });
    expect(b.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(b.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Select a user task, call activity or subprocess first, then add a message boundary',
    );
    await fireEvent.click(b);
    expect(added).toEqual([]);
    for (const host of ['userTask', 'callActivity', 'subProcess'] as const) {
      await rerender({ selected: host });
      expect(b.getAttribute('aria-disabled')).toBe('false');
    }
    await fireEvent.click(b);
    expect(added).toEqual(['boundaryMessage']);
  });
});

describe('PropertiesPanel of an error end', () => {
  it('sets the code it throws, its message and its details, and says what it does', async () => {
    const { def, id } = addNode(sample(), 'errorEnd');
    const { seen, region } = panel(def, { node: id });
    expect(within(region).getByText('Error end')).toBeTruthy();
    expect(
      within(region).getByText(/throws a business error and ends the whole case/),
    ).toBeTruthy();
    const code = within(region).getByLabelText('Error code') as HTMLInputElement;
    expect(code.value).toBe('ERROR');
    await fireEvent.change(code, { target: { value: ' ACCOUNT_CLOSED ' } });
    expect(seen.def.nodes.at(-1)).toMatchObject({
      id,
      type: 'errorEnd',
      errorCode: 'ACCOUNT_CLOSED',
    });
    await fireEvent.input(within(region).getByLabelText('Error message'), {
      target: { value: 'closed' },
    });
    expect(seen.def.nodes.at(-1)).toMatchObject({ message: 'closed' });
    expect(within(region).getByRole('group', { name: /Error details/ })).toBeTruthy();
    // nothing leaves an end: no connect control
    expect(within(region).queryByLabelText('Connect to')).toBeNull();
  });
});
