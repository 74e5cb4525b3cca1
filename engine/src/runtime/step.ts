/**
 * The pure interpreter: step(graph, state, event, ctx) -> { state, effects }.
 * It never touches a database, a queue or the clock; the executor (effects/) applies
 * the effects in one transaction. Built-in actions `noop` and `set-variables` run inline
 * because they are pure; any other action becomes a job for a worker.
 */
import type {
  BoundaryErrorNode,
  BoundaryTimerNode,
  Compensation,
  Flow,
  MultiInstance,
  ProcessNode,
  TimerSpec,
} from '../generated/index.ts';
import { createError, isCasewayError } from '../errors.ts';
import {
  evaluate,
  evaluateMappings,
  type Context,
  type EvaluationTime,
} from '../expressions/index.ts';
import {
  addDuration,
  durationMs,
  isIsoDuration,
  parseInstant,
  UTC,
  type BusinessCalendar,
} from '../time/index.ts';
import { businessKeyDeclaration, businessKeyOf } from './business-key.ts';
import {
  decideExclusive,
  decideInclusive,
  describeProblem,
  readValues,
  type FlowDecision,
} from './conditions.ts';
import { evaluateDecision } from '../decisions/index.ts';
import { errorBoundaryFor, type ProcessGraph } from './graph.ts';
import { joinReady, parkedAt } from './inclusive.ts';
import {
  boundaryMessagesOf,
  boundaryTimersOf,
  type BusinessError,
  type Compensable,
  type ConditionProblem,
  type Effect,
  type Event,
  type NewTimer,
  type HistoryEntry,
  type InstanceState,
  type StepContext,
  type StepResult,
  type Token,
  type Undoing,
  type Wait,
} from './types.ts';

/** Actions the interpreter runs itself, inside the step. */
export const INLINE_ACTIONS = new Set(['noop', 'set-variables']);

/** Hit policies that give one result: a table of them where no rule matched cannot decide. */
const SINGLE_RESULT = new Set(['UNIQUE', 'ANY', 'FIRST', 'PRIORITY']);

/** The most instances a multi-instance activity runs: a longer collection is an incident. */
export const MAX_INSTANCES = 1_000;

/** Guards against a definition that loops without ever waiting. */
const MAX_NODE_VISITS_PER_STEP = 10_000;

const DEFAULT_PRIORITY = 50;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_BACKOFF_MS = 1_000;
const DEFAULT_TIMEOUT_MS = 30_000;

/** A fresh state for an instance about to receive its `start` event. */
export function initialState(id: string, variables: Record<string, unknown>): InstanceState {
  return { id, status: 'active', variables: { ...variables }, tokens: [], seq: 0, outcome: null };
}

export function step(
  graph: ProcessGraph,
  state: InstanceState,
  event: Event,
  ctx: StepContext,
): StepResult {
  const run = new Step(graph, structuredClone(state), ctx);
  run.handle(event);
  return { state: run.state, effects: run.effects };
}

class Step {
  readonly effects: Effect[] = [];
  #visits = 0;
  #queue: Token[] = [];

  constructor(
    readonly graph: ProcessGraph,
    readonly state: InstanceState,
    readonly ctx: StepContext,
  ) {}

  handle(event: Event): void {
    if (this.state.status !== 'active') {
      throw createError('CW_ERR_INSTANCE_NOT_ACTIVE', undefined, {
        data: { instanceId: this.state.id },
      });
    }
    switch (event.type) {
      case 'start': {
        const start = this.graph.start;
        if (!start) throw createError('CW_ERR_DEF_START_COUNT');
        this.history({
          type: 'instance.started',
          actor: event.actor,
          data: { variables: structuredClone(this.state.variables) },
        });
        this.businessKey(event.businessKey ?? null, event.child ?? false);
        this.enter(start.id);
        break;
      }
      case 'taskCompleted': {
        const token = this.tokenWaiting((w) => w.kind === 'task' && w.taskId === event.taskId);
        const node = this.node(token.nodeId, 'userTask');
        this.emit({
          type: 'closeTask',
          taskId: event.taskId,
          status: 'completed',
          submitted: { data: event.data, by: event.actor },
        });
        this.history({
          type: 'task.completed',
          nodeId: node.id,
          tokenId: token.id,
          actor: event.actor,
          data: { taskId: event.taskId, form: event.data },
        });
        this.cancelBoundaries(token);
        const updates = node.output
          ? evaluateMappings(node.output, this.scope({ form: event.data }, token), this.time)
          : event.data;
        this.setVariables(updates, token);
        this.leave(token);
        break;
      }
      case 'timerFired':
        this.timerFired(event.timerId);
        break;
      case 'messageReceived': {
        const host = this.state.tokens.find((t) =>
          boundaryMessagesOf(t.wait).includes(event.subscriptionId),
        );
        if (host) {
          this.boundaryMessage(host, event);
          break;
        }
        const token = this.tokenWaiting(
          (w) => w.kind === 'message' && w.subscriptionId === event.subscriptionId,
        );
        const node = this.node(token.nodeId, 'messageCatch');
        this.settleRace(token);
        this.cancelBoundaries(token);
        this.history({
          type: 'message.correlated',
          nodeId: node.id,
          tokenId: token.id,
          data: { messageId: event.messageId, message: node.message },
        });
        const updates = node.output
          ? evaluateMappings(node.output, this.scope({ message: event.payload }, token), this.time)
          : event.payload;
        this.setVariables(updates, token);
        this.leave(token);
        break;
      }
      case 'jobSucceeded': {
        const token = this.tokenWaiting((w) => w.kind === 'job' && w.jobId === event.jobId);
        if (token.wait.kind === 'job' && token.wait.undo) {
          this.undone(token, event.jobId, token.wait.undo);
          break;
        }
        const node = this.node(token.nodeId, 'serviceTask');
        this.history({
          type: 'job.succeeded',
          nodeId: node.id,
          tokenId: token.id,
          data: { jobId: event.jobId },
        });
        if (node.output)
          this.setVariables(
            evaluateMappings(node.output, this.scope({ result: event.result }, token), this.time),
            token,
          );
        this.compensable(node, token, event.result);
        this.leave(token);
        break;
      }
      case 'jobFailed': {
        const token = this.tokenWaiting((w) => w.kind === 'job' && w.jobId === event.jobId);
        // an undo's failure is retried and then an incident, as a service task's: nothing catches it
        const undo = token.wait.kind === 'job' ? token.wait.undo : undefined;
        const undoing = undo ? { undoing: undo.nodeId, undoingToken: undo.tokenId } : {};
        // a business error an error boundary on the task names (or catches all) is a path, not an incident
        // (an instance of a multi-instance task has none of its own: its body's catch for it)
        const boundary =
          event.failure &&
          !undo &&
          !token.instance &&
          errorBoundaryFor(this.graph, token.nodeId, event.failure.code);
        if (event.failure && boundary) {
          this.catchError(token, { jobId: event.jobId }, boundary, event.failure);
          break;
        }
        // else an embedded subprocess around the task may catch it: the job's work is done
        if (event.failure && !undo && this.catcherAround(token.scope, event.failure.code)) {
          this.emit({ type: 'finishJob', jobId: event.jobId });
          this.leaveFor(token, event.failure);
          break;
        }
        if (event.attempt < event.maxAttempts) {
          const jitter =
            (undo
              ? this.undoOf(undo.nodeId)?.retry?.jitter
              : this.node(token.nodeId, 'serviceTask').retry?.jitter) ?? 0;
          const wait = event.backoffMs * 2 ** (event.attempt - 1);
          const runAt = this.ctx.now + Math.round(wait * (1 - jitter * (event.random ?? 0)));
          this.emit({
            type: 'retryJob',
            jobId: event.jobId,
            attempt: event.attempt + 1,
            runAt,
            error: event.error,
          });
          this.history({
            type: 'job.failed',
            nodeId: token.nodeId,
            tokenId: token.id,
            data: {
              jobId: event.jobId,
              attempt: event.attempt,
              error: event.error,
              retryAt: new Date(runAt).toISOString(),
              ...undoing,
            },
          });
        } else {
          this.emit({
            type: 'openIncident',
            jobId: event.jobId,
            nodeId: token.nodeId,
            tokenId: token.id,
            error: event.error,
            ...(event.failure ? { failure: event.failure } : {}),
          });
          this.history({
            type: 'incident.opened',
            nodeId: token.nodeId,
            tokenId: token.id,
            data: {
              jobId: event.jobId,
              attempt: event.attempt,
              error: event.error,
              ...(event.failure ? { code: event.failure.code } : {}),
              ...undoing,
            },
          });
        }
        break;
      }
      case 'childCompleted': {
        const token = this.tokenWaiting((w) => w.kind === 'call' && w.childId === event.childId);
        const node = this.node(token.nodeId, 'callActivity');
        if (event.error) {
          // the child threw from an error end: the boundary that catches it, else an incident
          const boundary = token.instance
            ? undefined
            : errorBoundaryFor(this.graph, node.id, event.error.code);
          if (!boundary && this.catcherAround(token.scope, event.error.code)) {
            this.cancelBoundaries(token);
            this.leaveFor(token, event.error);
            break;
          }
          if (!boundary)
            throw createError(
              'CW_ERR_ERROR_NOT_CAUGHT',
              `${node.id}: the called case ${event.childId} threw ${event.error.code}${event.error.message ? ` (${event.error.message})` : ''}, which no error boundary on ${node.id} catches`,
              { data: { nodeId: node.id, code: event.error.code, childId: event.childId } },
            );
          this.catchError(token, { childId: event.childId }, boundary, event.error);
          break;
        }
        this.history({
          type: 'call.completed',
          nodeId: node.id,
          tokenId: token.id,
          data: { childId: event.childId, outcome: event.outcome },
        });
        this.cancelBoundaries(token);
        if (node.output) {
          this.setVariables(
            evaluateMappings(
              node.output,
              this.scope({ child: event.variables, outcome: event.outcome }, token),
              this.time,
            ),
            token,
          );
        }
        this.leave(token);
        break;
      }
      case 'priorityRaised':
        this.raisePriority(event.priority, event.actor, event.reason);
        break;
      case 'variablesEdited':
        this.editVariables(event);
        break;
      case 'jobInputEvaluated': {
        const token = this.tokenWaiting((w) => w.kind === 'job' && w.jobId === event.jobId);
        // an undo's input was fixed when its task completed: it has no mappings to run again
        if (token.wait.kind === 'job' && token.wait.undo)
          throw createError('CW_ERR_INCIDENT_INPUT_NOT_MAPPED', undefined, {
            data: { jobId: event.jobId },
          });
        const node = this.node(token.nodeId, 'serviceTask');
        this.emit({ type: 'setJobInput', jobId: event.jobId, input: this.jobInput(node, token) });
        this.history({
          type: 'job.input.evaluated',
          nodeId: node.id,
          tokenId: token.id,
          actor: event.actor,
          data: { jobId: event.jobId },
        });
        break;
      }
      case 'stepSkipped': {
        const token = this.tokenWaiting((w) => w.kind === 'job' && w.jobId === event.jobId);
        if (token.wait.kind === 'job' && token.wait.undo) {
          // one undo passed over: the others still run
          const { nodeId, tokenId, rest } = token.wait.undo;
          this.emit({ type: 'cancelJob', jobId: event.jobId });
          this.history({
            type: 'node.skipped',
            nodeId: token.nodeId,
            tokenId: token.id,
            actor: event.actor,
            data: {
              jobId: event.jobId,
              reason: event.reason,
              undoing: nodeId,
              undoingToken: tokenId,
            },
          });
          this.nextUndo(token, rest);
          break;
        }
        const node = this.node(token.nodeId, 'serviceTask');
        this.emit({ type: 'cancelJob', jobId: event.jobId });
        this.history({
          type: 'node.skipped',
          nodeId: node.id,
          tokenId: token.id,
          actor: event.actor,
          data: { jobId: event.jobId, reason: event.reason },
        });
        this.leave(token);
        break;
      }
      case 'gatewayRetried': {
        const token = this.tokenWaiting((w) => w.kind === 'gateway' && w.jobId === event.jobId);
        const node = this.graph.nodes.get(token.nodeId);
        // a business rule task held by its table evaluates it again; a multi-instance activity
        // its collection; a gateway decides again
        if (node?.type === 'businessRuleTask') this.decideByTable(token, node);
        else if (node && multiInstanceOf(node) && !token.instance)
          this.startBody(token, node as MultiInstanceNode);
        else this.leave(token);
        break;
      }
      case 'cancel': {
        // (a subprocess withdraws the tokens inside it itself)
        for (const token of [...this.state.tokens])
          if (this.state.tokens.includes(token)) this.abandon(token);
        this.state.tokens = [];
        this.state.status = 'cancelled';
        this.history({
          type: 'instance.cancelled',
          actor: event.actor,
          data: { reason: event.reason },
        });
        this.emit({ type: 'instanceEnded', status: 'cancelled', outcome: null });
        return;
      }
    }
    this.drain();
    this.settle();
    if (this.state.tokens.length === 0 && this.state.status === 'active') {
      this.state.status = 'completed';
      this.history({
        type: 'instance.completed',
        data: {
          outcome: this.state.outcome,
          ...(this.state.error ? { error: this.state.error.code } : {}),
        },
      });
      this.emit({ type: 'instanceEnded', status: 'completed', outcome: this.state.outcome });
    }
  }

