/** A process definition indexed for the interpreter: nodes by id, flows in and out. */
import type {
  BoundaryErrorNode,
  BoundaryMessageNode,
  BoundaryTimerNode,
  Flow,
  ProcessDefinition,
  ProcessNode,
} from '../generated/index.ts';

export interface ProcessGraph {
  readonly definition: ProcessDefinition;
  readonly nodes: ReadonlyMap<string, ProcessNode>;
  readonly flows: ReadonlyMap<string, Flow>;
  readonly outgoing: ReadonlyMap<string, readonly Flow[]>;
  readonly incoming: ReadonlyMap<string, readonly Flow[]>;
  /** Boundary timers by the id of the node they are attached to. */
  readonly boundaries: ReadonlyMap<string, readonly BoundaryTimerNode[]>;
  /** Error boundary events by the id of the node they are attached to, in definition order. */
  readonly errorBoundaries: ReadonlyMap<string, readonly BoundaryErrorNode[]>;
  /** Message boundary events by the id of the node they are attached to, in definition order. */
  readonly messageBoundaries: ReadonlyMap<string, readonly BoundaryMessageNode[]>;
  /** The process's own start (the one not inside an embedded subprocess). */
  readonly start: ProcessNode | undefined;
  /** The start inside each embedded subprocess, by the subprocess's id. */
  readonly starts: ReadonlyMap<string, ProcessNode>;
}

/**
 * The embedded subprocess a node is inside (`parent`; a boundary event is inside what its host
 * is inside), undefined for a node of the process itself.
 */
export function parentOf(graph: ProcessGraph, nodeId: string): string | undefined {
  const node = graph.nodes.get(nodeId);
  if (!node) return undefined;
  if (isBoundaryNode(node)) return parentOf(graph, node.attachedTo);
  return node.parent;
}

/**
 * The error boundary on `hostId` that catches `code`: the one naming it, else the host's
 * catch-all (no `errorCode`); none when neither is there (the error is an incident).
 */
export function errorBoundaryFor(
  graph: ProcessGraph,
  hostId: string,
  code: string,
): BoundaryErrorNode | undefined {
  const attached = graph.errorBoundaries.get(hostId) ?? [];
  return (
    attached.find((b) => b.errorCode === code) ?? attached.find((b) => b.errorCode === undefined)
  );
}

/** A boundary event (timer, error or message), which hangs off the node it is attached to. */
export function isBoundaryNode(
  n: ProcessNode,
): n is BoundaryTimerNode | BoundaryErrorNode | BoundaryMessageNode {
  return n.type === 'boundaryTimer' || n.type === 'boundaryError' || n.type === 'boundaryMessage';
}

export function buildGraph(definition: ProcessDefinition): ProcessGraph {
  const nodes = new Map<string, ProcessNode>();
  for (const n of definition.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const flows = new Map<string, Flow>();
  const outgoing = new Map<string, Flow[]>();
  const incoming = new Map<string, Flow[]>();
  for (const f of definition.flows) {
    if (!flows.has(f.id)) flows.set(f.id, f);
    push(outgoing, f.from, f);
    push(incoming, f.to, f);
  }
  const boundaries = new Map<string, BoundaryTimerNode[]>();
  const errorBoundaries = new Map<string, BoundaryErrorNode[]>();
  const messageBoundaries = new Map<string, BoundaryMessageNode[]>();
  for (const n of definition.nodes) {
    if (n.type === 'boundaryTimer') push(boundaries, n.attachedTo, n);
    if (n.type === 'boundaryError') push(errorBoundaries, n.attachedTo, n);
    if (n.type === 'boundaryMessage') push(messageBoundaries, n.attachedTo, n);
  }
  const starts = new Map<string, ProcessNode>();
  for (const n of definition.nodes)
    if (n.type === 'start' && n.parent !== undefined && !starts.has(n.parent))
      starts.set(n.parent, n);
  return {
    definition,
    nodes,
    flows,
    outgoing,
    incoming,
    boundaries,
    messageBoundaries,
    errorBoundaries,
    start: definition.nodes.find((n) => n.type === 'start' && n.parent === undefined),
    starts,
  };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
