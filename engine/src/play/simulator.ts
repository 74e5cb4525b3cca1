/**
 * Play mode's simulator: a pure function of (context, play, action) -> play. A designer's
 * action (start the case, complete a task, send a message, move the clock, give or fail a
 * plugin action's result, cancel) runs on a copy of the play; a refused action (invalid form
 * data, a failing expression) changes nothing, as the engine's refused step writes nothing.
 * Forms are validated as the engine validates them; nothing leaves the sandbox.
 *
 * @example
 *   let play = newPlay('p1', subject, Date.parse('2027-03-01T01:00:00Z'));
 *   play = playAction(ctx, play, { type: 'start', data: { plate: 'AB-123' } });
 *   play = playAction(ctx, play, { type: 'advanceClock', next: 'sla' });
 */
import { createError, defaultMessage, type ErrorDetail } from '../errors.ts';
import type { ScenarioAction } from '../generated/index.ts';
import { checkSubmission } from '../forms/index.ts';
import { addDuration } from '../time/index.ts';
import { say as sayIn } from '../locale/index.ts';
import {
  IncidentReplay,
  MAX_FIRES_PER_MOVE,
  Sandbox,
  type PlayContext,
  type WorkFailure,
} from './sandbox.ts';
import type { PlayAction, PlayInstance, PlayState, PlaySubject } from './types.ts';

/** Bounds of one play: it is a sandbox, not a place to keep cases. */
export const PLAY_LIMITS = {
  steps: 500,
  history: 20_000,
  /** The furthest one clock move may go. */
  moveMs: 10 * 366 * 24 * 3600_000,
  fires: MAX_FIRES_PER_MOVE,
} as const;

export function newPlay(
  id: string,
  subject: PlaySubject,
  at: number,
  warnings: ErrorDetail[] = [],
): PlayState {
  return {
    id,
    subject,
    startedAt: at,
    now: at,
    seq: 0,
    instances: [],
    tasks: [],
    timers: [],
    jobs: [],
    subscriptions: [],
    messages: [],
    incidents: [],
    clocks: [],
    history: [],
    steps: [],
    warnings,
  };
}

/** Does one designer action on a copy of the play and returns it; throws when it is refused. */
export function playAction(ctx: PlayContext, play: PlayState, action: PlayAction): PlayState {
  if (play.steps.length >= PLAY_LIMITS.steps)
    throw createError('CW_ERR_PLAY_LIMIT', undefined, { data: { steps: PLAY_LIMITS.steps } });
  const failing = new Map<string, WorkFailure>();
  for (;;) {
    try {
      return attempt(ctx, play, action, failing);
    } catch (e) {
      if (!(e instanceof IncidentReplay) || failing.has(e.workId)) throw e;
      failing.set(e.workId, e.failure);
    }
  }
}

function attempt(
  ctx: PlayContext,
  play: PlayState,
  action: PlayAction,
  failing: ReadonlyMap<string, WorkFailure>,
): PlayState {
  const state = structuredClone(play);
  const sandbox = new Sandbox(ctx, state, state.steps.length, failing);
  const from = state.history.length;
  const recorded = perform(ctx, sandbox, action);
  sandbox.drain();
  if (state.history.length > PLAY_LIMITS.history)
    throw createError('CW_ERR_PLAY_LIMIT', undefined, { data: { history: PLAY_LIMITS.history } });
  state.steps.push({
    action: recorded,
    at: state.now,
    path: state.history
      .slice(from)
      .filter((h) => h.type === 'node.entered')
      .map((h) => pathEntry(state, h.instanceId, h.nodeId!)),
    variables: structuredClone(state.instances[0]?.state.variables ?? {}),
  });
  return state;
}

/** How a node entered appears in a path: its id, or `<process>:<node>` outside the played process. */
export function pathEntry(play: PlayState, instanceId: string, nodeId: string): string {
  const inst = play.instances.find((i) => i.id === instanceId);
  return !inst || inst.subject ? nodeId : `${inst.processId}:${nodeId}`;
}

