/**
 * What an operator does about an incident, each in one transaction under the case's row lock
 * and recorded in its history: retry the work once more (resolved by them, its job pending
 * again at the next attempt, one more allowed, due now: `incident.retried`); retry after
 * correcting variables (through the step: `variables.edited` with the previous values and the
 * reason, and a failed service task's input evaluated again from them); or skip the failed step
 * with a reason (a service task: the case moves on without its result, `node.skipped`; an SLA
 * or plugin action: given up, `incident.skipped`). Bulk retry runs each in its own transaction.
 *
 * @example
 *   await executor.retryIncident('i1.j3!1', operator, { variables: { callbackUrl }, reason: '新網址' });
 *   await executor.skipIncident('i1.j3!1', operator, '已人工處理');
 */
import type { Actor } from '../../access/index.ts';
import { createError, isCasewayError, type ErrorCode } from '../../errors.ts';
import {
  history,
  incidents,
  instances,
  jobs,
  type InstanceRow,
  type Tx,
} from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import type { CommandContext } from '../context.ts';

/** The incident, re-read under its case's lock; refused unless it is still open. */
async function openIncident(tx: Tx, id: string): Promise<{ row: InstanceRow; jobId: string }> {
  const i = await incidents.readIncident(tx, id);
  if (!i) throw createError('CW_ERR_NOT_FOUND', `incident ${id} not found`);
  const row = await instances.lockInstance(tx, i.instance_id);
  if ((await incidents.readIncident(tx, id, true))?.status !== 'open')
    throw createError('CW_ERR_INCIDENT_NOT_OPEN', undefined, { data: { incidentId: id } });
  return { row, jobId: i.job_id };
}

/** Whether a token of the case waits on this job (a service task, or an undo, that failed). */
const waitsOnJob = (row: InstanceRow, jobId: string) =>
  row.state.tokens.some((t) => t.wait.kind === 'job' && t.wait.jobId === jobId);

/** Whether that job's input comes from mappings (a service task's; an undo's was fixed earlier). */
const mapsInput = (row: InstanceRow, jobId: string) =>
  row.state.tokens.some((t) => t.wait.kind === 'job' && t.wait.jobId === jobId && !t.wait.undo);

/** How an incident is retried: variables corrected first, and the input replayed or evaluated. */
export interface RetryEdit {
  variables?: Record<string, unknown>;
  reason?: string;
  /**
   * `stored` (the default): the job runs again with the input it had; `evaluate`: a failed
   * service task's input mappings are evaluated again over the case's variables now. Correcting
   * variables always evaluates them again.
   */
  input?: 'stored' | 'evaluate';
}

export async function retryIncident(
  ctx: CommandContext,
  incidentId: string,
  actor: Actor,
  edit: RetryEdit = {},
): Promise<void> {
  await ctx.run(async (tx, post) => {
    const opened = await openIncident(tx, incidentId);
    const { jobId } = opened;
    let { row } = opened;
    const now = ctx.deps.clock.now();
    const edited =
      edit.variables && Object.keys(edit.variables).length
        ? { variables: edit.variables, reason: edit.reason ?? '' }
        : undefined;
    const evaluate = edit.input === 'evaluate';
    if ((edited || evaluate) && row.status !== 'active')
      throw createError('CW_ERR_INSTANCE_NOT_ACTIVE', undefined, {
        data: { instanceId: row.id, status: row.status },
      });
    if (evaluate && !mapsInput(row, jobId))
      throw createError('CW_ERR_INCIDENT_INPUT_NOT_MAPPED', undefined, {
        data: { incidentId },
      });
    if (edited) {
      row = await applyEvent(
        ctx.deps,
        tx,
        row,
        {
          type: 'variablesEdited',
          variables: edited.variables,
          actor: actor.id,
          reason: edited.reason,
          ...(mapsInput(row, jobId) ? { jobId } : {}),
        },
        post,
      );
    } else if (evaluate) {
      row = await applyEvent(
        ctx.deps,
        tx,
        row,
        { type: 'jobInputEvaluated', jobId, actor: actor.id },
        post,
      );
    }
    const attempt = await incidents.retryIncidentJob(tx, {
      incidentId,
      jobId,
      by: actor.id,
      now: new Date(now),
    });
    post.dispatch.push({ id: jobId, attempt, dueAt: now });
    await history.appendHistory(
      tx,
      row.id,
      {
        type: 'incident.retried',
        actor: actor.id,
        data: {
          incidentId,
          jobId,
          ...(edited ? { variables: Object.keys(edited.variables) } : {}),
          input: edited || evaluate ? 'evaluated' : 'stored',
        },
      },
      now,
    );
  });
}

/**
 * Skips the step behind an open incident, with the reason. Any incident but a failed service
 * task or SLA or plugin action (a step whose FEEL failed after a timer, a child's notice)
 * cannot be skipped: `CW_ERR_INCIDENT_NOT_SKIPPABLE`.
 */
export async function skipIncident(
  ctx: CommandContext,
  incidentId: string,
  actor: Actor,
  reason: string,
): Promise<void> {
  await ctx.run(async (tx, post) => {
    const { row, jobId } = await openIncident(tx, incidentId);
    const job = await jobs.readJob(tx, jobId);
    const now = ctx.deps.clock.now();
    const service = job?.kind === 'service' && row.status === 'active' && waitsOnJob(row, jobId);
    if (!service && job?.kind !== 'sla-action' && job?.kind !== 'plugin-event')
      throw createError('CW_ERR_INCIDENT_NOT_SKIPPABLE', undefined, {
        data: { incidentId, kind: job?.kind },
      });
    await incidents.skipIncidentJob(tx, { incidentId, jobId, by: actor.id, now: new Date(now) });
    if (service) {
      await applyEvent(
        ctx.deps,
        tx,
        row,
        { type: 'stepSkipped', jobId, actor: actor.id, reason },
        post,
      );
      return;
    }
    await history.appendHistory(
      tx,
      row.id,
      { type: 'incident.skipped', actor: actor.id, data: { incidentId, jobId, reason } },
      now,
    );
  });
}

export interface BulkOutcome {
  retried: string[];
  refused: { incidentId: string; code: ErrorCode }[];
}

/** Retries each incident in its own transaction: one that cannot be retried stops no other. */
export async function retryIncidents(
  ctx: CommandContext,
  incidentIds: string[],
  actor: Actor,
): Promise<BulkOutcome> {
  const out: BulkOutcome = { retried: [], refused: [] };
  for (const id of incidentIds) {
    try {
      await retryIncident(ctx, id, actor);
      out.retried.push(id);
    } catch (e) {
      if (!isCasewayError(e)) throw e;
      out.refused.push({ incidentId: id, code: e.code });
    }
  }
  return out;
}
