/**
 * The process graph of the heat map: where dagre puts each node (left to right, the sizes of
 * the process editor) and the bends of each flow, plus each node's share of the time spent.
 *
 * @example
 *   const g = graphLayout(definition);          // { nodes: [{ id, x, y, width, height, type }], edges, width, height }
 *   shares({ classify: 3_600_000, investigate: 1_800_000 });   // { classify: 0.667, investigate: 0.333 }
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { ProcessDefinition } from '@caseway/engine/types';
import { nodeSize } from '$lib/process/layout';

export interface PlacedNode {
  id: string;
  type: string;
  name: unknown;
  /** Top left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  id: string;
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

type Shape = Pick<ProcessDefinition, 'nodes' | 'flows'>;

export function graphLayout(def: Shape): GraphLayout {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 50, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of def.nodes) g.setNode(n.id, { ...nodeSize(n.type) });
  const edges = def.flows.filter((f) => g.hasNode(f.from) && g.hasNode(f.to));
  for (const f of edges) g.setEdge(f.from, f.to, {}, f.id);
  for (const n of def.nodes)
    if (
      (n.type === 'boundaryTimer' || n.type === 'boundaryError' || n.type === 'boundaryMessage') &&
      g.hasNode(n.attachedTo)
    )
      g.setEdge(n.attachedTo, n.id, {}, `${n.id}-attached`);
  dagreLayout(g);
  const graph = g.graph() as { width?: number; height?: number };
  return {
    nodes: def.nodes.map((n) => {
      const p = g.node(n.id) as { x: number; y: number; width: number; height: number };
      return {
        id: n.id,
        type: n.type,
        name: n.name,
        x: p.x - p.width / 2,
        y: p.y - p.height / 2,
        width: p.width,
        height: p.height,
      };
    }),
    edges: edges.map((f) => ({
      id: f.id,
      points: (g.edge(f.from, f.to, f.id) as { points?: { x: number; y: number }[] }).points ?? [],
    })),
    width: graph.width ?? 0,
    height: graph.height ?? 0,
  };
}

/** Each node's part of the total (0 to 1); empty when no time was spent. */
export function shares(totals: Record<string, number>): Record<string, number> {
  const sum = Object.values(totals).reduce((a, b) => a + Math.max(0, b), 0);
  if (!sum) return {};
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Math.max(0, v) / sum]));
}
