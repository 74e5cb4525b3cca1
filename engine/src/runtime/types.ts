/**
 * The interpreter's vocabulary: an instance's state, the events that move it, and the
 * effects a step asks the executor to apply. All of it is plain JSON.
 */

import type { DecisionDefinition } from '../generated/index.ts';
import type { BusinessCalendar } from '../time/index.ts';
import type { ConditionProblem } from './conditions.ts';

export type { ConditionProblem } from './conditions.ts';

/**
 * What a token is waiting for at its node. A user task, call activity, subprocess or
 * multi-instance body with message boundary events also lists their subscriptions
 * (`boundaryMessages`, absent when it has none).
 */
export type Wait =
  | { kind: 'task'; taskId: string; boundaryTimers: string[]; boundaryMessages?: string[] }
  | { kind: 'call'; childId: string; boundaryTimers: string[]; boundaryMessages?: string[] }
  | { kind: 'timer'; timerId: string }
  /** `boundaryTimers` is absent in states saved before message waits could have them. */
  | { kind: 'message'; subscriptionId: string; boundaryTimers?: string[] }
  /**
   * A service task's job; at a compensation throw or end, `undo` names the service task whose
   * undo action the job runs and what is left to undo after it, in order.
   */
  | { kind: 'job'; jobId: string; undo?: Undoing }
  | { kind: 'join'; flowId: string }
  /**
   * Held at a gateway that could not choose its way (a condition neither true nor false, or no
   * true condition and no default): an incident is open on `jobId` until an operator retries it.
   */
  | { kind: 'gateway'; jobId: string }
  /**
   * An embedded subprocess running: the tokens inside it name this token as their `scope`, and
   * it leaves when none is left.
   */
  | { kind: 'subProcess'; boundaryTimers: string[]; boundaryMessages?: string[] }
  /**
   * A multi-instance activity's body running: its instances are tokens at the same node naming
   * this token as their `scope` and carrying `instance`. `items` is the collection as evaluated
   * when the token arrived, `results` what each finished instance contributed (null until it
   * does), `started` and `completed` count instances.
   */
  | {
      kind: 'multiInstance';
      boundaryTimers: string[];
      boundaryMessages?: string[];
      items: unknown[];
      results: unknown[];
      started: number;
      completed: number;
    };

/** The kinds of wait that carry boundary timers. */
const WITH_BOUNDARIES = new Set<Wait['kind']>([
  'task',
  'call',
  'message',
  'subProcess',
  'multiInstance',
]);

/**
 * The boundary timers armed on a waiting token (user task, call activity, message catch,
 * subprocess, multi-instance body).
 */
export function boundaryTimersOf(wait: Wait): string[] {
  return WITH_BOUNDARIES.has(wait.kind)
    ? ((wait as { boundaryTimers?: string[] }).boundaryTimers ?? [])
    : [];
}

/** The subscriptions of the message boundary events listening on a waiting token. */
export function boundaryMessagesOf(wait: Wait): string[] {
  return (wait as { boundaryMessages?: string[] }).boundaryMessages ?? [];
}

export interface Token {
  id: string;
  nodeId: string;
  wait: Wait;
  /**
   * Armed by an event-based gateway (`gateway`, from its token `token`) with its siblings at the
   * gateway's other message catches and timers: the first of them to happen withdraws the others.
   */
  race?: { gateway: string; token: string };
  /**
   * The token of the embedded subprocess this token runs inside (its `subProcess` wait); absent
   * for a token of the process itself.
   */
  scope?: string;
  /**
   * One instance of a multi-instance activity (its body is the `scope` token): its position in
   * the collection, and its own names: the element variable, `loopCounter` (1-based) and what
   * the instance (or anything inside it) sets, which the case's variables never see.
   */
  instance?: { index: number; locals: Record<string, unknown> };
}

export const InstanceStatus = {
  active: 'active',
  completed: 'completed',
  cancelled: 'cancelled',
} as const;
export type InstanceStatus = (typeof InstanceStatus)[keyof typeof InstanceStatus];

export interface InstanceState {
  id: string;
  status: InstanceStatus;
  variables: Record<string, unknown>;
  tokens: Token[];
  /** Counter for ids of tokens, tasks, timers, jobs and subscriptions within this instance. */
  seq: number;
  outcome: string | null;
  /**
   * The case's priority (0-100), raised by a supervisor or by an SLA action on the case: no
   * task of the case is created below it. Absent until first raised.
   */
  priority?: number;
  /**
   * The business error the case threw from an error end (`errorEnd`) that nothing inside it
   * caught: it ended the case, and goes to the call activity that called it. Absent otherwise.
   */
  error?: ThrownError;
  /**
   * The service tasks that completed and name an undo action (`compensation`), in the order they
   * completed, not yet compensated: a compensation throw or end takes those in its scope.
   * Absent until one completes.
   */
  compensable?: Compensable[];
}