  // ---- escalation and repair ---------------------------------------------------------

  /** The case's priority raised (never lowered), and its open tasks with it. */
  private raisePriority(priority: number, actor: string, reason: string): void {
    const from = this.state.priority ?? null;
    const to = Math.max(from ?? 0, asPriority(priority));
    this.state.priority = to;
    const taskIds = this.state.tokens.flatMap((t) =>
      t.wait.kind === 'task' ? [t.wait.taskId] : [],
    );
    if (taskIds.length) this.emit({ type: 'raiseTaskPriority', taskIds, priority: to });
    this.history({
      type: 'case.priorityRaised',
      actor,
      data: { priority: to, from, tasks: taskIds, ...(reason ? { reason } : {}) },
    });
  }

  /** Variables corrected, and a failed service task's input evaluated again from them. */
  private editVariables(event: Extract<Event, { type: 'variablesEdited' }>): void {
    const previous = Object.fromEntries(
      Object.keys(event.variables).map((k) => [k, this.state.variables[k] ?? null]),
    );
    this.setVariables(event.variables);
    this.history({
      type: 'variables.edited',
      actor: event.actor,
      data: { variables: event.variables, previous, reason: event.reason },
    });
    if (event.jobId === undefined) return;
    const token = this.tokenWaiting((w) => w.kind === 'job' && w.jobId === event.jobId);
    if (token.wait.kind === 'job' && token.wait.undo) return; // its input was fixed at completion
    const node = this.node(token.nodeId, 'serviceTask');
    this.emit({ type: 'setJobInput', jobId: event.jobId, input: this.jobInput(node, token) });
  }

  /** A service task's input, from its mappings over the case's variables (and its instance's) now. */
  private jobInput(
    node: Extract<ProcessNode, { type: 'serviceTask' }>,
    token: Token,
  ): Record<string, unknown> {
    return node.input ? evaluateMappings(node.input, this.scope({}, token), this.time) : {};
  }

  /**
   * The case's business key at its start: the caller's, else the process's expression over the
   * start variables (`businessKeyOf`); checked for uniqueness when the process declares it so
   * and the case started on its own.
   */
  private businessKey(given: string | null, child: boolean): void {
    const key = businessKeyOf(this.graph.definition, this.state.variables, given, this.time);
    if (key === null) return;
    const unique = businessKeyDeclaration(this.graph.definition).unique && !child;
    this.emit({ type: 'setBusinessKey', key, unique });
  }

  // ---- movement -------------------------------------------------------------------

  /** Puts a new token on a node; it is processed by drain(). */
  private enter(nodeId: string, viaFlow?: string, race?: Token['race'], scope?: string): void {
    const token: Token = {
      id: this.nextId('t'),
      nodeId,
      wait: { kind: 'join', flowId: viaFlow ?? '' },
      ...(race ? { race } : {}),
      ...(scope ? { scope } : {}),
    };
    this.#queue.push(token);
  }

  /**
   * The first event after an event-based gateway has happened at `winner`: its siblings are
   * withdrawn (their timers cancelled, their subscriptions removed) before it goes on.
   */
  private settleRace(winner: Token): void {
    const race = winner.race;
    if (!race) return;
    const siblings = this.state.tokens.filter(
      (t) => t.id !== winner.id && t.race?.token === race.token,
    );
    for (const t of siblings) this.abandon(t);
    const gone = new Set(siblings.map((t) => t.id));
    this.state.tokens = this.state.tokens.filter((t) => !gone.has(t.id));
    delete winner.race;
    this.history({
      type: 'gateway.decided',
      nodeId: race.gateway,
      tokenId: winner.id,
      data: {
        winner: winner.nodeId,
        withdrawn: siblings.map((t) => ({ tokenId: t.id, nodeId: t.nodeId })),
      },
    });
  }

