import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessDefinition } from '@caseway/engine/types';
import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, createHistory, record, redo, undo } from './history';
import { autoLayout, completeLayout, loadLayout, saveLayout } from './layout';
import {
  addNode,
  boundaryNames,
  businessKeyParts,
  connect,
  connectionRefusal,
  deleteElements,
  fromGraph,
  NODE_TYPES,
  problemCounts,
  problemTarget,
  renameNode,
  setFlowProp,
  setNodeProp,
  toGraph,
  withBusinessKey,
} from './model';
import {
  boundaryNameBox,
  boundaryNameWidth,
  boundarySpot,
  eventNameBox,
  shapeSize,
} from './shapes';

const ROOT = join(import.meta.dirname, '../../../../definitions/processes');
const shipped = readdirSync(ROOT).flatMap((id) =>
  readdirSync(join(ROOT, id))
    .filter((f) => /^v\d+\.json$/.test(f))
    .map((f) => ({ path: `${id}/${f}`, text: readFileSync(join(ROOT, id, f), 'utf8') })),
);
/** The engine writes a published version as JSON.stringify(body, null, 2) plus a newline. */
const serialise = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

const intake = (): ProcessDefinition =>
  JSON.parse(shipped.find((s) => s.path === 'claim-intake/v1.json')!.text) as ProcessDefinition;

function tiny(): ProcessDefinition {
  return {
    id: 'tiny',
    version: 1,
    name: { 'zh-Hant': '小流程', en: 'Tiny' },
    nodes: [
      { id: 'start-1', type: 'start' },
      { id: 'end-1', type: 'end' },
    ],
    flows: [{ id: 'flow-1', from: 'start-1', to: 'end-1' }],
  };
}

describe('round trip through the graph', () => {
  it('ships processes to test', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(10);
  });

  it.each(shipped.map((s) => [s.path, s.text] as const))(
    '%s comes back byte-identical (same keys, same order)',
    (_path, text) => {
      const def = JSON.parse(text) as ProcessDefinition;
      const graph = toGraph(def, autoLayout(def));
      const back = fromGraph(def, structuredClone(graph));
      expect(serialise(back)).toBe(serialise(JSON.parse(text)));
      // Every node and flow is on the canvas, every node placed.
      expect(graph.nodes.map((n) => n.id).sort()).toEqual(def.nodes.map((n) => n.id).sort());
      expect(graph.edges.filter((e) => e.data.flow).map((e) => e.id)).toEqual(
        def.flows.map((f) => f.id),
      );
      for (const n of graph.nodes) expect(Number.isFinite(n.position.x)).toBe(true);
    },
  );

  it('adds no layout to the definition and puts boundary timers on their host, after every host', () => {
    const def = intake();
    const graph = toGraph(def, autoLayout(def));
    const boundaries = def.nodes.filter((n) => n.type === 'boundaryTimer');
    expect(boundaries.length).toBeGreaterThan(0);
    const index = (id: string) => graph.nodes.findIndex((n) => n.id === id);
    for (const b of boundaries) {
      const drawn = graph.nodes.find((n) => n.id === b.id)!;
      expect(drawn.parentId).toBe(b.type === 'boundaryTimer' && b.attachedTo);
      expect(drawn.draggable).toBe(false);
      expect(index(b.id)).toBeGreaterThan(index(drawn.parentId!));
    }
    expect(graph.edges.every((e) => e.data.flow)).toBe(true);
    expect(JSON.stringify(fromGraph(def, graph))).not.toMatch(/position|x-layout/);
  });
});

