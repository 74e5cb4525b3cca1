/**
 * A play's sandbox: everything a case would write to the store (instances, tasks, timers, jobs,
 * subscriptions, messages, SLA clocks, history), kept as one plain JSON value instead, with the
 * simulated clock. Nothing of it is ever a row of the case tables.
 */
import type { ErrorDetail } from '../errors.ts';
import type {
  CalendarDefinition,
  FormDefinition,
  ProcessDefinition,
  ScenarioAction,
  SlaDefinition,
} from '../generated/index.ts';
import type { InstanceState } from '../runtime/index.ts';
import type { ClockState } from '../sla/index.ts';

/**
 * What a play runs: the process body (a draft, or a published version) and the drafts of the
 * forms, SLAs and calendars it uses, as they were when the play began.
 */
export interface PlaySubject {
  process: ProcessDefinition;
  /** The body is a draft (its `version` is the one it would be published as). */
  draft: boolean;
  /** Drafts of forms the process names without a version, by id. */
  forms: Record<string, FormDefinition>;
  /** Drafts of SLAs that measure the process (they replace their published versions). */
  slas: SlaDefinition[];
  /** Drafts of calendars those SLAs use, by id. */
  calendars: Record<string, CalendarDefinition>;
}

export interface PlayInstance {
  id: string;
  processId: string;
  /** The process version; the subject's instances carry the subject's version. */
  version: number;
  /** Runs the subject (the played body), not a published version. */
  subject: boolean;
  parentId: string | null;
  parentTokenId: string | null;
  businessKey: string | null;
  state: InstanceState;
  startedAt: number;
  endedAt: number | null;
}

export interface PlayTask {
  id: string;
  instanceId: string;
  tokenId: string;
  nodeId: string;
  formId: string;
  /** null: the form's draft. */
  formVersion: number | null;
  status: 'open' | 'completed' | 'cancelled';
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  priority: number;
  dueAt: number | null;
  prefill: Record<string, unknown>;
  data: Record<string, unknown> | null;
  createdAt: number;
  completedAt: number | null;
}

/** A pending instant: a timer event or boundary timer, or an SLA clock's threshold. */
export interface PlayTimer {
  id: string;
  instanceId: string;
  kind: 'timer' | 'sla';
  nodeId: string | null;
  tokenId: string | null;
  clockId: string | null;
  percent: number | null;
  dueAt: number;
  status: 'pending' | 'done' | 'cancelled' | 'failed';
}

/** A plugin action the play ran dry: its input shown, its result given by the designer. */
export interface PlayJob {
  id: string;
  instanceId: string;
  kind: 'service' | 'sla-action';
  nodeId: string | null;
  tokenId: string | null;
  action: string;
  input: Record<string, unknown>;
  attempt: number;
  maxAttempts: number;
  backoffMs: number;
  runAt: number;
  status: 'pending' | 'done' | 'cancelled' | 'failed';
  error: string | null;
  result: unknown;
}

export interface PlaySubscription {
  id: string;
  instanceId: string;
  tokenId: string;
  nodeId: string;
  message: string;
  correlationKey: string;
  status: 'pending' | 'done' | 'cancelled';
}

/** A message sent while nobody waited for it: kept for its time-to-live, as the engine does. */
export interface PlayMessage {
  id: string;
  name: string;
  correlationKey: string | null;
  payload: Record<string, unknown>;
  receivedAt: number;
  expiresAt: number;
  status: 'buffered' | 'correlated';
}

export interface PlayIncident {
  id: string;
  instanceId: string;
  /** The timer or job that failed. */
  workId: string;
  nodeId: string | null;
  error: string;
  at: number;
  status: 'open' | 'resolved';
}

export interface PlayHistoryEntry {
  seq: number;
  /** The designer's step that produced it. */
  step: number;
  at: number;
  instanceId: string;
  type: string;
  nodeId: string | null;
  tokenId: string | null;
  actor: string;
  data: Record<string, unknown> | null;
}

/** One thing the designer did, as a scenario records it, and what it led to. */
export interface PlayStep {
  action: ScenarioAction;
  at: number;
  /** Nodes entered during the step (`<process>:<node>` in other processes than the subject). */
  path: string[];
  /** The played case's variables after the step. */
  variables: Record<string, unknown>;
}

export interface PlayState {
  id: string;
  subject: PlaySubject;
  /** The simulated instant the play began at. */
  startedAt: number;
  /** The simulated clock. */
  now: number;
  /** Counter for instance, incident and message ids within the play. */
  seq: number;
  instances: PlayInstance[];
  tasks: PlayTask[];
  timers: PlayTimer[];
  jobs: PlayJob[];
  subscriptions: PlaySubscription[];
  messages: PlayMessage[];
  incidents: PlayIncident[];
  clocks: ClockState[];
  history: PlayHistoryEntry[];
  steps: PlayStep[];
  /** Drafts that could not be used (an SLA draft with problems), shown to the designer. */
  warnings: ErrorDetail[];
}

/** What the designer asks of a play: a scenario action, or one naming its task or job by id. */
export type PlayAction =
  | ScenarioAction
  | { type: 'completeTask'; taskId: string; data: Record<string, unknown> }
  | { type: 'jobResult'; jobId: string; result?: unknown }
  | { type: 'jobFailed'; jobId: string; error: string };
