import type { ProcessDefinition } from '@caseway/engine/types';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { createCatalogue, EMPTY_CATALOGUE, formRefs, messageChoices } from './catalogue.svelte';

const name = { 'zh-Hant': 'x', en: 'x' };
const claim = {
  id: 'claim',
  version: 1,
  name,
  public: { uploads: [{ message: 'receipt-uploaded', label: name }] },
  nodes: [
    { id: 's', type: 'start', form: { id: 'claim-intake' } },
    { id: 'r', type: 'userTask', form: { id: 'claim-review', version: 2 } },
    { id: 'w', type: 'messageCatch', message: 'receipt-uploaded', correlationKey: 'k' },
    { id: 'x', type: 'messageCatch', message: 'appeal-filed', correlationKey: 'k' },
    { id: 'e', type: 'end' },
  ],
  flows: [],
} as unknown as ProcessDefinition;

describe('messageChoices', () => {
  it('lists each message once with the processes that wait for it, sorted, merged into known ones', () => {
    expect(
      messageChoices([claim], [{ name: 'receipt-uploaded', processes: ['claim-intake'] }]),
    ).toEqual([
      { name: 'appeal-filed', processes: ['claim'] },
      { name: 'receipt-uploaded', processes: ['claim', 'claim-intake'] },
    ]);
  });
});

describe('formRefs', () => {
  it('gives the start and user task form references', () => {
    expect(formRefs(claim)).toEqual([{ id: 'claim-intake' }, { id: 'claim-review', version: 2 }]);
  });
});

describe('createCatalogue', () => {
  it('knows a form body by its version and, for the latest, unpinned; without an API asks nothing', () => {
    const form = { id: 'f', version: 2, title: name, fields: [] };
    const c = createCatalogue({
      ...EMPTY_CATALOGUE,
      forms: [{ id: 'f', name, versions: [1, 2], latestVersion: 2 }],
      formBodies: [form],
    });
    expect(c.form({ id: 'f' })).toBe(form);
    expect(c.form({ id: 'f', version: 2 })).toBe(form);
    expect(c.form({ id: 'f', version: 1 })).toBeUndefined();
    c.need({ id: 'f', version: 1 });
    flushSync();
    expect(c.form({ id: 'f', version: 1 })).toBeUndefined();
  });
});
