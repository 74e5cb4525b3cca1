/**
 * The engine's supervision routes as the studio calls them (docs/api.md): the deadline worklist
 * and what a supervisor does from its rows, notifications, incidents an operator resolves, and
 * the complaints report.
 *
 * ```ts
 * const page = await readWorklist(api, { minPercent: 80, timeZone: TIME_ZONE, limit: 50, offset: 0 });
 * await raiseCasePriority(api, page.items[0].case.id, 90, 'due tonight');
 * ```
 */
import type { Api } from '$lib/api';
import type { CaseView, ExplainedClock } from '$lib/case';

export type Localized = { 'zh-Hant': string; en: string };

export const DUE_BUCKETS = ['overdue', 'today', 'tomorrow', 'week', 'later', 'paused'] as const;
export type DueBucket = (typeof DUE_BUCKETS)[number];

export type WaitKind = 'task' | 'customer' | 'timer' | 'incident' | 'service' | 'subcase';

/** One counting clock of the worklist (`GET /api/worklist`). */
export interface WorklistRow {
  clockId: string;
  slaId: string;
  slaName: Localized | null;
  scope: 'case' | 'task';
  taskId: string | null;
  state: 'running' | 'paused' | 'breached';
  bucket: DueBucket;
  startedAt: string;
  dueAt: string | null;
  breachedAt: string | null;
  targetMs: number;
  elapsedMs: number;
  remainingMs: number;
  overdueMs: number;
  percent: number;
  movable: boolean;
  case: {
    id: string;
    reference: string | null;
    businessKey: string | null;
    processId: string;
    processVersion: number;
    processName: Localized | null;
    priority: number | null;
  };
  waitingOn: { kind: WaitKind; nodeId: string; name: Localized | null; incidentId?: string }[];
  tasks: {
    id: string;
    nodeId: string;
    name: Localized | null;
    assignee: string | null;
    assigneeName: string | null;
    candidateGroups: string[];
    priority: number;
    mayReassign: boolean;
  }[];
}

export interface WorklistPage {
  items: WorklistRow[];
  total: number;
  limit: number;
  offset: number;
  counts: Record<DueBucket, number>;
  /** The engine's instant of the answer (the live countdown counts from it). */
  now: string;
}

export interface WorklistQuery {
  processId?: string;
  group?: string;
  assignee?: string;
  minPercent?: number;
  timeZone: string;
  limit: number;
  offset: number;
}

const query = (q: object) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q))
    if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  return s.toString();
};
const enc = encodeURIComponent;

export const readWorklist = (api: Api, q: WorklistQuery) =>
  api.request<WorklistPage>('GET', `/worklist?${query(q)}`);

/** Someone a task may be given to (`GET /api/tasks/{id}/candidates`). */
export interface Candidate {
  id: string;
  displayName: string;
  groups: string[];
  openTasks: number;
}

export const taskCandidates = (api: Api, taskId: string) =>
  api.request<{ items: Candidate[] }>('GET', `/tasks/${enc(taskId)}/candidates`);

export const raiseCasePriority = (api: Api, caseId: string, priority: number, reason: string) =>
  api.request<{ instanceId: string; priority: number }>('POST', `/cases/${enc(caseId)}/priority`, {
    priority,
    ...(reason ? { reason } : {}),
  });

export const moveClockDue = (api: Api, clockId: string, dueAt: string, reason: string) =>
  api.request<{ clockId: string; from: string; to: string }>(
    'POST',
    `/sla-clocks/${enc(clockId)}/due`,
    { dueAt, reason },
  );

// ---- notifications ----------------------------------------------------------------------

export interface Notice {
  id: number;
  instanceId: string;
  taskId: string | null;
  clockId: string | null;
  kind: string;
  message: Partial<Localized> | null;
  data: Record<string, unknown> | null;
  to: { kind: 'user' | 'group' | 'role'; id: string };
  case: {
    id: string;
    reference: string | null;
    businessKey: string | null;
    processId: string;
    processName: Localized | null;
  };
  createdAt: string;
  readAt: string | null;
}

export interface NoticePage {
  items: Notice[];
  total: number;
  limit: number;
  offset: number;
  unread: Record<string, number>;
}

export const listNotifications = (
  api: Api,
  q: { unread?: boolean; kind?: string; limit: number; offset: number },
) => api.request<NoticePage>('GET', `/notifications?${query(q)}`);

export const unreadNotifications = (api: Api) =>
  api.request<{ total: number; byKind: Record<string, number> }>('GET', '/notifications/unread');