/** Does the action; returns it as a scenario records it (tasks and jobs named by their node). */
function perform(ctx: PlayContext, sb: Sandbox, action: PlayAction): ScenarioAction {
  const state = sb.state;
  const root = sb.root;
  if (action.type === 'start') {
    if (root) throw stateError(ctx, '/type', 'the play has started already', '試行已經開始');
    const subject = ctx.defs.subject.process;
    const start = subject.nodes.find((n) => n.type === 'start');
    let variables = action.data;
    if (start?.type === 'start' && start.form) {
      const { form } = ctx.defs.form(start.form.id, start.form.version ?? null);
      const checked = checkSubmission(form, variables, {}, ctx.lang, '/data', {
        now: sb.state.now,
        zone: subject.timeZone,
      });
      if (checked.problems.length) throw formInvalid(checked.problems, '/data');
      variables = checked.data;
    }
    sb.createInstance({
      processId: subject.id,
      version: subject.version,
      subject: true,
      variables,
      actor: ctx.actor,
    });
    return { type: 'start', data: action.data };
  }
  if (!root) throw stateError(ctx, '/type', 'start the play first', '請先開始試行');

  switch (action.type) {
    case 'completeTask': {
      const task =
        'taskId' in action
          ? state.tasks.find((t) => t.id === action.taskId && t.status === 'open')
          : state.tasks.find(
              (t) =>
                t.status === 'open' &&
                t.nodeId === action.node &&
                owns(sb.instance(t.instanceId), action.process, state),
            );
      if (!task) throw notFound('taskId' in action ? '/taskId' : '/node', ctx);
      const inst = sb.instance(task.instanceId)!;
      const { form } = ctx.defs.form(task.formId, task.formVersion);
      const { data, problems } = checkSubmission(
        form,
        action.data,
        inst.state.variables,
        ctx.lang,
        '/data',
        sb.timeOf(inst),
      );
      if (problems.length) throw formInvalid(problems, '/data');
      sb.apply(inst, { type: 'taskCompleted', taskId: task.id, data, actor: ctx.actor });
      return {
        type: 'completeTask',
        node: task.nodeId,
        ...processOf(inst, state),
        data: action.data,
      };
    }
    case 'sendMessage': {
      const sub = state.subscriptions.find(
        (s) =>
          s.status === 'pending' &&
          s.message === action.message &&
          (action.correlationKey === undefined || s.correlationKey === action.correlationKey),
      );
      const payload = action.payload ?? {};
      const messageId = sb.nextId('msg');
      if (sub) {
        sub.status = 'done';
        state.messages.push({
          id: messageId,
          name: action.message,
          correlationKey: sub.correlationKey,
          payload,
          receivedAt: state.now,
          expiresAt: state.now + ctx.messageTtlMs,
          status: 'correlated',
        });
        sb.apply(sb.instance(sub.instanceId)!, {
          type: 'messageReceived',
          subscriptionId: sub.id,
          messageId,
          payload,
        });
      } else {
        state.messages.push({
          id: messageId,
          name: action.message,
          correlationKey: action.correlationKey ?? null,
          payload,
          receivedAt: state.now,
          expiresAt: state.now + ctx.messageTtlMs,
          status: 'buffered',
        });
      }
      return action;
    }
    case 'advanceClock': {
      const target = moveTarget(ctx, sb, action);
      sb.advanceTo(target);
      return action.by !== undefined
        ? { type: 'advanceClock', by: action.by }
        : { type: 'advanceClock', to: new Date(target).toISOString() };
    }
    case 'jobResult':
    case 'jobFailed': {
      const find = () =>
        'jobId' in action
          ? state.jobs.find((j) => j.id === action.jobId && j.status === 'pending')
          : state.jobs.find(
              (j) =>
                j.kind === 'service' &&
                j.status === 'pending' &&
                j.nodeId === action.node &&
                owns(sb.instance(j.instanceId), action.process, state),
            );
      let job = find();
      if (!job) throw notFound('jobId' in action ? '/jobId' : '/node', ctx);
      if (action.type === 'jobResult') {
        const problems = ctx.actions.outputProblems(job.action, action.result ?? null);
        if (problems.length)
          throw createError('CW_ERR_VALIDATION', undefined, {
            details: problems.map((p) => ({ ...p, pointer: `/result${p.pointer}` })),
          });
      }
      // a retry waits for its backoff: the clock moves to it first (timers due before fire)
      if (job.runAt > state.now) {
        sb.advanceTo(job.runAt);
        job = find();
        if (!job) throw notFound('jobId' in action ? '/jobId' : '/node', ctx);
      }
      const inst = sb.instance(job.instanceId)!;
      const named = { node: job.nodeId!, ...processOf(inst, state) };
      if (action.type === 'jobResult') {
        Object.assign(job, { status: 'done', result: action.result ?? null });
        sb.apply(inst, { type: 'jobSucceeded', jobId: job.id, result: action.result ?? null });
        return { type: 'jobResult', ...named, result: action.result ?? null };
      }
      job.error = action.error;
      sb.apply(inst, {
        type: 'jobFailed',
        jobId: job.id,
        attempt: job.attempt,
        maxAttempts: job.maxAttempts,
        backoffMs: job.backoffMs,
        error: action.error,
        // no jitter in a sandbox: every replay waits the same
        random: 0,
      });
      return { type: 'jobFailed', ...named, error: action.error };
    }
    case 'cancel': {
      if (root.state.status !== 'active')
        throw createError('CW_ERR_INSTANCE_NOT_ACTIVE', undefined, {
          data: { instanceId: root.id },
        });
      sb.apply(root, { type: 'cancel', actor: ctx.actor, reason: action.reason ?? 'play' });
      return action;
    }
  }
}