  private drain(): void {
    for (let token = this.#queue.shift(); token; token = this.#queue.shift()) {
      if (++this.#visits > MAX_NODE_VISITS_PER_STEP) {
        throw createError('CW_ERR_STEP_LIMIT', undefined, { data: { nodeId: token.nodeId } });
      }
      try {
        this.execute(token);
      } catch (e) {
        // The node where it failed (a runaway gateway condition, a mapping): the incident's node.
        if (isCasewayError(e) && e.data.nodeId === undefined) e.data.nodeId = token.nodeId;
        throw e;
      }
    }
  }

  /** Runs a node's entry semantics for a token just arrived on it. */
  private execute(token: Token): void {
    const node = this.graph.nodes.get(token.nodeId);
    if (!node) throw createError('CW_ERR_DEF_UNKNOWN_NODE', `no node ${token.nodeId}`);
    const arrivedVia = token.wait.kind === 'join' ? token.wait.flowId : '';
    // the flow it came along: the path a case took can be drawn from its history
    this.history({
      type: 'node.entered',
      nodeId: node.id,
      tokenId: token.id,
      ...(arrivedVia ? { data: { flowId: arrivedVia } } : {}),
    });
    const vars = this.scope({}, token);
    // a multi-instance activity's token runs its body; the body's instances run the activity
    if (!token.instance && multiInstanceOf(node)) {
      this.startBody(token, node as MultiInstanceNode);
      return;
    }
    switch (node.type) {
      case 'start':
      case 'exclusiveGateway':
      case 'eventBasedGateway':
      case 'boundaryTimer':
      case 'boundaryError':
      case 'boundaryMessage':
        this.state.tokens.push(token);
        this.leave(token);
        return;
      case 'end':
        if (node.outcome) this.state.outcome = node.outcome;
        this.history({ type: 'node.left', nodeId: node.id, tokenId: token.id });
        return;
      case 'terminateEnd':
        if (token.scope) this.terminateScope(node, token);
        else this.terminate(node, token);
        return;
      case 'errorEnd':
        this.throwError(node, token);
        return;
      case 'compensateThrow':
      case 'compensateEnd':
        this.state.tokens.push(token);
        this.compensate(token);
        return;
      case 'subProcess': {
        const start = this.graph.starts.get(node.id);
        if (!start) throw createError('CW_ERR_DEF_START_COUNT', `no start inside ${node.id}`);
        token.wait = {
          kind: 'subProcess',
          boundaryTimers: this.armBoundariesOf(token),
          ...this.listenBoundariesOf(token),
        };
        this.state.tokens.push(token);
        this.enter(start.id, undefined, undefined, token.id);
        return;
      }
      case 'parallelGateway':
        this.parallel(node, token, arrivedVia);
        return;
      case 'inclusiveGateway':
        // a join parks the token: settleJoins decides once nothing else can move
        if ((this.graph.incoming.get(node.id) ?? []).length > 1) {
          token.wait = { kind: 'join', flowId: arrivedVia };
          this.state.tokens.push(token);
          return;
        }
        this.state.tokens.push(token);
        this.leave(token);
        return;
      case 'userTask': {
        const taskId = this.nextId('k');
        // on a business calendar the task keeps how its due date was counted (a replay recounts it)
        const due = node.dueDate ? this.timerAt(node.dueDate, token) : null;
        const prefill = node.prefill ? evaluateMappings(node.prefill, vars, this.time) : {};
        this.emit({
          type: 'createTask',
          task: {
            id: taskId,
            tokenId: token.id,
            nodeId: node.id,
            formId: node.form.id,
            formVersion: node.form.version ?? this.ctx.latestFormVersion(node.form.id),
            assignee: node.assignee
              ? asOptionalString(evaluate(node.assignee, vars, this.time))
              : null,
            candidateGroups: node.candidateGroups
              ? asStringList(evaluate(node.candidateGroups, vars, this.time))
              : [],
            candidateUsers: node.candidateUsers
              ? asStringList(evaluate(node.candidateUsers, vars, this.time))
              : [],
            // never below the case's own priority (raised by a supervisor or an SLA)
            priority: Math.max(
              node.priority
                ? asPriority(evaluate(node.priority, vars, this.time))
                : DEFAULT_PRIORITY,
              this.state.priority ?? 0,
            ),
            dueAt: due?.dueAt ?? null,
            ...(due?.calendar ? { dueCalendar: due.calendar } : {}),
            prefill,
          },
        });
        this.history({
          type: 'task.created',
          nodeId: node.id,
          tokenId: token.id,
          data: { taskId },
        });
        token.wait = {
          kind: 'task',
          taskId,
          boundaryTimers: this.armBoundariesOf(token),
          ...this.listenBoundariesOf(token),
        };
        this.state.tokens.push(token);
        return;
      }
      case 'businessRuleTask':
        this.state.tokens.push(token);
        this.decideByTable(token, node);
        return;
      case 'serviceTask': {
        const input = this.jobInput(node, token);
        if (INLINE_ACTIONS.has(node.action)) {
          if (node.action === 'set-variables') this.setVariables(input, token);
          this.state.tokens.push(token);
          this.compensable(node, token, null);
          this.leave(token);
          return;
        }
        const jobId = this.nextId('j');
        this.emit({
          type: 'scheduleJob',
          job: {
            id: jobId,
            tokenId: token.id,
            nodeId: node.id,
            action: node.action,
            input,
            maxAttempts: node.retry?.attempts ?? DEFAULT_ATTEMPTS,
            backoffMs: node.retry?.backoff ? durationMs(node.retry.backoff) : DEFAULT_BACKOFF_MS,
            timeoutMs: node.retry?.timeout ? durationMs(node.retry.timeout) : DEFAULT_TIMEOUT_MS,
            runAt: this.ctx.now,
          },
        });
        this.history({
          type: 'job.scheduled',
          nodeId: node.id,
          tokenId: token.id,
          data: { jobId, action: node.action },
        });
        token.wait = { kind: 'job', jobId };
        this.state.tokens.push(token);
        return;
      }
      case 'timer': {
        const timerId = this.nextId('m');
        const at = this.timerAt(node.timer, token);
        const dueAt = at.dueAt;
        this.emit({
          type: 'scheduleTimer',
          timer: { id: timerId, tokenId: token.id, nodeId: node.id, ...at },
        });
        this.history({
          type: 'timer.scheduled',
          nodeId: node.id,
          tokenId: token.id,
          data: { timerId, dueAt: new Date(dueAt).toISOString() },
        });
        token.wait = { kind: 'timer', timerId };
        this.state.tokens.push(token);
        return;
      }
      case 'messageCatch': {
        const subscriptionId = this.nextId('s');
        const correlationKey = this.correlationKeyOf(node, vars);
        this.emit({
          type: 'subscribe',
          subscription: {
            id: subscriptionId,
            tokenId: token.id,
            nodeId: node.id,
            message: node.message,
            correlationKey,
          },
        });
        this.history({
          type: 'message.awaited',
          nodeId: node.id,
          tokenId: token.id,
          data: { message: node.message, correlationKey },
        });
        token.wait = {
          kind: 'message',
          subscriptionId,
          boundaryTimers: this.armBoundariesOf(token),
        };
        this.state.tokens.push(token);
        // A message may have come first: if one is buffered, it is this subscription's.
        this.emit({
          type: 'takeBufferedMessage',
          subscriptionId,
          message: node.message,
          correlationKey,
          ...(token.race ? { race: token.race.token } : {}),
        });
        return;
      }
      case 'callActivity': {
        const childId = this.ctx.newInstanceId();
        const variables = node.input ? evaluateMappings(node.input, vars, this.time) : {};
        this.emit({
          type: 'startChild',
          child: {
            id: childId,
            processId: node.process.id,
            version: node.process.version ?? null,
            variables,
            tokenId: token.id,
            nodeId: node.id,
          },
        });
        this.history({
          type: 'call.started',
          nodeId: node.id,
          tokenId: token.id,
          data: { childId, processId: node.process.id },
        });
        token.wait = {
          kind: 'call',
          childId,
          boundaryTimers: this.armBoundariesOf(token),
          ...this.listenBoundariesOf(token),
        };
        this.state.tokens.push(token);
        return;
      }
    }
  }