/**
 * The undo a compensation's token waits for: the service task it undoes and the token that
 * completed it (`undoing`, `undoingToken` in the history), and the undos left after it, in order.
 */
export interface Undoing {
  nodeId: string;
  tokenId: string;
  rest: Compensable[];
}

/** A completed service task's undo, as it will run when compensation reaches it. */
export interface Compensable {
  /** The service task. */
  nodeId: string;
  /** The token that completed it. */
  tokenId: string;
  /**
   * The tokens it ran inside (embedded subprocesses, multi-instance instances and bodies),
   * innermost first: a compensation inside one of them reaches it, one outside only after they
   * have all ended.
   */
  scopes: string[];
  action: string;
  /** The undo's input, evaluated when the task completed. */
  input: Record<string, unknown>;
}

/** A business error thrown by an error end event, with the node that threw it. */
export interface ThrownError extends BusinessError {
  nodeId: string;
}

/** The business error a child's thrown error is to its caller (without the child's node). */
export function thrown(e: ThrownError): BusinessError {
  return { code: e.code, message: e.message, details: e.details };
}

/**
 * A business error a plugin reported: the SDK's `PermanentError` with a code (e.g.
 * `ACCOUNT_CLOSED`), a message for people, and details (a JSON object) for the process. Stored
 * on the job (`last_error_code`, `last_error_details`) and on the incident it opens
 * (`error_code`, `error_details`); an error boundary event on the service task matches `code`.
 */
export interface BusinessError {
  code: string;
  message: string;
  details: Record<string, unknown> | null;
}

export type Event =
  /**
   * The case starts. `businessKey` is the caller's (an API client), which wins over the
   * process's expression; `child` says a call activity started it (its key is never checked
   * for uniqueness: only cases started on their own are).
   */
  | { type: 'start'; actor: string; businessKey?: string | null; child?: boolean }
  | { type: 'taskCompleted'; taskId: string; data: Record<string, unknown>; actor: string }
  | { type: 'timerFired'; timerId: string }
  | {
      type: 'messageReceived';
      subscriptionId: string;
      messageId: string;
      payload: Record<string, unknown>;
    }
  | { type: 'jobSucceeded'; jobId: string; result: unknown }
  | {
      type: 'jobFailed';
      jobId: string;
      attempt: number;
      maxAttempts: number;
      backoffMs: number;
      error: string;
      /** The business error the plugin reported, when it gave a code (permanent: no retry). */
      failure?: BusinessError;
      /** A random number in [0, 1) drawn by the executor, for the node's retry jitter. */
      random?: number;
    }
  | {
      type: 'childCompleted';
      childId: string;
      variables: Record<string, unknown>;
      outcome: string | null;
      /** The error the child threw from an error end: the call activity's error boundary path. */
      error?: BusinessError;
    }
  | { type: 'cancel'; actor: string; reason: string }
  /** The case's priority raised to at least `priority`: its open tasks now, its next ones too. */
  | { type: 'priorityRaised'; priority: number; actor: string; reason: string }
  /**
   * Variables corrected by an operator (an incident's cause), with why; with `jobId`, the
   * service task waiting on that job has its input evaluated again from the new variables.
   */
  | {
      type: 'variablesEdited';
      variables: Record<string, unknown>;
      actor: string;
      reason: string;
      jobId?: string;
    }
  /**
   * The service task waiting on `jobId` has its input evaluated again from its mappings over the
   * case's variables now (an incident retried with `input: "evaluate"`), instead of replaying the
   * stored input.
   */
  | { type: 'jobInputEvaluated'; jobId: string; actor: string }
  /** The service task waiting on `jobId` is passed over without its result, with why. */
  | { type: 'stepSkipped'; jobId: string; actor: string; reason: string }
  /** The gateway held on `jobId` (an incident retried) decides its way again, from the variables now. */
  | { type: 'gatewayRetried'; jobId: string };

export interface HistoryEntry {
  type: string;
  nodeId?: string;
  tokenId?: string;
  actor?: string;
  data?: Record<string, unknown>;
}

export interface NewTask {
  id: string;
  tokenId: string;
  nodeId: string;
  formId: string;
  /**
   * The form version the task shows: the node's pinned version, else the latest when the task
   * is created (`StepContext.latestFormVersion`); null only for a draft form in play mode.
   */
  formVersion: number | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  priority: number;
  dueAt: number | null;
  /** Set when `dueDate` counts on a business calendar: how, so a later version can recount it. */
  dueCalendar?: TimerCalendarBasis;
  prefill: Record<string, unknown>;
}

