/**
 * Applies one interpreter step inside a PostgreSQL transaction: the instance row (locked by
 * the caller), the history, tasks, job rows (timers, service invocations, parent/child
 * notices), subscriptions and incidents are written together or not at all. Jobs to hand to
 * BullMQ are collected in `post` and enqueued only after the commit.
 */
import type { Clock } from '../clock/index.ts';
import type { DefinitionRegistry } from '../definitions/index.ts';
import { createError } from '../errors.ts';
import {
  initialState,
  newCaseId,
  newCaseReference,
  withCaseReference,
  step,
  type Effect,
  type Event,
  type HistoryEntry,
} from '../runtime/index.ts';
import type { CaseIndex } from '../search/index.ts';
import { ATTR, annotate, traced, type Tracing } from '../tracing/index.ts';
import {
  history,
  instances,
  jobs,
  messages,
  tasks,
  type InstanceRow,
  type NewInstance,
  type Tx,
} from '../store/index.ts';
import { openIncidentTold } from './incidents.ts';
import type { StepFact } from './observe.ts';
import { scheduleJob } from './rows.ts';
import type { StepRows } from './step-rows.ts';
import { applySlaStep } from './sla.ts';

/** A job row to hand to the queue once the transaction has committed. */
export interface Dispatch {
  id: string;
  attempt: number;
  dueAt: number;
  /** A `service` row: due now, it wakes this engine's drain (jobs/service-drain.ts). */
  service?: boolean;
}

export interface PostCommit {
  dispatch: Dispatch[];
  /** What the transaction did, told to the observer once it has committed (observe.ts). */
  facts: StepFact[];
  /**
   * Set by a batch of steps (jobs/timer-batch.ts): their history and case rows are written
   * together at its end (step-rows.ts) instead of by each step.
   */
  deferred?: StepRows;
}

export interface ApplyDeps {
  registry: DefinitionRegistry;
  clock: Clock;
  /** Writes the case's search terms with its variables (absent: cases are not indexed). */
  caseIndex?: CaseIndex;
  /** A span per step (absent: tracing is off). */
  tracing?: Tracing;
}

/** What a new case is made of: who starts it, with what, under which parent. */
export interface NewCase {
  id?: string;
  processId: string;
  version?: number | null;
  variables: Record<string, unknown>;
  businessKey?: string | null;
  actor: string;
  parentId?: string | null;
  parentTokenId?: string | null;
}

/** Creates an instance row and runs its start step (also used for call activity children). */
export async function createInstance(
  deps: ApplyDeps,
  tx: Tx,
  req: NewCase,
  post: PostCommit,
): Promise<InstanceRow> {
  const row = await instances.insertInstance(tx, newInstanceRow(deps, req));
  return applyEvent(deps, tx, row, startEvent(req), post);
}

/** A new case's row before its start step: its id, its reference and its initial state. */
export function newInstanceRow(
  deps: Pick<ApplyDeps, 'registry' | 'clock'>,
  req: NewCase,
): NewInstance {
  const { definition } = deps.registry.process(req.processId, req.version);
  const now = new Date(deps.clock.now());
  // in start order, so a new case's rows sit together at the end of every index (case-id.ts)
  const id = req.id ?? newCaseId(now.getTime());
  const reference = newCaseReference();
  // The engine's reference, where the process wants it (its correlation keys, its notices):
  // never a value the caller sent, so no customer can give their case another's number.
  const variables = withCaseReference(definition, req.variables, reference);
  return {
    id,
    processId: definition.id,
    version: definition.version,
    reference,
    state: initialState(id, variables),
    parentId: req.parentId ?? null,
    parentTokenId: req.parentTokenId ?? null,
    startedBy: req.actor,
    now,
  };
}

/**
 * The start step's event: it sets the business key (the caller's, else the process's) and says
 * whether it must be unique.
 */
export function startEvent(req: NewCase): Event {
  return {
    type: 'start',
    actor: req.actor,
    businessKey: req.businessKey ?? null,
    child: Boolean(req.parentId),
  };
}

/**
 * Runs one event through the interpreter and writes everything it produced; with tracing on, in
 * a span of its own (`caseway.step <event>`) naming the case, its process and business key.
 */
export function applyEvent(
  deps: ApplyDeps,
  tx: Tx,
  row: InstanceRow,
  event: Event,
  post: PostCommit,
): Promise<InstanceRow> {
  return traced(
    deps.tracing,
    `caseway.step ${event.type}`,
    {
      [ATTR.caseId]: row.id,
      [ATTR.process]: row.process_id,
      [ATTR.processVersion]: row.process_version,
      [ATTR.event]: event.type,
      ...(row.business_key ? { [ATTR.businessKey]: row.business_key } : {}),
    },
    () => stepAndWrite(deps, tx, row, event, post),
  );
}

