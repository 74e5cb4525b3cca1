/**
 * What an SLA does when a clock reaches a warning threshold or breaches: notify people, raise
 * the priority of the measured task(s), offer them to another group, start an escalation
 * process, or run a plugin action as a durable job. All of it is written in the transaction
 * that fires the threshold, so it happens exactly once.
 */
import type { HistoryEntry } from '../runtime/index.ts';
import type { SlaDefinition, SlaRecipient } from '../generated/index.ts';
import { evaluateMappings } from '../expressions/index.ts';
import { BREACH, type ClockState } from '../sla/index.ts';
import type { Tx } from '../store/db.ts';
import { createInstance, type ApplyDeps, type InstanceRow, type PostCommit } from './apply.ts';
import { insertJob } from './rows.ts';

interface OpenTask {
  id: string;
  assignee: string | null;
  candidate_groups: string[];
}

const DEFAULT_MESSAGE = {
  warning: (name: SlaDefinition['name'], p: number) => ({
    'zh-Hant': `服務時效「${name['zh-Hant']}」已用去 ${p}%`,
    en: `SLA "${name.en}" is ${p}% used`,
  }),
  breach: (name: SlaDefinition['name']) => ({
    'zh-Hant': `服務時效「${name['zh-Hant']}」已逾期`,
    en: `SLA "${name.en}" is breached`,
  }),
};

export async function runSlaActions(
  deps: ApplyDeps,
  tx: Tx,
  row: InstanceRow,
  clock: ClockState,
  sla: SlaDefinition,
  percent: number,
  now: number,
  post: PostCommit,
): Promise<HistoryEntry[]> {
  const actions =
    percent === BREACH
      ? (sla.breach?.actions ?? [])
      : (sla.thresholds?.find((t) => t.percent === percent)?.actions ?? []);
  const history: HistoryEntry[] = [];
  const at = new Date(now);
  const tasks = async () =>
    (
      await tx.query<OpenTask>(
        `SELECT id, assignee, candidate_groups FROM tasks WHERE instance_id = $1 AND status = 'open' AND ($2::text IS NULL OR id = $2) ORDER BY id`,
        [row.id, clock.taskId],
      )
    ).rows;
  const kind = percent === BREACH ? 'sla.breach' : 'sla.warning';
  for (const [i, action] of actions.entries()) {
    const base = { slaId: sla.id, clockId: clock.id, percent, action: action.type };
    switch (action.type) {
      case 'notify': {
        const message =
          action.message ??
          (percent === BREACH
            ? DEFAULT_MESSAGE.breach(sla.name)
            : DEFAULT_MESSAGE.warning(sla.name, percent));
        const recipients = await resolveRecipients(tx, action.to, await tasks());
        for (const r of recipients)
          await tx.query(
            `INSERT INTO notifications (instance_id, task_id, clock_id, recipient_kind, recipient, kind, message, data, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              row.id,
              clock.taskId,
              clock.id,
              r.kind,
              r.id,
              kind,
              message,
              { slaId: sla.id, percent, businessKey: row.business_key },
              at,
            ],
          );
        history.push({ type: 'sla.action', data: { ...base, recipients } });
        break;
      }
      case 'raisePriority': {
        const r = await tx.query<{ id: string }>(
          `UPDATE tasks SET priority = GREATEST(priority, $3) WHERE instance_id = $1 AND status = 'open' AND ($2::text IS NULL OR id = $2) RETURNING id`,
          [row.id, clock.taskId, action.priority],
        );
        history.push({
          type: 'sla.action',
          data: { ...base, priority: action.priority, tasks: r.rows.map((t) => t.id) },
        });
        break;
      }
      case 'reassign': {
        const r = await tx.query<{ id: string }>(
          `UPDATE tasks SET candidate_groups = ARRAY[$3]::text[], candidate_users = '{}', assignee = NULL
           WHERE instance_id = $1 AND status = 'open' AND ($2::text IS NULL OR id = $2) RETURNING id`,
          [row.id, clock.taskId, action.group],
        );
        history.push({
          type: 'sla.action',
          data: { ...base, group: action.group, tasks: r.rows.map((t) => t.id) },
        });
        break;
      }
      case 'startProcess': {
        const variables = {
          ...evaluateMappings(mappings(action.variables), row.state.variables),
          escalatedFrom: row.id,
        };
        const child = await createInstance(
          deps,
          tx,
          {
            id: `${clock.id}.c${clock.cycle}.p${percent}.a${i}`,
            processId: action.process.id,
            version: action.process.version ?? null,
            variables,
            businessKey: row.business_key,
            actor: `sla:${sla.id}`,
          },
          post,
        );
        history.push({ type: 'sla.action', data: { ...base, instanceId: child.id } });
        break;
      }
      case 'callAction': {
        const jobId = `${clock.id}.c${clock.cycle}.p${percent}.a${i}`;
        await insertJob(
          tx,
          {
            id: jobId,
            instanceId: row.id,
            kind: 'sla-action',
            dueAt: now,
            now: at,
            action: action.action,
            payload: { input: evaluateMappings(mappings(action.input), row.state.variables) },
            maxAttempts: 3,
            backoffMs: 1_000,
            timeoutMs: 30_000,
          },
          post,
        );
        history.push({ type: 'sla.action', data: { ...base, jobId, pluginAction: action.action } });
        break;
      }
    }
  }
  return history;
}

const mappings = (m: Record<string, string | undefined> | undefined) =>
  Object.fromEntries(Object.entries(m ?? {}).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;

type Resolved = { kind: 'user' | 'group' | 'role'; id: string };

/** Who is told: users and groups as named; the assignee (or, unassigned, the candidate groups); supervisors. */
async function resolveRecipients(
  tx: Tx,
  to: SlaRecipient[],
  tasks: OpenTask[],
): Promise<Resolved[]> {
  const out = new Map<string, Resolved>();
  const add = (r: Resolved) => out.set(`${r.kind}:${r.id}`, r);
  for (const r of to) {
    if (r.kind === 'user' || r.kind === 'group') add({ kind: r.kind, id: r.id! });
    if (r.kind === 'assignee')
      for (const t of tasks) {
        if (t.assignee) add({ kind: 'user', id: t.assignee });
        else for (const g of t.candidate_groups) add({ kind: 'group', id: g });
      }
    if (r.kind === 'assigneeSupervisors') {
      const groups = [...new Set(tasks.flatMap((t) => t.candidate_groups))];
      const sup = await tx.query<{ supervisor_group: string }>(
        `SELECT DISTINCT supervisor_group FROM groups WHERE id = ANY($1) AND supervisor_group IS NOT NULL ORDER BY 1`,
        [groups],
      );
      if (sup.rows.length) for (const s of sup.rows) add({ kind: 'group', id: s.supervisor_group });
      else add({ kind: 'role', id: 'supervisor' });
    }
  }
  return [...out.values()];
}