export interface NewTimer {
  id: string;
  tokenId: string;
  nodeId: string;
  dueAt: number;
  /** Set when its duration counts on a business calendar: how, so it can be counted again. */
  calendar?: TimerCalendarBasis;
}

/**
 * How a timer on a business calendar was counted: `duration` of working time from `from` in
 * version `version` of calendar `id` (the latest when it was armed). A calendar version that
 * knows more holidays can count it again (sla/calendar-timers.ts).
 */
export interface TimerCalendarBasis {
  id: string;
  version: number;
  /** The instant it was armed (epoch ms). */
  from: number;
  /** The ISO 8601 duration counted (a cycle's period, a duration expression's value). */
  duration: string;
}

export interface NewJob {
  id: string;
  tokenId: string;
  nodeId: string;
  action: string;
  input: Record<string, unknown>;
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
  runAt: number;
}

export type Effect =
  | { type: 'history'; entry: HistoryEntry }
  | { type: 'createTask'; task: NewTask }
  /** A task closed; a completed one with the data submitted and who submitted it. */
  | {
      type: 'closeTask';
      taskId: string;
      status: 'completed' | 'cancelled';
      submitted?: { data: Record<string, unknown>; by: string };
    }
  /**
   * The case's business key (the caller's, else its process's expression over the start
   * variables), set at the start; with `unique`, a start refused when an active case of the
   * process started on its own holds it (`CW_ERR_BUSINESS_KEY_TAKEN`).
   */
  | { type: 'setBusinessKey'; key: string; unique: boolean }
  | { type: 'scheduleTimer'; timer: NewTimer }
  | { type: 'cancelTimer'; timerId: string }
  | { type: 'scheduleJob'; job: NewJob }
  | { type: 'retryJob'; jobId: string; attempt: number; runAt: number; error: string }
  | { type: 'cancelJob'; jobId: string }
  /**
   * The job's business error was caught by an error boundary on its service task: its work took
   * effect (`done`, its last error and code kept), and no incident is opened.
   */
  | { type: 'finishJob'; jobId: string }
  | { type: 'setJobInput'; jobId: string; input: Record<string, unknown> }
  | { type: 'raiseTaskPriority'; taskIds: string[]; priority: number }
  | {
      type: 'openIncident';
      jobId: string;
      nodeId: string;
      tokenId: string;
      error: string;
      failure?: BusinessError;
      /**
       * A gateway that could not choose its way (the token held there): the executor writes the
       * job row `jobId` (kind `gateway`) if there is none yet, and keeps the problem (flow,
       * expression, result or error, the values it read) as the incident's details.
       */
      condition?: ConditionProblem;
    }
  | {
      type: 'subscribe';
      subscription: {
        id: string;
        tokenId: string;
        nodeId: string;
        message: string;
        correlationKey: string;
      };
    }
  /**
   * A message that arrived before the subscription waited for it (buffered, same name and
   * correlation key, not expired) is taken for it, the oldest first. The executor answers it:
   * when there is one, it runs the `messageReceived` event for the subscription as the next
   * step of the same transaction.
   */
  | {
      type: 'takeBufferedMessage';
      subscriptionId: string;
      message: string;
      correlationKey: string;
      /**
       * The event-based gateway's token that armed this catch with others: once one of them
       * takes a buffered message (which wins), the others take none.
       */
      race?: string;
    }
  | { type: 'unsubscribe'; subscriptionId: string }
  | {
      type: 'startChild';
      child: {
        id: string;
        processId: string;
        version: number | null;
        variables: Record<string, unknown>;
        tokenId: string;
        nodeId: string;
      };
    }
  | { type: 'cancelChild'; childId: string }
  | { type: 'instanceEnded'; status: 'completed' | 'cancelled'; outcome: string | null };

export interface StepContext {
  /** The current instant (ms since epoch), read from the injected clock by the executor. */
  now: number;
  /** Fresh id for a child instance. */
  newInstanceId: () => string;
  /**
   * The latest version of a form, for a user task whose node names none (read from the
   * definition registry, as the clock is read by the executor); null for a draft in play mode.
   */
  latestFormVersion: (formId: string) => number | null;
  /**
   * A business calendar by id (its latest version), for timers that count on one (`calendar`);
   * read from the definition registry as the clock is read by the executor.
   */
  calendar?: (id: string) => BusinessCalendar | undefined;
  /**
   * A decision table by id and version (the latest without one), for business rule tasks; read
   * from the definition registry as the clock is read by the executor. Undefined: not loaded.
   */
  decision?: (id: string, version?: number) => PinnedDecision | undefined;
}

/** A decision table with the version it is. */
export interface PinnedDecision {
  version: number;
  definition: DecisionDefinition;
}

export interface StepResult {
  state: InstanceState;
  effects: Effect[];
}
