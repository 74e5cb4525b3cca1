/**
 * The process settings panel: each setting edited the way a designer does, landing in the
 * definition in schema order and leaving nothing empty behind; what is wrong said as it is typed;
 * the engine's problems shown on their field.
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogue } from './catalogue.svelte';
import ProcessSettings from './ProcessSettings.svelte';
import { DATA, sample, withStartForm } from './test-setup';

afterEach(cleanup);

function settings(
  def: ProcessDefinition,
  problems: { code: string; pointer?: string; message: string }[] = [],
  lang: 'en' | 'zh-Hant' = 'en',
) {
  const seen: { def: ProcessDefinition } = { def };
  const r = render(ProcessSettings, {
    def,
    lang,
    problems,
    catalogue: createCatalogue(DATA),
    onchange: (d: ProcessDefinition) => (seen.def = d),
  });
  const region = screen.getByRole('region', {
    name: lang === 'en' ? 'Process settings' : '流程設定',
  });
  const next = async () => {
    await r.rerender({ def: seen.def });
    return seen.def;
  };
  return { ...r, seen, region, next };
}

describe('ProcessSettings', () => {
  it('edits the names in both languages and says at once when one is missing', async () => {
    const { region, seen, next } = settings(sample());
    const names = within(region).getByRole('group', { name: /Process name/ });
    const en = within(names).getByLabelText('English') as HTMLInputElement;
    await fireEvent.input(en, { target: { value: '' } });
    await next();
    expect(seen.def.name).toEqual({ 'zh-Hant': '範例', en: '' });
    expect(en.getAttribute('aria-invalid')).toBe('true');
    expect(within(region).getByText('Write it in both Chinese and English.')).toBeTruthy();
    await fireEvent.input(en, { target: { value: 'Windscreen repair' } });
    await next();
    expect(seen.def.name).toEqual({ 'zh-Hant': '範例', en: 'Windscreen repair' });
    expect(within(region).queryByText('Write it in both Chinese and English.')).toBeNull();
  });

  it('a name in Simplified Chinese: empty shows the converted text, typed it is kept, cleared it goes', async () => {
    const { region, seen, next } = settings(sample());
    const names = within(region).getByRole('group', { name: /Process name/ });
    const hans = within(names).getByLabelText('Simplified (optional)') as HTMLInputElement;
    await fireEvent.input(within(names).getByLabelText('Chinese'), {
      target: { value: '理賠帳戶' },
    });
    await next();
    expect(hans.value).toBe('');
    expect(hans.placeholder).toBe('理赔账户');
    expect(hans.getAttribute('lang')).toBe('zh-Hans');
    expect(seen.def.name).toEqual({ 'zh-Hant': '理賠帳戶', en: 'Sample' });
    await fireEvent.input(hans, { target: { value: '理赔账号' } });
    await next();
    expect(seen.def.name).toEqual({ 'zh-Hant': '理賠帳戶', en: 'Sample', 'zh-Hans': '理赔账号' });
    // editing another language keeps it
    await fireEvent.input(within(names).getByLabelText('English'), { target: { value: 'Claims' } });
    await next();
    expect(seen.def.name).toMatchObject({ 'zh-Hans': '理赔账号', en: 'Claims' });
    await fireEvent.input(hans, { target: { value: '' } });
    await next();
    expect(seen.def.name).toEqual({ 'zh-Hant': '理賠帳戶', en: 'Claims' });
  });

  it('sets the description and retention in schema order, and reads the duration back', async () => {
    const { region, seen, next } = settings(sample());
    const description = within(region).getByRole('group', { name: 'Description' });
    await fireEvent.input(within(description).getByLabelText('Chinese'), {
      target: { value: '擋風玻璃' },
    });
    await next();
    await fireEvent.input(within(description).getByLabelText('English'), {
      target: { value: 'Glass' },
    });
    await next();
    const retention = within(region).getByLabelText(/How long closed cases keep personal data/);
    await fireEvent.input(retention, { target: { value: 'P7' } });
    await next();
    expect(retention.getAttribute('aria-invalid')).toBe('true');
    expect(within(region).getByText(/Not an ISO 8601 duration/)).toBeTruthy();
    await fireEvent.input(retention, { target: { value: 'P1Y6M' } });
    await next();
    expect(within(region).getByText('= 1 year 6 months')).toBeTruthy();
    const zone = within(region).getByLabelText('Time zone of timers and due dates');
    await fireEvent.change(zone, { target: { value: 'Mars/Base' } });
    await next();
    expect(within(region).getByText(/Not an IANA time zone name/)).toBeTruthy();
    await fireEvent.change(zone, { target: { value: 'Asia/Shanghai' } });
    await next();
    expect(within(region).queryByText(/Not an IANA time zone name/)).toBeNull();
    expect(Object.keys(seen.def)).toEqual([
      'id',
      'version',
      'name',
      'description',
      'retention',
      'timeZone',
      'nodes',
      'flows',
    ]);
    expect(seen.def.timeZone).toBe('Asia/Shanghai');
    expect(seen.def.description).toEqual({ 'zh-Hant': '擋風玻璃', en: 'Glass' });
  });

  it('picks the start form, which sets the start node’s form', async () => {
    const { region, seen } = settings(sample());
    const picker = within(region).getByRole('combobox', { name: 'Form id' }) as HTMLInputElement;
    await fireEvent.focus(picker);
    picker.value = 'claim-in';
    await fireEvent.input(picker);
    await fireEvent.keyDown(picker, { key: 'ArrowDown' });
    await fireEvent.keyDown(picker, { key: 'Enter' });
    expect(seen.def.nodes[0]).toEqual({
      id: 'begin',
      type: 'start',
      name: { 'zh-Hant': '開始', en: 'Begin' },
      form: { id: 'claim-intake' },
    });
  });

  it('offers the business key the start variables and writes it in schema order', async () => {
    const { region, seen, rerender } = settings(withStartForm());
    const key = within(region).getByRole('combobox', { name: /^Business key/ }) as HTMLInputElement;
    key.value = 'mob';
    key.setSelectionRange(3, 3);
    await fireEvent.input(key);
    const option = within(within(region).getByRole('listbox')).getByRole('option');
    expect(option.textContent).toContain('text · personal data');
    await fireEvent.keyDown(key, { key: 'Tab' });
    expect(seen.def.businessKey).toBe('mobile');
    expect(Object.keys(seen.def)).toEqual([
      'id',
      'version',
      'name',
      'businessKey',
      'nodes',
      'flows',
    ]);
  });

  it('opens the process to the public with customer steps covering nodes, and removes what is emptied', async () => {
    const { region, seen, next } = settings(withStartForm());
    await fireEvent.click(
      within(region).getByLabelText('Customers may report online (public intake)'),
    );
    await next();
    expect(seen.def.public).toEqual({ intake: true });
    await fireEvent.click(within(region).getByRole('button', { name: 'Add a step' }));
    await next();
    expect(
      within(region).getByText('Choose the nodes this step covers (at least one).'),
    ).toBeTruthy();
    const step = within(region).getByRole('listitem');
    const label = within(step).getByRole('group', { name: /What customers read/ });
    await fireEvent.input(within(label).getByLabelText('Chinese'), { target: { value: '審核中' } });
    await next();
    await fireEvent.input(within(label).getByLabelText('English'), {
      target: { value: 'In review' },
    });
    await next();
    const nodes = within(step).getByRole('combobox', {
      name: 'Nodes it covers',
    }) as HTMLInputElement;
    await fireEvent.focus(nodes);
    await fireEvent.input(nodes, { target: { value: 'Rev' } });
    await fireEvent.keyDown(nodes, { key: 'ArrowDown' });
    await fireEvent.keyDown(nodes, { key: 'Enter' });
    await next();
    expect(seen.def.public).toEqual({
      intake: true,
      steps: [{ label: { 'zh-Hant': '審核中', en: 'In review' }, nodes: ['review'] }],
    });
    expect(within(region).queryByText(/Choose the nodes/)).toBeNull();
    await fireEvent.click(within(region).getByRole('button', { name: 'Remove step 1' }));
    await next();
    await fireEvent.click(
      within(region).getByLabelText('Customers may report online (public intake)'),
    );
    expect(seen.def.public).toBeUndefined();
    expect(Object.keys(seen.def)).not.toContain('public');
  });

  it('declares case search from the process variables and drops an emptied declaration', async () => {
    const { region, seen, next } = settings(withStartForm());
    const phone = within(region).getByRole('combobox', {
      name: 'Phone number',
    }) as HTMLInputElement;
    await fireEvent.focus(phone);
    await fireEvent.input(phone, { target: { value: 'mob' } });
    await fireEvent.keyDown(phone, { key: 'ArrowDown' });
    await fireEvent.keyDown(phone, { key: 'Enter' });
    await next();
    expect(seen.def.search).toEqual({ phone: 'mobile' });
    await fireEvent.input(phone, { target: { value: '' } });
    await next();
    expect(seen.def.search).toBeUndefined();
  });

  it('shows the engine’s problem on the field it points at, in Chinese too', () => {
    const { region } = settings(
      sample(),
      [{ code: 'CW_ERR_DEF_SCHEMA', pointer: '/retention', message: '保存期限格式不符' }],
      'zh-Hant',
    );
    const retention = within(region).getByLabelText(/結案後保留個人資料的期間/);
    const described = retention.getAttribute('aria-describedby') ?? '';
    const notes = described
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    expect(notes).toContain('保存期限格式不符');
  });
});