describe('boundary events side by side on one host', () => {
  const cases = [
    ...(['serviceTask', 'userTask', 'callActivity', 'subProcess'] as const).flatMap((host) =>
      [1, 2, 3, 4].map((count) => [host, count] as const),
    ),
    ['messageCatch', 1] as const,
  ];
  it.each(cases)(
    '%s with %i: each on the bottom border, no two names overlapping',
    (host, count) => {
      const size = shapeSize(host);
      const own = shapeSize('boundaryTimer');
      const width = boundaryNameWidth(host, count);
      const spots = Array.from({ length: count }, (_, i) => boundarySpot(host, i, count));
      for (const s of spots) {
        // the circle's centre on the bottom border
        expect(s.y + own.height / 2).toBe(size.height);
        expect(s.x + own.width / 2).toBeGreaterThanOrEqual(0);
        expect(s.x + own.width / 2).toBeLessThanOrEqual(size.width);
      }
      // names are centred under their circles, `width` wide: neighbours at least that apart
      for (let i = 1; i < count; i++)
        expect(spots[i - 1]!.x - spots[i]!.x).toBeGreaterThanOrEqual(width);
      expect(width).toBeGreaterThan(0);
      if (count === 1)
        expect(spots[0]).toEqual({ x: size.width - 12 - own.width, y: size.height - 16 });
    },
  );

  it('keeps two on a message catch a circle and a gap apart, their names as wide as that', () => {
    const [a, b] = [0, 1].map((i) => boundarySpot('messageCatch', i, 2));
    expect(a!.x - b!.x).toBe(40);
    expect(boundaryNameWidth('messageCatch', 2)).toBe(34);
  });

  it("puts the claim transfer's two error boundaries 94 px apart, each name left of its circle: its flow turns right, to the correction", () => {
    const claim = JSON.parse(
      shipped.find((f) => f.path === 'claim/v7.json')!.text,
    ) as ProcessDefinition;
    const graph = toGraph(claim, autoLayout(claim));
    const drawn = ['account-closed', 'limit-exceeded'].map((id) =>
      graph.nodes.find((n) => n.id === id)!,
    );
    expect(drawn.map((n) => [n.parentId, n.position.x, n.data.nameBox])).toEqual([
      // room to its neighbour's circle
      ['transfer', 106, { x: -58, y: 18, width: 54, side: 'left' }],
      // nothing to its left
      ['transfer', 12, { x: -94, y: 18, width: 90, side: 'left' }],
    ]);
  });
});

