/**
 * Where the nodes sit on the canvas, kept apart from the definition: computed with dagre
 * (left to right, room kept for the flows' labels) when nothing is stored, and remembered per
 * process in localStorage after the designer moves something. A stored layout is completed for
 * nodes it does not know. Boundary timers are not placed: they sit on their host's border.
 *
 * @example
 *   const layout = completeLayout(def, loadLayout(def.id));
 *   saveLayout(def.id, { ...layout, assess: { x: 400, y: 120 } });
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { ProcessDefinition } from '@caseway/engine/types';
import { flowLabelSize } from './labels';
import {
  boundaryCounts,
  boundaryNames,
  boundarySlots,
  isBoundary,
  scopeOf,
  type Layout,
  type NodeType,
  type XY,
} from './model';
import type { Lang } from '$lib/i18n';
import { boundaryDepth, boundarySpot, eventNameBox, NAME_BELOW, shapeSize } from './shapes';

/** Size of a node in the dashboards' heat map (boxes with the name inside). */
export function nodeSize(type: NodeType): { width: number; height: number } {
  switch (type) {
    case 'userTask':
    case 'serviceTask':
    case 'callActivity':
    case 'subProcess':
    case 'businessRuleTask':
    case 'messageCatch':
      return { width: 180, height: 64 };
    default:
      return { width: 120, height: 56 };
  }
}

/**
 * A layered left-to-right layout of every node but boundary timers: a flow leaving a boundary
 * timer counts as leaving its host, and a labelled flow gets room for its label between its
 * ends (labels.ts then places the labels themselves).
 */
export function autoLayout(def: ProcessDefinition, lang: Lang = 'zh-Hant'): Layout {
  // each level on its own: the process, and the inside of each subprocess (a canvas of its own)
  const scopes = [undefined, ...def.nodes.filter((n) => n.type === 'subProcess').map((n) => n.id)];
  const out: Layout = {};
  for (const scope of scopes) {
    const nodes = def.nodes.filter((n) => scopeOf(def, n) === scope);
    if (!nodes.length) continue;
    const ids = new Set(nodes.map((n) => n.id));
    const flows = def.flows.filter((f) => ids.has(f.from) && ids.has(f.to));
    Object.assign(out, layoutLevel({ ...def, nodes, flows }, lang));
  }
  return out;
}

/**
 * One level laid out: dagre, then room beside the small hosts whose boundary events' names
 * reach past their shape (a message catch's timer writes its name beside its circle, in the gap
 * a flow into the catch rises through): laid out again with that room kept on the side each
 * name took, so a flow can rise beside the name rather than through it (routes.ts).
 */
function layoutLevel(def: ProcessDefinition, lang: Lang): Layout {
  const first = dagreLevel(def, lang, new Map());
  const reach = nameReach(def, first);
  return reach.size ? dagreLevel(def, lang, reach) : first;
}

/** How far each host's boundary names reach past its shape's left and right ends. */
function nameReach(
  def: ProcessDefinition,
  layout: Layout,
): Map<string, { left: number; right: number }> {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const slots = boundarySlots(def.nodes);
  const out = new Map<string, { left: number; right: number }>();
  for (const [id, name] of boundaryNames(def.nodes, def.flows, layout)) {
    const boundary = byId.get(id);
    const host = boundary && isBoundary(boundary) ? byId.get(boundary.attachedTo) : undefined;
    if (!host) continue;
    const { index, count } = slots.get(id)!;
    const x = boundarySpot(host.type, index, count).x + name.x;
    const left = Math.max(0, -x);
    const right = Math.max(0, x + name.width - shapeSize(host.type).width);
    if (!left && !right) continue;
    const was = out.get(host.id) ?? { left: 0, right: 0 };
    out.set(host.id, { left: Math.max(was.left, left), right: Math.max(was.right, right) });
  }
  return out;
}

/**
 * `def`'s nodes placed by dagre, each node's box as wide as its shape (at least 110, for an
 * event's name under it) and, for a host in `reach`, its boundary names beside it.
 */
