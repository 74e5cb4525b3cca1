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

import type { ProcessDefinition } from '@caseway/engine/types';

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
