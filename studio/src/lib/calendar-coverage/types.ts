/** What the engine answers about calendar coverage and clock replays (docs/slas.md). */
type Localized = { 'zh-Hant': string; en: string };

/** A clock's `calendarGap` (`GET /api/instances/{id}/slas`, `GET /api/cases/{id}`). */
export interface CalendarGap {
  calendar: { id: string; version: number };
  knownYears: { from: number | null; to: number | null };
  years: number[];
  beyond: { percent: number; at: string; year: number }[];
  newerVersion: number | null;
}

export interface CalendarCoverageItem {
  calendar: { id: string; version: number };
  name: Localized | null;
  knownYears: { from: number | null; to: number | null };
  knownUntil: string | null;
  daysLeft: number | null;
  state: 'ok' | 'runsOutSoon' | 'ranOut';
  liveClocks: number;
  beyond: number;
  byYear: { year: number; clocks: number }[];
  olderVersion: number;
  /** Pending process timers on the calendar (also counted in beyond, byYear, olderVersion). */
  timers?: { pending: number; beyond: number; olderVersion: number };
  /** Open tasks whose due date counts on the calendar (also counted in beyond, byYear, olderVersion). */
  tasks?: { open: number; beyond: number; olderVersion: number };
  message: Localized | null;
}

export interface CoverageAnswer {
  items: CalendarCoverageItem[];
  slas: { sla: { id: string; version: number }; olderVersion: number }[];
}

export type ReplayReason =
  | { kind: 'calendar' | 'sla'; id: string; from: number; to: number }
  | { kind: 'target'; from: string; to: string }
  | { kind: 'thresholds'; from: number[]; to: number[] };

/** The case of a replayed clock, timer or task. */
interface ReplayCase {
  instanceId: string;
  processId: string;
  businessKey: string | null;
  reference: string | null;
}

export interface ReplayItem extends ReplayCase {
  clockId: string;
  slaId: string;
  status: 'running' | 'paused';
  from: { dueAt: string | null };
  to: { dueAt: string | null };
  differenceMs: number | null;
  reasons: ReplayReason[];
  moves: boolean;
}

/** A timer's or a task's due instant as it is and as the replay counts it, and why it moves. */
interface Recount extends ReplayCase {
  /** The node's name in each language (null: its definition version is no longer held). */
  nodeName?: Localized | null;
  from: { dueAt: string };
  to: { dueAt: string };
  differenceMs: number;
  reasons: ReplayReason[];
  moves: boolean;
}

/** A pending process timer on the calendar, counted again in its latest version. */
export interface TimerReplayItem extends Recount {
  timerId: string;
  nodeId: string | null;
}

/** An open task whose due date counts on the calendar, recounted in its latest version. */
export interface TaskReplayItem extends Recount {
  taskId: string;
  nodeId: string;
}

export interface ReplayReport {
  applied: boolean;
  items: ReplayItem[];
  /** A calendar's replay: its pending process timers (none for an SLA's). */
  timers?: TimerReplayItem[];
  /** A calendar's replay: its open tasks' due dates (none for an SLA's). */
  tasks?: TaskReplayItem[];
  skipped: { clockId?: string; timerId?: string; taskId?: string; reason: string }[];
}

/** A pending process timer on a business calendar (`timers` of `GET /api/instances/{id}/slas`). */
export interface CalendarTimer {
  id: string;
  nodeId: string | null;
  dueAt: string;
  calendarGap: CalendarGap | null;
}

/** An open task whose due date counts on a business calendar (`calendarTasks` of `GET /api/cases/{id}`). */
export interface CalendarTask {
  id: string;
  nodeId: string;
  dueAt: string;
  calendarGap: CalendarGap | null;
}

/** Known years as people write them: `2026`, `2026–2027`. */
export const yearsText = (y: { from: number | null; to: number | null }) =>
  y.from === y.to ? `${y.to}` : `${y.from ?? '…'}–${y.to ?? '…'}`;