  /**
   * A terminate end: every other token is withdrawn (what it waits for cancelled), tokens not yet
   * run are dropped, and the case completes with the node's outcome (drain's end check).
   */
  private terminate(node: Extract<ProcessNode, { type: 'terminateEnd' }>, token: Token): void {
    if (node.outcome) this.state.outcome = node.outcome;
    this.history({ type: 'node.left', nodeId: node.id, tokenId: token.id });
    this.history({
      type: 'instance.terminated',
      nodeId: node.id,
      tokenId: token.id,
      data: { withdrawn: this.withdrawAll() },
    });
  }

  /**
   * An error end: the error is thrown and the case ends at once, every other token withdrawn as
   * a terminate end withdraws them; the error is kept on the state (`error`), where the executor
   * reads it for the call activity that called this case (its error boundary, else an incident).
   * A case started on its own ends with the error in its history: nothing can catch it.
   */
  private throwError(node: Extract<ProcessNode, { type: 'errorEnd' }>, token: Token): void {
    const details = node.details
      ? evaluateMappings(node.details, this.scope({}, token), this.time)
      : null;
    const message = node.message ?? '';
    this.history({ type: 'node.left', nodeId: node.id, tokenId: token.id });
    const error = { code: node.errorCode, message, details };
    const catcher = this.catcherAround(token.scope, node.errorCode);
    if (catcher) {
      // an embedded subprocess around it catches it: that subprocess ends, the case goes on
      this.history({
        type: 'error.thrown',
        nodeId: node.id,
        tokenId: token.id,
        data: { code: node.errorCode, message, caughtBy: catcher.boundary.id },
      });
      this.catchError(catcher.host, { thrownBy: node.id }, catcher.boundary, error);
      return;
    }
    this.history({
      type: 'error.thrown',
      nodeId: node.id,
      tokenId: token.id,
      data: { code: node.errorCode, message, withdrawn: this.withdrawAll() },
    });
    this.state.error = { code: node.errorCode, message, details, nodeId: node.id };
  }

  /** Every token withdrawn (what it waits for cancelled), tokens not yet run dropped. */
  private withdrawAll(): { tokenId: string; nodeId: string }[] {
    const withdrawn = this.state.tokens.map((t) => ({ tokenId: t.id, nodeId: t.nodeId }));
    for (const t of [...this.state.tokens]) if (this.state.tokens.includes(t)) this.abandon(t);
    this.state.tokens = [];
    this.#queue = [];
    return withdrawn;
  }

  // ---- embedded subprocesses ---------------------------------------------------------

  /**
   * Every token inside the subprocess `host` withdrawn (what it waits for cancelled, a
   * subprocess inside it with its own tokens), its tokens not yet run dropped.
   */
  private withdrawInside(host: Token): { tokenId: string; nodeId: string }[] {
    const inside = this.state.tokens.filter((t) => t.scope === host.id);
    this.state.tokens = this.state.tokens.filter((t) => t.scope !== host.id);
    this.#queue = this.#queue.filter((t) => t.scope !== host.id);
    for (const t of inside) this.abandon(t);
    return inside.map((t) => ({ tokenId: t.id, nodeId: t.nodeId }));
  }

  /**
   * A terminate end inside an embedded subprocess ends that subprocess only: the other tokens
   * inside it are withdrawn, and it completes (settleScopes) as when its last token ends.
   */
  private terminateScope(node: Extract<ProcessNode, { type: 'terminateEnd' }>, token: Token): void {
    const host = this.state.tokens.find((t) => t.id === token.scope);
    this.history({ type: 'node.left', nodeId: node.id, tokenId: token.id });
    if (!host) return;
    this.history({
      type: 'subProcess.terminated',
      nodeId: host.nodeId,
      tokenId: host.id,
      data: { by: node.id, withdrawn: this.withdrawInside(host) },
    });
  }

  /**
   * The embedded subprocess around scope `scopeId` (itself, else one further out) whose error
   * boundary catches `code`, innermost first; none when the error leaves them all.
   */
  private catcherAround(
    scopeId: string | undefined,
    code: string,
  ): { host: Token; boundary: BoundaryErrorNode } | undefined {
    for (let id = scopeId; id;) {
      const host = this.state.tokens.find((t) => t.id === id);
      if (!host) return undefined;
      // an instance's boundaries are its multi-instance body's (the next host out)
      const boundary = host.instance ? undefined : errorBoundaryFor(this.graph, host.nodeId, code);
      if (boundary) return { host, boundary };
      id = host.scope;
    }
    return undefined;
  }

  /**
   * A service task's or call activity's business error that no boundary of its own catches,
   * caught by an embedded subprocess around it (`catcherAround`): the activity is left (its job
   * finished or its child ended already) and the subprocess interrupted.
   */
  private leaveFor(token: Token, failure: BusinessError): void {
    const catcher = this.catcherAround(token.scope, failure.code)!;
    this.state.tokens = this.state.tokens.filter((t) => t.id !== token.id);
    this.history({
      type: 'error.thrown',
      nodeId: token.nodeId,
      tokenId: token.id,
      data: { code: failure.code, message: failure.message, caughtBy: catcher.boundary.id },
    });
    this.catchError(catcher.host, { thrownBy: token.nodeId }, catcher.boundary, failure);
  }

  // ---- compensation -------------------------------------------------------------------

  /** The undo a service task names (`compensation`), if the node is one and names one. */
  private undoOf(nodeId: string): Compensation | undefined {
    const node = this.graph.nodes.get(nodeId);
    return node?.type === 'serviceTask' ? node.compensation : undefined;
  }

  /**
   * A service task completed: when it names an undo action, the undo is kept on the state with
   * its input evaluated now (the variables after the task's output, `result` its action's), so
   * a compensation later undoes what this task did.
   */
  private compensable(
    node: Extract<ProcessNode, { type: 'serviceTask' }>,
    token: Token,
    result: unknown,
  ): void {
    const undo = node.compensation;
    if (!undo) return;
    const scopes: string[] = [];
    for (let id = token.scope; id; id = this.tokenById(id)?.scope) scopes.push(id);
    const input = undo.input
      ? evaluateMappings(undo.input, this.scope({ result }, token), this.time)
      : {};
    (this.state.compensable ??= []).push({
      nodeId: node.id,
      tokenId: token.id,
      scopes,
      action: undo.action,
      input,
    });
  }

  /**
   * A compensation throw or end: the undos in its scope are taken off the state (never run
   * twice) and run one after another, the last completed first.
   */
  private compensate(token: Token): void {
    const all = this.state.compensable ?? [];
    const scope = token.scope;
    // in reach: inside the throw's scope, every scope between it and the task ended
    const reach = (c: Compensable) => {
      if (scope !== undefined && !c.scopes.includes(scope)) return false;
      const inner = scope === undefined ? c.scopes : c.scopes.slice(0, c.scopes.indexOf(scope));
      return inner.every((id) => !this.tokenById(id));
    };
    const taken = all.filter(reach);
    const left = all.filter((c) => !taken.includes(c));
    if (left.length) this.state.compensable = left;
    else delete this.state.compensable;
    taken.reverse();
    this.history({
      type: 'compensation.started',
      nodeId: token.nodeId,
      tokenId: token.id,
      data: { undo: taken.map((c) => ({ nodeId: c.nodeId, tokenId: c.tokenId })) },
    });
    this.nextUndo(token, taken);
  }

