/**
 * Embedded subprocesses in the editor's model (issue 19): the canvas shows one level at a time
 * (the process, or the inside of one subprocess), a new subprocess comes with its start joined
 * to an end inside it, deleting it deletes what is inside, no flow crosses its border, each
 * level is laid out on its own, and the problems inside are counted on its box.
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import { describe, expect, it } from 'vitest';
import { autoLayout } from './layout';
import { addNode, connectionRefusal, deleteElements, scopeOf, scopePath, toGraph } from './model';

const name = { 'zh-Hant': '審核', en: 'Review' };
function claim(): ProcessDefinition {
  return {
    id: 'claim',
    version: 1,
    name,
    nodes: [
      { id: 's', type: 'start' },
      { id: 'review', type: 'subProcess', name },
      { id: 'rs', type: 'start', parent: 'review' },
      { id: 'check', type: 'userTask', form: { id: 'f' }, parent: 'review' },
      { id: 're', type: 'end', parent: 'review' },
      { id: 'late', type: 'boundaryTimer', attachedTo: 'review', timer: { duration: 'P2D' } },
      { id: 'remind', type: 'boundaryTimer', attachedTo: 'check', timer: { duration: 'P1D' } },
      { id: 'e', type: 'end' },
    ],
    flows: [
      { id: 'f1', from: 's', to: 'review' },
      { id: 'f2', from: 'review', to: 'e' },
      { id: 'f3', from: 'rs', to: 'check' },
      { id: 'f4', from: 'check', to: 're' },
      { id: 'f5', from: 'late', to: 'e' },
      { id: 'f6', from: 'remind', to: 're' },
    ],
  };
}

const ids = (g: ReturnType<typeof toGraph>) => ({
  nodes: g.nodes.map((n) => n.id).sort(),
  edges: g.edges.map((e) => e.id).sort(),
});

describe('subprocesses on the canvas', () => {
  it('the process level shows the subprocess as one box with its boundary events', () => {
    expect(ids(toGraph(claim(), {}))).toEqual({
      nodes: ['e', 'late', 'review', 's'],
      edges: ['f1', 'f2', 'f5'],
    });
  });

  it('its own level shows what is inside it, boundary events on inner hosts included', () => {
    expect(ids(toGraph(claim(), {}, {}, 'review'))).toEqual({
      nodes: ['check', 're', 'remind', 'rs'],
      edges: ['f3', 'f4', 'f6'],
    });
    expect(
      scopeOf(
        claim(),
        claim().nodes.find((n) => n.id === 'remind'),
      ),
    ).toBe('review');
    expect(scopePath(claim(), 'review').map((n) => n.id)).toEqual(['review']);
  });

  it('counts the problems inside on the box', () => {
    const marks = { problems: ['/nodes/3/form', '/flows/3'] };
    const inner = toGraph(claim(), {}, marks, 'review');
    const there = [...inner.nodes, ...inner.edges].reduce((sum, x) => sum + x.data.problems, 0);
    expect(there).toBeGreaterThanOrEqual(2);
    expect(toGraph(claim(), {}, marks).nodes.find((n) => n.id === 'review')?.data.problems).toBe(
      there,
    );
  });

  it('a new subprocess holds a start joined to an end; a node added inside names it as parent', () => {
    const r = addNode(claim(), 'subProcess', { name });
    const [start, end] = r.inner!;
    expect(
      r.def.nodes.filter((n) => n.type !== 'subProcess' && scopeOf(r.def, n) === r.id),
    ).toEqual([
      { id: start, type: 'start', parent: r.id },
      { id: end, type: 'end', parent: r.id },
    ]);
    expect(r.def.flows.at(-1)).toMatchObject({ from: start, to: end });
    const inside = addNode(r.def, 'userTask', { parent: r.id });
    expect(inside.def.nodes.at(-1)).toMatchObject({ type: 'userTask', parent: r.id });
  });

  it('deleting it deletes what is inside, and their flows', () => {
    const d = deleteElements(claim(), { nodes: ['review'] });
    expect(d.nodes.map((n) => n.id)).toEqual(['s', 'e']);
    expect(d.flows).toEqual([]);
  });

  it('refuses a flow across its border', () => {
    expect(connectionRefusal(claim(), 'check', 'e')).toBe('crossesScope');
    expect(connectionRefusal(claim(), 'rs', 're')).toBeNull();
  });

  it('lays each level out on its own', () => {
    const layout = autoLayout(claim(), 'en');
    // both levels start at the left margin: the inside is not pushed after the process
    expect(layout['rs']!.x).toBe(layout['s']!.x);
    expect(Object.keys(layout).sort()).toEqual(['check', 'e', 're', 'review', 'rs', 's']);
  });
});
