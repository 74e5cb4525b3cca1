/**
 * Applies one interpreter step inside a PostgreSQL transaction: the instance row (locked by
 * the caller), the history, tasks, job rows (timers, service invocations, parent/child
 * notices), subscriptions and incidents are written together or not at all. Jobs to hand to
 * BullMQ are collected in `post` and enqueued only after the commit.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/index.ts';
import type { DefinitionRegistry } from '../definitions/index.ts';
import { createError } from '../errors.ts';
import {
  businessKeyDeclaration,
  businessKeyOf,
  initialState,
  newCaseReference,
  withCaseReference,
  step,
  type Event,
  type HistoryEntry,
} from '../runtime/index.ts';
import type { CaseIndex } from '../search/index.ts';
import { reachesSomebody, type InstanceRow, type Tx } from '../store/index.ts';
import { insertJob, openIncident } from './rows.ts';
import { applySlaStep } from './sla.ts';

/** A job row to hand to the queue once the transaction has committed. */
export interface Dispatch {
  id: string;
  attempt: number;
  dueAt: number;
}

export interface PostCommit {
  dispatch: Dispatch[];
}

export interface ApplyDeps {
  registry: DefinitionRegistry;
  clock: Clock;
  /** Writes the case's search terms with its variables (absent: cases are not indexed). */
  caseIndex?: CaseIndex;
}

/** Creates an instance row and runs its start step (also used for call activity children). */
export async function createInstance(
  deps: ApplyDeps,
  tx: Tx,
  req: {
    id?: string;
    processId: string;
    version?: number | null;
    variables: Record<string, unknown>;
    businessKey?: string | null;
    actor: string;
    parentId?: string | null;
    parentTokenId?: string | null;
  },
  post: PostCommit,
): Promise<InstanceRow> {
  const { definition } = deps.registry.process(req.processId, req.version);
  const id = req.id ?? randomUUID();
  const now = new Date(deps.clock.now());
  const reference = newCaseReference();
  // The engine's reference, where the process wants it (its correlation keys, its notices):
  // never a value the caller sent, so no customer can give their case another's number.
  const variables = withCaseReference(definition, req.variables, reference);
  const state = initialState(id, variables);
  const businessKey = businessKeyOf(definition, variables, req.businessKey ?? null);
  if (businessKeyDeclaration(definition).unique && businessKey !== null && !req.parentId)
    await claimBusinessKey(tx, definition.id, businessKey);
  const r = await tx.query<InstanceRow>(
    `INSERT INTO instances (id, process_id, process_version, business_key, reference, status, state, parent_id, parent_token_id, started_by, started_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10, $10) RETURNING *`,
    [
      id,
      definition.id,
      definition.version,
      businessKey,
      reference,
      state,
      req.parentId ?? null,
      req.parentTokenId ?? null,
      req.actor,
      now,
    ],
  );
  return applyEvent(deps, tx, r.rows[0]!, { type: 'start', actor: req.actor }, post);
}

/**
 * Refuses a second active case of the process with this business key (`businessKey.unique`).
 * The advisory lock, held to the commit, serialises starts with the same key on every engine,
 * so the check and the insert that follows it are one step. Only cases started on their own
 * count, as only they are checked: a call activity's child is neither.
 */
