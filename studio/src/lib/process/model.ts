/**
 * The process editor's model: pure functions over a process definition (the JSON stays the
 * source of truth) and its graph view for @xyflow/svelte. Positions are never part of the
 * definition (the meta-schema forbids unknown keys): they live in a separate {@link Layout}
 * (see layout.ts), so a definition round-trips through the graph unchanged, key order included.
 *
 * Every edit returns a new definition and leaves the old one alone, so undo is a stack of bodies
 * (history.ts). A new property goes where the schema lists it; existing keys keep their place.
 *
 * @example
 *   const { def: next, id } = addNode(def, 'userTask');
 *   const wired = connect(next, 'submitted', id)!.def;
 *   const graph = toGraph(wired, autoLayout(wired), { problems: ['/nodes/1/form'] });
 *   fromGraph(wired, graph); // deep-equal to `wired`, same key order
 */
import type { Flow, LocalizedText, ProcessDefinition, ProcessNode } from '@caseway/engine/types';
import type { Obstacle } from './routes';
import {
  boundaryNameBox,
  boundarySpot,
  eventNameBox,
  shapeSize,
  type BoundaryNameBox,
} from './shapes';

export type NodeType = ProcessNode['type'];

/** Every node type, in palette order. */
export const NODE_TYPES = [
  'start',
  'end',
  'terminateEnd',
  'errorEnd',
  'compensateEnd',
  'userTask',
  'serviceTask',
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
  'timer',
  'messageCatch',
  'compensateThrow',
  'boundaryTimer',
  'boundaryError',
  'boundaryMessage',
  'callActivity',
  'subProcess',
  'businessRuleTask',
] as const satisfies readonly NodeType[];

/** The drag data type of a palette button dragged onto the canvas (its value: the node type). */
export const NODE_DRAG_TYPE = 'application/x-caseway-node-type';

export function isNodeType(value: unknown): value is NodeType {
  return NODE_TYPES.some((t) => t === value);
}

/** The boundary event types: drawn on their host's border, added to a selected host. */
export type BoundaryType = 'boundaryTimer' | 'boundaryError' | 'boundaryMessage';
export type BoundaryNode = Extract<ProcessNode, { type: BoundaryType }>;

/** Node types each boundary event can be attached to. */
export const BOUNDARY_HOSTS: Readonly<Record<BoundaryType, readonly NodeType[]>> = {
  boundaryTimer: ['userTask', 'callActivity', 'messageCatch', 'subProcess'],
  boundaryError: ['serviceTask', 'callActivity', 'subProcess'],
  boundaryMessage: ['userTask', 'callActivity', 'subProcess'],
};

/**
 * The embedded subprocess a node is inside (its `parent`; a boundary event: its host's), or
 * undefined for a node of the process itself. The canvas shows one level at a time.
 */
export function scopeOf(def: ProcessDefinition, node: ProcessNode | undefined): string | undefined {
  if (!node) return undefined;
  if (isBoundary(node)) {
    const host = def.nodes.find((n) => n.id === node.attachedTo);
    return host && !isBoundary(host) ? host.parent : undefined;
  }
  return node.parent;
}

/** The subprocesses from the process down to `scope` (for the canvas's breadcrumb), outermost first. */
export function scopePath(def: ProcessDefinition, scope: string | undefined): ProcessNode[] {
  const path: ProcessNode[] = [];
  for (let id = scope; id !== undefined && path.length < 50;) {
    const node = def.nodes.find((n) => n.id === id);
    if (!node || node.type !== 'subProcess') break;
    path.unshift(node);
    id = node.parent;
  }
  return path;
}

/** An end event's type: nothing leaves it (end, terminate end, error end, compensation end). */
export function isEndType(type: NodeType): boolean {
  return (
    type === 'end' || type === 'terminateEnd' || type === 'errorEnd' || type === 'compensateEnd'
  );
}

export function isBoundaryType(type: NodeType): type is BoundaryType {
  return type === 'boundaryTimer' || type === 'boundaryError' || type === 'boundaryMessage';
}

