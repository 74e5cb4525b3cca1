/**
 * Where the nodes sit on the canvas, kept apart from the definition: computed with dagre
 * (left to right) when nothing is stored, and remembered per process in localStorage after the
 * designer moves something. A stored layout is completed for nodes it does not know.
 *
 * @example
 *   const layout = completeLayout(def, loadLayout(def.id));
 *   saveLayout(def.id, { ...layout, assess: { x: 400, y: 120 } });
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { ProcessDefinition } from '@caseway/engine/types';
import type { Layout, NodeType, XY } from './model';

/** Size of a node on the canvas (tasks are boxes, events and gateways small shapes). */
export function nodeSize(type: NodeType): { width: number; height: number } {
  switch (type) {
    case 'userTask':
    case 'serviceTask':
    case 'callActivity':
    case 'messageCatch':
      return { width: 180, height: 64 };
    default:
      return { width: 120, height: 56 };
  }
}

/** A layered left-to-right layout of every node (boundary timers below their host). */
export function autoLayout(def: ProcessDefinition): Layout {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of def.nodes) g.setNode(n.id, { ...nodeSize(n.type) });
  for (const f of def.flows) if (g.hasNode(f.from) && g.hasNode(f.to)) g.setEdge(f.from, f.to);
  for (const n of def.nodes)
    if (n.type === 'boundaryTimer' && g.hasNode(n.attachedTo)) g.setEdge(n.attachedTo, n.id);
  dagreLayout(g);
  const out: Layout = {};
  for (const n of def.nodes) {
    const p = g.node(n.id) as { x: number; y: number; width: number; height: number };
    out[n.id] = { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) };
  }
  return out;
}

/**
 * `stored` for the nodes it places (dropping nodes that no longer exist), the rest where dagre
 * puts them; the whole automatic layout when nothing is stored.
 */
export function completeLayout(def: ProcessDefinition, stored: Layout | null): Layout {
  const ids = def.nodes.map((n) => n.id);
  if (stored && ids.every((id) => stored[id])) {
    return Object.fromEntries(ids.map((id) => [id, stored[id]!]));
  }
  const auto = autoLayout(def);
  if (!stored) return auto;
  return Object.fromEntries(ids.map((id) => [id, stored[id] ?? auto[id]!]));
}

/** A free spot for a new node: right of `near` if given, else below everything. */
export function placeNear(layout: Layout, near: string | undefined): XY {
  const taken = Object.values(layout);
  const base = near ? layout[near] : undefined;
  if (base) {
    let p = { x: base.x + 240, y: base.y };
    while (taken.some((q) => Math.abs(q.x - p.x) < 100 && Math.abs(q.y - p.y) < 60))
      p = { x: p.x, y: p.y + 90 };
    return p;
  }
  const bottom = taken.reduce((m, q) => Math.max(m, q.y), -90);
  const left = taken.reduce((m, q) => Math.min(m, q.x), Infinity);
  return { x: Number.isFinite(left) ? left : 20, y: bottom + 110 };
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
