/**
 * The studio's side of BPMN in and out: an imported draft takes a free id, its diagram's centres
 * become canvas positions (tasks drawn wider, so x scaled), the export sends those positions back
 * as the same centres, and the import's problems wait in the tab's storage for the editor.
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import { describe, expect, it } from 'vitest';
import {
  exportHref,
  forgetImportProblems,
  freeId,
  importProblems,
  keepImportProblems,
  layoutFromCentres,
  type ImportProblem,
} from './bpmn';

const def = {
  id: 'windscreen-claim',
  version: 1,
  name: { 'zh-Hant': '擋風玻璃', en: 'Windscreen' },
  nodes: [
    { id: 'reported', type: 'start' },
    { id: 'assess', type: 'userTask', form: { id: 'claim-assessment' } },
    { id: 'decide', type: 'exclusiveGateway' },
    { id: 'done', type: 'end' },
  ],
  flows: [],
} as unknown as ProcessDefinition;

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('an imported draft', () => {
  it.each([
    ['claim', [], 'claim'],
    ['claim', ['claim'], 'claim-2'],
    ['claim', ['claim', 'claim-2', 'claim-3'], 'claim-4'],
  ])('%s with %j taken is saved as %s', (id, taken, out) => {
    expect(freeId(id, (x) => taken.includes(x))).toBe(out);
  });

  it('stands where the diagram has it, and exports back to the same centres', () => {
    const centres = {
      reported: { x: 170, y: 120 },
      assess: { x: 290, y: 120 },
      decide: { x: 420, y: 120 },
    };
    const layout = layoutFromCentres(def, centres);
    expect(Object.keys(layout)).toEqual(['reported', 'assess', 'decide']);
    // the canvas draws a task 150 wide: its centre at 290 × 1.5
    expect(layout.assess!.x + 75).toBe(435);
    const href = exportHref('windscreen-claim', 1, def, layout);
    const sent = JSON.parse(new URL(href, 'http://studio').searchParams.get('layout')!);
    expect(sent).toEqual({ reported: [170, 120], assess: [290, 120], decide: [420, 120] });
  });

  it('exports without a layout when the canvas has none', () => {
    expect(exportHref('claim', 4, def, null)).toBe(
      '/api/definitions/process/claim/versions/4/bpmn',
    );
  });

  it('keeps its problems for the editor until they are dismissed', () => {
    const storage = memoryStorage();
    const problems: ImportProblem[] = [
      {
        element: 'log',
        type: 'bpmn:ScriptTask',
        line: 31,
        reason: 'element.placeholder',
        params: {},
        message: 'A ScriptTask…',
      },
    ];
    expect(importProblems('windscreen-claim', storage)).toBeNull();
    keepImportProblems('windscreen-claim', problems, storage);
    expect(importProblems('windscreen-claim', storage)).toEqual(problems);
    forgetImportProblems('windscreen-claim', storage);
    expect(importProblems('windscreen-claim', storage)).toBeNull();
  });
});
