import type { ProcessDefinition } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ProcessEditor from './ProcessEditor.svelte';
import { sample, stubBrowserForFlow } from './test-setup';

beforeAll(stubBrowserForFlow);
beforeEach(() => localStorage.clear());
afterEach(cleanup);

function renderEditor(problems: { code: string; pointer?: string; message: string }[] = []) {
  const seen: { def: ProcessDefinition | null } = { def: null };
  const r = render(ProcessEditor, {
    value: sample(),
    problems,
    lang: 'en',
    onchange: (d: ProcessDefinition) => (seen.def = d),
  });
  const canvasNode = (id: string) => r.container.querySelector(`[data-node-id="${id}"]`);
  const properties = () => screen.getByRole('region', { name: 'Properties' });
  return { ...r, seen, canvasNode, properties };
}

describe('ProcessEditor (Svelte Flow rendered in jsdom)', () => {
  it('shows every node on the canvas with its name in the chosen language', () => {
    const { canvasNode } = renderEditor();
    for (const id of ['begin', 'review', 'decide', 'done']) expect(canvasNode(id)).not.toBeNull();
    expect(canvasNode('review')!.textContent).toContain('Review');
    expect(canvasNode('review')!.textContent).toContain('User task');
  });

  it('adds a node from the palette: on the canvas, selected, in the properties, announced', async () => {
    const { seen, canvasNode, properties } = renderEditor();
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Service task' }));
    expect(seen.def!.nodes.at(-1)).toEqual({
      id: 'service-1',
      type: 'serviceTask',
      name: { 'zh-Hant': '服務工作', en: 'Service task' },
      action: 'noop',
    });
    expect(canvasNode('service-1')).not.toBeNull();
    expect(within(properties()).getByLabelText('Id')).toHaveProperty('value', 'service-1');
    expect(screen.getByRole('status').textContent).toBe('Added Service task');
  });

  it('offers a boundary timer only with a host selected, then attaches it to that host', async () => {
    const { seen, canvasNode } = renderEditor();
    const boundary = screen.getByRole('button', { name: 'Add a Boundary timer' });
    expect(boundary.getAttribute('aria-disabled')).toBe('true');
    await fireEvent.click(boundary);
    expect(seen.def).toBeNull();
    await fireEvent.click(canvasNode('review')!);
    expect(boundary.getAttribute('aria-disabled')).toBe('false');
    await fireEvent.click(boundary);
    expect(seen.def!.nodes.at(-1)).toMatchObject({ type: 'boundaryTimer', attachedTo: 'review' });
  }, 10_000);

  it('undoes and redoes with the buttons and with Ctrl+Z / Ctrl+Shift+Z', async () => {
    const { seen, canvasNode } = renderEditor();
    const undo = screen.getByRole('button', { name: 'Undo' });
    expect(undo).toHaveProperty('disabled', true);
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Timer' }));
    expect(canvasNode('timer-1')).not.toBeNull();
    await fireEvent.click(undo);
    expect(seen.def!.nodes.map((n) => n.id)).toEqual(['begin', 'review', 'decide', 'done']);
    expect(canvasNode('timer-1')).toBeNull();
    await fireEvent.keyDown(document.body, { key: 'Z', ctrlKey: true, shiftKey: true });
    expect(seen.def!.nodes.at(-1)!.id).toBe('timer-1');
    await fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    expect(seen.def!.nodes).toHaveLength(4);
    expect(screen.getByRole('button', { name: 'Redo' })).toHaveProperty('disabled', false);
  });

  it('deletes the selected node with its flows (toolbar button, Delete key), and undo brings them back', async () => {
    const { seen, canvasNode } = renderEditor();
    await fireEvent.click(screen.getByRole('button', { name: 'Add a End' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Delete selection' }));
    expect(canvasNode('end-1')).toBeNull();
    await fireEvent.click(canvasNode('decide')!);
    await fireEvent.keyDown(document.body, { key: 'Delete' });
    await fireEvent.keyUp(document.body, { key: 'Delete' });
    expect(seen.def!.nodes.map((n) => n.id)).toEqual(['begin', 'review', 'done']);
    expect(seen.def!.flows.map((f) => f.id)).toEqual(['f1']);
    await fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(seen.def!.flows.map((f) => f.id)).toEqual(['f1', 'f2', 'f3', 'f4']);
  });

  it('lists the engine problems and highlights the node each one points at', async () => {
    const { canvasNode, properties } = renderEditor([
      {
        code: 'CW_ERR_DEF_UNKNOWN_FORM',
        pointer: '/nodes/1/form',
        message: 'no form claim-review',
      },
      { code: 'CW_ERR_DEF_NO_DEFAULT', pointer: '/nodes/2', message: 'gateway needs a default' },
      { code: 'CW_ERR_DEF_BAD_EXPRESSION', pointer: '/nodes/2/x', message: 'bad' },
    ]);
    const list = screen.getByRole('region', { name: /Problems/ });
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    expect(within(list).getByText('CW_ERR_DEF_UNKNOWN_FORM')).toBeTruthy();
    expect(canvasNode('review')!.classList.contains('problem')).toBe(true);
    expect(canvasNode('decide')!.querySelector('.badge')!.textContent).toBe('2');
    expect(canvasNode('begin')!.classList.contains('problem')).toBe(false);
    // each problem reads as a sentence naming the node and field by their labels
    const first = within(list).getAllByRole('button')[0]!;
    expect(first.textContent).toContain('User task “Review” · Form:');
    await fireEvent.click(first);
    expect(within(properties()).getByLabelText('Form id')).toHaveProperty('value', 'claim-review');
    // and its field has the focus
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(within(properties()).getByLabelText('Form id'));
  });

  it('connects the selected node to another by keyboard from the properties panel', async () => {
    const { seen, properties } = renderEditor();
    await fireEvent.click(screen.getByRole('button', { name: 'Add a Parallel gateway' }));
    const target = within(properties()).getByLabelText('Connect to') as HTMLSelectElement;
    await fireEvent.change(target, { target: { value: 'done' } });
    await fireEvent.click(within(properties()).getByRole('button', { name: 'Connect' }));
    expect(seen.def!.flows.at(-1)).toEqual({ id: 'flow-1', from: 'parallel-1', to: 'done' });
    expect(screen.getByRole('status').textContent).toBe('Connected Parallel gateway → Done');
  });

  it('edits the process as JSON: a parsed edit replaces the definition, a syntax error says where', async () => {
    const { seen } = renderEditor();
    await fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    const text = screen.getByLabelText('Process definition (JSON)') as HTMLTextAreaElement;
    const body = JSON.parse(text.value) as ProcessDefinition;
    expect(body.id).toBe('sample');
    await fireEvent.input(text, { target: { value: '{\n  "id": "sample",\n  "nodes": [\n}' } });
    expect(screen.getByText(/^JSON syntax error/).textContent).toContain('not valid JSON');
    expect(text.getAttribute('aria-invalid')).toBe('true');
    expect(seen.def).toBeNull();
    await fireEvent.input(text, {
      target: { value: JSON.stringify({ ...body, retention: 'P7Y' }, null, 2) },
    });
    expect(seen.def!.retention).toBe('P7Y');
    expect(screen.getByText('Valid JSON; the engine finds no problems.')).toBeTruthy();
    await fireEvent.input(text, { target: { value: JSON.stringify({ ...body, id: 'other' }) } });
    expect(screen.getByText(/The id must stay sample/)).toBeTruthy();
  });

  it('takes a problem about a setting to the settings view with its field focused', async () => {
    renderEditor([{ code: 'CW_ERR_DEF_SCHEMA', pointer: '/retention', message: 'bad retention' }]);
    const list = screen.getByRole('region', { name: /Problems/ });
    await fireEvent.click(
      within(list).getByRole('button', { name: /^Process settings · Retention:/ }),
    );
    expect(screen.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(document.activeElement).toBe(
      screen.getByLabelText(/How long closed cases keep personal data/),
    );
  });
});