  /**
   * The next undo of a compensation runs: a built-in action inline, a plugin's as a job the token
   * waits for (`undo` on its wait names the task and what is left). With none left the token goes
   * on from a throw, or ends at a compensation end.
   */
  private nextUndo(token: Token, rest: Compensable[]): void {
    for (let c = rest.shift(); c; c = rest.shift()) {
      if (INLINE_ACTIONS.has(c.action)) {
        if (c.action === 'set-variables') this.setVariables(c.input, token);
        this.history({
          type: 'compensation.undone',
          nodeId: token.nodeId,
          tokenId: token.id,
          data: { undoing: c.nodeId, undoingToken: c.tokenId, action: c.action },
        });
        continue;
      }
      const retry = this.undoOf(c.nodeId)?.retry;
      const jobId = this.nextId('j');
      this.emit({
        type: 'scheduleJob',
        job: {
          id: jobId,
          tokenId: token.id,
          nodeId: token.nodeId,
          action: c.action,
          input: c.input,
          maxAttempts: retry?.attempts ?? DEFAULT_ATTEMPTS,
          backoffMs: retry?.backoff ? durationMs(retry.backoff) : DEFAULT_BACKOFF_MS,
          timeoutMs: retry?.timeout ? durationMs(retry.timeout) : DEFAULT_TIMEOUT_MS,
          runAt: this.ctx.now,
        },
      });
      this.history({
        type: 'job.scheduled',
        nodeId: token.nodeId,
        tokenId: token.id,
        data: { jobId, action: c.action, undoing: c.nodeId, undoingToken: c.tokenId },
      });
      token.wait = { kind: 'job', jobId, undo: { nodeId: c.nodeId, tokenId: c.tokenId, rest } };
      return;
    }
    token.wait = { kind: 'join', flowId: '' };
    this.history({ type: 'compensation.completed', nodeId: token.nodeId, tokenId: token.id });
    const node = this.graph.nodes.get(token.nodeId);
    if (node?.type !== 'compensateEnd') {
      this.leave(token);
      return;
    }
    if (node.outcome) this.state.outcome = node.outcome;
    this.state.tokens = this.state.tokens.filter((t) => t.id !== token.id);
    this.history({ type: 'node.left', nodeId: node.id, tokenId: token.id });
  }

  /** An undo's job succeeded: the next one runs. */
  private undone(token: Token, jobId: string, undo: Undoing): void {
    this.history({
      type: 'compensation.undone',
      nodeId: token.nodeId,
      tokenId: token.id,
      data: { jobId, undoing: undo.nodeId, undoingToken: undo.tokenId },
    });
    this.nextUndo(token, undo.rest);
  }

  // ---- multi-instance activities ------------------------------------------------------

  /**
   * A token arrives at a multi-instance activity: its collection is evaluated once, and the
   * token becomes the body (its boundary timers armed on it) with one instance per item, all at
   * once (`parallel`) or the first (`sequential`). A collection that fails, is not a list or is
   * too long holds the token here with an incident showing what it gave; an empty one completes
   * the body at once.
   */
  private startBody(token: Token, node: MultiInstanceNode): void {
    const mi = node.multiInstance;
    const vars = this.scope({}, token);
    const problem = (what: Partial<ConditionProblem>): ConditionProblem => ({
      code: 'CW_ERR_MULTI_INSTANCE_COLLECTION',
      expression: mi.collection,
      ...what,
      read: readValues(mi.collection, vars),
    });
    let items: unknown;
    try {
      items = evaluate(mi.collection, vars, this.time);
    } catch (e) {
      if (!isCasewayError(e)) throw e;
      this.hold(token, problem({ error: `${e.code}: ${e.message}` }));
      return;
    }
    if (!Array.isArray(items)) {
      this.hold(token, problem({ result: items ?? null, valueType: feelType(items) }));
      return;
    }
    if (items.length > MAX_INSTANCES) {
      this.hold(token, problem({ valueType: 'list', size: items.length }));
      return;
    }
    const sequential = mi.mode === 'sequential';
    const body: Wait = {
      kind: 'multiInstance',
      boundaryTimers: [],
      items: structuredClone(items),
      results: items.map(() => null),
      started: 0,
      completed: 0,
    };
    token.wait = body;
    if (!this.state.tokens.includes(token)) this.state.tokens.push(token);
    this.history({
      type: 'multiInstance.started',
      nodeId: node.id,
      tokenId: token.id,
      data: { instances: items.length, mode: sequential ? 'sequential' : 'parallel' },
    });
    if (!items.length) {
      this.finishBody(token, node, false);
      return;
    }
    body.boundaryTimers = this.armBoundaries(node.id, token.id, token);
    const listening = this.listenBoundaries(node.id, token.id, token);
    if (listening.length) body.boundaryMessages = listening;
    const first = sequential ? 1 : items.length;
    for (let i = 0; i < first; i++) this.startInstance(token, node);
  }

