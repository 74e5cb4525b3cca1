/**
 * Where an exported process's shapes stand: at the centres the studio gives (its canvas), any
 * node it does not place where a layered left-to-right layout (dagre) puts it. Shapes have the
 * sizes bpmn.io draws (tasks 100×80, gateways 50×50, events 36×36); a boundary event sits on its
 * host's lower border.
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { ProcessDefinition } from '../generated/index.ts';
import type { Positions } from './bpmn-import.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function shapeOf(type: string): { width: number; height: number; boundary: boolean } {
  switch (type) {
    case 'userTask':
    case 'serviceTask':
    case 'callActivity':
    case 'businessRuleTask':
      return { width: 100, height: 80, boundary: false };
    case 'exclusiveGateway':
    case 'parallelGateway':
    case 'inclusiveGateway':
    case 'eventBasedGateway':
      return { width: 50, height: 50, boundary: false };
    case 'boundaryTimer':
    case 'boundaryError':
    case 'boundaryMessage':
      return { width: 36, height: 36, boundary: true };
    default:
      return type.endsWith('Task') || type === 'subProcess'
        ? { width: 100, height: 80, boundary: false }
        : { width: 36, height: 36, boundary: false };
  }
}

function autoCentres(def: ProcessDefinition): Positions {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 60, ranksep: 70, marginx: 150, marginy: 80 });
  g.setDefaultEdgeLabel(() => ({}));
  const hostOf = new Map<string, string>();
  for (const n of def.nodes) {
    const s = shapeOf(n.type);
    if (s.boundary && 'attachedTo' in n) hostOf.set(n.id, n.attachedTo);
    else g.setNode(n.id, { width: s.width, height: s.height + 40 });
  }
  for (const f of def.flows) {
    const from = hostOf.get(f.from) ?? f.from;
    if (g.hasNode(from) && g.hasNode(f.to)) g.setEdge(from, f.to, {}, f.id);
  }
  dagreLayout(g);
  const out: Positions = {};
  for (const id of g.nodes()) {
    const p = g.node(id) as { x: number; y: number };
    out[id] = { x: Math.round(p.x), y: Math.round(p.y) };
  }
  return out;
}

/** Every node's box: given centres first, the automatic layout for the rest. */
export function layoutFor(def: ProcessDefinition, given?: Positions): Map<string, Box> {
  const placed = def.nodes.filter((n) => !shapeOf(n.type).boundary);
  const complete = given && placed.every((n) => given[n.id]);
  const auto = complete ? {} : autoCentres(def);
  const boxes = new Map<string, Box>();
  for (const n of placed) {
    const c = given?.[n.id] ?? auto[n.id] ?? { x: 0, y: 0 };
    const s = shapeOf(n.type);
    boxes.set(n.id, {
      x: Math.round(c.x - s.width / 2),
      y: Math.round(c.y - s.height / 2),
      width: s.width,
      height: s.height,
    });
  }
  // boundary events along their host's lower border, left to right
  const count = new Map<string, number>();
  for (const n of def.nodes) {
    if (!shapeOf(n.type).boundary || !('attachedTo' in n)) continue;
    const host = boxes.get(n.attachedTo);
    if (!host) continue;
    const k = count.get(n.attachedTo) ?? 0;
    count.set(n.attachedTo, k + 1);
    boxes.set(n.id, {
      x: Math.round(host.x + host.width - 28 - 40 * k - 18),
      y: host.y + host.height - 18,
      width: 36,
      height: 36,
    });
  }
  return boxes;
}
