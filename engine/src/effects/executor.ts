/**
 * The executor: every command that changes an instance (start, complete a task, correlate a
 * message, fire a job, cancel, migrate, retry an incident) locks the instance row, runs one
 * interpreter step and writes its effects in a single transaction, then hands the new job
 * rows to the dispatcher. Two engine processes never advance one instance at once: the row
 * lock serialises them, and every worker re-reads the job row under that lock, so duplicate
 * or late deliveries become no-ops.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.ts';
import type { DefinitionRegistry } from '../definitions/index.ts';
import { checkFileReferences } from '../attachments/index.ts';
import { createError, isCasewayError, type ErrorDetail, type Lang } from '../errors.ts';
import { checkSubmission } from '../forms/index.ts';
import { assertMayWorkOpenTask, mayUnclaim, type Actor } from '../access/index.ts';
import type { ActionRegistry } from '../plugins/index.ts';
import { applyMigration, planMigration, type MigrationPlan } from '../runtime/index.ts';
import type { CaseIndex } from '../search/index.ts';
import { lockInstance, type Db, type Tx, type InstanceRow } from '../store/index.ts';
import { invokeAction } from './invoke.ts';
import { appendHistory, markDone, openIncident, type JobKind } from './rows.ts';
import { fireSlaJob, runActionJob, type SlaJobDeps } from './sla-jobs.ts';
import { applyEvent, createInstance, type Dispatch, type PostCommit } from './apply.ts';

export interface Dispatcher {
  /** Hands committed job rows to the queue (idempotent: deterministic job ids). */
  dispatch(jobs: Dispatch[]): Promise<void>;
}

export interface ExecutorDeps {
  db: Db;
  registry: DefinitionRegistry;
  clock: Clock;
  actions: ActionRegistry;
  dispatcher: Dispatcher;
  logger: Logger;
  /** How long a message nobody waits for is kept (ms). */
  messageTtlMs: number;
  /** Writes each case's search terms in the transaction of the step that changes them. */
  caseIndex?: CaseIndex;
}

/**
 * Work a caller adds to a command's transaction: `first`, before the command reads anything
 * (an idempotency key is claimed there), and `last`, with the command's result, before the
 * commit (the answer recorded with it; a public intake's tracking token written with its case).
 * Either may throw to abandon the whole transaction.
 */
export interface TxHooks<T> {
  first?(tx: Tx): Promise<void>;
  last?(tx: Tx, result: T): Promise<void>;
}

export type JobOutcome = 'done' | 'noop' | { early: number };

/** What became of a received message. */
export interface Correlation {
  status: 'correlated' | 'buffered' | 'expired';
  instanceId: string | null;
  duplicate: boolean;
}

export interface JobRow {
  id: string;
  instance_id: string;
  kind: JobKind;
  node_id: string | null;
  token_id: string | null;
  due_at: Date;
  status: string;
  attempt: number;
  max_attempts: number;
  backoff_ms: number;
  timeout_ms: number;
  action: string | null;
  payload: {
    input?: Record<string, unknown>;
    childId?: string;
    clockId?: string;
    percent?: number;
  };
}

export class Executor {
  constructor(readonly deps: ExecutorDeps) {}

  /** What SLA jobs need: the deps, the transaction runner and the pending check. */
  private get slaJobDeps(): SlaJobDeps {
    return {
      deps: this.deps,
      run: (fn) => this.run(fn),
      stillPending: (tx, job) => this.stillPending(tx, job),
    };
  }

  /** Runs fn in a transaction (between the caller's hooks), then dispatches the jobs it wrote. */
  private async run<T>(
    fn: (tx: Tx, post: PostCommit) => Promise<T>,
    hooks?: TxHooks<T>,
  ): Promise<T> {
    const post: PostCommit = { dispatch: [] };
    const result = await this.deps.db.tx(async (tx) => {
      await hooks?.first?.(tx);
      const r = await fn(tx, post);
      await hooks?.last?.(tx, r);
      return r;
    });
    if (post.dispatch.length) {
      // If this fails (Redis down) the reconciler re-arms the rows from PostgreSQL.
      await this.deps.dispatcher
        .dispatch(post.dispatch)
        .catch((e) =>
          this.deps.logger.warn({ err: e }, 'dispatch failed; the reconciler will re-arm'),
        );
    }
    return result;
  }