async function claimBusinessKey(tx: Tx, processId: string, businessKey: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 1))`, [
    `business-key\u001f${processId}\u001f${businessKey}`,
  ]);
  const taken = await tx.query(
    `SELECT 1 FROM instances WHERE business_key = $2 AND process_id = $1 AND status = 'active' AND parent_id IS NULL LIMIT 1`,
    [processId, businessKey],
  );
  if (taken.rowCount)
    throw createError('CW_ERR_BUSINESS_KEY_TAKEN', undefined, { data: { processId } });
}

/** Runs one event through the interpreter and writes everything it produced. */
export async function applyEvent(
  deps: ApplyDeps,
  tx: Tx,
  row: InstanceRow,
  event: Event,
  post: PostCommit,
): Promise<InstanceRow> {
  const { graph } = deps.registry.process(row.process_id, row.process_version);
  const nowMs = deps.clock.now();
  const now = new Date(nowMs);
  const { state, effects } = step(graph, row.state, event, {
    now: nowMs,
    newInstanceId: randomUUID,
  });
  const actor = 'actor' in event ? event.actor : 'system';
  const history: HistoryEntry[] = [];
  /** Tasks created that no enabled user can see: said in the history after the task's creation. */
  const unroutable: HistoryEntry[] = [];
  const followUps: Event[] = [];
  let ended: { status: 'completed' | 'cancelled'; outcome: string | null } | null = null;

  for (const e of effects) {
    switch (e.type) {
      case 'history':
        history.push(e.entry);
        break;
      case 'createTask': {
        const t = e.task;
        const formVersion = t.formVersion ?? deps.registry.get('form', t.formId).version;
        await tx.query(
          `INSERT INTO tasks (id, instance_id, token_id, node_id, process_id, form_id, form_version, status, assignee, candidate_groups, candidate_users, priority, due_at, prefill, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $11, $12, $13, $14)`,
          [
            t.id,
            row.id,
            t.tokenId,
            t.nodeId,
            row.process_id,
            t.formId,
            formVersion,
            t.assignee,
            t.candidateGroups,
            t.candidateUsers,
            t.priority,
            t.dueAt === null ? null : new Date(t.dueAt),
            t.prefill,
            now,
          ],
        );
        const routing = {
          assignee: t.assignee,
          users: t.candidateUsers,
          groups: t.candidateGroups,
        };
        if (!(await reachesSomebody(tx, routing)))
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
        await tx.query(
          `UPDATE tasks SET status = $2, completed_at = COALESCE(completed_at, $3) WHERE id = $1 AND status = 'open'`,
          [e.taskId, e.status, now],
        );
        break;
      case 'scheduleTimer':
        await insertJob(
          tx,
          {
            id: e.timer.id,
            instanceId: row.id,
            kind: 'timer',
            nodeId: e.timer.nodeId,
            tokenId: e.timer.tokenId,
            dueAt: e.timer.dueAt,
            now,
          },
          post,
        );
        break;
      case 'scheduleJob':
        await insertJob(
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
        await tx.query(
          `UPDATE jobs SET status = 'pending', attempt = $2, due_at = $3, last_error = $4, updated_at = $5 WHERE id = $1`,
          [e.jobId, e.attempt, new Date(e.runAt), e.error, now],
        );
        post.dispatch.push({ id: e.jobId, attempt: e.attempt, dueAt: e.runAt });
        break;
      case 'cancelTimer':
      case 'cancelJob': {
        const id = e.type === 'cancelTimer' ? e.timerId : e.jobId;
        await tx.query(
          `UPDATE jobs SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status IN ('pending', 'failed')`,
          [id, now],
        );
        await tx.query(
          `UPDATE incidents SET status = 'resolved', resolved_at = $2, resolved_by = 'cancelled' WHERE job_id = $1 AND status = 'open'`,
          [id, now],
        );
        break;
      }
      case 'openIncident':
        await openIncident(tx, {
          jobId: e.jobId,
          instanceId: row.id,
          nodeId: e.nodeId,
          error: e.error,
          now,
        });
        break;
      case 'subscribe': {
        const s = e.subscription;
        await tx.query(
          `INSERT INTO subscriptions (id, instance_id, token_id, node_id, message, correlation_key, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)`,
          [s.id, row.id, s.tokenId, s.nodeId, s.message, s.correlationKey, now],
        );
        // A message that arrived before anyone waited for it is buffered: take it now.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
          `${s.message}\u001f${s.correlationKey}`,
        ]);
        const buffered = await tx.query<{ id: string; payload: Record<string, unknown> }>(
          `UPDATE messages SET status = 'correlated', instance_id = $3, subscription_id = $4, correlated_at = $5
           WHERE id = (SELECT id FROM messages WHERE name = $1 AND correlation_key = $2 AND status = 'buffered' AND expires_at > $5
                       ORDER BY received_at LIMIT 1 FOR UPDATE)
           RETURNING id, payload`,
          [s.message, s.correlationKey, row.id, s.id, now],
        );
        const m = buffered.rows[0];
        if (m) {
          await tx.query(`UPDATE subscriptions SET status = 'done' WHERE id = $1`, [s.id]);
          followUps.push({
            type: 'messageReceived',
            subscriptionId: s.id,
            messageId: m.id,
            payload: m.payload,
          });
        }
        break;
      }
      case 'unsubscribe':
        await tx.query(
          `UPDATE subscriptions SET status = 'cancelled' WHERE id = $1 AND status = 'pending'`,
          [e.subscriptionId],
        );
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
        await insertJob(
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
        break;
    }
  }

  history.push(...unroutable);
  history.push(...(await applySlaStep(deps, tx, row, state, effects, nowMs, post)));
  if (history.length) {
    await tx.query(
      `INSERT INTO history (instance_id, seq, at, type, node_id, token_id, actor, data)
       SELECT $1, $2 + x.n, $3, x.type, x.node_id, x.token_id, COALESCE(x.actor, $4),
              NULLIF($9::jsonb->'data'->(x.n::int - 1), 'null'::jsonb)
       FROM unnest($5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS x(type, node_id, token_id, actor, n)`,
      [
        row.id,
        row.history_seq,
        now,
        actor,
        history.map((h) => h.type),
        history.map((h) => h.nodeId ?? null),
        history.map((h) => h.tokenId ?? null),
        history.map((h) => h.actor ?? null),
        // one JSON object (not a jsonb[]), so the store seals its personal data like any other
        { data: history.map((h) => h.data ?? null) },
      ],
    );
  }
  if (ended?.status === 'completed' && row.parent_id) {
    await insertJob(
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
  const updated = await tx.query<InstanceRow>(
    `UPDATE instances SET state = $2, status = $3, outcome = $4, revision = revision + 1, history_seq = history_seq + $5,
       ended_at = CASE WHEN $3 = 'active' THEN NULL ELSE COALESCE(ended_at, $6) END, updated_at = $6
     WHERE id = $1 RETURNING *`,
    [row.id, state, state.status, state.outcome, history.length, now],
  );
  let next = updated.rows[0]!;
  // the search terms change with the variables, in this transaction (the start always writes)
  await deps.caseIndex?.write(
    tx,
    deps.registry,
    next,
    event.type === 'start' ? null : row.state.variables,
  );
  for (const f of followUps) next = await applyEvent(deps, tx, next, f, post);
  return next;
}
