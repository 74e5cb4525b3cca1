/**
 * The inclusive gateway's join, decided from the graph and the tokens alone: it waits for the
 * tokens that can still arrive. It may fire once no other token of the case can reach an
 * incoming flow without a token (a path from where that token is to the flow, not passing
 * through the join itself), so a branch its fork did not take, or one whose token left along
 * another path (an interrupting boundary event, an end), is not waited for. A token held at
 * another join that can also reach an incoming flow that HAS a token is not waited for either
 * (BPMN 2.0 §13.3.2 says so of every token; here only of those that wait themselves): it could
 * only come round the loop again. Without that, joins in a loop, each reachable from the other's
 * tokens through the loop's back flow, wait for each other for ever; a token at a task still
 * holds the join back, since it moves on by itself. Pure, like the rest of the step.
 *
 * @example
 *   // a fork took `a` and `b` of a, b, c; `a` has arrived, `b` still waits at its task
 *   joinReady(graph, 'merge', tokens); // false: b's token can reach the flow b -> merge
 */
import { isBoundaryNode, type ProcessGraph } from './graph.ts';
import type { Token } from './types.ts';

/** Where each node can send a token next: its flows, and the boundary events on it. */
const successors = new WeakMap<ProcessGraph, Map<string, string[]>>();

function nextOf(graph: ProcessGraph): Map<string, string[]> {
  let next = successors.get(graph);
  if (!next) {
    next = new Map();
    const link = (a: string, b: string) => next!.set(a, [...(next!.get(a) ?? []), b]);
    for (const f of graph.definition.flows) link(f.from, f.to);
    for (const n of graph.definition.nodes)
      if (isBoundaryNode(n)) link(n.attachedTo, n.id);
      // a token inside an embedded subprocess leaves with it, along its flows
      else if (n.parent !== undefined) link(n.id, n.parent);
    successors.set(graph, next);
  }
  return next;
}

/** The nodes a token at `from` can still reach (itself included), never passing `join`. */
function reachable(graph: ProcessGraph, from: string, join: string): Set<string> {
  const next = nextOf(graph);
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length) {
    for (const n of next.get(stack.pop()!) ?? []) {
      if (seen.has(n) || n === join) continue;
      seen.add(n);
      stack.push(n);
    }
  }
  return seen;
}

/** The tokens parked at the inclusive gateway `join`, waiting for the others. */
export function parkedAt(join: string, tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.nodeId === join && t.wait.kind === 'join');
}

/**
 * Whether the inclusive join `join` may fire: some token is parked at it, and no token elsewhere
 * can still reach an incoming flow that has none (a token held at another join only if it cannot
 * reach one that has one).
 */
export function joinReady(graph: ProcessGraph, join: string, tokens: readonly Token[]): boolean {
  const parked = parkedAt(join, tokens);
  if (!parked.length) return false;
  const filled = new Set(parked.map((t) => (t.wait.kind === 'join' ? t.wait.flowId : '')));
  const empty = (graph.incoming.get(join) ?? []).filter((f) => !filled.has(f.id));
  if (!empty.length) return true;
  const full = (graph.incoming.get(join) ?? []).filter((f) => filled.has(f.id));
  const others = tokens.filter((t) => t.nodeId !== join);
  const cache = new Map<string, Set<string>>();
  return !others.some((t) => {
    let from = cache.get(t.nodeId);
    if (!from) cache.set(t.nodeId, (from = reachable(graph, t.nodeId, join)));
    if (!empty.some((f) => from.has(f.from))) return false;
    return t.wait.kind !== 'join' || !full.some((f) => from.has(f.from));
  });
}
