/**
 * The sandbox's executor: what effects/apply.ts does with a step's effects in PostgreSQL, done
 * to a play's in-memory state instead. The interpreter (runtime/step.ts) decides; the pure SLA
 * plan (sla/plan.ts) and threshold firing (sla/clock.ts) are the engine's own. Work the engine
 * defers to its queue (a child's end reaching its parent, a cancelled parent's children) runs
 * here at once, at the same simulated instant, after the step that caused it.
 */
import { createHash } from 'node:crypto';
import { createError, isCasewayError, type ErrorDetail, type Lang } from '../errors.ts';
import { evaluateMappings, type EvaluationTime } from '../expressions/index.ts';
import {
  initialState,
  newCaseReference,
  step,
  thrown,
  withCaseReference,
  type Effect,
  type Event,
  type HistoryEntry,
} from '../runtime/index.ts';
import {
  actionMappings,
  actionsAt,
  firingOrder,
  fireThreshold,
  needsSupervisors,
  planSlaStep,
  recipientsOf,
  slaActionId,
  slaEvents,
  slaMessage,
  thresholdEntry,
  thresholdsOf,
  thresholdTimerId,
  type ClockState,
} from '../sla/index.ts';
import type { PlayDefinitions } from './definitions.ts';
import type { PlayInstance, PlayState, PlaySubscription, PlayTimer } from './types.ts';

/** Plugin actions as a play runs them: dry, their input and results checked against their schemas. */
export interface DryActions {
  inputProblems(action: string, input: unknown): ErrorDetail[];
  outputProblems(action: string, output: unknown): ErrorDetail[];
  /** The output JSON Schema of a plugin's action (null: the action declares none). */
  outputSchema(action: string): Record<string, unknown> | null;
  /** A result to offer: the output schema's example, or a minimal value made from it. */
  example(action: string): unknown;
}

/** Everything a play needs besides its state; no I/O. */
export interface PlayContext {
  defs: PlayDefinitions;
  actions: DryActions;
  /** The supervisor groups of groups (the groups table, read before the play moves). */
  supervisors(groups: readonly string[]): string[];
  /** How long a message nobody waits for is kept (ms). */
  messageTtlMs: number;
  /** The designer playing: the actor of what they do. */
  actor: string;
  lang: Lang;
}

/** A timer or SLA threshold firing at most this many times in one clock move. */
export const MAX_FIRES_PER_MOVE = 1_000;

type Deferred = { instanceId: string; event: Event; workId: string };

/** Work failed during an action: the action runs again from its start with it as an incident. */
export class IncidentReplay extends Error {
  constructor(
    readonly workId: string,
    readonly failure: WorkFailure,
  ) {
    super(`${workId} failed: ${failure.error}`);
  }
}

/** Why a piece of work failed, and at which node. */
export interface WorkFailure {
  error: string;
  nodeId: string | null;
}

export class Sandbox {
  readonly #queue: Deferred[] = [];

  constructor(
    readonly ctx: PlayContext,
    readonly state: PlayState,
    readonly stepIndex: number,
    /** Work that failed in an earlier run of this action, with its error: an incident now. */
    readonly failing: ReadonlyMap<string, WorkFailure> = new Map(),
  ) {}

  get root(): PlayInstance | undefined {
    return this.state.instances[0];
  }

  instance(id: string): PlayInstance | undefined {
    return this.state.instances.find((i) => i.id === id);
  }

  nextId(prefix: string): string {
    this.state.seq += 1;
    return `${prefix}${this.state.seq}`;
  }

  // ---- instances and steps -------------------------------------------------------

  createInstance(req: {
    id?: string;
    processId: string;
    version: number;
    subject: boolean;
    variables: Record<string, unknown>;
    actor: string;
    parentId?: string;
    parentTokenId?: string;
  }): PlayInstance {
    const definition = req.subject
      ? this.ctx.defs.subject.process
      : this.ctx.defs.registry.process(req.processId, req.version).definition;
    const id = req.id ?? this.nextId('i');
    // a reference as the engine gives one, the same on every replay of the play
    const variables = withCaseReference(
      definition,
      req.variables,
      newCaseReference((n) =>
        createHash('sha256').update(`play-reference:${id}`).digest().subarray(0, n),
      ),
    );
    const inst: PlayInstance = {
      id,
      processId: req.processId,
      version: req.version,
      subject: req.subject,
      parentId: req.parentId ?? null,
      parentTokenId: req.parentTokenId ?? null,
      businessKey: null,
      state: initialState(id, variables),
      startedAt: this.state.now,
      endedAt: null,
    };
    this.state.instances.push(inst);
    this.apply(inst, { type: 'start', actor: req.actor, child: Boolean(req.parentId) });
    return inst;
  }