describe("a boundary event's name, beside it where its flow does not run", () => {
  const own = shapeSize('boundaryTimer');
  it.each([
    ['userTask', 0, 1, ['left'], { x: -94, y: 18, width: 90, side: 'left' }],
    ['userTask', 0, 1, ['right'], { x: 36, y: 18, width: 90, side: 'right' }],
    // the right one's name stops short of its left neighbour's circle
    ['serviceTask', 0, 2, ['left', 'left'], { x: -58, y: 18, width: 54, side: 'left' }],
    ['serviceTask', 1, 2, ['left', 'left'], { x: -94, y: 18, width: 90, side: 'left' }],
    // back to back: each has all the room on its side
    ['serviceTask', 0, 2, ['right', 'left'], { x: 36, y: 18, width: 90, side: 'right' }],
    ['serviceTask', 1, 2, ['right', 'left'], { x: -94, y: 18, width: 90, side: 'left' }],
    // facing each other in 62 px: too narrow for two, both go under their circles
    ['serviceTask', 0, 2, ['left', 'right'], { x: -28, y: 34, width: 88, side: 'below' }],
    ['serviceTask', 1, 2, ['left', 'right'], { x: -28, y: 34, width: 88, side: 'below' }],
    ['messageCatch', 0, 2, ['left', 'left'], { x: -1, y: 34, width: 34, side: 'below' }],
    // an event's own name goes above it (eventNameBox): a boundary's name just under its border
    ['messageCatch', 0, 1, ['left'], { x: -94, y: 18, width: 90, side: 'left' }],
  ] as const)('%s, %i of %i, wanted %j: %j', (host, index, count, wanted, box) => {
    expect(boundaryNameBox(host, index, count, wanted)).toEqual(box);
  });

  const hosts = ['serviceTask', 'userTask', 'callActivity', 'subProcess', 'messageCatch'] as const;
  const cases = hosts.flatMap((host) =>
    [1, 2, 3, 4].flatMap((count) =>
      Array.from(
        { length: 2 ** count },
        (_, bits) =>
          [
            host,
            count,
            Array.from(
              { length: count },
              (_, i) => ((bits >> i) & 1 ? 'right' : 'left') as 'left' | 'right',
            ),
          ] as const,
      ),
    ),
  );
  it.each(cases)(
    '%s with %i, wanted %j: no name over another or over a circle',
    (host, count, wanted) => {
      const spots = Array.from({ length: count }, (_, i) => boundarySpot(host, i, count));
      const names = spots.map((s, i) => {
        const b = boundaryNameBox(host, i, count, wanted);
        return { x: s.x + b.x, y: s.y + b.y, width: b.width, height: 24, side: b.side };
      });
      const circles = spots.map((s) => ({ ...s, ...own }));
      const overlap = (a: Box, b: Box) =>
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      for (const [i, a] of names.entries()) {
        expect(a.width).toBeGreaterThan(0);
        // beside its circle: level with its lower half, under the host's border
        if (a.side !== 'below') expect(a.y).toBeGreaterThan(shapeSize(host).height);
        // an event host's own name (above it, as it carries boundary events) is left clear
        const hostName = eventNameBox(host, true);
        if (hostName) expect(overlap(a, hostName)).toBe(false);
        for (const [j, b] of names.entries()) if (i !== j) expect(overlap(a, b)).toBe(false);
        for (const c of circles) expect(overlap(a, c)).toBe(false);
      }
      const hostName = eventNameBox(host, true);
      if (hostName) for (const c of circles) expect(overlap(hostName, c)).toBe(false);
    },
  );

  it('takes the side away from where its flows go: right when every target lies left of it', () => {
    const def = {
      id: 'p',
      version: 1,
      name: { 'zh-Hant': 'p', en: 'p' },
      nodes: [
        { id: 'task', type: 'userTask', form: { id: 'f', version: 1 } },
        { id: 'late', type: 'boundaryTimer', attachedTo: 'task', timer: { duration: 'PT1H' } },
        { id: 'back', type: 'end' },
        { id: 'on', type: 'end' },
      ],
      flows: [{ id: 'f1', from: 'late', to: 'back' }],
    } as unknown as ProcessDefinition;
    const layout = { task: { x: 300, y: 100 }, back: { x: 100, y: 250 }, on: { x: 600, y: 250 } };
    expect(boundaryNames(def.nodes, def.flows, layout).get('late')?.side).toBe('right');
    const forward = [{ id: 'f1', from: 'late', to: 'on' }] as ProcessDefinition['flows'];
    expect(boundaryNames(def.nodes, forward, layout).get('late')?.side).toBe('left');
    // no flow yet: left, where a flow drawn onward will not turn
    expect(boundaryNames(def.nodes, [], layout).get('late')?.side).toBe('left');
  });
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

describe('editing', () => {
  it('adds a node of every type with a fresh id and the required properties', () => {
    let def = tiny();
    def = addNode(def, 'userTask').def;
    def = addNode(def, 'serviceTask').def;
    for (const type of NODE_TYPES) {
      const r = addNode(def, type, {
        attachedTo: type === 'boundaryError' ? 'service-1' : 'task-1',
      });
      expect(def.nodes.some((n) => n.id === r.id)).toBe(false);
      // (a subprocess's own start and end come after it)
      expect(r.def.nodes.at(type === 'subProcess' ? -3 : -1)).toMatchObject({ id: r.id, type });
      def = r.def;
    }
    const ids = def.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(def.nodes.find((n) => n.type === 'boundaryTimer')).toEqual({
      id: 'boundary-1',
      type: 'boundaryTimer',
      attachedTo: 'task-1',
      timer: { duration: 'P1D' },
    });
    expect(addNode(tiny(), 'start').id).toBe('start-2');
  });

  it('refuses a boundary timer without a host that can carry one', () => {
    expect(() => addNode(tiny(), 'boundaryTimer')).toThrow(/host/);
    expect(() => addNode(tiny(), 'boundaryTimer', { attachedTo: 'end-1' })).toThrow(/host/);
  });

  it('puts an error boundary only on a service task or call activity, and it starts as a catch-all', () => {
    const task = addNode(tiny(), 'userTask');
    expect(() => addNode(task.def, 'boundaryError', { attachedTo: task.id })).toThrow(/host/);
    const call = addNode(task.def, 'callActivity');
    expect(
      addNode(call.def, 'boundaryError', { attachedTo: call.id }).def.nodes.at(-1),
    ).toMatchObject({ type: 'boundaryError', attachedTo: call.id });
    const service = addNode(task.def, 'serviceTask');
    const r = addNode(service.def, 'boundaryError', { attachedTo: service.id });
    expect(r.def.nodes.at(-1)).toEqual({
      id: 'error-1',
      type: 'boundaryError',
      attachedTo: service.id,
    });
    // drawn on its host's border, deleted and renamed with it, never a flow's target
    const graph = toGraph(r.def, autoLayout(r.def));
    expect(graph.nodes.find((n) => n.id === 'error-1')).toMatchObject({
      parentId: service.id,
      draggable: false,
    });
    expect(connectionRefusal(r.def, 'start-1', 'error-1')).toBe('intoBoundary');
    const stop = addNode(r.def, 'terminateEnd');
    expect(connectionRefusal(stop.def, stop.id, service.id)).toBe('fromEnd');
    const inclusive = addNode(r.def, 'inclusiveGateway');
    expect(inclusive.def.nodes.at(-1)).toMatchObject({
      id: 'inclusive-1',
      type: 'inclusiveGateway',
    });
    // an event-based gateway is followed by message catches and timers only
    const race = addNode(r.def, 'eventBasedGateway');
    const wait = addNode(race.def, 'timer');
    expect(connectionRefusal(wait.def, race.id, wait.id)).toBeNull();
    expect(connectionRefusal(wait.def, race.id, service.id)).toBe('afterEventGateway');
    const thrown = addNode(r.def, 'errorEnd');
    expect(thrown.def.nodes.at(-1)).toEqual({
      id: 'error-end-1',
      type: 'errorEnd',
      name: undefined,
      errorCode: 'ERROR',
    });
    expect(connectionRefusal(thrown.def, thrown.id, service.id)).toBe('fromEnd');
    expect(renameNode(r.def, service.id, 'pay')!.nodes.at(-1)).toMatchObject({ attachedTo: 'pay' });
    expect(
      deleteElements(r.def, { nodes: [service.id] }).nodes.some((n) => n.id === 'error-1'),
    ).toBe(false);
  });

  it('connects with a fresh flow id that no node has, and refuses impossible flows', () => {
    let def = tiny();
    def = { ...def, nodes: [...def.nodes, { id: 'flow-2', type: 'end' }] };
    const task = addNode(def, 'userTask');
    const r = connect(task.def, 'start-1', task.id)!;
    expect(r.id).toBe('flow-3');
    expect(r.def.flows.at(-1)).toEqual({ id: 'flow-3', from: 'start-1', to: task.id });
    expect(connect(r.def, 'start-1', task.id)).toBeNull();
    expect(connectionRefusal(r.def, task.id, 'start-1')).toBe('intoStart');
    expect(connectionRefusal(r.def, 'end-1', task.id)).toBe('fromEnd');
    expect(connectionRefusal(r.def, task.id, task.id)).toBe('self');
  });

  it('deletes a node with its flows, its boundary timers and a gateway default naming them', () => {
    const def = intake();
    const host = def.nodes.find((n) => n.type === 'boundaryTimer')!;
    const hostId = host.type === 'boundaryTimer' ? host.attachedTo : '';
    const after = deleteElements(def, { nodes: [hostId] });
    expect(after.nodes.some((n) => n.id === hostId || n.id === host.id)).toBe(false);
    expect(
      after.flows.some(
        (f) => [hostId, host.id].includes(f.from) || [hostId, host.id].includes(f.to),
      ),
    ).toBe(false);

    const gateway = def.nodes.find((n) => n.type === 'exclusiveGateway' && n.default)!;
    const dflt = gateway.type === 'exclusiveGateway' ? gateway.default! : '';
    const noDefault = deleteElements(def, { flows: [dflt] });
    expect(noDefault.flows.some((f) => f.id === dflt)).toBe(false);
    expect(noDefault.nodes.find((n) => n.id === gateway.id)).not.toHaveProperty('default');
    expect(deleteElements(def, { nodes: ['nothing'] })).toBe(def);
  });

  it('sets a new property where the schema lists it, keeps existing ones in place, removes with undefined', () => {
    let def = addNode(tiny(), 'userTask').def;
    def = setNodeProp(def, 'task-1', 'priority', '80');
    def = setNodeProp(def, 'task-1', 'name', { 'zh-Hant': '審核', en: 'Assess' });
    def = setNodeProp(def, 'task-1', 'assignee', '"dana"');
    expect(Object.keys(def.nodes.at(-1)!)).toEqual([
      'id',
      'type',
      'name',
      'form',
      'assignee',
      'priority',
    ]);
    def = setNodeProp(def, 'task-1', 'assignee', undefined);
    expect(Object.keys(def.nodes.at(-1)!)).toEqual(['id', 'type', 'name', 'form', 'priority']);
    def = setFlowProp(def, 'flow-1', 'condition', 'x > 1');
    def = setFlowProp(def, 'flow-1', 'name', { 'zh-Hant': '是', en: 'Yes' });
    expect(Object.keys(def.flows[0]!)).toEqual(['id', 'from', 'to', 'name', 'condition']);
    const same = setNodeProp(def, 'task-1', 'priority', '80');
    expect(same).toBe(def);
  });

  it.each([
    ['no key, not unique', { unique: false }, { unique: false }, undefined],
    ['FEEL only', { expression: 'no', unique: false }, { expression: 'no', unique: false }, 'no'],
    [
      'unique FEEL',
      { expression: 'no', unique: true },
      { expression: 'no', unique: true },
      { expression: 'no', unique: true },
    ],
    ['unique, given by the caller', { unique: true }, { unique: true }, { unique: true }],
    ['an emptied FEEL', { expression: '', unique: false }, { unique: false }, undefined],
  ] as const)(
    'writes the business key %s the way published definitions do',
    (_, parts, read, written) => {
      const def = withBusinessKey(tiny(), parts, ['id', 'version', 'name', 'businessKey', 'nodes']);
      expect(def.businessKey).toEqual(written);
      expect(businessKeyParts(def)).toEqual(read);
      if (written !== undefined) expect(Object.keys(def).indexOf('businessKey')).toBe(3);
    },
  );

  it('renames a node and every reference to it', () => {
    const def = intake();
    const b = def.nodes.find((n) => n.type === 'boundaryTimer')!;
    const host = b.type === 'boundaryTimer' ? b.attachedTo : '';
    const renamed = renameNode(def, host, 'renamed')!;
    expect(renamed.nodes.find((n) => n.id === b.id)).toMatchObject({ attachedTo: 'renamed' });
    expect(renamed.flows.some((f) => f.from === host || f.to === host)).toBe(false);
    expect(renameNode(def, host, def.nodes[0]!.id)).toBeNull();
  });
});

describe('undo and redo', () => {
  it('steps back and forth through bodies; a new edit drops the redo branch', () => {
    const a = tiny();
    const b = addNode(a, 'userTask').def;
    const c = connect(b, 'start-1', 'task-1')!.def;
    let h = record(record(createHistory(a), b), c);
    expect(canUndo(h)).toBe(true);
    expect(canRedo(h)).toBe(false);
    h = undo(h);
    expect(h.present).toBe(b);
    h = undo(h);
    expect(h.present).toBe(a);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe(b);
    const d = deleteElements(b, { nodes: ['end-1'] });
    h = record(h, d);
    expect(canRedo(h)).toBe(false);
    expect(h.past).toEqual([a, b]);
    expect(record(h, structuredClone(d))).toBe(h);
  });
});

describe('problems on the graph', () => {
  it('maps a problem pointer to the node (or flow) it is about', () => {
    const def = intake();
    expect(problemTarget(def, '/nodes/1/form')).toEqual({ nodeId: def.nodes[1]!.id });
    expect(problemTarget(def, '/nodes/3/input/to')).toEqual({ nodeId: def.nodes[3]!.id });
    expect(problemTarget(def, '/flows/0/condition')).toEqual({
      flowId: def.flows[0]!.id,
      nodeId: def.flows[0]!.from,
    });
    expect(problemTarget(def, '/businessKey')).toBeNull();
    expect(problemTarget(def, '/nodes/999')).toBeNull();
    expect(problemTarget(def, undefined)).toBeNull();
    const counts = problemCounts(def, ['/nodes/1/form', '/nodes/1/priority', '/name']);
    expect(counts.get(def.nodes[1]!.id)).toBe(2);
    const graph = toGraph(def, {}, { problems: ['/nodes/1/form'] });
    expect(graph.nodes[1]!.data.problems).toBe(1);
    expect(graph.nodes[0]!.data.problems).toBe(0);
  });
});

describe('layout', () => {
  it('lays out every node apart, and keeps stored positions separate from the definition', () => {
    const def = intake();
    const auto = autoLayout(def);
    // boundary timers are not placed: they sit on their host's border
    const placed = def.nodes.filter((n) => n.type !== 'boundaryTimer');
    expect(Object.keys(auto).sort()).toEqual(placed.map((n) => n.id).sort());
    const spots = new Set(placed.map((n) => `${auto[n.id]!.x},${auto[n.id]!.y}`));
    expect(spots.size).toBe(placed.length);

    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    } as Storage;
    const first = def.nodes[0]!.id;
    saveLayout(def.id, { [first]: { x: 7, y: 9 } }, storage);
    const done = completeLayout(def, loadLayout(def.id, storage));
    expect(done[first]).toEqual({ x: 7, y: 9 });
    expect(done[def.nodes[1]!.id]).toEqual(auto[def.nodes[1]!.id]);
    expect(loadLayout('other', storage)).toBeNull();
  });

  it('takes a stored layout whole when it places every node but the boundary events', () => {
    const claim = JSON.parse(
      shipped.find((f) => f.path === 'claim/v7.json')!.text,
    ) as ProcessDefinition;
    expect(claim.nodes.some((n) => n.type === 'boundaryError')).toBe(true);
    const stored = Object.fromEntries(
      Object.entries(autoLayout(claim)).map(([id, p]) => [id, { x: p.x + 5, y: p.y }]),
    );
    expect(completeLayout(claim, stored)).toStrictEqual(stored);
  });
});