function dagreLevel(
  def: ProcessDefinition,
  lang: Lang,
  reach: Map<string, { left: number; right: number }>,
): Layout {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 44, ranksep: 40, edgesep: 16, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  /** A node's box across, from its shape's left end: at least 110 wide round its centre. */
  const across = (id: string, type: NodeType) => {
    const size = shapeSize(type);
    const names = reach.get(id) ?? { left: 0, right: 0 };
    return {
      left: Math.min(size.width / 2 - 55, -names.left),
      right: Math.max(size.width / 2 + 55, size.width + names.right),
    };
  };
  const hostOf = new Map<string, string>();
  const carried = boundaryCounts(def.nodes);
  for (const n of def.nodes) {
    if (isBoundary(n)) {
      hostOf.set(n.id, n.attachedTo);
      continue;
    }
    // events and gateways keep their name under the shape, in the gap between ranks' rows; a
    // host keeps room under it for its boundary events' names (and as much above, so that it
    // stays level with what it is joined to; an event's own name goes there, eventNameBox)
    const depth = boundaryDepth(carried.get(n.id) ?? 0);
    const { left, right } = across(n.id, n.type);
    g.setNode(n.id, { width: right - left, height: shapeSize(n.type).height + 2 * depth });
  }
  for (const f of def.flows) {
    const from = hostOf.get(f.from) ?? f.from;
    if (!g.hasNode(from) || !g.hasNode(f.to)) continue;
    // a labelled flow gets a rank of its own between its ends, as wide as its label
    const label = flowLabelSize(def, f, lang);
    g.setEdge(from, f.to, label ? { ...label, labelpos: 'c' } : {}, f.id);
  }
  dagreLayout(g);
  const out: Layout = {};
  for (const n of def.nodes) {
    if (isBoundary(n)) continue;
    const p = g.node(n.id) as { x: number; y: number };
    const size = shapeSize(n.type);
    const { left, right } = across(n.id, n.type);
    // the shape's top left, where dagre put the node (centred, but for its names beside it)
    out[n.id] = {
      x: Math.round(p.x - (left + right) / 2),
      y: Math.round(p.y - size.height / 2),
    };
  }
  lowerBoundaryTargets(def, out);
  return out;
}

/** The most a boundary event's target is moved down (further, it stays where dagre put it). */
const MAX_LOWER = 120;

/**
 * Moves down a boundary event's target that dagre put beside or above its host, a little to
 * its right, when the room below is free: the flow leaves the boundary's circle downwards
 * (Svelte Flow's smooth-step path, 16 px before it turns), and rising to a target level with
 * the host it turned back up through the target's name; with its target lower, it goes down
 * and then across, one bend.
 */
function lowerBoundaryTargets(def: ProcessDefinition, out: Layout): void {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const slots = boundarySlots(def.nodes);
  const carried = boundaryCounts(def.nodes);
  /** A node's box with the room its name (eventNameBox) and its boundary events' names take. */
  const room = (id: string, at: XY) => {
    const type = byId.get(id)!.type;
    const size = shapeSize(type);
    const depth = boundaryDepth(carried.get(id) ?? 0);
    const name = eventNameBox(type, carried.has(id));
    const top = Math.min(0, name?.y ?? 0);
    const bottom = Math.max(size.height + depth, name ? name.y + name.height : 0);
    const left = Math.min(0, name?.x ?? 0);
    return {
      x: at.x + left,
      y: at.y + top,
      width: Math.max(size.width, name ? name.x + name.width : 0) - left,
      height: bottom - top,
    };
  };
  for (const f of def.flows) {
    const boundary = byId.get(f.from);
    const target = byId.get(f.to);
    if (!boundary || !isBoundary(boundary) || !target || isBoundary(target)) continue;
    const host = byId.get(boundary.attachedTo);
    const at = host && out[host.id];
    const to = out[target.id];
    if (!host || !at || !to || target.id === host.id) continue;
    const { index, count } = slots.get(boundary.id)!;
    const spot = boundarySpot(host.type, index, count);
    const circle = shapeSize(boundary.type);
    const bottom = at.y + spot.y + circle.height;
    const size = shapeSize(target.type);
    const wanted = bottom + 16 + 8 - size.height / 2;
    if (to.y >= wanted || wanted - to.y > MAX_LOWER) continue;
    if (to.x < at.x + spot.x + circle.width + 16) continue;
    const moved = { x: to.x, y: Math.round(wanted) };
    const box = room(target.id, moved);
    const free = Object.entries(out).every(([id, p]) => {
      if (id === target.id) return true;
      const o = room(id, p);
      return (
        box.x + box.width + 8 <= o.x ||
        o.x + o.width + 8 <= box.x ||
        box.y + box.height + 8 <= o.y ||
        o.y + o.height + 8 <= box.y
      );
    });
    if (free) out[target.id] = moved;
  }
}