/** A boundary event (timer, error or message), which sits on the node it is attached to. */
export function isBoundary(node: ProcessNode): node is BoundaryNode {
  return isBoundaryType(node.type);
}

/**
 * Each boundary event's slot on its host's border: its place among the host's boundary events
 * (in the definition's order) and how many the host carries, for `boundarySpot`.
 */
export function boundarySlots(
  nodes: readonly ProcessNode[],
): Map<string, { index: number; count: number }> {
  const onHost = new Map<string, string[]>();
  for (const n of nodes)
    if (isBoundary(n)) onHost.set(n.attachedTo, [...(onHost.get(n.attachedTo) ?? []), n.id]);
  const slots = new Map<string, { index: number; count: number }>();
  for (const ids of onHost.values())
    ids.forEach((id, index) => slots.set(id, { index, count: ids.length }));
  return slots;
}

/** How many boundary events each host carries (hosts carrying none are not in the map). */
export function boundaryCounts(nodes: readonly ProcessNode[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of nodes)
    if (isBoundary(n)) counts.set(n.attachedTo, (counts.get(n.attachedTo) ?? 0) + 1);
  return counts;
}

/**
 * Where each boundary event's name goes (relative to the event, see `boundaryNameBox`): beside
 * its circle on the side its flows do not turn to (right when every flow it starts goes to a
 * target left of it, else left), so the flow leaving it downwards never runs through its name.
 */
export function boundaryNames(
  nodes: readonly ProcessNode[],
  flows: readonly Flow[],
  layout: Layout,
): Map<string, BoundaryNameBox> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const slots = boundarySlots(nodes);
  const centreX = (n: ProcessNode): number | undefined => {
    if (!isBoundary(n)) {
      const p = layout[n.id];
      return p && p.x + shapeSize(n.type).width / 2;
    }
    const host = byId.get(n.attachedTo);
    const p = host && layout[host.id];
    if (!host || !p) return undefined;
    const { index, count } = slots.get(n.id)!;
    return p.x + boundarySpot(host.type, index, count).x + shapeSize(n.type).width / 2;
  };
  const sideOf = (n: ProcessNode): 'left' | 'right' => {
    const x = centreX(n);
    const targets = flows
      .filter((f) => f.from === n.id)
      .map((f) => byId.get(f.to))
      .map((t) => (t ? centreX(t) : undefined))
      .filter((t) => t !== undefined);
    return x !== undefined && targets.length > 0 && targets.every((t) => t < x) ? 'right' : 'left';
  };
  const onHost = new Map<string, ProcessNode[]>();
  for (const n of nodes)
    if (isBoundary(n) && byId.has(n.attachedTo))
      onHost.set(n.attachedTo, [...(onHost.get(n.attachedTo) ?? []), n]);
  const out = new Map<string, BoundaryNameBox>();
  for (const [hostId, events] of onHost) {
    const hostType = byId.get(hostId)!.type;
    const wanted = events.map(sideOf);
    events.forEach((e, i) => out.set(e.id, boundaryNameBox(hostType, i, events.length, wanted)));
  }
  return out;
}

/** Whether a node of `hostType` can carry a boundary event of `type`. */
export function canHost(type: BoundaryType, hostType: NodeType): boolean {
  return BOUNDARY_HOSTS[type].includes(hostType);
}

export interface XY {
  x: number;
  y: number;
}
/** Node id -> top-left position on the canvas. Kept apart from the definition. */
export type Layout = Record<string, XY>;