  async startInstance(
    req: {
      processId: string;
      version?: number | null;
      variables: Record<string, unknown>;
      businessKey?: string | null;
      actor: Actor;
      lang: Lang;
      /** The JSON pointer of the variables in the caller's request, for error details. */
      variablesAt?: string;
    },
    hooks?: TxHooks<InstanceRow>,
  ): Promise<InstanceRow> {
    const { definition } = this.deps.registry.process(req.processId, req.version);
    const start = definition.nodes.find((n) => n.type === 'start');
    let variables = req.variables;
    if (start?.type === 'start' && start.form) {
      const form = this.deps.registry.form(start.form.id, start.form.version);
      const checked = checkSubmission(
        form,
        variables,
        {},
        req.lang,
        req.variablesAt ?? '/variables',
      );
      variables = checked.data;
      const problems = checked.problems;
      // No file can belong to a case that does not exist yet.
      if (!problems.length)
        problems.push(
          ...(await checkFileReferences(this.deps.db, form.fields, variables, null, req.lang)),
        );
      if (problems.length) throw formInvalid(problems, req.variablesAt ?? '/variables');
    }
    return this.run(
      (tx, post) =>
        createInstance(
          this.deps,
          tx,
          {
            processId: definition.id,
            version: definition.version,
            variables,
            businessKey: req.businessKey ?? null,
            actor: req.actor.id,
          },
          post,
        ),
      hooks,
    );
  }

  async completeTask(
    taskId: string,
    submitted: Record<string, unknown>,
    actor: Actor,
    lang: Lang,
    hooks?: TxHooks<InstanceRow>,
  ): Promise<InstanceRow> {
    return this.run(async (tx, post) => {
      const instanceId = await this.taskInstance(tx, taskId);
      const row = await lockInstance(tx, instanceId);
      const task = await this.openTask(tx, taskId, actor);
      const form = this.deps.registry.form(task.form_id, task.form_version);
      const { data, problems } = checkSubmission(
        form,
        submitted,
        row.state.variables,
        lang,
        '/data',
      );
      if (!problems.length)
        problems.push(...(await checkFileReferences(tx, form.fields, data, instanceId, lang)));
      if (problems.length) throw formInvalid(problems, '/data');
      await tx.query(`UPDATE tasks SET data = $2, completed_by = $3, draft = NULL WHERE id = $1`, [
        taskId,
        data,
        actor.id,
      ]);
      return applyEvent(
        this.deps,
        tx,
        row,
        { type: 'taskCompleted', taskId, data, actor: actor.id },
        post,
      );
    }, hooks);
  }

  async claimTask(taskId: string, actor: Actor, claim: boolean): Promise<void> {
    await this.run(async (tx) => {
      const instanceId = await this.taskInstance(tx, taskId);
      const row = await lockInstance(tx, instanceId);
      const task = await this.openTask(tx, taskId, actor);
      if (claim && task.assignee && task.assignee !== actor.id)
        throw createError('CW_ERR_TASK_CLAIMED', undefined, {
          data: { taskId, assignee: task.assignee },
        });
      if (!claim && !mayUnclaim(actor, task)) {
        throw createError('CW_ERR_TASK_CLAIMED', undefined, {
          data: { taskId, assignee: task.assignee },
        });
      }
      await tx.query(`UPDATE tasks SET assignee = $2 WHERE id = $1`, [
        taskId,
        claim ? actor.id : null,
      ]);
      await appendHistory(
        tx,
        row,
        {
          type: claim ? 'task.claimed' : 'task.unclaimed',
          nodeId: task.node_id,
          actor: actor.id,
          data: { taskId },
        },
        this.deps.clock.now(),
      );
    });
  }

  async saveDraft(taskId: string, draft: Record<string, unknown>, actor: Actor): Promise<void> {
    await this.run(async (tx) => {
      const instanceId = await this.taskInstance(tx, taskId);
      await lockInstance(tx, instanceId);
      await this.openTask(tx, taskId, actor);
      await tx.query(`UPDATE tasks SET draft = $2 WHERE id = $1`, [taskId, draft]);
    });
  }

  async cancelInstance(id: string, actor: Actor, reason: string): Promise<InstanceRow> {
    return this.run(async (tx, post) => {
      const row = await lockInstance(tx, id);
      if (row.status !== 'active')
        throw createError('CW_ERR_INSTANCE_NOT_ACTIVE', undefined, {
          data: { instanceId: id, status: row.status },
        });
      return applyEvent(this.deps, tx, row, { type: 'cancel', actor: actor.id, reason }, post);
    });
  }