/**
 * `stored` for the nodes it places (dropping nodes that no longer exist), the rest where dagre
 * puts them; the whole automatic layout when nothing is stored.
 */
export function completeLayout(
  def: ProcessDefinition,
  stored: Layout | null,
  lang: Lang = 'zh-Hant',
): Layout {
  // boundary events have no place of their own: they sit on their host
  const ids = def.nodes.filter((n) => !isBoundary(n)).map((n) => n.id);
  if (stored && ids.every((id) => stored[id])) {
    return Object.fromEntries(ids.map((id) => [id, stored[id]!]));
  }
  const auto = autoLayout(def, lang);
  if (!stored) return auto;
  return Object.fromEntries(ids.map((id) => [id, stored[id] ?? auto[id]!]));
}

/**
 * A free spot for a new node of `type`: right of `near` (the selection) when given (right of a
 * boundary timer's host, a row lower), moved down until it overlaps nothing; else around
 * `centre` (the middle of what the canvas shows), else below everything.
 */
export function placeNear(
  def: ProcessDefinition,
  layout: Layout,
  type: NodeType,
  near?: string,
  centre?: XY,
): XY {
  const size = shapeSize(type);
  const boxes = def.nodes.flatMap((n) => {
    const p = layout[n.id];
    if (!p) return [];
    const s = shapeSize(n.type);
    return [
      { x: p.x, y: p.y, width: s.width, height: s.height + (s.width < 100 ? NAME_BELOW : 0) },
    ];
  });
  const free = (p: XY) =>
    !boxes.some(
      (b) =>
        p.x < b.x + b.width + 24 &&
        b.x < p.x + size.width + 24 &&
        p.y < b.y + b.height + 20 &&
        b.y < p.y + size.height + 20,
    );
  const nearNode = near ? def.nodes.find((n) => n.id === near) : undefined;
  // a boundary timer has no spot of its own (it sits on its host's lower border): what follows
  // it goes right of its host, one row lower, where its flow leaves downwards
  const host =
    nearNode && isBoundary(nearNode)
      ? def.nodes.find((n) => n.id === nearNode.attachedTo)
      : undefined;
  const baseNode = host ?? nearNode;
  const below = host ? shapeSize(host.type).height + 40 : 0;
  const base = baseNode && layout[baseNode.id];
  if (base && baseNode) {
    const from = shapeSize(baseNode.type);
    const start = {
      x: base.x + from.width + 80,
      y: Math.round(base.y + below + from.height / 2 - size.height / 2),
    };
    for (let k = 0; k < 40; k++) {
      const dy = (k % 2 ? 1 : -1) * Math.ceil(k / 2) * (size.height + 40);
      const p = { x: start.x, y: start.y + dy };
      if (free(p)) return p;
    }
    return start;
  }
  if (centre) {
    const start = {
      x: Math.round(centre.x - size.width / 2),
      y: Math.round(centre.y - size.height / 2),
    };
    for (let k = 0; k < 40; k++) {
      const dy = (k % 2 ? 1 : -1) * Math.ceil(k / 2) * (size.height + 40);
      const p = { x: start.x, y: start.y + dy };
      if (free(p)) return p;
    }
    return start;
  }
  const bottom = boxes.reduce((m, b) => Math.max(m, b.y + b.height), -40);
  const left = boxes.reduce((m, b) => Math.min(m, b.x), Infinity);
  return { x: Number.isFinite(left) ? left : 20, y: bottom + 60 };
}

const key = (processId: string) => `caseway.process-layout.${processId}`;

/** The layout stored for a process, or null (none, unreadable, or no localStorage). */
export function loadLayout(
  processId: string,
  storage: Storage | undefined = globalThis.localStorage,
): Layout | null {
  try {
    const text = storage?.getItem(key(processId));
    if (!text) return null;
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const out: Layout = {};
    for (const [id, p] of Object.entries(parsed as Record<string, unknown>)) {
      const q = p as Partial<XY> | null;
      if (q && typeof q.x === 'number' && typeof q.y === 'number') out[id] = { x: q.x, y: q.y };
    }
    return out;
  } catch {
    return null;
  }
}

export function saveLayout(
  processId: string,
  layout: Layout,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(key(processId), JSON.stringify(layout));
  } catch {
    // Storage full or refused (private mode): the layout is recomputed next time.
  }
}

export function forgetLayout(
  processId: string,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    storage?.removeItem(key(processId));
  } catch {
    // nothing stored
  }
}