export const markNotificationsRead = (api: Api, body: { ids: number[] } | { all: true }) =>
  api.request<{ read: number }>('POST', '/notifications/read', body);

// ---- incidents --------------------------------------------------------------------------

export interface IncidentSummary {
  id: string;
  instanceId: string;
  jobId: string;
  nodeId: string | null;
  error: string;
  /** The business error's code a plugin gave, or null. */
  code: string | null;
  status: 'open' | 'resolved';
  createdAt: string;
  firstFailedAt: string;
  resolvedAt: string | null;
  kind: string;
  action: string | null;
  processName: Localized | null;
  nodeName: Localized | null;
  case: {
    id: string;
    reference: string | null;
    businessKey: string | null;
    processId: string;
    processVersion: number;
    status: string;
  };
}

export interface IncidentGroup {
  processId: string;
  error: string;
  count: number;
}

export interface IncidentPage {
  items: IncidentSummary[];
  total: number;
  limit: number;
  offset: number;
  groups: IncidentGroup[];
}

export interface IncidentView extends IncidentSummary {
  /** The business error's details (what the plugin said with its code), or null. */
  details: Record<string, unknown> | null;
  node: {
    id: string;
    type: string;
    name: Localized | null;
    input: Record<string, string> | null;
  } | null;
  graph: CaseView['graph'];
  waitingAt: string[];
  variables: Record<string, unknown>;
  job: {
    kind: string;
    action: string | null;
    input: unknown;
    attempts: number;
    maxAttempts: number;
    lastError: string | null;
  };
  attempts: {
    at: string;
    type: string;
    attempt: number | null;
    error: string | null;
    actor: string | null;
    actorName: string | null;
    reason: string | null;
  }[];
  clocks: ExplainedClock[];
  actions: {
    retry: boolean;
    retryWithVariables: boolean;
    /** A failed service task may run again with its input mappings evaluated anew. */
    retryEvaluatingInput?: boolean;
    skip: boolean;
    cancelCase: boolean;
  };
}

export const listOpenIncidents = (
  api: Api,
  q: { processId?: string; error?: string; limit: number; offset: number },
) => api.request<IncidentPage>('GET', `/incidents?${query({ status: 'open', ...q })}`);

export const readIncident = (api: Api, id: string) =>
  api.request<IncidentView>('GET', `/incidents/${enc(id)}`);

export const retryIncidentWith = (
  api: Api,
  id: string,
  body: {
    variables?: Record<string, unknown>;
    reason?: string;
    input?: 'stored' | 'evaluate';
  } = {},
) => api.request<{ status: string }>('POST', `/incidents/${enc(id)}/retry`, body);

export const skipIncident = (api: Api, id: string, reason: string) =>
  api.request<{ status: string }>('POST', `/incidents/${enc(id)}/skip`, { reason });

export const retryIncidents = (api: Api, body: { processId: string; error: string }) =>
  api.request<{ retried: string[]; refused: { incidentId: string; code: string }[] }>(
    'POST',
    '/incidents/retry',
    body,
  );

export const cancelCase = (api: Api, caseId: string, reason: string) =>
  api.request<unknown>('POST', `/instances/${enc(caseId)}/cancel`, reason ? { reason } : {});

// ---- the complaints report ----------------------------------------------------------------

export interface ComplaintRow {
  period: string;
  category: string | null;
  region: string | null;
  received: number;
  closedWithin15Days: number;
  extendedTo30Days: number;
  overdue: number;
  open: number;
  major: number;
  decided: number;
  averageHandlingMs: number | null;
}

export interface ComplaintReport {
  items: ComplaintRow[];
  rootCauses: { period: string; rootCause: string | null; count: number }[];
  labels: {
    category: Record<string, Localized>;
    region: Record<string, Localized>;
    rootCause: Record<string, Localized>;
  };
  from: string;
  to: string;
}

export interface ComplaintReportQuery {
  period: 'month' | 'year';
  from: string;
  to: string;
  timeZone: string;
}

/** The path of the report, as JSON or as the CSV of one of its tables. */
export function complaintReportPath(
  q: ComplaintReportQuery,
  format: 'json' | 'csv' = 'json',
  table: 'summary' | 'root-causes' = 'summary',
): string {
  const extra = format === 'csv' ? { format, table } : {};
  return `/api/reports/complaints?${query({ ...q, ...extra })}`;
}

export const complaintReport = (api: Api, q: ComplaintReportQuery) =>
  api.request<ComplaintReport>('GET', complaintReportPath(q).slice('/api'.length));
