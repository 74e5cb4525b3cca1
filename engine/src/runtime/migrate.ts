/**
 * Instance migration to another version of its process, with an explicit node mapping.
 * Pure: it plans the moves and lists every reason to refuse; the executor applies a plan
 * only when it has no problems (and never in dry-run mode).
 */
import { say, type Lang } from '../locale/index.ts';
import type { ProcessGraph } from './graph.ts';
import { multiInstanceOf } from './step.ts';
import { boundaryMessagesOf, boundaryTimersOf, type InstanceState, type Token } from './types.ts';

type Params = Record<string, string | number>;
const REASON = <
  T extends Record<string, { 'zh-Hant': (p: Params) => string; en: (p: Params) => string }>,
>(
  t: T,
) => t;

/**
 * Why a case cannot move (or was skipped), each a sentence in zh-Hant and en of its values;
 * zh-Hans is the zh-Hant one converted. A problem keeps its key and values, so a report stored
 * by a batch is said again in whoever reads it's language.
 */
export const MIGRATION_REASONS = REASON({
  mappedNodeMissing: {
    'zh-Hant': (p) => `版本 ${p.version} 中沒有節點 ${p.node}`,
    en: (p) => `node ${p.node} does not exist in version ${p.version}`,
  },
  targetMissing: {
    'zh-Hant': (p) =>
      `有權杖在 ${p.node} 等待，但版本 ${p.version} 中沒有 ${p.target}；請對應到存在的節點`,
    en: (p) =>
      `a token waits at ${p.node}, but ${p.target} does not exist in version ${p.version}; map it to a node that does`,
  },
  waitLost: {
    'zh-Hant': (p) =>
      `權杖在 ${p.node} 等待（${p.wait}）；${p.target} 是 ${p.type}，等待狀態會遺失`,
    en: (p) =>
      `the token waits for a ${p.wait} at ${p.node}; ${p.target} is a ${p.type}, so that wait state would be lost`,
  },
  multiInstanceBody: {
    'zh-Hant': (p) => `權杖在多實例節點 ${p.node} 執行；${p.target} 必須是設有多實例的 ${p.type}`,
    en: (p) =>
      `the token runs multi-instance ${p.node}; ${p.target} must be a ${p.type} with multi-instance settings`,
  },
  notAnInstance: {
    'zh-Hant': (p) => `${p.target} 是多實例活動；${p.node} 的權杖不是它的實例`,
    en: (p) =>
      `${p.target} is a multi-instance activity; the token at ${p.node} is not one of its instances`,
  },
  otherMessage: {
    'zh-Hant': (p) => `${p.target} 等待訊息 ${p.message}，權杖訂閱的是 ${p.subscribed}`,
    en: (p) =>
      `${p.target} waits for message ${p.message}, the token's subscription is for ${p.subscribed}`,
  },
  joinFlowMissing: {
    'zh-Hant': (p) =>
      `權杖在匯合點 ${p.target} 等待流程 ${p.flow}，但在版本 ${p.version} 中該流程不進入此點`,
    en: (p) =>
      `the token waits at join ${p.target} for flow ${p.flow}, which does not enter it in version ${p.version}`,
  },
  timerDetached: {
    'zh-Hant': (p) =>
      `邊界計時器 ${p.boundary} 已在 ${p.node} 啟動，但在版本 ${p.version} 中沒有附在 ${p.target} 上`,
    en: (p) =>
      `boundary timer ${p.boundary} is armed on ${p.node} but is not attached to ${p.target} in version ${p.version}`,
  },
  messageBoundaryDetached: {
    'zh-Hant': (p) =>
      `訊息邊界事件 ${p.boundary} 正在 ${p.node} 等待訊息，但在版本 ${p.version} 中沒有附在 ${p.target} 上`,
    en: (p) =>
      `message boundary event ${p.boundary} is listening on ${p.node} but is not attached to ${p.target} in version ${p.version}`,
  },
  caseEnded: {
    'zh-Hant': (p) => `案件已${p.status === 'completed' ? '完成' : '結束'}（${p.status}）`,
    en: (p) => `the case is ${p.status}`,
  },
  alreadyOnTarget: {
    'zh-Hant': () => '案件已在目標版本',
    en: () => 'the case is on the target version already',
  },
});
export type MigrationReason = keyof typeof MIGRATION_REASONS;