  /** The body's next instance, queued to run the activity with its item. */
  private startInstance(body: Token, node: MultiInstanceNode): void {
    const w = body.wait as Extract<Wait, { kind: 'multiInstance' }>;
    const index = w.started++;
    this.#queue.push({
      id: this.nextId('t'),
      nodeId: node.id,
      wait: { kind: 'join', flowId: '' },
      scope: body.id,
      instance: {
        index,
        locals: {
          [node.multiInstance.elementVariable]: structuredClone(w.items[index]),
          loopCounter: index + 1,
        },
      },
    });
  }

  /**
   * An instance finished its activity: what it contributes (`outputElement` over what it sees,
   * else the names it set) goes to its place in the results; the body completes when every
   * instance has or its completion condition holds, else a sequential body starts the next.
   */
  private instanceDone(token: Token): void {
    const body = token.scope ? this.tokenById(token.scope) : undefined;
    if (!body || body.wait.kind !== 'multiInstance')
      throw createError('CW_ERR_NOT_FOUND', `no multi-instance body for token ${token.id}`);
    const node = this.graph.nodes.get(body.nodeId) as MultiInstanceNode;
    const mi = node.multiInstance;
    const w = body.wait;
    this.state.tokens = this.state.tokens.filter((t) => t.id !== token.id);
    this.history({ type: 'node.left', nodeId: node.id, tokenId: token.id });
    const { index, locals } = token.instance!;
    const element = mi.outputElement
      ? evaluate(mi.outputElement, this.scope({}, token), this.time)
      : Object.fromEntries(
          Object.entries(locals).filter(([k]) => k !== mi.elementVariable && k !== 'loopCounter'),
        );
    w.results[index] = element ?? null;
    w.completed += 1;
    const counts = {
      nrOfInstances: w.items.length,
      nrOfCompletedInstances: w.completed,
      nrOfActiveInstances: w.started - w.completed,
    };
    this.history({
      type: 'multiInstance.instanceCompleted',
      nodeId: node.id,
      tokenId: token.id,
      data: { body: body.id, index, loopCounter: index + 1, completed: w.completed },
    });
    let byCondition = false;
    if (mi.completionCondition && w.completed < w.items.length) {
      const done = evaluate(mi.completionCondition, this.scope(counts, token), this.time);
      if (typeof done !== 'boolean')
        throw createError(
          'CW_ERR_EXPRESSION_FAILED',
          `completion condition of ${node.id} (${mi.completionCondition}) gave ${JSON.stringify(done) ?? 'null'}, not true or false`,
          { data: { nodeId: node.id } },
        );
      byCondition = done;
    }
    if (byCondition || w.completed === w.items.length) this.finishBody(body, node, byCondition);
    else if (mi.mode === 'sequential') this.startInstance(body, node);
  }

  /**
   * The body completes: instances still running are withdrawn, its boundary timers cancelled,
   * the results set as `outputCollection` where the body runs, and the token leaves.
   */
  private finishBody(body: Token, node: MultiInstanceNode, byCondition: boolean): void {
    const w = body.wait as Extract<Wait, { kind: 'multiInstance' }>;
    const withdrawn = this.withdrawInside(body);
    this.cancelBoundaries(body);
    this.history({
      type: 'multiInstance.completed',
      nodeId: node.id,
      tokenId: body.id,
      data: {
        instances: w.items.length,
        completed: w.completed,
        ...(byCondition ? { byCondition: true, withdrawn } : {}),
      },
    });
    if (node.multiInstance.outputCollection)
      this.setVariables(
        { [node.multiInstance.outputCollection]: w.results },
        body.scope ? this.tokenById(body.scope) : undefined,
      );
    this.leave(body);
  }

  /**
   * Runs what waits for the others: inclusive joins that may fire, then embedded subprocesses
   * with no token left inside, which leave (and what follows them runs), until none can.
   */
  private settle(): void {
    do this.settleJoins();
    while (this.settleScopes());
  }

  /** One embedded subprocess with no token left inside completes and leaves; false when none. */
  private settleScopes(): boolean {
    for (const host of this.state.tokens) {
      if (host.wait.kind !== 'subProcess') continue;
      if (this.state.tokens.some((t) => t.scope === host.id)) continue;
      this.cancelBoundaries(host);
      this.history({ type: 'subProcess.completed', nodeId: host.nodeId, tokenId: host.id });
      this.leave(host);
      this.drain();
      return true;
    }
    return false;
  }

  private parallel(node: ProcessNode, token: Token, arrivedVia: string): void {
    const incoming = this.graph.incoming.get(node.id) ?? [];
    if (incoming.length <= 1) {
      this.state.tokens.push(token);
      this.leave(token);
      return;
    }
    token.wait = { kind: 'join', flowId: arrivedVia };
    this.state.tokens.push(token);
    const waiting = this.state.tokens.filter(
      (t) => t.nodeId === node.id && t.wait.kind === 'join' && t.scope === token.scope,
    );
    const byFlow = new Map<string, Token>();
    for (const t of waiting)
      if (t.wait.kind === 'join' && !byFlow.has(t.wait.flowId)) byFlow.set(t.wait.flowId, t);
    if (!incoming.every((f) => byFlow.has(f.id))) return;
    // Every incoming flow has a token: consume one per flow, continue with the last.
    const consumed = new Set([...byFlow.values()].map((t) => t.id));
    this.state.tokens = this.state.tokens.filter((t) => !consumed.has(t.id) || t.id === token.id);
    this.history({
      type: 'gateway.joined',
      nodeId: node.id,
      tokenId: token.id,
      data: { tokens: [...consumed] },
    });
    this.leave(token);
  }

  /**
   * Fires the inclusive joins that may fire (inclusive.ts), in definition order, each after the
   * step has run everything else it can: one parked token per incoming flow is consumed, the last
   * to arrive continues, and what follows runs before the next join is looked at.
   */
  private settleJoins(): void {
    const joins = this.graph.definition.nodes.filter(
      (n) => n.type === 'inclusiveGateway' && (this.graph.incoming.get(n.id) ?? []).length > 1,
    );
    for (let fired = true; fired;) {
      fired = false;
      for (const join of joins) {
        if (!joinReady(this.graph, join.id, this.state.tokens)) continue;
        const byFlow = new Map<string, Token>();
        for (const t of parkedAt(join.id, this.state.tokens))
          if (t.wait.kind === 'join' && !byFlow.has(t.wait.flowId)) byFlow.set(t.wait.flowId, t);
        const consumed = [...byFlow.values()];
        const survivor = consumed.at(-1)!;
        const gone = new Set(consumed.map((t) => t.id));
        this.state.tokens = this.state.tokens.filter(
          (t) => !gone.has(t.id) || t.id === survivor.id,
        );
        this.history({
          type: 'gateway.joined',
          nodeId: join.id,
          tokenId: survivor.id,
          data: { tokens: [...gone], flows: [...byFlow.keys()] },
        });
        this.leave(survivor);
        this.drain();
        fired = true;
        break;
      }
    }
  }

  /**
   * The token leaves its node along the outgoing flows the node's type selects. A gateway that
   * cannot choose (`decide`) holds the token where it is, with an incident.
   */
  private leave(token: Token): void {
    if (token.instance) {
      this.instanceDone(token);
      return;
    }
    const node = this.graph.nodes.get(token.nodeId)!;
    const outgoing = this.graph.outgoing.get(node.id) ?? [];
    const decision = this.decide(node, outgoing, token);
    if (decision.kind === 'undecided') {
      this.hold(token, decision.problem);
      return;
    }
    this.state.tokens = this.state.tokens.filter((t) => t.id !== token.id);
    this.history({ type: 'node.left', nodeId: node.id, tokenId: token.id });
    if (node.type === 'eventBasedGateway') {
      // every following catch armed at once, racing: the first to happen withdraws the others
      const race = { gateway: node.id, token: token.id };
      for (const f of decision.flows) this.enter(f.to, f.id, race, token.scope);
      return;
    }
    if (node.type === 'inclusiveGateway')
      this.history({
        type: 'gateway.forked',
        nodeId: node.id,
        tokenId: token.id,
        data: { flows: decision.flows.map((f) => f.id) },
      });
    for (const f of decision.flows) this.enter(f.to, f.id, undefined, token.scope);
  }

  /** The flows a node's token takes: a gateway's by its conditions, any other node's all. */
  private decide(node: ProcessNode, outgoing: readonly Flow[], token: Token): FlowDecision {
    if (node.type === 'exclusiveGateway')
      return decideExclusive(outgoing, node.default, this.scope({}, token), this.time);
    if (node.type === 'inclusiveGateway')
      return decideInclusive(outgoing, node.default, this.scope({}, token), this.time);
    return { kind: 'taken', flows: [...outgoing] };
  }

  /**
   * A business rule task's decision table evaluated over the variables: its result set into
   * `resultVariable` and through the `output` mappings (`result` in scope), then on. A table that
   * cannot decide (hit policy broken, no rule matched under a single-result policy, a failure)
   * holds the token here with an incident showing the inputs it read.
   */
  private decideByTable(
    token: Token,
    node: Extract<ProcessNode, { type: 'businessRuleTask' }>,
  ): void {
    const vars = this.scope({}, token);
    const ref = node.decision;
    const pinned = this.ctx.decision?.(ref.id, ref.version);
    const decision = { id: ref.id, version: pinned?.version ?? ref.version ?? null };
    if (!pinned) {
      this.hold(token, {
        code: 'CW_ERR_DECISION_FAILED',
        decision,
        error: `decision ${ref.id}${ref.version ? ` v${ref.version}` : ''} is not loaded`,
      });
      return;
    }
    const table = pinned.definition;
    const read = Object.assign({}, ...table.inputs.map((i) => readValues(i.expression, vars)));
    const withPolicy = { ...decision, hitPolicy: table.hitPolicy };
    let outcome: ReturnType<typeof evaluateDecision>;
    try {
      outcome = evaluateDecision(table, vars, this.time);
    } catch (e) {
      if (!isCasewayError(e)) throw e;
      const broken = e.code === 'CW_ERR_DECISION_HIT_POLICY';
      this.hold(token, {
        code: broken ? 'CW_ERR_DECISION_HIT_POLICY' : 'CW_ERR_DECISION_FAILED',
        decision: broken
          ? { ...withPolicy, matched: (e.data.matched as number[] | undefined) ?? [] }
          : withPolicy,
        ...(broken ? {} : { error: `${e.code}: ${e.message}` }),
        read,
      });
      return;
    }
    if (!outcome.matched.length && SINGLE_RESULT.has(table.hitPolicy)) {
      this.hold(token, { code: 'CW_ERR_DECISION_NO_MATCH', decision: withPolicy, read });
      return;
    }
    const result = outcome.result;
    if (node.resultVariable) this.setVariables({ [node.resultVariable]: result }, token);
    if (node.output)
      this.setVariables(
        evaluateMappings(node.output, this.scope({ result }, token), this.time),
        token,
      );
    this.history({
      type: 'decision.evaluated',
      nodeId: node.id,
      tokenId: token.id,
      data: { decision: ref.id, version: pinned.version, matched: outcome.matched },
    });
    this.leave(token);
  }

  /**
   * A gateway that could not choose its way: the token stays at it (already waiting there after
   * a retry keeps its job), and an incident on that job shows the expression and what it read.
   */
  private hold(token: Token, problem: ConditionProblem): void {
    const jobId = token.wait.kind === 'gateway' ? token.wait.jobId : this.nextId('j');
    token.wait = { kind: 'gateway', jobId };
    if (!this.state.tokens.includes(token)) this.state.tokens.push(token);
    const error = describeProblem(problem);
    this.emit({
      type: 'openIncident',
      jobId,
      nodeId: token.nodeId,
      tokenId: token.id,
      error,
      condition: problem,
    });
    this.history({
      type: 'incident.opened',
      nodeId: token.nodeId,
      tokenId: token.id,
      data: { jobId, error, ...problem },
    });
  }

  /**
   * What expressions see: the case's variables, then the names of the multi-instance instances
   * `token` runs in (outermost first), then extras.
   */
  private scope(extra: Context = {}, token?: Token): Context {
    const own: Record<string, unknown>[] = [];
    for (let t = token; t; t = t.scope ? this.tokenById(t.scope) : undefined)
      if (t.instance) own.unshift(t.instance.locals);
    return Object.assign({ ...this.state.variables }, ...own, extra);
  }

  /** A token of the case by id (one run or waiting). */
  private tokenById(id: string): Token | undefined {
    return this.state.tokens.find((t) => t.id === id) ?? this.#queue.find((t) => t.id === id);
  }

  /** When expressions run: the engine clock's instant, days counted in the process's zone. */
  private get time(): EvaluationTime {
    return { now: this.ctx.now, zone: this.zone };
  }

  // ---- timers and boundaries -----------------------------------------------------

  private timerFired(timerId: string): void {
    const waiting = this.state.tokens.find(
      (t) => t.wait.kind === 'timer' && t.wait.timerId === timerId,
    );
    if (waiting) {
      this.settleRace(waiting);
      this.history({
        type: 'timer.fired',
        nodeId: waiting.nodeId,
        tokenId: waiting.id,
        data: { timerId },
      });
      this.leave(waiting);
      return;
    }
    const host = this.state.tokens.find((t) => boundaryTimersOf(t.wait).includes(timerId));
    if (!host) throw createError('CW_ERR_NOT_FOUND', `no token waits for timer ${timerId}`);
    const disarm = () => {
      const w = host.wait as Wait & { boundaryTimers: string[] };
      w.boundaryTimers = boundaryTimersOf(w).filter((id) => id !== timerId);
    };
    const boundaryId = boundaryNodeOf(timerId);
    const boundary = this.node(boundaryId, 'boundaryTimer');
    this.history({
      type: 'timer.fired',
      nodeId: boundary.id,
      tokenId: host.id,
      data: { timerId, interrupting: boundary.interrupting !== false },
    });
    if (boundary.interrupting !== false) {
      disarm();
      const inside = hasInside(host) ? { withdrawn: this.withdrawInside(host) } : {};
      this.abandon(host);
      this.state.tokens = this.state.tokens.filter((t) => t.id !== host.id);
      this.history({
        type: 'node.interrupted',
        nodeId: host.nodeId,
        tokenId: host.id,
        data: { by: boundary.id, ...inside },
      });
    } else {
      disarm();
      this.repeat(host, boundary, timerId);
    }
    this.enter(boundary.id, undefined, undefined, host.scope);
  }

  /**
   * A cycle (`R3/P1D`) on a non-interrupting boundary timer: after firing number n of its count,
   * the next is armed the period after now (n + 1 in its id, `…#2@boundary`), as a new timer
   * row in the same transaction, so a lost queue re-arms it from PostgreSQL and nothing fires
   * twice. The activity ending cancels it with the host's other boundary timers.
   */
  private repeat(host: Token, boundary: BoundaryTimerNode, timerId: string): void {
    const cycle = boundary.timer.cycle ? parseCycle(boundary.timer.cycle) : undefined;
    const fired = firingOf(timerId);
    if (!cycle || fired >= cycle.count) return;
    const next = `${this.nextId('m')}#${fired + 1}@${boundary.id}`;
    const at = this.timerAt(boundary.timer, host);
    const dueAt = at.dueAt;
    this.emit({
      type: 'scheduleTimer',
      timer: { id: next, tokenId: host.id, nodeId: boundary.id, ...at },
    });
    this.history({
      type: 'timer.scheduled',
      nodeId: boundary.id,
      tokenId: host.id,
      data: {
        timerId: next,
        dueAt: new Date(dueAt).toISOString(),
        repetition: fired + 1,
        of: cycle.count,
      },
    });
    const w = host.wait as Wait & { boundaryTimers: string[] };
    w.boundaryTimers = [...boundaryTimersOf(w), next];
  }

  /**
   * A business error caught by `boundary`: a service task's job is finished (a call activity's
   * child has already ended; its boundary timers are cancelled), the host interrupted, the error
   * mapped to variables (`output` over `error`, else its details merged), and the token continues
   * from the boundary.
   */
  private catchError(
    host: Token,
    from: { jobId: string } | { childId: string } | { thrownBy: string },
    boundary: BoundaryErrorNode,
    failure: BusinessError,
  ): void {
    if ('jobId' in from) this.emit({ type: 'finishJob', jobId: from.jobId });
    else this.cancelBoundaries(host);
    // a subprocess's error: what still runs inside it is withdrawn
    const inside = hasInside(host) ? { withdrawn: this.withdrawInside(host) } : {};
    this.history({
      type: 'error.caught',
      nodeId: boundary.id,
      tokenId: host.id,
      data: {
        ...from,
        code: failure.code,
        message: failure.message,
        attachedTo: host.nodeId,
        ...(boundary.errorCode === undefined ? { catchAll: true } : {}),
        ...inside,
      },
    });
    this.state.tokens = this.state.tokens.filter((t) => t.id !== host.id);
    this.history({
      type: 'node.interrupted',
      nodeId: host.nodeId,
      tokenId: host.id,
      data: { by: boundary.id },
    });
    const error = { code: failure.code, message: failure.message, details: failure.details };
    const into = host.scope ? this.tokenById(host.scope) : undefined;
    this.setVariables(
      boundary.output
        ? evaluateMappings(boundary.output, this.scope({ error }, into), this.time)
        : (failure.details ?? {}),
      into,
    );
    this.enter(boundary.id, undefined, undefined, host.scope);
  }

  /**
   * The boundary timers of the node `token` waits at, armed for it; none for an instance of a
   * multi-instance activity, whose body has them.
   */
  private armBoundariesOf(token: Token): string[] {
    return token.instance ? [] : this.armBoundaries(token.nodeId, token.id, token);
  }

  /** Schedules the boundary timers attached to a node; returns their timer ids in attachment order. */
  private armBoundaries(nodeId: string, tokenId: string, token?: Token): string[] {
    const ids: string[] = [];
    for (const b of this.graph.boundaries.get(nodeId) ?? []) {
      // a cycle's firings are numbered in their ids (see repeat)
      const timerId = `${this.nextId('m')}${b.timer.cycle ? '#1' : ''}@${b.id}`;
      const at = this.timerAt(b.timer, token);
      const dueAt = at.dueAt;
      this.emit({ type: 'scheduleTimer', timer: { id: timerId, tokenId, nodeId: b.id, ...at } });
      this.history({
        type: 'timer.scheduled',
        nodeId: b.id,
        tokenId,
        data: { timerId, dueAt: new Date(dueAt).toISOString() },
      });
      ids.push(timerId);
    }
    return ids;
  }

  private cancelBoundaries(token: Token): void {
    const w = token.wait;
    for (const timerId of boundaryTimersOf(w)) this.emit({ type: 'cancelTimer', timerId });
    if ('boundaryTimers' in w) w.boundaryTimers = [];
    const listening = boundaryMessagesOf(w);
    for (const subscriptionId of listening) this.emit({ type: 'unsubscribe', subscriptionId });
    if (listening.length) (w as { boundaryMessages?: string[] }).boundaryMessages = [];
  }

  /**
   * The message boundary events of the node `token` waits at, listening for it (as
   * `boundaryMessages` on its wait, absent without any); none for an instance of a
   * multi-instance activity, whose body listens.
   */
  private listenBoundariesOf(token: Token): { boundaryMessages?: string[] } {
    if (token.instance) return {};
    const ids = this.listenBoundaries(token.nodeId, token.id, token);
    return ids.length ? { boundaryMessages: ids } : {};
  }

  /**
   * Subscribes the message boundary events attached to a node, each with its correlation key,
   * and asks for a message sent before (buffered), as a message catch does. Their subscription
   * ids name the boundary (`…s4@withdrawal`); returned in attachment order.
   */
  private listenBoundaries(nodeId: string, tokenId: string, token?: Token): string[] {
    const ids: string[] = [];
    for (const b of this.graph.messageBoundaries.get(nodeId) ?? []) {
      const id = `${this.nextId('s')}@${b.id}`;
      const correlationKey = this.correlationKeyOf(b, this.scope({}, token));
      const { message } = b;
      this.emit({
        type: 'subscribe',
        subscription: { id, tokenId, nodeId: b.id, message, correlationKey },
      });
      this.history({
        type: 'message.awaited',
        nodeId: b.id,
        tokenId,
        data: { message, correlationKey },
      });
      this.emit({ type: 'takeBufferedMessage', subscriptionId: id, message, correlationKey });
      ids.push(id);
    }
    return ids;
  }

  /**
   * A message boundary event's message came: the activity it watches is interrupted as an
   * interrupting boundary timer interrupts it (what it waits for withdrawn, everything inside a
   * subprocess or multi-instance body too, its other boundary events disarmed), the message is
   * mapped into the variables around it, and the token continues from the boundary.
   */
  private boundaryMessage(host: Token, event: Extract<Event, { type: 'messageReceived' }>): void {
    const boundary = this.node(boundaryNodeOf(event.subscriptionId), 'boundaryMessage');
    // the executor has taken this subscription: only the others are removed
    const w = host.wait as Wait & { boundaryMessages?: string[] };
    w.boundaryMessages = boundaryMessagesOf(w).filter((id) => id !== event.subscriptionId);
    this.history({
      type: 'message.correlated',
      nodeId: boundary.id,
      tokenId: host.id,
      data: { messageId: event.messageId, message: boundary.message },
    });
    const inside = hasInside(host) ? { withdrawn: this.withdrawInside(host) } : {};
    this.abandon(host);
    this.state.tokens = this.state.tokens.filter((t) => t.id !== host.id);
    this.history({
      type: 'node.interrupted',
      nodeId: host.nodeId,
      tokenId: host.id,
      data: { by: boundary.id, ...inside },
    });
    const into = host.scope ? this.tokenById(host.scope) : undefined;
    this.setVariables(
      boundary.output
        ? evaluateMappings(boundary.output, this.scope({ message: event.payload }, into), this.time)
        : event.payload,
      into,
    );
    this.enter(boundary.id, undefined, undefined, host.scope);
  }

  /** A message catch's or message boundary's correlation key: text, never empty. */
  private correlationKeyOf(node: { id: string; correlationKey: string }, vars: Context): string {
    const key = evaluate(node.correlationKey, vars, this.time);
    if (key === null || key === '') {
      throw createError(
        'CW_ERR_EXPRESSION_FAILED',
        `correlation key of ${node.id} evaluated to nothing`,
      );
    }
    return typeof key === 'string' ? key : JSON.stringify(key);
  }

  /** Withdraws whatever a token waits for (instance cancelled or interrupted by a boundary timer). */
  private abandon(token: Token): void {
    const w = token.wait;
    switch (w.kind) {
      case 'task':
        this.cancelBoundaries(token);
        this.emit({ type: 'closeTask', taskId: w.taskId, status: 'cancelled' });
        break;
      case 'call':
        this.cancelBoundaries(token);
        this.emit({ type: 'cancelChild', childId: w.childId });
        break;
      case 'timer':
        this.emit({ type: 'cancelTimer', timerId: w.timerId });
        break;
      case 'message':
        this.cancelBoundaries(token);
        this.emit({ type: 'unsubscribe', subscriptionId: w.subscriptionId });
        break;
      case 'job':
        this.emit({ type: 'cancelJob', jobId: w.jobId });
        break;
      case 'gateway':
        this.emit({ type: 'cancelJob', jobId: w.jobId });
        break;
      case 'subProcess':
      case 'multiInstance':
        this.cancelBoundaries(token);
        this.withdrawInside(token);
        break;
      case 'join':
        break;
    }
  }

  /** The process's time zone (docs/runtime.md, "Time"): where days and months are counted. */
  private get zone(): string {
    return this.graph.definition.timeZone ?? UTC;
  }

  /**
   * A timer's or due date's instant and, when its duration counts on a business calendar, how
   * it was counted (so a later calendar version can count it again). Durations count from now in
   * the process's zone; a date or date-time without an offset is read in that zone.
   */
  private timerAt(spec: TimerSpec, token?: Token): Pick<NewTimer, 'dueAt' | 'calendar'> {
    const vars = this.scope({}, token);
    const zone = this.zone;
    // on a business calendar a duration counts its working time (P5D: five working days)
    const calendar = spec.calendar ? this.calendar(spec.calendar) : undefined;
    const add = (duration: string): Pick<NewTimer, 'dueAt' | 'calendar'> =>
      calendar
        ? {
            dueAt: calendar.addDuration(this.ctx.now, duration),
            calendar: { id: calendar.id, version: calendar.version, from: this.ctx.now, duration },
          }
        : { dueAt: addDuration(this.ctx.now, duration, zone) };
    if (spec.duration) return add(spec.duration);
    if (spec.cycle) {
      const cycle = parseCycle(spec.cycle);
      if (!cycle) throw createError('CW_ERR_DEF_SCHEMA', `not a timer cycle: ${spec.cycle}`);
      return add(cycle.period);
    }
    if (spec.durationExpression) {
      const d = evaluate(spec.durationExpression, vars, this.time);
      if (typeof d !== 'string')
        throw createError('CW_ERR_EXPRESSION_FAILED', `not a duration: ${JSON.stringify(d)}`);
      return add(d);
    }
    if (spec.dateExpression) {
      const d = evaluate(spec.dateExpression, vars, this.time);
      const at = typeof d === 'string' ? parseInstant(d, zone) : undefined;
      if (at === undefined)
        throw createError('CW_ERR_EXPRESSION_FAILED', `not a date and time: ${JSON.stringify(d)}`);
      return { dueAt: at };
    }
    throw createError('CW_ERR_DEF_SCHEMA', 'timer without duration or date');
  }

  /** A business calendar for timers, as the executor's registry has it (its latest version). */
  private calendar(id: string): BusinessCalendar {
    const calendar = this.ctx.calendar?.(id);
    if (!calendar)
      throw createError('CW_ERR_DEF_UNKNOWN_REFERENCE', `no business calendar ${id} for a timer`);
    return calendar;
  }

  // ---- helpers ----------------------------------------------------------------------

  private tokenWaiting(match: (w: Token['wait']) => boolean): Token {
    const token = this.state.tokens.find((t) => match(t.wait));
    if (!token) throw createError('CW_ERR_NOT_FOUND', 'no token waits for this event');
    return token;
  }

  private node<T extends ProcessNode['type']>(
    id: string,
    type: T,
  ): Extract<ProcessNode, { type: T }> {
    const node = this.graph.nodes.get(id);
    if (!node || node.type !== type)
      throw createError('CW_ERR_DEF_UNKNOWN_NODE', `expected ${type} ${id}`);
    return node as Extract<ProcessNode, { type: T }>;
  }

  /**
   * Sets names where `token` runs: in the innermost multi-instance instance around it (itself
   * included), else in the case's variables.
   */
  private setVariables(updates: Record<string, unknown>, token?: Token): void {
    for (let t = token; t; t = t.scope ? this.tokenById(t.scope) : undefined)
      if (t.instance) {
        Object.assign(t.instance.locals, updates);
        return;
      }
    Object.assign(this.state.variables, updates);
  }

  private nextId(prefix: string): string {
    this.state.seq += 1;
    return `${this.state.id}.${prefix}${this.state.seq}`;
  }

  private emit(effect: Effect): void {
    this.effects.push(effect);
  }

  private history(entry: HistoryEntry): void {
    this.effects.push({ type: 'history', entry });
  }
}

