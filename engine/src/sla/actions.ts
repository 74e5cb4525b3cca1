/**
 * What an SLA's actions decide, pure: which actions a threshold runs, the notification text,
 * who is told, and the ids of what an action starts. The executor carries them out in the
 * transaction that fires the threshold (effects/sla-actions.ts); play mode in its sandbox.
 */
import type { SlaAction, SlaDefinition, SlaRecipient } from '../generated/index.ts';
import { BREACH, type ClockState } from './clock.ts';

/** The actions an SLA runs when a clock reaches `percent` (100: the breach). */
export function actionsAt(sla: SlaDefinition, percent: number): SlaAction[] {
  return percent === BREACH
    ? (sla.breach?.actions ?? [])
    : (sla.thresholds?.find((t) => t.percent === percent)?.actions ?? []);
}

/** A notification's text: the action's own, else a default naming the SLA, in both languages. */
export function slaMessage(
  sla: SlaDefinition,
  percent: number,
  message?: { 'zh-Hant': string; en: string },
): { 'zh-Hant': string; en: string } {
  if (message) return message;
  const { name } = sla;
  return percent === BREACH
    ? { 'zh-Hant': `服務時效「${name['zh-Hant']}」已逾期`, en: `SLA "${name.en}" is breached` }
    : {
        'zh-Hant': `服務時效「${name['zh-Hant']}」已用去 ${percent}%`,
        en: `SLA "${name.en}" is ${percent}% used`,
      };
}

/** An open task an action reads: who has it, or which groups it is offered to. */
export interface ActionTask {
  id: string;
  assignee: string | null;
  candidate_groups: string[];
}

export type Recipient = { kind: 'user' | 'group' | 'role'; id: string };

/**
 * Who is told: users and groups as named; the assignee (or, unassigned, the candidate groups);
 * the supervisor groups of the tasks' groups (`supervisors`: those of the tasks' candidate
 * groups that have one), or the supervisor role when none has.
 */
export function recipientsOf(
  to: readonly SlaRecipient[],
  tasks: readonly ActionTask[],
  supervisors: readonly string[],
): Recipient[] {
  const out = new Map<string, Recipient>();
  const add = (r: Recipient) => out.set(`${r.kind}:${r.id}`, r);
  for (const r of to) {
    if (r.kind === 'user' || r.kind === 'group') add({ kind: r.kind, id: r.id! });
    if (r.kind === 'assignee')
      for (const t of tasks) {
        if (t.assignee) add({ kind: 'user', id: t.assignee });
        else for (const g of t.candidate_groups) add({ kind: 'group', id: g });
      }
    if (r.kind === 'assigneeSupervisors') {
      if (supervisors.length) for (const s of supervisors) add({ kind: 'group', id: s });
      else add({ kind: 'role', id: 'supervisor' });
    }
  }
  return [...out.values()];
}

/** Whether the recipients need the supervisor groups of the tasks' groups. */
export const needsSupervisors = (to: readonly SlaRecipient[]) =>
  to.some((r) => r.kind === 'assigneeSupervisors');

/** The id of what action `i` of a threshold starts (an escalation instance, an action job). */
export const slaActionId = (clock: ClockState, percent: number, i: number) =>
  `${clock.id}.c${clock.cycle}.p${percent}.a${i}`;

/** An action's mappings without the absent ones. */
export const actionMappings = (m: Record<string, string | undefined> | undefined) =>
  Object.fromEntries(Object.entries(m ?? {}).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