export interface GraphNodeData extends Record<string, unknown> {
  node: ProcessNode;
  /** Problems pointing into this node (or into a flow leaving it), for the highlight. */
  problems: number;
  /** The lint's warnings pointing into it. */
  warnings?: number;
  /** A run went through it, or waits in it (play mode). */
  trace?: 'taken' | 'waiting';
  /**
   * A boundary event's name box, relative to it: beside its circle, away from its flow, narrower
   * when its host carries several side by side (`boundaryNames`).
   */
  nameBox?: BoundaryNameBox;
  /** An event's name is written above it: boundary events sit on its bottom border (`eventNameBox`). */
  nameAbove?: boolean;
}
/** A flow's label as the canvas draws it: text, full text and where its centre goes. */
export interface PlacedLabel {
  text: string;
  title: string;
  isDefault: boolean;
  x: number;
  y: number;
  width: number;
}
export interface GraphEdgeData extends Record<string, unknown> {
  flow: Flow;
  problems: number;
  label?: PlacedLabel;
  /** A run took this flow (play mode). */
  taken?: boolean;
  /** The shapes and names on the canvas the flow keeps off where it must (routes.ts). */
  obstacles?: readonly Obstacle[];
}
export interface GraphNode {
  id: string;
  type: 'process';
  position: XY;
  data: GraphNodeData;
  selected?: boolean;
  deletable?: boolean;
  /** A boundary timer's host: it is drawn on the host's border and moves with it. */
  parentId?: string;
  draggable?: boolean;
}
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type?: string;
  selectable?: boolean;
  deletable?: boolean;
  selected?: boolean;
  class?: string;
  data: GraphEdgeData;
}
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** What else the canvas shows besides the definition. */
export interface GraphMarks {
  /** Problem pointers (the engine's), counted per node and flow. */
  problems?: readonly string[];
  /** Warning pointers (the lint's), counted apart. */
  warnings?: readonly string[];
  /** Nodes a run went through, flows it took, nodes it waits in. */
  trace?: {
    nodes?: ReadonlySet<string>;
    flows?: ReadonlySet<string>;
    waiting?: ReadonlySet<string>;
  };
  /** Where each flow's label goes (see labels.ts). */
  labels?: ReadonlyMap<string, PlacedLabel>;
}

const COMMON = ['id', 'type', 'name', 'description', 'parent'];
/** Property order of each node type, as the meta-schema lists it. */
export const NODE_KEYS: Record<NodeType, readonly string[]> = {
  start: [...COMMON, 'form'],
  end: [...COMMON, 'outcome'],
  terminateEnd: [...COMMON, 'outcome'],
  errorEnd: [...COMMON, 'errorCode', 'message', 'details'],
  compensateEnd: [...COMMON, 'outcome'],
  compensateThrow: COMMON,
  userTask: [
    ...COMMON,
    'form',
    'assignee',
    'candidateGroups',
    'candidateUsers',
    'priority',
    'dueDate',
    'prefill',
    'output',
    'context',
  ],
  serviceTask: [...COMMON, 'action', 'input', 'output', 'retry', 'compensation'],
  exclusiveGateway: [...COMMON, 'default', 'exhaustive'],
  inclusiveGateway: [...COMMON, 'default'],
  eventBasedGateway: [...COMMON],
  parallelGateway: COMMON,
  timer: [...COMMON, 'timer'],
  messageCatch: [...COMMON, 'message', 'correlationKey', 'output'],
  boundaryTimer: [...COMMON, 'attachedTo', 'interrupting', 'timer'],
  boundaryError: [...COMMON, 'attachedTo', 'errorCode', 'output'],
  boundaryMessage: [...COMMON, 'attachedTo', 'message', 'correlationKey', 'output'],
  callActivity: [...COMMON, 'process', 'input', 'output'],
  subProcess: COMMON,
  businessRuleTask: [...COMMON, 'decision', 'resultVariable', 'output'],
};
export const FLOW_KEYS = ['id', 'from', 'to', 'name', 'condition'] as const;

/**
 * `obj` with `key` set to `value` (removed when undefined): an existing key keeps its place, a
 * new one goes before the first present key that `order` lists after it (else at the end).
 */
