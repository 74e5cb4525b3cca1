/**
 * Where a node added from the palette goes: beside the selected node, and after a boundary
 * timer beside its host, a row lower (the timer has no spot of its own; the node was put below
 * and left of everything, far from where the designer was working).
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import { describe, expect, it } from 'vitest';
import type { Layout } from './model';
import { placeNear } from './layout';
import { shapeSize } from './shapes';

const text = (en: string) => ({ 'zh-Hant': en, en });
const def = {
  id: 'windscreen-repair',
  version: 1,
  name: text('Windscreen repair'),
  nodes: [
    { id: 'start-1', type: 'start', name: text('Reported') },
    { id: 'task-1', type: 'userTask', name: text('Replace'), form: { id: 'f' } },
    {
      id: 'boundary-1',
      type: 'boundaryTimer',
      name: text('Reminder'),
      attachedTo: 'task-1',
      interrupting: false,
      timer: { duration: 'PT1H' },
    },
    { id: 'end-1', type: 'end', name: text('Replaced') },
  ],
  flows: [
    { id: 'flow-1', from: 'start-1', to: 'task-1' },
    { id: 'flow-2', from: 'task-1', to: 'end-1' },
  ],
} as ProcessDefinition;
const layout: Layout = {
  'start-1': { x: 0, y: 100 },
  'task-1': { x: 120, y: 90 },
  'end-1': { x: 400, y: 100 },
};

describe('placeNear', () => {
  it('puts a node right of the selected node, moved off the nodes already there', () => {
    const p = placeNear(def, layout, 'end', 'task-1');
    const task = shapeSize('userTask');
    expect(p.x).toBe(120 + task.width + 80);
    // end-1 sits right of the task already: the new end goes above or below it
    expect(Math.abs(p.y - 100)).toBeGreaterThan(shapeSize('end').height);
  });

  it('puts what follows a boundary timer right of its host, a row lower', () => {
    const p = placeNear(def, layout, 'end', 'boundary-1');
    const task = shapeSize('userTask');
    expect(p.x).toBe(120 + task.width + 80);
    expect(p.y).toBeGreaterThan(90 + task.height);
    expect(p.y).toBeLessThan(90 + 2 * task.height + 80);
  });
});