/** The instant a clock move goes to; forward only, at most PLAY_LIMITS.moveMs away. */
function moveTarget(
  ctx: PlayContext,
  sb: Sandbox,
  action: Extract<ScenarioAction, { type: 'advanceClock' }>,
) {
  const say = (en: string, zh: string) => sayIn(ctx.lang, zh, en);
  const now = sb.state.now;
  let target: number;
  let pointer: string;
  if (action.by !== undefined) {
    pointer = '/by';
    target = addDuration(now, action.by);
  } else if (action.to !== undefined) {
    pointer = '/to';
    target = Date.parse(action.to);
    if (!Number.isFinite(target) || target < now)
      throw createError('CW_ERR_VALIDATION', 'a clock only moves forward', {
        details: [
          {
            code: 'CW_ERR_VALIDATION',
            pointer,
            message: say('must not be before the simulated now', '不得早於模擬的現在時間'),
          },
        ],
      });
  } else {
    pointer = '/next';
    const due = sb.nextDue((t) => t.kind === action.next);
    if (!due)
      throw stateError(
        ctx,
        pointer,
        action.next === 'sla' ? 'no SLA threshold is pending' : 'no timer is pending',
        action.next === 'sla' ? '沒有待觸發的服務時效門檻' : '沒有待觸發的計時器',
      );
    target = Math.max(now, due.dueAt);
  }
  if (target - now > PLAY_LIMITS.moveMs)
    throw createError('CW_ERR_PLAY_LIMIT', undefined, {
      details: [
        {
          code: 'CW_ERR_PLAY_LIMIT',
          pointer,
          message: say('at most 10 years at once', '每次最多前進 10 年'),
        },
      ],
    });
  return target;
}

/** Whether an instance runs the process an action names (none: the played one). */
function owns(inst: PlayInstance | undefined, process: string | undefined, play: PlayState) {
  if (!inst) return false;
  return process === undefined || process === play.subject.process.id
    ? inst.subject
    : inst.processId === process && !inst.subject;
}

/** The `process` a scenario names for work outside the played process. */
function processOf(inst: PlayInstance, play: PlayState): { process?: string } {
  return inst.subject || inst.processId === play.subject.process.id
    ? {}
    : { process: inst.processId };
}

function formInvalid(problems: ErrorDetail[], base: string) {
  return createError('CW_ERR_FORM_INVALID', undefined, {
    details: problems.map((p) => ({ ...p, pointer: `${base}${p.pointer}` })),
  });
}

function notFound(pointer: string, ctx: PlayContext) {
  return createError('CW_ERR_NOT_FOUND', undefined, {
    details: [
      { code: 'CW_ERR_NOT_FOUND', pointer, message: defaultMessage('CW_ERR_NOT_FOUND', ctx.lang) },
    ],
  });
}

function stateError(ctx: PlayContext, pointer: string, en: string, zh: string) {
  return createError('CW_ERR_PLAY_STATE', undefined, {
    details: [{ code: 'CW_ERR_PLAY_STATE', pointer, message: sayIn(ctx.lang, zh, en) }],
  });
}
