/**
 * The case history in words: which audit entries a timeline shows, as a message key of the
 * studio's dictionaries with its parameters (the node's name, the actor, the SLA).
 * Internal steps (node entered/left, gateways, scheduled jobs) are left out.
 */
import type { HistoryEntry } from '$lib/api';
import type { MessageKey } from '$lib/i18n';

export interface HistoryLine {
  seq: number;
  at: string;
  key: MessageKey;
  /** The node whose name goes into `{node}`, if any. */
  nodeId: string | null;
  params: Record<string, string>;
}

const SHOWN: Partial<Record<string, MessageKey>> = {
  'instance.started': 'history.instanceStarted',
  'task.created': 'history.taskCreated',
  'task.unroutable': 'history.taskUnroutable',
  'task.claimed': 'history.taskClaimed',
  'task.unclaimed': 'history.taskUnclaimed',
  'task.reassigned': 'history.taskReassigned',
  'task.completed': 'history.taskCompleted',
  'message.awaited': 'history.messageAwaited',
  'message.correlated': 'history.messageCorrelated',
  'timer.fired': 'history.timerFired',
  'sla.started': 'history.slaStarted',
  'sla.paused': 'history.slaPaused',
  'sla.resumed': 'history.slaResumed',
  'sla.stopped': 'history.slaStopped',
  'sla.warning': 'history.slaWarning',
  'sla.breached': 'history.slaBreached',
  // a calendar or SLA replay (operations): the version the clock, timer or due date counts in now
  'sla.replayed': 'history.slaReplayed',
  'timer.replayed': 'history.timerReplayed',
  'task.dueReplayed': 'history.taskDueReplayed',
  'incident.opened': 'history.incidentOpened',
  'instance.completed': 'history.instanceCompleted',
  'instance.cancelled': 'history.instanceCancelled',
};

/**
 * One entry in words. `name` turns a user id (or `system`, `public`) into the name to show;
 * by default the entry's own `actorName`, else the id.
 */
export function historyLine(
  entry: HistoryEntry,
  name: (id: string) => string = (id) => (id === entry.actor && entry.actorName) || id,
): HistoryLine | null {
  const key = SHOWN[entry.type];
  if (!key) return null;
  const data = (entry.data && typeof entry.data === 'object' ? entry.data : {}) as Record<
    string,
    unknown
  >;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    seq: entry.seq,
    at: entry.at,
    key,
    nodeId: entry.nodeId,
    params: {
      actor: entry.actor ? name(entry.actor) : '',
      message: str(data.message),
      sla: str(data.slaId),
      target: targetOf(data.to, name),
      calendar: calendarOf(data.to),
    },
  };
}

/** The calendar version a replayed clock, timer or due date counts in now: `cn-mainland v2`. */
function calendarOf(to: unknown): string {
  const c = to && typeof to === 'object' ? (to as { calendar?: unknown }).calendar : undefined;
  if (!c || typeof c !== 'object') return '';
  const { id, version } = c as { id?: unknown; version?: unknown };
  return typeof id === 'string' ? `${id} v${String(version)}` : '';
}

/** Who a task was reassigned to: a user (by name), or a group's id. */
function targetOf(to: unknown, name: (id: string) => string): string {
  if (!to || typeof to !== 'object') return '';
  const t = to as { user?: unknown; group?: unknown };
  return typeof t.user === 'string' ? name(t.user) : typeof t.group === 'string' ? t.group : '';
}
