/**
 * What an SLA does when a clock reaches a warning threshold or breaches: notify people, raise
 * the priority of the measured task(s) or of the case, offer them to another group, start an escalation
 * process, or run a plugin action as a durable job. All of it is written in the transaction
 * that fires the threshold, so it happens exactly once.
 */
import type { HistoryEntry } from '../runtime/index.ts';
import type { SlaDefinition, SlaRecipient } from '../generated/index.ts';
import { evaluateMappings } from '../expressions/index.ts';
import {
  BREACH,
  actionMappings,
  actionsAt,
  needsSupervisors,
  recipientsOf,
  slaActionId,
  slaMessage,
  type ActionTask,
  type ClockState,
  type Recipient,
} from '../sla/index.ts';
import { instances, notifications, tasks, type InstanceRow, type Tx } from '../store/index.ts';
import { applyEvent, createInstance, type ApplyDeps, type PostCommit } from './apply.ts';
import { scheduleJob } from './rows.ts';

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
  const actions = actionsAt(sla, percent);
  const history: HistoryEntry[] = [];
  const at = new Date(now);
  // FEEL in the actions' mappings reads the engine's clock, days in the process's zone
  const time = {
    now,
    zone: deps.registry.process(row.process_id, row.process_version).definition.timeZone,
  };
  const openTasks = (): Promise<ActionTask[]> => tasks.openTasksOf(tx, row.id, clock.taskId);
  const kind = percent === BREACH ? 'sla.breach' : 'sla.warning';
  for (const [i, action] of actions.entries()) {
    const base = { slaId: sla.id, clockId: clock.id, percent, action: action.type };
    switch (action.type) {
      case 'notify': {
        const message = slaMessage(sla, percent, action.message);
        const recipients = await resolveRecipients(tx, action.to, await openTasks());
        for (const r of recipients)
          await notifications.insertNotification(tx, {
            instanceId: row.id,
            taskId: clock.taskId,
            clockId: clock.id,
            recipient: r,
            kind,
            message,
            data: { slaId: sla.id, percent, businessKey: row.business_key },
            now: at,
          });
        history.push({ type: 'sla.action', data: { ...base, recipients } });
        break;
      }
      case 'raisePriority': {
        if (action.of === 'case') {
          // the case's own priority, through its step: its next tasks start there too
          await applyEvent(
            deps,
            tx,
            await instances.lockInstance(tx, row.id),
            {
              type: 'priorityRaised',
              priority: action.priority,
              actor: `sla:${sla.id}`,
              reason: kind,
            },
            post,
          );
          history.push({
            type: 'sla.action',
            data: { ...base, priority: action.priority, of: 'case' },
          });
          break;
        }
        const changed = await tasks.raiseOpenTasksPriority(
          tx,
          row.id,
          clock.taskId,
          action.priority,
        );
        history.push({
          type: 'sla.action',
          data: { ...base, priority: action.priority, tasks: changed },
        });
        break;
      }
      case 'reassign': {
        const moved = await tasks.offerOpenTasksToGroup(tx, row.id, clock.taskId, action.group);
        history.push({
          type: 'sla.action',
          data: { ...base, group: action.group, tasks: moved },
        });
        break;
      }
      case 'startProcess': {
        const variables = {
          ...evaluateMappings(actionMappings(action.variables), row.state.variables, time),
          escalatedFrom: row.id,
        };
        const child = await createInstance(
          deps,
          tx,
          {
            id: slaActionId(clock, percent, i),
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
        const jobId = slaActionId(clock, percent, i);
        await scheduleJob(
          tx,
          {
            id: jobId,
            instanceId: row.id,
            kind: 'sla-action',
            dueAt: now,
            now: at,
            action: action.action,
            payload: {
              input: evaluateMappings(actionMappings(action.input), row.state.variables, time),
            },
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

/** Who is told, with the supervisor groups of the tasks' groups read from the store. */
async function resolveRecipients(
  tx: Tx,
  to: SlaRecipient[],
  openTasks: ActionTask[],
): Promise<Recipient[]> {
  let supervisors: string[] = [];
  if (needsSupervisors(to)) {
    supervisors = await notifications.supervisorGroupsOf(tx, [
      ...new Set(openTasks.flatMap((t) => t.candidate_groups)),
    ]);
  }
  return recipientsOf(to, openTasks, supervisors);
}
