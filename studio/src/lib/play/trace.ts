/**
 * What a play marks on the process diagram: the nodes it went through, the flows it took and
 * where its tokens wait now (the editor's `trace`).
 *
 * @example
 *   traceOf(view) // { nodes: Set { 'start', 'review' }, flows: Set { 'f1' }, waiting: Set { 'review' } }
 */
import type { PlayView } from './api';

export interface PlayTrace {
  nodes: ReadonlySet<string>;
  flows: ReadonlySet<string>;
  waiting: ReadonlySet<string>;
}

export function traceOf(view: PlayView | null | undefined): PlayTrace | undefined {
  if (!view || view.status === 'new') return undefined;
  return {
    nodes: new Set(view.path.nodes.map((n) => n.nodeId)),
    flows: new Set(view.path.flows),
    waiting: new Set(view.path.waiting.map((w) => w.nodeId)),
  };
}
