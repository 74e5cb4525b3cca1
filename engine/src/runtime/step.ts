/**
 * The pure interpreter: step(graph, state, event, ctx) -> { state, effects }.
 * It never touches a database, a queue or the clock; the executor (effects/) applies
 * the effects in one transaction. Built-in actions `noop` and `set-variables` run inline
 * because they are pure; any other action becomes a job for a worker.
 */
import type { BoundaryErrorNode, ProcessNode, TimerSpec } from '../generated/index.ts';
import { createError, isCasewayError } from '../errors.ts';
import {
  evaluate,
  evaluateMappings,
  test,
  type Context,
  type EvaluationTime,
} from '../expressions/index.ts';
import { addDuration, durationMs, parseInstant, UTC } from '../time/index.ts';
import { businessKeyDeclaration, businessKeyOf } from './business-key.ts';
import { errorBoundaryFor, type ProcessGraph } from './graph.ts';
import {
  boundaryTimersOf,
  type BusinessError,
  type Effect,
  type Event,
  type HistoryEntry,
  type InstanceState,
  type StepContext,
  type StepResult,
  type Token,
  type Wait,
} from './types.ts';

/** Actions the interpreter runs itself, inside the step. */
export const INLINE_ACTIONS = new Set(['noop', 'set-variables']);

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
          ? evaluateMappings(node.output, this.scope({ form: event.data }), this.time)
          : event.data;
        this.setVariables(updates);
        this.leave(token);
        break;
      }
      case 'timerFired':
        this.timerFired(event.timerId);
        break;
      case 'messageReceived': {
        const token = this.tokenWaiting(
          (w) => w.kind === 'message' && w.subscriptionId === event.subscriptionId,
        );
        const node = this.node(token.nodeId, 'messageCatch');
        this.cancelBoundaries(token);
        this.history({
          type: 'message.correlated',
          nodeId: node.id,
          tokenId: token.id,
          data: { messageId: event.messageId, message: node.message },
        });
        const updates = node.output
          ? evaluateMappings(node.output, this.scope({ message: event.payload }), this.time)
          : event.payload;
        this.setVariables(updates);
        this.leave(token);
        break;
      }
      case 'jobSucceeded': {
        const token = this.tokenWaiting((w) => w.kind === 'job' && w.jobId === event.jobId);
        const node = this.node(token.nodeId, 'serviceTask');
        this.history({
          type: 'job.succeeded',
          nodeId: node.id,
          tokenId: token.id,
          data: { jobId: event.jobId },
        });
        if (node.output)
          this.setVariables(
            evaluateMappings(node.output, this.scope({ result: event.result }), this.time),
          );
        this.leave(token);
        break;
      }
      case 'jobFailed': {
        const token = this.tokenWaiting((w) => w.kind === 'job' && w.jobId === event.jobId);
        // a business error an error boundary on the task names (or catches all) is a path, not an incident
        const boundary =
          event.failure && errorBoundaryFor(this.graph, token.nodeId, event.failure.code);
        if (event.failure && boundary) {
          this.catchError(token, event.jobId, boundary, event.failure);
          break;
        }
        if (event.attempt < event.maxAttempts) {
          const node = this.node(token.nodeId, 'serviceTask');
          const jitter = node.retry?.jitter ?? 0;
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
            },
          });
        }
        break;
      }
      case 'childCompleted': {
        const token = this.tokenWaiting((w) => w.kind === 'call' && w.childId === event.childId);
        const node = this.node(token.nodeId, 'callActivity');
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
              this.scope({ child: event.variables, outcome: event.outcome }),
              this.time,
            ),
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
        const node = this.node(token.nodeId, 'serviceTask');
        this.emit({ type: 'setJobInput', jobId: event.jobId, input: this.jobInput(node) });
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
      case 'cancel': {
        for (const token of [...this.state.tokens]) this.abandon(token);
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
    if (this.state.tokens.length === 0 && this.state.status === 'active') {
      this.state.status = 'completed';
      this.history({ type: 'instance.completed', data: { outcome: this.state.outcome } });
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
    const node = this.node(token.nodeId, 'serviceTask');
    this.emit({ type: 'setJobInput', jobId: event.jobId, input: this.jobInput(node) });
  }

  /** A service task's input, from its mappings over the case's variables now. */
  private jobInput(node: Extract<ProcessNode, { type: 'serviceTask' }>): Record<string, unknown> {
    return node.input ? evaluateMappings(node.input, this.scope(), this.time) : {};
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
  private enter(nodeId: string, viaFlow?: string): void {
    const token: Token = {
      id: this.nextId('t'),
      nodeId,
      wait: { kind: 'join', flowId: viaFlow ?? '' },
    };
    this.#queue.push(token);
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
    const vars = this.scope();
    switch (node.type) {
      case 'start':
      case 'exclusiveGateway':
      case 'boundaryTimer':
      case 'boundaryError':
        this.state.tokens.push(token);
        this.leave(token);
        return;
      case 'end':
        if (node.outcome) this.state.outcome = node.outcome;
        this.history({ type: 'node.left', nodeId: node.id, tokenId: token.id });
        return;
      case 'terminateEnd':
        this.terminate(node, token);
        return;
      case 'parallelGateway':
        this.parallel(node, token, arrivedVia);
        return;
      case 'userTask': {
        const taskId = this.nextId('k');
        const dueAt = node.dueDate ? this.due(node.dueDate) : null;
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
            dueAt,
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
          boundaryTimers: this.armBoundaries(node.id, token.id),
        };
        this.state.tokens.push(token);
        return;
      }
      case 'serviceTask': {
        const input = this.jobInput(node);
        if (INLINE_ACTIONS.has(node.action)) {
          if (node.action === 'set-variables') this.setVariables(input);
          this.state.tokens.push(token);
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
        const dueAt = this.due(node.timer);
        this.emit({
          type: 'scheduleTimer',
          timer: { id: timerId, tokenId: token.id, nodeId: node.id, dueAt },
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
        const key = evaluate(node.correlationKey, vars, this.time);
        if (key === null || key === '') {
          throw createError(
            'CW_ERR_EXPRESSION_FAILED',
            `correlation key of ${node.id} evaluated to nothing`,
          );
        }
        const correlationKey = typeof key === 'string' ? key : JSON.stringify(key);
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
          boundaryTimers: this.armBoundaries(node.id, token.id),
        };
        this.state.tokens.push(token);
        // A message may have come first: if one is buffered, it is this subscription's.
        this.emit({
          type: 'takeBufferedMessage',
          subscriptionId,
          message: node.message,
          correlationKey,
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
          boundaryTimers: this.armBoundaries(node.id, token.id),
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
    const withdrawn = this.state.tokens.map((t) => ({ tokenId: t.id, nodeId: t.nodeId }));
    for (const t of this.state.tokens) this.abandon(t);
    this.state.tokens = [];
    this.#queue = [];
    this.history({
      type: 'instance.terminated',
      nodeId: node.id,
      tokenId: token.id,
      data: { withdrawn },
    });
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
    const waiting = this.state.tokens.filter((t) => t.nodeId === node.id && t.wait.kind === 'join');
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

  /** The token leaves its node along the outgoing flows the node's type selects. */
  private leave(token: Token): void {
    this.state.tokens = this.state.tokens.filter((t) => t.id !== token.id);
    const node = this.graph.nodes.get(token.nodeId)!;
    this.history({ type: 'node.left', nodeId: node.id, tokenId: token.id });
    const outgoing = this.graph.outgoing.get(node.id) ?? [];
    if (node.type === 'exclusiveGateway') {
      const vars = this.scope();
      const chosen =
        outgoing.find(
          (f) =>
            f.id !== node.default &&
            f.condition !== undefined &&
            test(f.condition, vars, this.time),
        ) ?? outgoing.find((f) => f.id === node.default);
      if (!chosen)
        throw createError('CW_ERR_NO_MATCHING_FLOW', undefined, { data: { nodeId: node.id } });
      this.enter(chosen.to, chosen.id);
      return;
    }
    for (const f of outgoing) this.enter(f.to, f.id);
  }

  /** What expressions see: the variables, then extras. */
  private scope(extra: Context = {}): Context {
    return { ...this.state.variables, ...extra };
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
      this.abandon(host);
      this.state.tokens = this.state.tokens.filter((t) => t.id !== host.id);
      this.history({
        type: 'node.interrupted',
        nodeId: host.nodeId,
        tokenId: host.id,
        data: { by: boundary.id },
      });
    } else {
      disarm();
    }
    this.enter(boundary.id);
  }

  /**
   * A service task's business error caught by `boundary`: the job is finished, the task
   * interrupted, the error mapped to variables (`output` over `error`, else its details merged),
   * and the token continues from the boundary.
   */
  private catchError(
    host: Token,
    jobId: string,
    boundary: BoundaryErrorNode,
    failure: BusinessError,
  ): void {
    this.emit({ type: 'finishJob', jobId });
    this.history({
      type: 'error.caught',
      nodeId: boundary.id,
      tokenId: host.id,
      data: {
        jobId,
        code: failure.code,
        message: failure.message,
        attachedTo: host.nodeId,
        ...(boundary.errorCode === undefined ? { catchAll: true } : {}),
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
    this.setVariables(
      boundary.output
        ? evaluateMappings(boundary.output, this.scope({ error }), this.time)
        : (failure.details ?? {}),
    );
    this.enter(boundary.id);
  }

  /** Schedules the boundary timers attached to a node; returns their timer ids in attachment order. */
  private armBoundaries(nodeId: string, tokenId: string): string[] {
    const ids: string[] = [];
    for (const b of this.graph.boundaries.get(nodeId) ?? []) {
      const timerId = `${this.nextId('m')}@${b.id}`;
      const dueAt = this.due(b.timer);
      this.emit({ type: 'scheduleTimer', timer: { id: timerId, tokenId, nodeId: b.id, dueAt } });
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
    if (w.kind !== 'task' && w.kind !== 'call' && w.kind !== 'message') return;
    for (const timerId of boundaryTimersOf(w)) this.emit({ type: 'cancelTimer', timerId });
    w.boundaryTimers = [];
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
      case 'join':
        break;
    }
  }

  /** The process's time zone (docs/runtime.md, "Time"): where days and months are counted. */
  private get zone(): string {
    return this.graph.definition.timeZone ?? UTC;
  }

  /**
   * A timer's or due date's instant. Durations count from now in the process's zone; a date or
   * date-time without an offset is read in that zone.
   */
  private due(spec: TimerSpec): number {
    const vars = this.scope();
    const zone = this.zone;
    if (spec.duration) return addDuration(this.ctx.now, spec.duration, zone);
    if (spec.durationExpression) {
      const d = evaluate(spec.durationExpression, vars, this.time);
      if (typeof d !== 'string')
        throw createError('CW_ERR_EXPRESSION_FAILED', `not a duration: ${JSON.stringify(d)}`);
      return addDuration(this.ctx.now, d, zone);
    }
    if (spec.dateExpression) {
      const d = evaluate(spec.dateExpression, vars, this.time);
      const at = typeof d === 'string' ? parseInstant(d, zone) : undefined;
      if (at === undefined)
        throw createError('CW_ERR_EXPRESSION_FAILED', `not a date and time: ${JSON.stringify(d)}`);
      return at;
    }
    throw createError('CW_ERR_DEF_SCHEMA', 'timer without duration or date');
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

  private setVariables(updates: Record<string, unknown>): void {
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
