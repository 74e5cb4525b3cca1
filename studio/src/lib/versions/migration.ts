/**
 * The node mapping of an instance migration: one row per node where tokens wait, mapped by
 * default to the node of the same id in the target version; the request carries only the
 * rows that differ from that default (the engine maps the others by id).
 */

export interface TargetNode {
  id: string;
  type: string;
}

/** The distinct nodes the instance's tokens wait at, in token order. */
export function tokenNodes(tokens: { nodeId: string }[]): string[] {
  return [...new Set(tokens.map((t) => t.nodeId))];
}

/** Each token node to the same id in the target, or '' when the target has no such node. */
export function defaultMapping(nodes: string[], target: TargetNode[]): Record<string, string> {
  const ids = new Set(target.map((n) => n.id));
  return Object.fromEntries(nodes.map((n) => [n, ids.has(n) ? n : '']));
}

/** The `mapping` of the migrate request: only the rows mapped to another node. */
export function mappingBody(mapping: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).filter(([from, to]) => to && to !== from));
}

/** The nodes of a process definition body (id and type). */
export function nodesOf(body: unknown): TargetNode[] {
  const nodes = (body as { nodes?: unknown } | null)?.nodes;
  return Array.isArray(nodes)
    ? nodes.filter(
        (n): n is TargetNode =>
          typeof n === 'object' && n !== null && typeof (n as TargetNode).id === 'string',
      )
    : [];
}
