/**
 * Instance migration to another version of its process, with an explicit node mapping.
 * Pure: it plans the moves and lists every reason to refuse; the executor applies a plan
 * only when it has no problems (and never in dry-run mode).
 */
import type { ProcessGraph } from './graph.ts';
import { multiInstanceOf } from './step.ts';
import { boundaryTimersOf, type InstanceState, type Token } from './types.ts';

export interface MigrationProblem {
  code: 'CW_ERR_MIGRATION_REFUSED';
  tokenId: string;
  nodeId: string;
  /** JSON pointer into the request's mapping, or into the instance's tokens. */
  pointer: string;
  message: string;
}

export interface MigrationPlan {
  moves: { tokenId: string; from: string; to: string; wait: Token['wait']['kind'] }[];
  problems: MigrationProblem[];
}

/** Which node type keeps each kind of wait state alive. */
const WAIT_NODE_TYPE = {
  task: 'userTask',
  call: 'callActivity',
  timer: 'timer',
  message: 'messageCatch',
  job: 'serviceTask',
  join: ['parallelGateway', 'inclusiveGateway'],
  /** (a gateway holding its token keeps it at the same kind of gateway: see below) */
  gateway: 'exclusiveGateway',
  subProcess: 'subProcess',
  multiInstance: ['userTask', 'serviceTask', 'callActivity', 'subProcess'],
} as const;

export function planMigration(
  from: ProcessGraph,
  to: ProcessGraph,
  state: InstanceState,
  mapping: Record<string, string>,
): MigrationPlan {
  const plan: MigrationPlan = { moves: [], problems: [] };
  const refuse = (token: Token, pointer: string, message: string) =>
    plan.problems.push({
      code: 'CW_ERR_MIGRATION_REFUSED',
      tokenId: token.id,
      nodeId: token.nodeId,
      pointer,
      message,
    });

  for (const [source] of Object.entries(mapping)) {
    if (!from.nodes.has(source)) {
      plan.problems.push({
        code: 'CW_ERR_MIGRATION_REFUSED',
        tokenId: '',
        nodeId: source,
        pointer: `/mapping/${escape(source)}`,
        message: `node ${source} does not exist in version ${from.definition.version}`,
      });
    }
  }

  state.tokens.forEach((token, i) => {
    const target = mapping[token.nodeId] ?? token.nodeId;
    const pointer = mapping[token.nodeId]
      ? `/mapping/${escape(token.nodeId)}`
      : `/tokens/${i}/nodeId`;
    const node = to.nodes.get(target);
    if (!node) {
      refuse(
        token,
        pointer,
        `a token waits at ${token.nodeId}, but ${target} does not exist in version ${to.definition.version}; map it to a node that does`,
      );
      return;
    }
    const needed: readonly string[] =
      token.wait.kind === 'gateway'
        ? [from.nodes.get(token.nodeId)?.type ?? WAIT_NODE_TYPE.gateway]
        : token.wait.kind === 'job' && token.wait.undo
          ? // a compensation running its undos stays on a compensation throw or end
            ['compensateThrow', 'compensateEnd']
          : [WAIT_NODE_TYPE[token.wait.kind]].flat();
    if (!needed.includes(node.type)) {
      refuse(
        token,
        pointer,
        `the token waits for a ${token.wait.kind} at ${token.nodeId}; ${target} is a ${node.type}, so that wait state would be lost`,
      );
      return;
    }
    const old = from.nodes.get(token.nodeId);
    // a multi-instance body and its instances stay on a multi-instance activity of the same
    // type, and a plain token never lands on one (it would leave as an instance of no body)
    const inBody = token.wait.kind === 'multiInstance' || token.instance !== undefined;
    if (inBody !== (multiInstanceOf(node) !== undefined) || (inBody && old?.type !== node.type)) {
      refuse(
        token,
        pointer,
        inBody
          ? `the token runs multi-instance ${token.nodeId}; ${target} must be a ${old?.type ?? 'node'} with multi-instance settings`
          : `${target} is a multi-instance activity; the token at ${token.nodeId} is not one of its instances`,
      );
      return;
    }
    if (
      node.type === 'messageCatch' &&
      old?.type === 'messageCatch' &&
      old.message !== node.message
    ) {
      refuse(
        token,
        pointer,
        `${target} waits for message ${node.message}, the token's subscription is for ${old.message}`,
      );
      return;
    }
    if (token.wait.kind === 'join') {
      const flowId = token.wait.flowId;
      if (!(to.incoming.get(target) ?? []).some((f) => f.id === flowId)) {
        refuse(
          token,
          pointer,
          `the token waits at join ${target} for flow ${flowId}, which does not enter it in version ${to.definition.version}`,
        );
        return;
      }
    }
    {
      const attached = new Set((to.boundaries.get(target) ?? []).map((b) => b.id));
      for (const timerId of boundaryTimersOf(token.wait)) {
        const boundaryId = timerId.slice(timerId.indexOf('@') + 1);
        if (!attached.has(boundaryId)) {
          refuse(
            token,
            pointer,
            `boundary timer ${boundaryId} is armed on ${token.nodeId} but is not attached to ${target} in version ${to.definition.version}`,
          );
          return;
        }
      }
    }
    plan.moves.push({ tokenId: token.id, from: token.nodeId, to: target, wait: token.wait.kind });
  });
  return plan;
}

/** Applies a plan without problems to a state (the caller checks). */
export function applyMigration(state: InstanceState, plan: MigrationPlan): InstanceState {
  const next = structuredClone(state);
  for (const move of plan.moves) {
    const token = next.tokens.find((t) => t.id === move.tokenId);
    if (token) token.nodeId = move.to;
  }
  return next;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
