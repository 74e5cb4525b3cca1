/**
 * What Svelte Flow needs from a browser that jsdom lacks (ResizeObserver, matchMedia), stubbed
 * so the canvas renders in component tests. Nodes are not measured, so dragging a connection
 * between handles cannot be exercised here (the model tests cover connect).
 * Promise.withResolvers is added where Node lacks it.
 */
export function stubBrowserForFlow(): void {
  // Node before 22 lacks it; Svelte Flow's fitView uses it (every browser the studio targets has it).
  (Promise as { withResolvers?: unknown }).withResolvers ??= <T>() => {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    addEventListener() {},
    removeEventListener() {},
    addListener() {},
    removeListener() {},
    onchange: null,
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
}

import type { FormDefinition, ProcessDefinition } from '@caseway/engine/types';
import type { CatalogueData } from './catalogue.svelte';
import type { ActionInfo } from '@caseway/engine/design';

/** start -> review (user task) -> decide (exclusive gateway) -> done / redo. */
export function sample(): ProcessDefinition {
  return {
    id: 'sample',
    version: 1,
    name: { 'zh-Hant': '範例', en: 'Sample' },
    nodes: [
      { id: 'begin', type: 'start', name: { 'zh-Hant': '開始', en: 'Begin' } },
      {
        id: 'review',
        type: 'userTask',
        name: { 'zh-Hant': '審核', en: 'Review' },
        form: { id: 'claim-review', version: 1 },
      },
      { id: 'decide', type: 'exclusiveGateway', name: { 'zh-Hant': '通過？', en: 'Approved?' } },
      { id: 'done', type: 'end', name: { 'zh-Hant': '完成', en: 'Done' } },
    ],
    flows: [
      { id: 'f1', from: 'begin', to: 'review' },
      { id: 'f2', from: 'review', to: 'decide' },
      { id: 'f3', from: 'decide', to: 'done', condition: 'approved = true' },
      { id: 'f4', from: 'decide', to: 'review' },
    ],
  };
}

export const label = (en: string, zh = en) => ({ 'zh-Hant': zh, en });
export const SMS: ActionInfo = {
  name: 'sms/send',
  plugin: 'sms',
  builtin: false,
  title: label('Sends one text', '寄出一則簡訊'),
  idempotent: true,
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['mobile', 'template'],
    properties: {
      mobile: { type: 'string', sensitive: true, description: 'Mainland mobile number' },
      template: { enum: ['documents-missing', 'claim-decision'] },
      params: { type: 'object' },
    },
  },
  output: {
    type: 'object',
    required: ['messageId'],
    properties: { messageId: { type: 'string', description: "The gateway's id" } },
  },
  // the manifest's hints for an input (ui.fields' actions/send/input/template)
  inputHints: {
    template: {
      label: label('Notice', '通知'),
      help: label('Which notice to send', '要寄出的通知'),
    },
  },
};
/** What the engine has, as the pickers' tests see it. */
export const DATA: CatalogueData = {
  forms: [
    { id: 'claim-intake', name: label('Claim intake', '報案'), versions: [1, 2], latestVersion: 2 },
    { id: 'claim-review', name: label('Claim review', '審核'), versions: [1], latestVersion: 1 },
    { id: 'complaint-record', name: label('Complaint'), versions: [1], latestVersion: 1 },
  ],
  processes: [{ id: 'claim-dispute', name: label('Dispute'), versions: [1], latestVersion: 1 }],
  decisions: [
    {
      id: 'claim-triage',
      name: label('Claim triage', '理賠分流'),
      versions: [1, 2],
      latestVersion: 2,
    },
  ],
  actions: [
    {
      name: 'noop',
      plugin: null,
      builtin: true,
      title: label('Does nothing'),
      idempotent: true,
      input: { type: 'object', additionalProperties: false, properties: {} },
      output: { type: 'object', properties: {} },
    },
    SMS,
  ],
  messages: [{ name: 'receipt-uploaded', processes: ['claim', 'claim-intake'] }],
  users: [
    { id: 'wang', displayName: '王師傅', groups: ['windscreen-team'], disabled: false },
    { id: 'lee', displayName: 'Lee', groups: ['adjusters'], disabled: true },
  ],
  groups: [
    { id: 'adjusters', name: label('Adjusters', '理賠員'), members: 0 },
    { id: 'windscreen-team', name: label('Windscreen team', '擋風玻璃組'), members: 1 },
  ],
  formBodies: [
    {
      id: 'claim-intake',
      version: 2,
      title: label('Claim intake'),
      fields: [
        { key: 'amount', type: 'money', label: label('Amount') },
        { key: 'mobile', type: 'phone', label: label('Mobile'), sensitive: true },
      ],
    },
    {
      id: 'claim-review',
      version: 1,
      title: label('Claim review'),
      fields: [{ key: 'approved', type: 'boolean', label: label('Approved') }],
    },
  ] as FormDefinition[],
};

/** The sample with the claim-intake v2 start form. */
export function withStartForm(): ProcessDefinition {
  const def = sample();
  def.nodes[0] = { ...def.nodes[0]!, form: { id: 'claim-intake', version: 2 } } as never;
  return def;
}