/** An activity that runs once per item of a collection. */
type MultiInstanceNode = Extract<
  ProcessNode,
  { type: 'userTask' | 'serviceTask' | 'callActivity' | 'subProcess' }
> & { multiInstance: MultiInstance };

/** The node's multi-instance settings, when it has them. */
export function multiInstanceOf(node: ProcessNode): MultiInstance | undefined {
  return 'multiInstance' in node ? node.multiInstance : undefined;
}

/** A token with tokens inside it: a running subprocess or a multi-instance body. */
function hasInside(token: Token): boolean {
  return token.wait.kind === 'subProcess' || token.wait.kind === 'multiInstance';
}

/** A value's FEEL type, as an incident names it. */
function feelType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'context';
  return typeof v;
}

/** `R3/P1D` as its count and period; undefined when it is not one. */
export function parseCycle(text: string): { count: number; period: string } | undefined {
  const m = /^R(\d{1,4})\/(P.+)$/.exec(text);
  const count = m ? Number(m[1]) : 0;
  if (!m || count < 1 || count > 1000 || !isIsoDuration(m[2]!)) return undefined;
  return { count, period: m[2]! };
}

/** Which firing of a cycle a boundary timer id is (`…#2@b`: the second); 1 without a number. */
function firingOf(timerId: string): number {
  const m = /#(\d+)@/.exec(timerId);
  return m ? Number(m[1]) : 1;
}

/** Boundary timer ids end in `@<boundary node id>` (see armBoundaries). */
function boundaryNodeOf(timerId: string): string {
  return timerId.slice(timerId.indexOf('@') + 1);
}

function asOptionalString(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  return String(v);
}

function asStringList(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x) => x !== null && x !== undefined && x !== '').map(String);
}

function asPriority(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return DEFAULT_PRIORITY;
  return Math.min(100, Math.max(0, Math.round(n)));
}