async function stepAndWrite(
  deps: ApplyDeps,
  tx: Tx,
  row: InstanceRow,
  event: Event,
  post: PostCommit,
): Promise<InstanceRow> {
  const { graph } = deps.registry.process(row.process_id, row.process_version);
  const began = performance.now();
  const nowMs = deps.clock.now();
  const now = new Date(nowMs);
  const { state, effects } = step(graph, row.state, event, {
    now: nowMs,
    newInstanceId: () => newCaseId(nowMs),
    latestFormVersion: (formId) => deps.registry.get('form', formId).version,
    calendar: (id) => deps.registry.calendar(id),
    decision: (id, version) => deps.registry.pinnedDecision(id, version),
  });
  // a case new in this batch (step-rows.ts) is written at its end, unless this step writes rows
  // that refer to it
  if (post.deferred?.isFresh(row.id) && !ownRowsOnly(deps, row, effects))
    await post.deferred.written(tx, row.id);
  const actor = 'actor' in event ? event.actor : 'system';
  const entries: HistoryEntry[] = [];
  /** Tasks created that no enabled user can see: said in the history after the task's creation. */
  const unroutable: HistoryEntry[] = [];
  const followUps: Event[] = [];
  /** Event-based gateways' races already won by a buffered message in this step. */
  const won = new Set<string>();
  let ended: { status: 'completed' | 'cancelled'; outcome: string | null } | null = null;
  let businessKey: string | undefined;

  for (const e of effects) {
    switch (e.type) {
      case 'history':
        entries.push(e.entry);
        break;
      case 'createTask': {
        const t = e.task;
        // the step takes it from the registry (ctx.latestFormVersion): null is play's draft form
        if (t.formVersion === null)
          throw createError('CW_ERR_INTERNAL', `task ${t.id} has no form version`);
        await tasks.insertTask(tx, {
          id: t.id,
          instanceId: row.id,
          tokenId: t.tokenId,
          nodeId: t.nodeId,
          processId: row.process_id,
          formId: t.formId,
          formVersion: t.formVersion,
          assignee: t.assignee,
          candidateGroups: t.candidateGroups,
          candidateUsers: t.candidateUsers,
          priority: t.priority,
          dueAt: t.dueAt,
          ...(t.dueCalendar ? { dueBasis: t.dueCalendar } : {}),
          prefill: t.prefill,
          now,
        });
        const routing = {
          assignee: t.assignee,
          users: t.candidateUsers,
          groups: t.candidateGroups,
        };
        if (!(await tasks.reachesSomebody(tx, routing)))
          unroutable.push({
            type: 'task.unroutable',
            nodeId: t.nodeId,
            tokenId: t.tokenId,
            data: {
              taskId: t.id,
              assignee: t.assignee,
              candidateGroups: t.candidateGroups,
              candidateUsers: t.candidateUsers,
            },
          });
        break;
      }
      case 'closeTask':
        await tasks.closeTask(tx, e.taskId, e.status, now, e.submitted);
        break;
      case 'setBusinessKey':
        // a case of this batch of steps (step-rows.ts) holds its key before its row says so
        if (
          e.unique &&
          ((await instances.businessKeyTaken(tx, row.process_id, e.key)) ||
            post.deferred?.holdsKey(row.process_id, e.key))
        )
          throw createError('CW_ERR_BUSINESS_KEY_TAKEN', undefined, {
            data: { processId: row.process_id },
          });
        businessKey = e.key;
        break;
      case 'scheduleTimer':
        await scheduleJob(
          tx,
          {
            id: e.timer.id,
            instanceId: row.id,
            kind: 'timer',
            nodeId: e.timer.nodeId,
            tokenId: e.timer.tokenId,
            dueAt: e.timer.dueAt,
            now,
            // how a timer on a business calendar was counted: a later version counts it again
            ...(e.timer.calendar ? { payload: { calendar: e.timer.calendar } } : {}),
          },
          post,
        );
        break;
      case 'scheduleJob':
        await scheduleJob(
          tx,
          {
            id: e.job.id,
            instanceId: row.id,
            kind: 'service',
            nodeId: e.job.nodeId,
            tokenId: e.job.tokenId,
            dueAt: e.job.runAt,
            now,
            action: e.job.action,
            payload: { input: e.job.input },
            maxAttempts: e.job.maxAttempts,
            backoffMs: e.job.backoffMs,
            timeoutMs: e.job.timeoutMs,
          },
          post,
        );
        break;
      case 'retryJob':
        await jobs.retryJob(tx, {
          id: e.jobId,
          attempt: e.attempt,
          dueAt: e.runAt,
          error: e.error,
          now,
        });
        post.dispatch.push({ id: e.jobId, attempt: e.attempt, dueAt: e.runAt, service: true });
        break;
      case 'cancelTimer':
        await jobs.cancelPendingJob(tx, e.timerId, now);
        break;
      case 'cancelJob':
        await jobs.cancelPendingJob(tx, e.jobId, now);
        break;
      case 'finishJob':
        await jobs.markJobDone(tx, e.jobId, nowMs);
        break;
      case 'setJobInput':
        await jobs.setJobInput(tx, e.jobId, e.input, now);
        break;
      case 'raiseTaskPriority':
        await tasks.raiseTasksPriority(tx, e.taskIds, e.priority);
        break;
      case 'openIncident': {
        const node = graph.definition.nodes.find((n) => n.id === e.nodeId);
        // a gateway holding its token: its job row is the incident's handle for a retry
        if (e.condition)
          await jobs.insertJob(tx, {
            id: e.jobId,
            instanceId: row.id,
            kind: 'gateway',
            nodeId: e.nodeId,
            tokenId: e.tokenId,
            dueAt: nowMs,
            now,
          });
        await openIncidentTold(tx, post, {
          jobId: e.jobId,
          instanceId: row.id,
          processId: row.process_id,
          nodeId: e.nodeId,
          action: node?.type === 'serviceTask' ? node.action : null,
          error: e.error,
          failure: e.failure,
          ...(e.condition ? { details: { condition: e.condition } } : {}),
          now,
        });
        break;
      }
      case 'subscribe': {
        const s = e.subscription;
        await messages.insertSubscription(tx, {
          id: s.id,
          instanceId: row.id,
          tokenId: s.tokenId,
          nodeId: s.nodeId,
          message: s.message,
          correlationKey: s.correlationKey,
          now,
        });
        break;
      }
      case 'takeBufferedMessage': {
        if (e.race !== undefined && won.has(e.race)) break;
        await messages.lockCorrelation(tx, e.message, e.correlationKey);
        const m = await messages.takeBufferedMessage(tx, {
          name: e.message,
          key: e.correlationKey,
          instanceId: row.id,
          subscriptionId: e.subscriptionId,
          now,
        });
        // answered as the next step of this transaction
        if (m && e.race !== undefined) won.add(e.race);
        if (m)
          followUps.push({
            type: 'messageReceived',
            subscriptionId: e.subscriptionId,
            messageId: m.id,
            payload: m.payload,
          });
        break;
      }
      case 'unsubscribe':
        await messages.cancelSubscription(tx, e.subscriptionId);
        break;
      case 'startChild': {
        const c = e.child;
        await createInstance(
          deps,
          tx,
          {
            id: c.id,
            processId: c.processId,
            version: c.version,
            variables: c.variables,
            actor: `instance:${row.id}`,
            parentId: row.id,
            parentTokenId: c.tokenId,
          },
          post,
        );
        break;
      }
      case 'cancelChild':
        await scheduleJob(
          tx,
          {
            id: `${e.childId}.cancel`,
            instanceId: e.childId,
            kind: 'cancel-instance',
            dueAt: nowMs,
            now,
          },
          post,
        );
        break;
      case 'instanceEnded':
        ended = { status: e.status, outcome: e.outcome };
        post.facts.push({ type: 'instanceEnded', processId: row.process_id, status: e.status });
        break;
    }
  }

  entries.push(...unroutable);
  entries.push(...(await applySlaStep(deps, tx, row, state, effects, nowMs, post)));
  const written = {
    instanceId: row.id,
    afterSeq: row.history_seq,
    at: now,
    actor,
    entries,
  };
  if (post.deferred) post.deferred.history(written);
  else await history.insertStepHistory(tx, written);
  if (ended?.status === 'completed' && row.parent_id) {
    await scheduleJob(
      tx,
      {
        id: `${row.id}.done`,
        instanceId: row.parent_id,
        kind: 'resume-parent',
        dueAt: nowMs,
        now,
        payload: { childId: row.id },
      },
      post,
    );
  }
  const update = {
    id: row.id,
    state,
    entries: entries.length,
    now,
    ...(businessKey === undefined ? {} : { businessKey }),
  };
  let next = post.deferred
    ? post.deferred.instance(row, update)
    : await instances.updateAfterStep(tx, update);
  // the start step sets the business key: the step's span learns it here
  if (businessKey && deps.tracing) annotate({ [ATTR.businessKey]: businessKey });
  // the search terms change with the variables, in this transaction (the start always writes)
  const before = event.type === 'start' ? null : row.state.variables;
  if (post.deferred) {
    const planned = deps.caseIndex?.plan(deps.registry, next, before);
    // a start's case was inserted in this transaction: it has no terms to replace
    if (planned) post.deferred.terms({ instanceId: next.id, ...planned, fresh: !before });
  } else await deps.caseIndex?.write(tx, deps.registry, next, before);
  if (event.type === 'start')
    post.facts.push({ type: 'instanceStarted', processId: row.process_id });
  post.facts.push({
    type: 'step',
    processId: row.process_id,
    event: event.type,
    seconds: (performance.now() - began) / 1000,
  });
  for (const f of followUps) next = await applyEvent(deps, tx, next, f, post);
  return next;
}

/** Effects that write nothing but the case's own row and history. */
const OWN_ROWS = new Set<Effect['type']>(['history', 'instanceEnded', 'setBusinessKey']);

/** Whether a step writes only its case's row, history and search terms (no SLA clocks either). */
function ownRowsOnly(deps: ApplyDeps, row: InstanceRow, effects: readonly Effect[]): boolean {
  return !deps.registry.measured(row.process_id) && effects.every((e) => OWN_ROWS.has(e.type));
}
