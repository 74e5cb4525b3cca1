/** The case as the engine answers it to staff (`GET /api/tasks/{id}`'s `context`, `GET /api/cases/{id}`). */
import type { FormDefinition } from '@caseway/engine/types';

import type { CalendarGap, CalendarTask, CalendarTimer } from '../calendar-coverage/types';

type Localized = { 'zh-Hant': string; en: string };

/** What was submitted at a step: the start data or a completed task, with its form. */
export interface Submission {
  kind: 'start' | 'task';
  nodeId: string;
  taskId: string | null;
  name: Localized | null;
  form: FormDefinition;
  data: Record<string, unknown>;
  by: string | null;
  byName: string | null;
  at: string;
}

/** A case variable a task's context shows, read as a field of `type`. */
export interface ShownVariable {
  name: string;
  label: Localized | null;
  type: 'text' | 'number' | 'integer' | 'money' | 'boolean' | 'date' | 'datetime';
  value: unknown;
}

export interface TaskCaseContext {
  submissions: Submission[];
  variables: ShownVariable[];
}

/** The engine event that made an SLA clock change. */
export interface ClockCause {
  event: string;
  node?: string;
  message?: string;
}

/** An SLA clock with its timeline explained (`GET /api/cases/{id}`'s `clocks`). */
export interface ExplainedClock {
  id: string;
  slaId: string;
  slaName?: Partial<Localized>;
  taskId: string | null;
  state: 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
  target: string;
  dueAt: string | null;
  /** Set when its deadlines fall beyond the years its calendar knows (docs/slas.md). */
  calendarGap?: CalendarGap | null;
  explanation: {
    events: {
      at: string;
      type:
        | 'start'
        | 'pause'
        | 'resume'
        | 'stop'
        | 'cancel'
        | 'reset'
        | 'warning'
        | 'breach'
        | 'move'
        | 'replay';
      elapsedMs: number;
      cause?: ClockCause;
      percent?: number;
      dueAt?: string;
      pausedMs?: number;
      movedByMs?: number;
    }[];
    targetMs: number;
    usedMs: number;
    leftMs: number;
    overdueMs: number;
    firstDueAt: string | null;
    dueAt: string | null;
    pausedMs: number;
    thresholds: { percent: number; at: string | null; fired: boolean }[];
    breachedAt: string | null;
    calendar: {
      id: string;
      version: number;
      name: Localized | null;
      timeZone: string;
      alwaysOpen: boolean;
      nonWorkingDays: { date: string; holiday: Localized | null }[];
    };
  };
}

export interface CaseNote {
  seq: number;
  at: string;
  author: string;
  authorName: string | null;
  text: string;
}

/** A node of the process graph the case page draws. */
export interface GraphNode {
  id: string;
  type: string;
  name: Localized | null;
  attachedTo?: string;
}

/** The case page's read (`GET /api/cases/{id}`). */
export interface CaseView {
  id: string;
  processId: string;
  processVersion: number;
  processName: Localized | null;
  businessKey: string | null;
  /** What the customer sees and quotes (null only for cases older than references). */
  reference: string | null;
  status: 'active' | 'completed' | 'cancelled';
  outcome: string | null;
  startedAt: string;
  endedAt: string | null;
  startedBy: string | null;
  startedByName: string | null;
  customerName: string | null;
  waitingAt: { nodeId: string; name: Localized | null; waitingFor: string }[];
  graph: { nodes: GraphNode[]; flows: { id: string; from: string; to: string }[] } | null;
  visited: string[];
  submissions: Submission[];
  tasks: (import('$lib/api').TaskSummary & { name: Localized | null; mayOpen: boolean })[];
  clocks: ExplainedClock[];
  /** Pending process timers counted on a business calendar, flagged like clocks. */
  calendarTimers: CalendarTimer[];
  /** Open tasks whose due date counts on a business calendar, flagged like clocks. */
  calendarTasks: CalendarTask[];
  documents: import('$lib/inbox').CaseDocument[];
  history: import('$lib/api').HistoryEntry[];
  people: Record<string, string>;
  notes: CaseNote[];
  related: { items: import('$lib/inbox').RelatedCase[]; hidden: number };
  incidents: {
    id: string;
    nodeId: string | null;
    name: Localized | null;
    error: string;
    createdAt: string;
  }[];
  actions: {
    cancel: boolean;
    reassign: boolean;
    migrate: boolean;
    retryIncident: boolean;
    note: boolean;
    /** the personal-data role, or an open task of the case the caller may work */
    downloadDocuments: boolean;
  };
}