  /**
   * Receives a message. Idempotent by message id; correlated to the oldest waiting
   * subscription with the same name and key, or buffered for its time-to-live.
   */
  async correlateMessage(
    m: {
      messageId: string;
      name: string;
      correlationKey: string;
      payload: Record<string, unknown>;
      ttlMs?: number;
    },
    hooks?: TxHooks<Correlation>,
  ): Promise<Correlation> {
    const hash = createHash('sha256')
      .update(JSON.stringify([m.name, m.correlationKey, m.payload]))
      .digest('hex');
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.run(async (tx, post) => {
          // Serialises with subscription creation for the same (name, key); see apply.ts.
          await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
            `${m.name}\u001f${m.correlationKey}`,
          ]);
          const prior = await tx.query<{
            hash: string;
            status: 'correlated' | 'buffered' | 'expired';
            instance_id: string | null;
          }>(`SELECT hash, status, instance_id FROM messages WHERE id = $1`, [m.messageId]);
          if (prior.rows[0]) {
            if (prior.rows[0].hash !== hash)
              throw createError('CW_ERR_MESSAGE_CONFLICT', undefined, {
                data: { messageId: m.messageId },
              });
            return {
              status: prior.rows[0].status,
              instanceId: prior.rows[0].instance_id,
              duplicate: true,
            };
          }
          const now = new Date(this.deps.clock.now());
          const expires = new Date(now.getTime() + (m.ttlMs ?? this.deps.messageTtlMs));
          const sub = await tx.query<{ id: string; instance_id: string }>(
            `SELECT id, instance_id FROM subscriptions WHERE message = $1 AND correlation_key = $2 AND status = 'pending' ORDER BY created_at, id LIMIT 1`,
            [m.name, m.correlationKey],
          );
          const s = sub.rows[0];
          if (!s) {
            await tx.query(
              `INSERT INTO messages (id, name, correlation_key, payload, hash, status, received_at, expires_at) VALUES ($1, $2, $3, $4, $5, 'buffered', $6, $7)`,
              [m.messageId, m.name, m.correlationKey, m.payload, hash, now, expires],
            );
            return { status: 'buffered' as const, instanceId: null, duplicate: false };
          }
          // Never wait for an instance lock while holding the advisory lock (the step that
          // subscribes holds them in the other order): NOWAIT, and retry the whole thing.
          const row = await lockInstance(tx, s.instance_id, true);
          await tx.query(
            `INSERT INTO messages (id, name, correlation_key, payload, hash, status, instance_id, subscription_id, received_at, expires_at, correlated_at)
             VALUES ($1, $2, $3, $4, $5, 'correlated', $6, $7, $8, $9, $8)`,
            [
              m.messageId,
              m.name,
              m.correlationKey,
              m.payload,
              hash,
              s.instance_id,
              s.id,
              now,
              expires,
            ],
          );
          await tx.query(`UPDATE subscriptions SET status = 'done' WHERE id = $1`, [s.id]);
          await applyEvent(
            this.deps,
            tx,
            row,
            {
              type: 'messageReceived',
              subscriptionId: s.id,
              messageId: m.messageId,
              payload: m.payload,
            },
            post,
          );
          return { status: 'correlated' as const, instanceId: s.instance_id, duplicate: false };
        }, hooks);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if ((code === '55P03' || code === '40P01') && attempt < 50) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * Answers one wait of one case: the pending subscription `subscriptionId` of instance
   * `instanceId`, whatever its correlation key. For callers who know the case itself (a
   * customer's tracking link names it): a key a customer typed never chooses the case.
   * `payload` runs in the step's transaction (to store the documents it references), so the
   * answer and what it carries are written together or not at all. Idempotent by message id.
   * `waiting: false` when the case no longer waits there (nothing is written).
   */
  async answerWait(w: {
    instanceId: string;
    subscriptionId: string;
    messageId: string;
    payload: (tx: Tx) => Promise<Record<string, unknown>>;
  }): Promise<{ waiting: boolean; duplicate: boolean }> {
    return this.run(async (tx, post) => {
      const row = await lockInstance(tx, w.instanceId);
      const sub = await tx.query<{ message: string; correlation_key: string }>(
        `SELECT message, correlation_key FROM subscriptions WHERE id = $1 AND instance_id = $2`,
        [w.subscriptionId, w.instanceId],
      );
      const s = sub.rows[0];
      if (!s) return { waiting: false, duplicate: false };
      // Serialises with correlateMessage for the same (name, key), which picks a subscription
      // before it locks the instance: it never answers this one as well (see apply.ts).
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `${s.message}\u001f${s.correlation_key}`,
      ]);
      const prior = await tx.query<{ subscription_id: string | null }>(
        `SELECT subscription_id FROM messages WHERE id = $1`,
        [w.messageId],
      );
      if (prior.rows[0])
        return { waiting: prior.rows[0].subscription_id === w.subscriptionId, duplicate: true };
      const fresh = await tx.query<{ status: string }>(
        `SELECT status FROM subscriptions WHERE id = $1`,
        [w.subscriptionId],
      );
      if (fresh.rows[0]?.status !== 'pending') return { waiting: false, duplicate: false };
      const payload = await w.payload(tx);
      const now = new Date(this.deps.clock.now());
      const hash = createHash('sha256')
        .update(JSON.stringify([s.message, s.correlation_key, payload]))
        .digest('hex');
      await tx.query(
        `INSERT INTO messages (id, name, correlation_key, payload, hash, status, instance_id, subscription_id, received_at, expires_at, correlated_at)
         VALUES ($1, $2, $3, $4, $5, 'correlated', $6, $7, $8, $8, $8)`,
        [
          w.messageId,
          s.message,
          s.correlation_key,
          payload,
          hash,
          w.instanceId,
          w.subscriptionId,
          now,
        ],
      );
      await tx.query(`UPDATE subscriptions SET status = 'done' WHERE id = $1`, [w.subscriptionId]);
      await applyEvent(
        this.deps,
        tx,
        row,
        {
          type: 'messageReceived',
          subscriptionId: w.subscriptionId,
          messageId: w.messageId,
          payload,
        },
        post,
      );
      return { waiting: true, duplicate: false };
    });
  }

  async migrateInstance(
    id: string,
    req: { targetVersion: number; mapping: Record<string, string>; dryRun: boolean },
    actor: Actor,
  ): Promise<MigrationPlan & { applied: boolean }> {
    return this.run(async (tx) => {
      const row = await lockInstance(tx, id);
      if (row.status !== 'active')
        throw createError('CW_ERR_INSTANCE_NOT_ACTIVE', undefined, { data: { instanceId: id } });
      const from = this.deps.registry.process(row.process_id, row.process_version).graph;
      const to = this.deps.registry.process(row.process_id, req.targetVersion).graph;
      const plan = planMigration(from, to, row.state, req.mapping);
      if (plan.problems.length) {
        if (req.dryRun) return { ...plan, applied: false };
        throw createError('CW_ERR_MIGRATION_REFUSED', undefined, {
          details: plan.problems.map((p) => ({
            code: p.code,
            pointer: p.pointer,
            message: p.message,
          })),
          data: { moves: plan.moves },
        });
      }
      if (req.dryRun) return { ...plan, applied: false };
      const state = applyMigration(row.state, plan);
      for (const move of plan.moves) {
        for (const table of ['tasks', 'subscriptions'] as const) {
          await tx.query(
            `UPDATE ${table} SET node_id = $3 WHERE instance_id = $1 AND token_id = $2`,
            [id, move.tokenId, move.to],
          );
        }
        await tx.query(
          // The token's own timer or service job moves with it; boundary timers keep their boundary node.
          `UPDATE jobs SET node_id = $3 WHERE instance_id = $1 AND token_id = $2 AND node_id = $4`,
          [id, move.tokenId, move.to, move.from],
        );
      }
      const now = new Date(this.deps.clock.now());
      await tx.query(
        `UPDATE instances SET state = $2, process_version = $3, revision = revision + 1, updated_at = $4 WHERE id = $1`,
        [id, state, req.targetVersion, now],
      );
      // the target version may declare other variables for case search
      await this.deps.caseIndex?.write(
        tx,
        this.deps.registry,
        { ...row, process_version: req.targetVersion, state },
        null,
      );
      await appendHistory(
        tx,
        row,
        {
          type: 'instance.migrated',
          actor: actor.id,
          data: { from: row.process_version, to: req.targetVersion, moves: plan.moves },
        },
        now.getTime(),
      );
      return { ...plan, applied: true };
    });
  }

  async retryIncident(incidentId: string, actor: Actor): Promise<void> {
    await this.run(async (tx, post) => {
      const inc = await tx.query<{ instance_id: string; job_id: string; status: string }>(
        `SELECT instance_id, job_id, status FROM incidents WHERE id = $1`,
        [incidentId],
      );
      const i = inc.rows[0];
      if (!i) throw createError('CW_ERR_NOT_FOUND', `incident ${incidentId} not found`);
      const row = await lockInstance(tx, i.instance_id);
      const again = await tx.query<{ status: string }>(
        `SELECT status FROM incidents WHERE id = $1 FOR UPDATE`,
        [incidentId],
      );
      if (again.rows[0]?.status !== 'open')
        throw createError('CW_ERR_INCIDENT_NOT_OPEN', undefined, { data: { incidentId } });
      const now = this.deps.clock.now();
      await tx.query(
        `UPDATE incidents SET status = 'resolved', resolved_at = $2, resolved_by = $3 WHERE id = $1`,
        [incidentId, new Date(now), actor.id],
      );
      const job = await tx.query<{ attempt: number }>(
        `UPDATE jobs SET status = 'pending', attempt = attempt + 1, max_attempts = attempt + 1, due_at = $2, updated_at = $2 WHERE id = $1 RETURNING attempt`,
        [i.job_id, new Date(now)],
      );
      post.dispatch.push({ id: i.job_id, attempt: job.rows[0]!.attempt, dueAt: now });
      await appendHistory(
        tx,
        row,
        { type: 'incident.retried', actor: actor.id, data: { incidentId, jobId: i.job_id } },
        now,
      );
    });
  }

  /**
   * Worker entry: does the work a job row describes, exactly once. Returns `{ early }` when
   * delivered before its due time (the worker re-delays it), 'noop' when the row is no
   * longer pending (duplicate, late after cancel, or another engine did it).
   */
  async processJob(jobId: string, attempt: number): Promise<JobOutcome> {
    const peek = await this.deps.db.query<JobRow>(`SELECT * FROM jobs WHERE id = $1`, [jobId]);
    const job = peek.rows[0];
    if (!job || job.status !== 'pending' || job.attempt !== attempt) return 'noop';
    const now = this.deps.clock.now();
    if (job.due_at.getTime() > now) return { early: job.due_at.getTime() };
    if (job.kind === 'service') return this.runService(job);
    if (job.kind === 'plugin-event') {
      try {
        return await runActionJob(this.slaJobDeps, job, { failed: 'plugin.event.failed' });
      } catch (e) {
        return this.failStep(job, e);
      }
    }
    if (job.kind === 'sla' || job.kind === 'sla-action') {
      try {
        return await (job.kind === 'sla'
          ? fireSlaJob(this.slaJobDeps, job, now)
          : runActionJob(this.slaJobDeps, job));
      } catch (e) {
        return this.failStep(job, e);
      }
    }
    try {
      return await this.run(async (tx, post) => {
        const row = await lockInstance(tx, job.instance_id);
        if (!(await this.stillPending(tx, job))) return 'noop';
        await markDone(tx, job.id, now);
        switch (job.kind) {
          case 'timer':
            if (row.status !== 'active') return 'noop';
            await applyEvent(this.deps, tx, row, { type: 'timerFired', timerId: job.id }, post);
            return 'done';
          case 'resume-parent': {
            const child = await tx.query<InstanceRow>(`SELECT * FROM instances WHERE id = $1`, [
              job.payload.childId,
            ]);
            const c = child.rows[0]!;
            if (row.status !== 'active') return 'noop';
            // A boundary timer interrupted the call before this notice arrived: nobody waits.
            const waits = row.state.tokens.some(
              (t) => t.wait.kind === 'call' && t.wait.childId === c.id,
            );
            if (!waits) return 'noop';
            await applyEvent(
              this.deps,
              tx,
              row,
              {
                type: 'childCompleted',
                childId: c.id,
                variables: c.state.variables,
                outcome: c.outcome,
              },
              post,
            );
            return 'done';
          }
          case 'cancel-instance':
            if (row.status !== 'active') return 'noop';
            await applyEvent(
              this.deps,
              tx,
              row,
              { type: 'cancel', actor: 'system', reason: 'parent ended or was interrupted' },
              post,
            );
            return 'done';
          default:
            return 'noop';
        }
      });
    } catch (e) {
      return this.failStep(job, e);
    }
  }

  /** Runs a service action outside any transaction, then records its result under the lock. */
  private async runService(job: JobRow): Promise<JobOutcome> {
    const { result, error, permanent } = await invokeAction(this.deps.actions, job);
    try {
      return await this.run(async (tx, post) => {
        const row = await lockInstance(tx, job.instance_id);
        if (!(await this.stillPending(tx, job))) return 'noop';
        const now = this.deps.clock.now();
        if (row.status !== 'active') return 'noop';
        if (error === null) {
          await markDone(tx, job.id, now);
          await applyEvent(
            this.deps,
            tx,
            row,
            { type: 'jobSucceeded', jobId: job.id, result: result ?? null },
            post,
          );
        } else {
          await tx.query(`UPDATE jobs SET last_error = $2, updated_at = $3 WHERE id = $1`, [
            job.id,
            error,
            new Date(now),
          ]);
          await applyEvent(
            this.deps,
            tx,
            row,
            {
              type: 'jobFailed',
              jobId: job.id,
              attempt: job.attempt,
              // a permanent failure is the last attempt: straight to an incident
              maxAttempts: permanent ? job.attempt : job.max_attempts,
              backoffMs: job.backoff_ms,
              error,
              random: Math.random(),
            },
            post,
          );
        }
        return 'done';
      });
    } catch (e) {
      return this.failStep(job, e);
    }
  }

  /**
   * A step triggered by a job failed deterministically (a FEEL error, no matching flow):
   * nothing of it was written; the job becomes an incident an operator can retry.
   */
  private async failStep(job: JobRow, e: unknown): Promise<JobOutcome> {
    if (!isCasewayError(e)) throw e;
    this.deps.logger.warn({ jobId: job.id, code: e.code }, 'step failed; incident opened');
    await this.run(async (tx) => {
      await lockInstance(tx, job.instance_id);
      if (!(await this.stillPending(tx, job))) return;
      await openIncident(tx, {
        jobId: job.id,
        instanceId: job.instance_id,
        nodeId: typeof e.data.nodeId === 'string' ? e.data.nodeId : job.node_id,
        error: `${e.code}: ${e.message}`,
        now: new Date(this.deps.clock.now()),
      });
    });
    return 'done';
  }

  /** Re-reads the job row; call it with the instance row locked, so the answer holds until commit. */
  private async stillPending(tx: Tx, job: JobRow): Promise<boolean> {
    const r = await tx.query<{ status: string; attempt: number }>(
      `SELECT status, attempt FROM jobs WHERE id = $1`,
      [job.id],
    );
    const j = r.rows[0];
    return Boolean(j && j.status === 'pending' && j.attempt === job.attempt);
  }

  private async taskInstance(tx: Tx, taskId: string): Promise<string> {
    const r = await tx.query<{ instance_id: string }>(
      `SELECT instance_id FROM tasks WHERE id = $1`,
      [taskId],
    );
    if (!r.rows[0])
      throw createError('CW_ERR_NOT_FOUND', `task ${taskId} not found`, { data: { taskId } });
    return r.rows[0].instance_id;
  }

  /** The task, re-read under the instance lock, if it is open and the actor may work on it. */
  private async openTask(
    tx: Tx,
    taskId: string,
    actor: Actor,
  ): Promise<{ form_id: string; form_version: number; node_id: string; assignee: string | null }> {
    const r = await tx.query<{
      status: string;
      form_id: string;
      form_version: number;
      node_id: string;
      assignee: string | null;
      candidate_groups: string[];
      candidate_users: string[];
    }>(
      `SELECT status, form_id, form_version, node_id, assignee, candidate_groups, candidate_users FROM tasks WHERE id = $1`,
      [taskId],
    );
    const t = r.rows[0]!;
    assertMayWorkOpenTask(actor, { ...t, id: taskId });
    return t;
  }
}

/**
 * Computed fields of a submission: an expression that fails or exceeds its budget is the
 * request's problem at the field's pointer (4xx), in the caller's language.
 */
function formInvalid(problems: ErrorDetail[], base: string) {
  return createError('CW_ERR_FORM_INVALID', undefined, {
    details: problems.map((p) => ({ ...p, pointer: `${base}${p.pointer}` })),
  });
}