export function withKey<T extends object>(
  obj: T,
  key: string,
  value: unknown,
  order: readonly string[] = [],
): T {
  const entries = Object.entries(obj);
  const at = entries.findIndex(([k]) => k === key);
  if (value === undefined) {
    if (at < 0) return obj;
    return Object.fromEntries(entries.filter(([k]) => k !== key)) as T;
  }
  if (at >= 0) {
    if (Object.is(entries[at]![1], value)) return obj;
    entries[at] = [key, value];
    return Object.fromEntries(entries) as T;
  }
  const rank = order.indexOf(key);
  const before =
    rank < 0 ? -1 : entries.findIndex(([k]) => order.indexOf(k) > rank || !order.includes(k));
  if (before < 0) entries.push([key, value]);
  else entries.splice(before, 0, [key, value]);
  return Object.fromEntries(entries) as T;
}

/** A process's business key as the editor shows it: its FEEL and whether it is unique. */
export function businessKeyParts(def: ProcessDefinition): { expression?: string; unique: boolean } {
  const k = def.businessKey;
  if (k === undefined) return { unique: false };
  if (typeof k === 'string') return { expression: k, unique: false };
  return {
    ...(k.expression !== undefined ? { expression: k.expression } : {}),
    unique: k.unique === true,
  };
}

/**
 * `def` with its business key set: the plain FEEL string when it is not unique (how published
 * definitions write it), `{ expression, unique: true }` when it is, nothing when both are unset.
 */
export function withBusinessKey(
  def: ProcessDefinition,
  parts: { expression?: string; unique: boolean },
  order: readonly string[] = [],
): ProcessDefinition {
  const expression = parts.expression || undefined;
  const value = parts.unique
    ? { ...(expression !== undefined ? { expression } : {}), unique: true }
    : expression;
  return withKey(def, 'businessKey', value, order);
}

/**
 * The definition as a graph; `layout` places the nodes (missing ones at the origin). Boundary
 * timers are children of their host, placed on its bottom border (so they move with it), after
 * every other node (a parent comes before its children).
 */
export function toGraph(
  def: ProcessDefinition,
  layout: Layout,
  marks: GraphMarks = {},
  scope?: string,
): Graph {
  const counts = problemCounts(def, [...(marks.problems ?? [])]);
  const warned = problemCounts(def, [...(marks.warnings ?? [])]);
  const trace = marks.trace;
  const slots = boundarySlots(def.nodes);
  const names = boundaryNames(def.nodes, def.flows, layout);
  const carried = boundaryCounts(def.nodes);
  const types = new Map(def.nodes.map((n) => [n.id, n.type]));
  // a subprocess's box counts the problems inside it too (they are on a canvas of their own)
  const within = (id: string, of: Map<string, number>): number =>
    def.nodes
      .filter((n) => scopeOf(def, n) === id)
      .reduce(
        (sum, n) => sum + (of.get(n.id) ?? 0) + (n.type === 'subProcess' ? within(n.id, of) : 0),
        0,
      ) +
    def.flows
      .filter(
        (f) =>
          scopeOf(
            def,
            def.nodes.find((n) => n.id === f.from),
          ) === id,
      )
      .reduce((sum, f) => sum + (of.get(f.id) ?? 0), 0);
  const graphNode = (node: ProcessNode): GraphNode => {
    const inside = (of: Map<string, number>) =>
      node.type === 'subProcess' ? within(node.id, of) : 0;
    const data: GraphNodeData = { node, problems: (counts.get(node.id) ?? 0) + inside(counts) };
    const warnings = (warned.get(node.id) ?? 0) + inside(warned);
    if (warnings) data.warnings = warnings;
    if (carried.has(node.id) && eventNameBox(node.type, true)) data.nameAbove = true;
    if (trace?.waiting?.has(node.id)) data.trace = 'waiting';
    else if (trace?.nodes?.has(node.id)) data.trace = 'taken';
    if (isBoundary(node) && types.has(node.attachedTo)) {
      const { index, count } = slots.get(node.id)!;
      const hostType = types.get(node.attachedTo)!;
      data.nameBox = names.get(node.id);
      return {
        id: node.id,
        type: 'process',
        position: boundarySpot(hostType, index, count),
        parentId: node.attachedTo,
        draggable: false,
        data,
      };
    }
    return { id: node.id, type: 'process', position: layout[node.id] ?? { x: 0, y: 0 }, data };
  };
  // the level shown: the process itself, or the inside of one subprocess
  const shown = def.nodes.filter((n) => scopeOf(def, n) === scope);
  const visible = new Set(shown.map((n) => n.id));
  const hosts = shown.filter((n) => !isBoundary(n) || !types.has(n.attachedTo));
  const attached = shown.filter((n) => isBoundary(n) && types.has(n.attachedTo));
  const nodes = [...hosts, ...attached].map(graphNode);
  const flows = def.flows.filter((f) => visible.has(f.from) && visible.has(f.to));
  const edges: GraphEdge[] = flows.map((flow) => {
    const label = marks.labels?.get(flow.id);
    return {
      id: flow.id,
      source: flow.from,
      target: flow.to,
      type: 'flow',
      ...(counts.get(flow.id) ? { class: 'has-problem' } : {}),
      data: {
        flow,
        problems: counts.get(flow.id) ?? 0,
        ...(label ? { label } : {}),
        ...(trace?.flows?.has(flow.id) ? { taken: true } : {}),
      },
    };
  });
  return { nodes, edges };
}

