/**
 * How a play looks over the API: where the case is
 * (tokens, open tasks with their forms, awaited messages, pending timers and SLA thresholds,
 * dry plugin actions waiting for a result), the path taken, the SLA clocks, the history and
 * each step with the variables after it. Instants are ISO 8601 in UTC; `timeZone` is the zone
 * the studio shows them in.
 */
import { clockView, elapsedAt, type ClockState } from '../sla/index.ts';
import type { PlayDefinitions } from './definitions.ts';
import type { DryActions } from './sandbox.ts';
import type { PlayState, PlayTimer } from './types.ts';

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

export function playView(play: PlayState, defs: PlayDefinitions, actions: DryActions) {
  const subject = play.subject.process;
  const root = play.instances[0];
  const start = subject.nodes.find((n) => n.type === 'start');
  const startForm =
    start?.type === 'start' && start.form
      ? defs.form(start.form.id, start.form.version ?? null).form
      : null;
  const processOf = (instanceId: string) => play.instances.find((i) => i.id === instanceId);
  const slaName = (c: ClockState) => defs.sla(c.slaId, c.slaVersion).name;
  const timerKind = (t: PlayTimer) =>
    t.kind === 'sla' ? 'sla' : t.id.includes('@') ? 'boundary' : 'timer';
  const clockOf = (id: string | null) => play.clocks.find((c) => c.id === id);

  return {
    id: play.id,
    processId: subject.id,
    version: subject.version,
    draft: play.subject.draft,
    status: root ? root.state.status : ('new' as const),
    startedAt: iso(play.startedAt),
    now: iso(play.now),
    timeZone: defs.timeZone(),
    startForm,
    instances: play.instances.map((i) => ({
      id: i.id,
      processId: i.processId,
      version: i.version,
      played: i.subject,
      parentId: i.parentId,
      businessKey: i.businessKey,
      status: i.state.status,
      outcome: i.state.outcome,
      variables: i.state.variables,
      tokens: i.state.tokens.map((t) => ({ id: t.id, nodeId: t.nodeId, waitingFor: t.wait.kind })),
      startedAt: iso(i.startedAt),
      endedAt: iso(i.endedAt),
    })),
    tasks: play.tasks.map((t) => ({
      id: t.id,
      instanceId: t.instanceId,
      processId: processOf(t.instanceId)?.processId ?? subject.id,
      nodeId: t.nodeId,
      status: t.status,
      form: {
        id: t.formId,
        version: t.formVersion,
        draft: t.formVersion === null,
        ...(t.status === 'open' ? { definition: defs.form(t.formId, t.formVersion).form } : {}),
      },
      prefill: t.prefill,
      data: t.data,
      assignee: t.assignee,
      candidateGroups: t.candidateGroups,
      candidateUsers: t.candidateUsers,
      priority: t.priority,
      dueAt: iso(t.dueAt),
      createdAt: iso(t.createdAt),
      completedAt: iso(t.completedAt),
    })),
    timers: play.timers
      .filter((t) => t.status === 'pending')
      .map((t) => {
        const c = clockOf(t.clockId);
        return {
          id: t.id,
          instanceId: t.instanceId,
          kind: timerKind(t),
          nodeId: t.nodeId,
          dueAt: iso(t.dueAt),
          ...(c
            ? { slaId: c.slaId, slaName: slaName(c), percent: t.percent, taskId: c.taskId }
            : {}),
        };
      }),
    jobs: play.jobs.map((j) => ({
      id: j.id,
      instanceId: j.instanceId,
      kind: j.kind,
      nodeId: j.nodeId,
      action: j.action,
      input: j.input,
      attempt: j.attempt,
      maxAttempts: j.maxAttempts,
      runAt: iso(j.runAt),
      status: j.status,
      error: j.error,
      result: j.result,
      ...(j.status === 'pending' && j.kind === 'service'
        ? { example: actions.example(j.action), outputSchema: actions.outputSchema(j.action) }
        : {}),
    })),
    messages: {
      awaited: play.subscriptions
        .filter((s) => s.status === 'pending')
        .map((s) => ({
          subscriptionId: s.id,
          instanceId: s.instanceId,
          nodeId: s.nodeId,
          message: s.message,
          correlationKey: s.correlationKey,
        })),
      buffered: play.messages
        .filter((m) => m.status === 'buffered' && m.expiresAt > play.now)
        .map((m) => ({
          id: m.id,
          message: m.name,
          correlationKey: m.correlationKey,
          receivedAt: iso(m.receivedAt),
          expiresAt: iso(m.expiresAt),
        })),
    },
    incidents: play.incidents.map((i) => ({ ...i, at: iso(i.at) })),
    slas: play.clocks.map((c) => {
      const cal = defs.calendar(c.calendarId, c.calendarVersion);
      return {
        id: c.id,
        instanceId: c.instanceId,
        taskId: c.taskId,
        slaId: c.slaId,
        name: slaName(c),
        status: clockView(c),
        target: c.target,
        targetMs: c.targetMs,
        elapsedMs: c.status === 'running' ? elapsedAt(c, play.now, cal) : c.elapsedMs,
        fired: c.fired,
        startedAt: iso(c.startedAt),
        dueAt: iso(c.dueAt),
        breachedAt: iso(c.breachedAt),
        stoppedAt: iso(c.stoppedAt),
        timeZone: cal.timeZone,
      };
    }),
    path: pathOf(play),
    next: {
      timer: iso(nextPending(play, 'timer')),
      sla: iso(nextPending(play, 'sla')),
    },
    history: play.history.map((h) => ({ ...h, at: iso(h.at) })),
    steps: play.steps.map((s, index) => ({ index, ...s, at: iso(s.at) })),
    warnings: play.warnings,
  };
}

export type PlayView = ReturnType<typeof playView>;

/**
 * The path on the played process's canvas: the nodes its instances entered (how often), the
 * flows they took (from each `node.entered`'s flow), and the nodes where tokens wait now.
 */
function pathOf(play: PlayState) {
  const played = new Set(play.instances.filter((i) => i.subject).map((i) => i.id));
  const nodes = new Map<string, number>();
  const flows = new Set<string>();
  for (const h of play.history) {
    if (h.type !== 'node.entered' || !played.has(h.instanceId) || !h.nodeId) continue;
    nodes.set(h.nodeId, (nodes.get(h.nodeId) ?? 0) + 1);
    const flow = h.data?.flowId;
    if (typeof flow === 'string' && flow) flows.add(flow);
  }
  const waiting = play.instances
    .filter((i) => i.subject && i.state.status === 'active')
    .flatMap((i) => i.state.tokens.map((t) => ({ nodeId: t.nodeId, waitingFor: t.wait.kind })));
  return {
    nodes: [...nodes].map(([nodeId, visits]) => ({ nodeId, visits })),
    flows: [...flows],
    waiting,
  };
}

function nextPending(play: PlayState, kind: PlayTimer['kind']): number | null {
  let best: number | null = null;
  for (const t of play.timers)
    if (t.status === 'pending' && t.kind === kind && (best === null || t.dueAt < best))
      best = t.dueAt;
  return best;
}