  /** Runs one event through the interpreter and applies what it produced to the sandbox. */
  apply(inst: PlayInstance, event: Event): void {
    const { defs } = this.ctx;
    const now = this.state.now;
    const { state, effects } = step(defs.graphOf(inst), inst.state, event, {
      now,
      newInstanceId: () => this.nextId('i'),
      latestFormVersion: (formId) => defs.form(formId, null).version,
      calendar: (id) => defs.calendar(id),
      decision: (id, version) => defs.decision(id, version),
    });
    const actor = 'actor' in event ? event.actor : 'system';
    const history: HistoryEntry[] = [];
    const followUps: Event[] = [];
    /** Event-based gateways' races already won by a buffered message in this step. */
    const won = new Set<string>();
    let ended: { status: 'completed' | 'cancelled' } | null = null;
    const children: Extract<Effect, { type: 'startChild' }>['child'][] = [];
    const s = this.state;

    for (const e of effects) {
      switch (e.type) {
        case 'history':
          history.push(e.entry);
          break;
        case 'createTask': {
          const t = e.task;
          s.tasks.push({
            id: t.id,
            instanceId: inst.id,
            tokenId: t.tokenId,
            nodeId: t.nodeId,
            formId: t.formId,
            formVersion: t.formVersion,
            status: 'open',
            assignee: t.assignee,
            candidateGroups: t.candidateGroups,
            candidateUsers: t.candidateUsers,
            priority: t.priority,
            dueAt: t.dueAt,
            prefill: t.prefill,
            data: null,
            createdAt: now,
            completedAt: null,
          });
          break;
        }
        case 'closeTask': {
          const t = s.tasks.find((x) => x.id === e.taskId && x.status === 'open');
          if (t)
            Object.assign(t, {
              status: e.status,
              completedAt: now,
              ...(e.submitted ? { data: e.submitted.data } : {}),
            });
          break;
        }
        case 'setBusinessKey':
          // not checked for uniqueness: a play's cases are not the engine's
          inst.businessKey = e.key;
          break;
        case 'scheduleTimer':
          s.timers.push({
            id: e.timer.id,
            instanceId: inst.id,
            kind: 'timer',
            nodeId: e.timer.nodeId,
            tokenId: e.timer.tokenId,
            clockId: null,
            percent: null,
            dueAt: e.timer.dueAt,
            status: 'pending',
          });
          break;
        case 'scheduleJob': {
          const j = e.job;
          s.jobs.push({
            id: j.id,
            instanceId: inst.id,
            kind: 'service',
            nodeId: j.nodeId,
            tokenId: j.tokenId,
            action: j.action,
            input: j.input,
            attempt: 1,
            maxAttempts: j.maxAttempts,
            backoffMs: j.backoffMs,
            runAt: j.runAt,
            status: 'pending',
            error: null,
            result: null,
          });
          // The plugin host refuses an input that does not match the action's schema, for good:
          // the engine's worker then fails the job at once, straight to an incident.
          const problems = this.ctx.actions.inputProblems(j.action, j.input);
          if (problems.length)
            followUps.push({
              type: 'jobFailed',
              jobId: j.id,
              attempt: 1,
              maxAttempts: 1,
              backoffMs: j.backoffMs,
              error: `CW_ERR_ACTION_INPUT_INVALID: ${j.action}: ${problems
                .map((p) => `${p.pointer} ${p.message}`)
                .join('; ')}`,
            });
          break;
        }
        case 'retryJob': {
          const j = s.jobs.find((x) => x.id === e.jobId);
          if (j) Object.assign(j, { attempt: e.attempt, runAt: e.runAt, error: e.error });
          break;
        }
        case 'setJobInput': {
          const j = s.jobs.find((x) => x.id === e.jobId);
          if (j) j.input = e.input;
          break;
        }
        case 'raiseTaskPriority':
          for (const t of s.tasks)
            if (e.taskIds.includes(t.id) && t.status === 'open')
              t.priority = Math.max(t.priority, e.priority);
          break;
        case 'cancelTimer':
        case 'cancelJob': {
          const id = e.type === 'cancelTimer' ? e.timerId : e.jobId;
          for (const w of [...s.timers, ...s.jobs])
            if (w.id === id && (w.status === 'pending' || w.status === 'failed'))
              w.status = 'cancelled';
          for (const i of s.incidents)
            if (i.workId === id && i.status === 'open') i.status = 'resolved';
          break;
        }
        case 'finishJob': {
          const j = s.jobs.find((x) => x.id === e.jobId);
          if (j?.status === 'pending') j.status = 'done';
          break;
        }
        case 'openIncident': {
          const j = s.jobs.find((x) => x.id === e.jobId);
          if (j) Object.assign(j, { status: 'failed', error: e.error });
          s.incidents.push({
            id: this.nextId('n'),
            instanceId: inst.id,
            workId: e.jobId,
            nodeId: e.nodeId,
            error: e.error,
            at: now,
            status: 'open',
          });
          break;
        }
        case 'subscribe': {
          const sub: PlaySubscription = {
            ...e.subscription,
            instanceId: inst.id,
            status: 'pending',
          };
          s.subscriptions.push(sub);
          break;
        }
        case 'takeBufferedMessage': {
          // a race another catch already won with a buffered message takes no other
          if (e.race !== undefined && won.has(e.race)) break;
          // the oldest message that arrived before anyone waited for it
          const sub = s.subscriptions.find((x) => x.id === e.subscriptionId);
          const m = s.messages.find(
            (x) =>
              x.status === 'buffered' &&
              x.name === e.message &&
              (x.correlationKey === null || x.correlationKey === e.correlationKey) &&
              x.expiresAt > now,
          );
          if (sub && m) {
            if (e.race !== undefined) won.add(e.race);
            m.status = 'correlated';
            sub.status = 'done';
            followUps.push({
              type: 'messageReceived',
              subscriptionId: sub.id,
              messageId: m.id,
              payload: m.payload,
            });
          }
          break;
        }
        case 'unsubscribe': {
          const sub = s.subscriptions.find((x) => x.id === e.subscriptionId);
          if (sub?.status === 'pending') sub.status = 'cancelled';
          break;
        }
        case 'startChild':
          children.push(e.child);
          break;
        case 'cancelChild':
          this.#queue.push({
            instanceId: e.childId,
            event: { type: 'cancel', actor: 'system', reason: 'parent ended or was interrupted' },
            workId: `${e.childId}.cancel`,
          });
          break;
        case 'instanceEnded':
          ended = { status: e.status };
          break;
      }
    }

    history.push(...this.slaStep(inst, state.variables, effects));
    this.record(inst.id, history, actor);
    inst.state = state;
    if (ended) inst.endedAt = now;
    // a called process starts after its caller's step is recorded, so paths read in order
    for (const c of children) {
      const target = defs.process(c.processId, c.version);
      this.createInstance({
        id: c.id,
        processId: target.definition.id,
        version: target.definition.version,
        subject: target.subject,
        variables: c.variables,
        actor: `instance:${inst.id}`,
        parentId: inst.id,
        parentTokenId: c.tokenId,
      });
    }
    if (ended?.status === 'completed' && inst.parentId)
      this.#queue.push({
        instanceId: inst.parentId,
        event: {
          type: 'childCompleted',
          childId: inst.id,
          variables: state.variables,
          outcome: state.outcome,
          ...(state.error ? { error: thrown(state.error) } : {}),
        },
        workId: `${inst.id}.done`,
      });
    for (const f of followUps) this.apply(inst, f);
  }

  /** Runs the work deferred by steps (a child's end, a parent's cancel), as the engine's queue would. */
  drain(): void {
    for (let d = this.#queue.shift(); d; d = this.#queue.shift()) {
      const inst = this.instance(d.instanceId);
      if (!inst || inst.state.status !== 'active') continue;
      const event = d.event;
      // a boundary timer interrupted the call before its child ended: nobody waits
      if (
        event.type === 'childCompleted' &&
        !inst.state.tokens.some((t) => t.wait.kind === 'call' && t.wait.childId === event.childId)
      )
        continue;
      this.guarded(inst, d.workId, null, () => this.apply(inst, event));
    }
  }

  /**
   * Runs work the engine does in a worker (a timer, a deferred notice). When it fails, nothing
   * of it may stay and it becomes an incident, as the engine's failed step does: the action is
   * then replayed from its start with this work marked as failing (`IncidentReplay`), which
   * costs nothing while nothing fails, where a copy of the sandbox before every piece of work
   * would cost on every timer.
   */
  guarded(inst: PlayInstance, workId: string, nodeId: string | null, fn: () => void): boolean {
    const failure = this.failing.get(workId);
    if (failure === undefined) {
      try {
        fn();
        return true;
      } catch (e) {
        if (!isCasewayError(e)) throw e;
        // the step names the node that failed when it knows it (an expression at a node)
        const at = typeof e.data.nodeId === 'string' ? e.data.nodeId : nodeId;
        throw new IncidentReplay(workId, { error: `${e.code}: ${e.message}`, nodeId: at });
      }
    }
    const { error, nodeId: failedAt } = failure;
    for (const w of [...this.state.timers, ...this.state.jobs])
      if (w.id === workId) w.status = 'failed';
    this.state.incidents.push({
      id: this.nextId('n'),
      instanceId: inst.id,
      workId,
      nodeId: failedAt,
      error,
      at: this.state.now,
      status: 'open',
    });
    this.record(
      inst.id,
      [{ type: 'incident.opened', nodeId: failedAt ?? undefined, data: { workId, error } }],
      'system',
    );
    return false;
  }

  record(instanceId: string, entries: readonly HistoryEntry[], actor: string): void {
    for (const h of entries)
      this.state.history.push({
        seq: this.state.history.length + 1,
        step: this.stepIndex,
        at: this.state.now,
        instanceId,
        type: h.type,
        nodeId: h.nodeId ?? null,
        tokenId: h.tokenId ?? null,
        actor: h.actor ?? actor,
        data: h.data ?? null,
      });
  }

  // ---- SLA clocks ---------------------------------------------------------------------

  /** When FEEL runs for a case of the play: the play's clock, days in the process's zone. */
  timeOf(inst: PlayInstance): EvaluationTime {
    return { now: this.state.now, zone: this.ctx.defs.graphOf(inst).definition.timeZone };
  }

  /** The SLA side of a step: the engine's pure plan, applied to the sandbox's clocks and timers. */
  private slaStep(
    inst: PlayInstance,
    variables: Record<string, unknown>,
    effects: Parameters<typeof slaEvents>[0],
  ): HistoryEntry[] {
    const { defs } = this.ctx;
    const slas = defs.slasFor(inst);
    const clocks = this.state.clocks.filter((c) => c.instanceId === inst.id);
    if (!slas.length && !clocks.length) return [];
    const plan = planSlaStep({
      instanceId: inst.id,
      slas,
      slaVersion: (id, v) => defs.sla(id, v),
      calendar: (id, v) => defs.calendar(id, v),
      clocks,
      events: slaEvents(effects),
      variables,
      now: this.state.now,
      zone: defs.graphOf(inst).definition.timeZone,
    });
    for (const c of plan.changed) this.putClock(c);
    for (const { clock, timers } of plan.timers) {
      const keep = new Set(timers.map((t) => t.jobId));
      for (const t of this.state.timers)
        if (t.kind === 'sla' && t.clockId === clock.id && t.status === 'pending' && !keep.has(t.id))
          t.status = 'cancelled';
      for (const t of timers)
        if (!this.state.timers.some((x) => x.id === t.jobId))
          this.state.timers.push({
            id: t.jobId,
            instanceId: inst.id,
            kind: 'sla',
            nodeId: null,
            tokenId: null,
            clockId: clock.id,
            percent: t.percent,
            dueAt: t.dueAt,
            status: 'pending',
          });
    }
    return plan.history;
  }

  private putClock(c: ClockState): void {
    const i = this.state.clocks.findIndex((x) => x.id === c.id);
    if (i < 0) this.state.clocks.push(c);
    else this.state.clocks[i] = c;
  }

  // ---- the clock ----------------------------------------------------------------------

  /** Moves the clock to `target`, firing each due timer and threshold at its own instant, in order. */
  advanceTo(target: number): void {
    for (let fires = 0; ; fires++) {
      const due = this.nextDue((t) => t.dueAt <= target);
      if (!due) break;
      if (fires >= MAX_FIRES_PER_MOVE)
        throw createError('CW_ERR_PLAY_LIMIT', undefined, {
          data: { firedAtOnce: MAX_FIRES_PER_MOVE },
        });
      this.state.now = Math.max(this.state.now, due.dueAt);
      this.fire(due);
      this.drain();
    }
    this.state.now = Math.max(this.state.now, target);
  }

  /** The earliest pending timer (the first made among those due at the same instant). */
  nextDue(where: (t: PlayTimer) => boolean): PlayTimer | undefined {
    let best: PlayTimer | undefined;
    for (const t of this.state.timers)
      if (t.status === 'pending' && where(t) && (!best || t.dueAt < best.dueAt)) best = t;
    return best;
  }

  private fire(timer: PlayTimer): void {
    const inst = this.instance(timer.instanceId);
    if (!inst || inst.state.status !== 'active') {
      timer.status = 'cancelled';
      return;
    }
    if (timer.kind === 'timer') {
      this.guarded(inst, timer.id, timer.nodeId, () => {
        timer.status = 'done';
        this.apply(inst, { type: 'timerFired', timerId: timer.id });
      });
      return;
    }
    this.guarded(inst, timer.id, null, () => this.fireSla(inst, timer));
  }

  /** Fires an SLA threshold (lower ones not fired yet first) and carries out its actions. */
  private fireSla(inst: PlayInstance, timer: PlayTimer): void {
    const { defs } = this.ctx;
    const clockOf = () => this.state.clocks.find((c) => c.id === timer.clockId);
    const first = clockOf();
    const sla = first ? defs.sla(first.slaId, first.slaVersion) : undefined;
    const percent = timer.percent!;
    for (const q of firingOrder(first, sla ? thresholdsOf(sla) : [], percent)) {
      const c = clockOf()!;
      const r = fireThreshold(c, q, this.state.now, defs.calendar(c.calendarId, c.calendarVersion));
      if (r === 'noop' || 'early' in r) {
        if (q !== percent) continue;
        if (r === 'noop') timer.status = 'cancelled';
        else timer.dueAt = Math.max(r.early, this.state.now + 1);
        return;
      }
      this.putClock(r.fired);
      const id = q === percent ? timer.id : thresholdTimerId(r.fired, q);
      for (const t of this.state.timers)
        if (t.id === id && t.status === 'pending') t.status = 'done';
      this.record(
        inst.id,
        [thresholdEntry(sla!, r.fired, q), ...this.slaActions(inst, r.fired, sla!, q)],
        'system',
      );
    }
  }

  /**
   * An SLA's actions in the sandbox: notifications and priority or group changes on the play's
   * tasks are recorded; an escalation process is not started and a plugin action not called
   * (both are shown, marked dry).
   */
  private slaActions(
    inst: PlayInstance,
    clock: ClockState,
    sla: Parameters<typeof actionsAt>[0],
    percent: number,
  ): HistoryEntry[] {
    const history: HistoryEntry[] = [];
    const open = () =>
      this.state.tasks.filter(
        (t) =>
          t.instanceId === inst.id &&
          t.status === 'open' &&
          (clock.taskId === null || t.id === clock.taskId),
      );
    for (const [i, action] of actionsAt(sla, percent).entries()) {
      const base = { slaId: sla.id, clockId: clock.id, percent, action: action.type };
      switch (action.type) {
        case 'notify': {
          const tasks = open().map((t) => ({
            id: t.id,
            assignee: t.assignee,
            candidate_groups: t.candidateGroups,
          }));
          const supervisors = needsSupervisors(action.to)
            ? this.ctx.supervisors([...new Set(tasks.flatMap((t) => t.candidate_groups))])
            : [];
          history.push({
            type: 'sla.action',
            data: {
              ...base,
              recipients: recipientsOf(action.to, tasks, supervisors),
              message: slaMessage(sla, percent, action.message),
            },
          });
          break;
        }
        case 'raisePriority': {
          const tasks = open();
          for (const t of tasks) t.priority = Math.max(t.priority, action.priority);
          // the case's own priority: its next tasks start there too (as the step does)
          if (action.of === 'case')
            inst.state.priority = Math.max(inst.state.priority ?? 0, action.priority);
          history.push({
            type: 'sla.action',
            data: { ...base, priority: action.priority, tasks: tasks.map((t) => t.id) },
          });
          break;
        }
        case 'reassign': {
          const tasks = open();
          for (const t of tasks)
            Object.assign(t, {
              candidateGroups: [action.group],
              candidateUsers: [],
              assignee: null,
            });
          history.push({
            type: 'sla.action',
            data: { ...base, group: action.group, tasks: tasks.map((t) => t.id) },
          });
          break;
        }
        case 'startProcess':
          evaluateMappings(
            actionMappings(action.variables),
            inst.state.variables,
            this.timeOf(inst),
          );
          history.push({
            type: 'sla.action',
            data: { ...base, processId: action.process.id, dry: true },
          });
          break;
        case 'callAction': {
          const jobId = slaActionId(clock, percent, i);
          const input = evaluateMappings(
            actionMappings(action.input),
            inst.state.variables,
            this.timeOf(inst),
          );
          this.state.jobs.push({
            id: jobId,
            instanceId: inst.id,
            kind: 'sla-action',
            nodeId: null,
            tokenId: null,
            action: action.action,
            input,
            attempt: 1,
            maxAttempts: 1,
            backoffMs: 0,
            runAt: this.state.now,
            status: 'done',
            error: null,
            result: null,
          });
          history.push({
            type: 'sla.action',
            data: { ...base, jobId, pluginAction: action.action, dry: true },
          });
          break;
        }
      }
    }
    return history;
  }
}