/** A reason's sentence in `lang`. */
export function migrationReason(reason: MigrationReason, params: Params, lang: Lang): string {
  const r = MIGRATION_REASONS[reason];
  return say(lang, r['zh-Hant'](params), r.en(params));
}

/** Problems said in `lang`: those with a reason get its sentence, others keep their message. */
export function problemsIn<P extends { message: string; reason?: unknown; params?: unknown }>(
  problems: readonly P[],
  lang: Lang,
): P[] {
  return problems.map((p) =>
    typeof p.reason === 'string' && Object.hasOwn(MIGRATION_REASONS, p.reason)
      ? {
          ...p,
          message: migrationReason(p.reason as MigrationReason, (p.params ?? {}) as Params, lang),
        }
      : p,
  );
}

export interface MigrationProblem {
  code: 'CW_ERR_MIGRATION_REFUSED';
  tokenId: string;
  nodeId: string;
  /** JSON pointer into the request's mapping, or into the instance's tokens. */
  pointer: string;
  /** The sentence in English; {@link problemsIn} says it in another language. */
  message: string;
  reason: MigrationReason;
  params: Params;
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
  const refuse = (token: Token, pointer: string, reason: MigrationReason, params: Params) =>
    plan.problems.push({
      code: 'CW_ERR_MIGRATION_REFUSED',
      tokenId: token.id,
      nodeId: token.nodeId,
      pointer,
      message: migrationReason(reason, params, 'en'),
      reason,
      params,
    });

  for (const [source] of Object.entries(mapping)) {
    if (!from.nodes.has(source)) {
      const params = { node: source, version: from.definition.version };
      plan.problems.push({
        code: 'CW_ERR_MIGRATION_REFUSED',
        tokenId: '',
        nodeId: source,
        pointer: `/mapping/${escape(source)}`,
        message: migrationReason('mappedNodeMissing', params, 'en'),
        reason: 'mappedNodeMissing',
        params,
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
      refuse(token, pointer, 'targetMissing', {
        node: token.nodeId,
        target,
        version: to.definition.version,
      });
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
      refuse(token, pointer, 'waitLost', {
        wait: token.wait.kind,
        node: token.nodeId,
        target,
        type: node.type,
      });
      return;
    }
    const old = from.nodes.get(token.nodeId);
    // a multi-instance body and its instances stay on a multi-instance activity of the same
    // type, and a plain token never lands on one (it would leave as an instance of no body)
    const inBody = token.wait.kind === 'multiInstance' || token.instance !== undefined;
    if (inBody !== (multiInstanceOf(node) !== undefined) || (inBody && old?.type !== node.type)) {
      refuse(token, pointer, inBody ? 'multiInstanceBody' : 'notAnInstance', {
        node: token.nodeId,
        target,
        type: old?.type ?? 'node',
      });
      return;
    }
    if (
      node.type === 'messageCatch' &&
      old?.type === 'messageCatch' &&
      old.message !== node.message
    ) {
      refuse(token, pointer, 'otherMessage', {
        target,
        message: node.message,
        subscribed: old.message,
      });
      return;
    }
    if (token.wait.kind === 'join') {
      const flowId = token.wait.flowId;
      if (!(to.incoming.get(target) ?? []).some((f) => f.id === flowId)) {
        refuse(token, pointer, 'joinFlowMissing', {
          target,
          flow: flowId,
          version: to.definition.version,
        });
        return;
      }
    }
    {
      const attached = new Set((to.boundaries.get(target) ?? []).map((b) => b.id));
      for (const timerId of boundaryTimersOf(token.wait)) {
        const boundaryId = timerId.slice(timerId.indexOf('@') + 1);
        if (!attached.has(boundaryId)) {
          refuse(token, pointer, 'timerDetached', {
            boundary: boundaryId,
            node: token.nodeId,
            target,
            version: to.definition.version,
          });
          return;
        }
      }
      const listening = new Set((to.messageBoundaries.get(target) ?? []).map((b) => b.id));
      for (const subscriptionId of boundaryMessagesOf(token.wait)) {
        const boundaryId = subscriptionId.slice(subscriptionId.indexOf('@') + 1);
        if (!listening.has(boundaryId)) {
          refuse(token, pointer, 'messageBoundaryDetached', {
            boundary: boundaryId,
            node: token.nodeId,
            target,
            version: to.definition.version,
          });
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
