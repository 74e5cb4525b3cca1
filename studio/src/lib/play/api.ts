/**
 * Play mode over the engine's API: start a play of the draft being edited, move it, save it as
 * a scenario (docs/runtime.md, "Play mode and scenarios"). The types are what
 * `GET /api/plays/{id}` answers.
 */
import type { FormDefinition } from '@caseway/engine/types';
import type { Api, Problem } from '$lib/api';

type Text = { 'zh-Hant': string; en: string };

export interface PlayTask {
  id: string;
  instanceId: string;
  processId: string;
  nodeId: string;
  status: 'open' | 'completed' | 'cancelled';
  form: { id: string; version: number | null; draft: boolean; definition?: FormDefinition };
  prefill: Record<string, unknown>;
  data: Record<string, unknown> | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  priority: number;
  dueAt: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface PlayJob {
  id: string;
  instanceId: string;
  kind: 'service' | 'sla-action';
  nodeId: string | null;
  action: string;
  input: Record<string, unknown>;
  attempt: number;
  maxAttempts: number;
  runAt: string;
  status: 'pending' | 'done' | 'cancelled' | 'failed';
  error: string | null;
  result: unknown;
  example?: unknown;
  outputSchema?: Record<string, unknown> | null;
}

export interface PlayHistoryEntry {
  seq: number;
  step: number;
  at: string;
  instanceId: string;
  type: string;
  nodeId: string | null;
  tokenId: string | null;
  actor: string;
  data: Record<string, unknown> | null;
}

export type PlayAction =
  | { type: 'start'; data: Record<string, unknown> }
  | {
      type: 'completeTask';
      taskId?: string;
      node?: string;
      process?: string;
      data: Record<string, unknown>;
    }
  | {
      type: 'sendMessage';
      message: string;
      correlationKey?: string;
      payload?: Record<string, unknown>;
    }
  | { type: 'advanceClock'; by?: string; to?: string; next?: 'timer' | 'sla' }
  | { type: 'jobResult'; jobId?: string; node?: string; process?: string; result: unknown }
  | { type: 'jobFailed'; jobId?: string; node?: string; process?: string; error: string }
  | { type: 'cancel'; reason?: string };

export interface PlayStep {
  index: number;
  action: PlayAction;
  at: string;
  path: string[];
  variables: Record<string, unknown>;
}

export interface PlayView {
  id: string;
  processId: string;
  version: number;
  draft: boolean;
  status: 'new' | 'active' | 'completed' | 'cancelled';
  startedAt: string;
  now: string;
  timeZone: string | null;
  startForm: FormDefinition | null;
  instances: {
    id: string;
    processId: string;
    played: boolean;
    parentId: string | null;
    businessKey: string | null;
    status: 'active' | 'completed' | 'cancelled';
    outcome: string | null;
    variables: Record<string, unknown>;
    tokens: { id: string; nodeId: string; waitingFor: string }[];
  }[];
  tasks: PlayTask[];
  timers: {
    id: string;
    instanceId: string;
    kind: 'timer' | 'boundary' | 'sla';
    nodeId: string | null;
    dueAt: string;
    slaId?: string;
    slaName?: Text;
    percent?: number | null;
  }[];
  jobs: PlayJob[];
  messages: {
    awaited: {
      subscriptionId: string;
      instanceId: string;
      nodeId: string;
      message: string;
      correlationKey: string;
    }[];
    buffered: { id: string; message: string; correlationKey: string | null; expiresAt: string }[];
  };
  incidents: {
    id: string;
    workId: string;
    nodeId: string | null;
    error: string;
    at: string;
    status: string;
  }[];
  slas: {
    id: string;
    slaId: string;
    name: Text;
    taskId: string | null;
    status: 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
    targetMs: number;
    elapsedMs: number;
    fired: number[];
    dueAt: string | null;
    breachedAt: string | null;
  }[];
  path: {
    nodes: { nodeId: string; visits: number }[];
    flows: string[];
    waiting: { nodeId: string; waitingFor: string }[];
  };
  next: { timer: string | null; sla: string | null };
  history: PlayHistoryEntry[];
  steps: PlayStep[];
  warnings: Problem[];
}

const path = (id: string) => `/plays/${encodeURIComponent(id)}`;

/** Starts a play of `body` (the definition on screen), its clock at `at` (default now). */
export const startPlay = (
  api: Api,
  req: {
    processId: string;
    body?: unknown;
    version?: number;
    at?: string;
    data?: Record<string, unknown>;
  },
) => api.request<PlayView>('POST', '/plays', req);

export const playEvent = (api: Api, id: string, action: PlayAction) =>
  api.request<PlayView>('POST', `${path(id)}/events`, action);

export const getPlay = (api: Api, id: string) => api.request<PlayView>('GET', path(id));

export const endPlay = (api: Api, id: string) => api.request<null>('DELETE', path(id));

export const saveScenario = (
  api: Api,
  id: string,
  body: { name: string; title?: Text; overwrite?: boolean },
) =>
  api.request<{ processId: string; name: string; file: string }>(
    'POST',
    `${path(id)}/scenario`,
    body,
  );

export interface ScenarioSummary {
  name: string;
  title: Text | null;
  file: string;
  steps: number;
}

export const listScenarios = (api: Api, processId: string) =>
  api.request<{ items: ScenarioSummary[]; problems: Problem[] }>(
    'GET',
    `/scenarios/${encodeURIComponent(processId)}`,
  );