/** The definition a graph shows: `def`'s other properties, the graph's nodes (in `def`'s order) and flows. */
export function fromGraph(def: ProcessDefinition, graph: Graph): ProcessDefinition {
  const order = new Map(def.nodes.map((n, i) => [n.id, i]));
  const nodes = [...graph.nodes]
    .sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity))
    .map((n) => n.data.node);
  const flows = graph.edges.map((e) => e.data.flow);
  return withKey(withKey(def, 'nodes', nodes), 'flows', flows);
}

/** Node ids and flow ids share one id space. */
export function usedIds(def: ProcessDefinition): Set<string> {
  return new Set([...def.nodes.map((n) => n.id), ...def.flows.map((f) => f.id)]);
}

/** `prefix-1`, `prefix-2`, …: the first not used by a node or a flow. */
export function freshId(def: ProcessDefinition, prefix: string): string {
  const used = usedIds(def);
  for (let n = 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

const ID_PREFIX: Record<NodeType, string> = {
  start: 'start',
  end: 'end',
  terminateEnd: 'terminate',
  errorEnd: 'error-end',
  compensateEnd: 'undo-end',
  compensateThrow: 'undo',
  userTask: 'task',
  serviceTask: 'service',
  exclusiveGateway: 'decision',
  inclusiveGateway: 'inclusive',
  eventBasedGateway: 'first-event',
  parallelGateway: 'parallel',
  timer: 'timer',
  messageCatch: 'message',
  boundaryTimer: 'boundary',
  boundaryError: 'error',
  boundaryMessage: 'interrupt',
  callActivity: 'call',
  subProcess: 'subprocess',
  businessRuleTask: 'rules',
};

/** What a new node of each type starts with besides id, type and name. */
function defaults(type: NodeType, attachedTo: string | undefined): Record<string, unknown> {
  switch (type) {
    case 'userTask':
      return { form: { id: '' } };
    case 'serviceTask':
      return { action: 'noop' };
    case 'timer':
      return { timer: { duration: 'P1D' } };
    case 'messageCatch':
      return { message: '', correlationKey: '' };
    case 'boundaryTimer':
      return { attachedTo: attachedTo ?? '', timer: { duration: 'P1D' } };
    case 'boundaryError':
      return { attachedTo: attachedTo ?? '' };
    case 'boundaryMessage':
      return { attachedTo: attachedTo ?? '', message: '', correlationKey: '' };
    case 'errorEnd':
      return { errorCode: 'ERROR' };
    case 'callActivity':
      return { process: { id: '' } };
    case 'businessRuleTask':
      return { decision: { id: '' }, resultVariable: 'result' };
    default:
      return {};
  }
}

export interface AddOptions {
  name?: LocalizedText;
  /** The host of a boundary event (required for those types). */
  attachedTo?: string;
  /** The embedded subprocess it goes inside (not for boundary events: they are where their host is). */
  parent?: string;
}

/** Appends a node of `type` with a fresh id; a boundary event needs a host that can carry it. */
export function addNode(
  def: ProcessDefinition,
  type: NodeType,
  opts: AddOptions = {},
): { def: ProcessDefinition; id: string; inner?: string[] } {
  if (isBoundaryType(type)) {
    const host = def.nodes.find((n) => n.id === opts.attachedTo);
    if (!host || !canHost(type, host.type))
      throw new Error(`a ${type} needs a host of type ${BOUNDARY_HOSTS[type].join(', ')}`);
  }
  const id = freshId(def, ID_PREFIX[type]);
  const node = {
    id,
    type,
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.parent !== undefined && !isBoundaryType(type) ? { parent: opts.parent } : {}),
    ...defaults(type, opts.attachedTo),
  } as ProcessNode;
  if (type !== 'subProcess') return { def: { ...def, nodes: [...def.nodes, node] }, id };
  // a new subprocess comes with its start joined to an end inside it, so it is valid at once
  const withNode = { ...def, nodes: [...def.nodes, node] };
  const start = freshId(withNode, 'start');
  const end = freshId(
    { ...withNode, nodes: [...withNode.nodes, { id: start, type: 'start' }] },
    'end',
  );
  const inner: ProcessNode[] = [
    { id: start, type: 'start', parent: id },
    { id: end, type: 'end', parent: id },
  ];
  const next = { ...withNode, nodes: [...withNode.nodes, ...inner] };
  const flow = freshId(next, 'flow');
  return {
    def: { ...next, flows: [...next.flows, { id: flow, from: start, to: end }] },
    id,
    inner: [start, end],
  };
}

/** Why a flow from `from` to `to` cannot be drawn, or null when it can. */
export function connectionRefusal(
  def: ProcessDefinition,
  from: string,
  to: string,
):
  | 'self'
  | 'unknown'
  | 'intoStart'
  | 'fromEnd'
  | 'intoBoundary'
  | 'afterEventGateway'
  | 'duplicate'
  | 'crossesScope'
  | null {
  if (from === to) return 'self';
  const source = def.nodes.find((n) => n.id === from);
  const target = def.nodes.find((n) => n.id === to);
  if (!source || !target) return 'unknown';
  // a subprocess is entered through its box: no flow crosses its border
  if (scopeOf(def, source) !== scopeOf(def, target)) return 'crossesScope';
  if (target.type === 'start') return 'intoStart';
  if (isEndType(source.type)) return 'fromEnd';
  if (isBoundary(target)) return 'intoBoundary';
  // an event-based gateway races events: only message catches and timers follow it
  if (
    source.type === 'eventBasedGateway' &&
    target.type !== 'messageCatch' &&
    target.type !== 'timer'
  )
    return 'afterEventGateway';
  if (def.flows.some((f) => f.from === from && f.to === to)) return 'duplicate';
  return null;
}

/** Adds a flow with a fresh id, or null when {@link connectionRefusal} refuses it. */
export function connect(
  def: ProcessDefinition,
  from: string,
  to: string,
): { def: ProcessDefinition; id: string } | null {
  if (connectionRefusal(def, from, to)) return null;
  const id = freshId(def, 'flow');
  return { def: { ...def, flows: [...def.flows, { id, from, to }] }, id };
}

/**
 * Removes nodes (with their flows and the boundary timers attached to them) and flows; a
 * gateway's `default` naming a removed flow is removed too. Unchanged when nothing matched.
 */
export function deleteElements(
  def: ProcessDefinition,
  ids: { nodes?: readonly string[]; flows?: readonly string[] },
): ProcessDefinition {
  const goneNodes = new Set(ids.nodes ?? []);
  // a subprocess goes with what is inside it (nested ones too), a host with its boundary events
  for (let grew = true; grew;) {
    grew = false;
    for (const n of def.nodes) {
      const owner = isBoundary(n) ? n.attachedTo : n.parent;
      if (owner !== undefined && goneNodes.has(owner) && !goneNodes.has(n.id)) {
        goneNodes.add(n.id);
        grew = true;
      }
    }
  }
  const goneFlows = new Set(ids.flows ?? []);
  for (const f of def.flows) if (goneNodes.has(f.from) || goneNodes.has(f.to)) goneFlows.add(f.id);
  const nodes = def.nodes.filter((n) => !goneNodes.has(n.id));
  const flows = def.flows.filter((f) => !goneFlows.has(f.id));
  if (nodes.length === def.nodes.length && flows.length === def.flows.length) return def;
  return {
    ...def,
    nodes: nodes.map((n) =>
      (n.type === 'exclusiveGateway' || n.type === 'inclusiveGateway') &&
      n.default &&
      goneFlows.has(n.default)
        ? withKey(n, 'default', undefined)
        : n,
    ),
    flows,
  };
}

/** Sets (or, with undefined, removes) a property of a node, in schema order. */
export function setNodeProp(
  def: ProcessDefinition,
  nodeId: string,
  key: string,
  value: unknown,
): ProcessDefinition {
  let changed = false;
  const nodes = def.nodes.map((n) => {
    if (n.id !== nodeId) return n;
    const next = withKey(n, key, value, NODE_KEYS[n.type]);
    changed ||= next !== n;
    return next;
  });
  return changed ? { ...def, nodes } : def;
}

/** Sets (or removes) a property of a flow, in schema order. */
export function setFlowProp(
  def: ProcessDefinition,
  flowId: string,
  key: (typeof FLOW_KEYS)[number],
  value: unknown,
): ProcessDefinition {
  let changed = false;
  const flows = def.flows.map((f) => {
    if (f.id !== flowId) return f;
    const next = withKey(f, key, value, FLOW_KEYS);
    changed ||= next !== f;
    return next;
  });
  return changed ? { ...def, flows } : def;
}

/** Renames a node and every reference to it (flows, boundary timers). Null if the id is taken. */
export function renameNode(
  def: ProcessDefinition,
  from: string,
  to: string,
): ProcessDefinition | null {
  if (from === to) return def;
  if (usedIds(def).has(to)) return null;
  return {
    ...def,
    nodes: def.nodes.map((n) => {
      let next: ProcessNode = n.id === from ? withKey(n, 'id', to) : n;
      if (isBoundary(next) && next.attachedTo === from) next = withKey(next, 'attachedTo', to);
      return next;
    }),
    flows: def.flows.map((f) => {
      let next = f.from === from ? withKey(f, 'from', to) : f;
      if (next.to === from) next = withKey(next, 'to', to);
      return next;
    }),
  };
}

/** Flows leaving a node, in definition order (the order an exclusive gateway tries them). */
export function outgoing(def: ProcessDefinition, nodeId: string): Flow[] {
  return def.flows.filter((f) => f.from === nodeId);
}

/** Decodes a JSON pointer (RFC 6901) into its reference tokens. */
export function pointerTokens(pointer: string): string[] {
  if (!pointer.startsWith('/')) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * What a problem's pointer is about: `/nodes/3/form` -> the fourth node, `/flows/2/condition`
 * -> the third flow (and the node it leaves). Null for the process itself.
 */
export function problemTarget(
  def: ProcessDefinition,
  pointer: string | undefined,
): { nodeId?: string; flowId?: string } | null {
  const [list, index] = pointerTokens(pointer ?? '');
  if (index === undefined || !/^\d+$/.test(index)) return null;
  if (list === 'nodes') {
    const node = def.nodes[Number(index)];
    return node ? { nodeId: node.id } : null;
  }
  if (list === 'flows') {
    const flow = def.flows[Number(index)];
    return flow ? { flowId: flow.id, nodeId: flow.from } : null;
  }
  return null;
}

/** How many problems point at each node id and flow id. */
export function problemCounts(def: ProcessDefinition, pointers: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (id: string | undefined) => {
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  for (const pointer of pointers) {
    const target = problemTarget(def, pointer);
    bump(target?.nodeId);
    bump(target?.flowId);
  }
  return counts;
}
