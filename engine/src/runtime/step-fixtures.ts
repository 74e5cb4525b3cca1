/**
 * Builders for the pure step's tests: a process from a node list and `[from, to, condition?]`
 * flows, and a run that applies events one after another and keeps every step's effects.
 * Ids are the step's own (`i1.k3` is the task made with sequence number 3 of instance i1), so
 * tables can name them.
 */
import type { ProcessDefinition } from '../generated/index.ts';
import { buildGraph, type ProcessGraph } from './graph.ts';
import { initialState, step } from './step.ts';
import type { Effect, Event, InstanceState, StepContext } from './types.ts';

export const NOW = Date.parse('2026-03-02T09:00:00Z');
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

export type NodeSpec = { id: string; type: string } & Record<string, unknown>;
export type FlowSpec = [from: string, to: string, condition?: string];

/** A process graph; flows are `f0`, `f1`, … in the order given. */
export function graphOf(
  nodes: NodeSpec[],
  flows: FlowSpec[],
  extra: Partial<ProcessDefinition> = {},
): ProcessGraph {
  return buildGraph({
    id: 'p',
    version: 1,
    name: { 'zh-Hant': '測試', en: 'Test' },
    nodes,
    flows: flows.map(([from, to, condition], i) => ({
      id: `f${i}`,
      from,
      to,
      ...(condition ? { condition } : {}),
    })),
    ...extra,
  } as ProcessDefinition);
}

/** A context at `now` whose children are `c1`, `c2`, … */
export function contextAt(now = NOW): StepContext {
  let children = 0;
  return { now, newInstanceId: () => `c${++children}`, latestFormVersion: () => 1 };
}

export interface Run {
  state: InstanceState;
  /** Each step's effects, the start first. */
  steps: Effect[][];
  /** The last step's effects. */
  last: Effect[];
}

/** Starts instance `i1` with `variables` and applies `events` in order. */
export function run(
  graph: ProcessGraph,
  variables: Record<string, unknown>,
  events: Event[] = [],
  ctx: StepContext = contextAt(),
): Run {
  let state = initialState('i1', variables);
  const steps: Effect[][] = [];
  for (const event of [{ type: 'start', actor: 'u1' } as Event, ...events]) {
    const r = step(graph, state, event, ctx);
    state = r.state;
    steps.push(r.effects);
  }
  return { state, steps, last: steps.at(-1)! };
}

/** The effects other than history entries, as `type` or `type:id` where they name one. */
export function actions(effects: readonly Effect[]): string[] {
  return effects.filter((e) => e.type !== 'history').map(describe);
}

/** The history entry types, with the node where they have one (`node.entered:a`). */
export function historyOf(effects: readonly Effect[]): string[] {
  return effects.flatMap((e) =>
    e.type === 'history'
      ? [e.entry.nodeId ? `${e.entry.type}:${e.entry.nodeId}` : e.entry.type]
      : [],
  );
}

/** Where the tokens wait, as `node:kind`, in token order. */
export function waits(state: InstanceState): string[] {
  return state.tokens.map((t) => `${t.nodeId}:${t.wait.kind}`);
}

function describe(e: Effect): string {
  switch (e.type) {
    case 'createTask':
      return `createTask:${e.task.id}`;
    case 'closeTask':
      return `closeTask:${e.taskId}:${e.status}`;
    case 'scheduleTimer':
      return `scheduleTimer:${e.timer.id}`;
    case 'cancelTimer':
      return `cancelTimer:${e.timerId}`;
    case 'scheduleJob':
      return `scheduleJob:${e.job.id}`;
    case 'retryJob':
      return `retryJob:${e.jobId}`;
    case 'cancelJob':
      return `cancelJob:${e.jobId}`;
    case 'openIncident':
      return `openIncident:${e.jobId}`;
    case 'subscribe':
      return `subscribe:${e.subscription.id}`;
    case 'takeBufferedMessage':
      return `takeBufferedMessage:${e.subscriptionId}`;
    case 'unsubscribe':
      return `unsubscribe:${e.subscriptionId}`;
    case 'setBusinessKey':
      return `setBusinessKey:${e.key}${e.unique ? ':unique' : ''}`;
    case 'startChild':
      return `startChild:${e.child.id}`;
    case 'cancelChild':
      return `cancelChild:${e.childId}`;
    case 'instanceEnded':
      return `instanceEnded:${e.status}`;
    default:
      return e.type;
  }
}
