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
import { answerAs, type Answer, type Api } from '$lib/api';

export const DUE_BUCKETS = ['overdue', 'today', 'tomorrow', 'week', 'later', 'paused'] as const;
export type DueBucket = (typeof DUE_BUCKETS)[number];

/** A page of the deadline worklist (`GET /api/worklist`). */
export type WorklistPage = Answer<'/api/worklist', 'get'>;
/** One counting clock of the worklist. */
export type WorklistRow = WorklistPage['items'][number];
/** What a case waits on where its clock counts. */
export type WaitKind = WorklistRow['waitingOn'][number]['kind'];

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

export const readWorklist = (api: Api, q: WorklistQuery) => api.get('/api/worklist', { query: q });

/** Someone a task may be given to (`GET /api/tasks/{id}/candidates`). */
export interface Candidate {
  id: string;
  displayName: string;
  groups: string[];
  openTasks: number;
}

export const taskCandidates = (api: Api, taskId: string) =>
  api.get('/api/tasks/{id}/candidates', { path: { id: taskId } }) as Promise<{
    items: Candidate[];
  }>;

export const raiseCasePriority = (api: Api, caseId: string, priority: number, reason: string) =>
  api.post('/api/cases/{id}/priority', {
    path: { id: caseId },
    body: { priority, ...(reason ? { reason } : {}) },
  });

export const moveClockDue = (api: Api, clockId: string, dueAt: string, reason: string) =>
  api.post('/api/sla-clocks/{id}/due', { path: { id: clockId }, body: { dueAt, reason } });

// ---- notifications ----------------------------------------------------------------------

/** A page of my notifications (`GET /api/notifications`). */
export type NoticePage = Answer<'/api/notifications', 'get'>;
export type Notice = NoticePage['items'][number];

export const listNotifications = (
  api: Api,
  q: { unread?: boolean; kind?: string; limit: number; offset: number },
) => api.get('/api/notifications', { query: q });

export const unreadNotifications = (api: Api) => api.get('/api/notifications/unread');

export const markNotificationsRead = (api: Api, body: { ids: number[] } | { all: true }) =>
  api.post('/api/notifications/read', { body });

// ---- incidents --------------------------------------------------------------------------

/** An incident as the list shows it (`GET /api/incidents`). */
export type IncidentSummary = IncidentPage['items'][number];
export type IncidentGroup = IncidentPage['groups'][number];
export type IncidentPage = Answer<'/api/incidents', 'get'>;

/** One incident with the work behind it (`GET /api/incidents/{id}`); its clocks explained. */
export type IncidentView = Answer<'/api/incidents/{id}', 'get'>;

export const listOpenIncidents = (
  api: Api,
  q: { processId?: string; error?: string; limit: number; offset: number },
) => api.get('/api/incidents', { query: { status: 'open', ...q } });

export const readIncident = (api: Api, id: string): Promise<IncidentView> =>
  api.get('/api/incidents/{id}', { path: { id } });

export const retryIncidentWith = (
  api: Api,
  id: string,
  body: {
    variables?: Record<string, unknown>;
    reason?: string;
    input?: 'stored' | 'evaluate';
  } = {},
) => api.post('/api/incidents/{id}/retry', { path: { id }, body });

export const skipIncident = (api: Api, id: string, reason: string) =>
  api.post('/api/incidents/{id}/skip', { path: { id }, body: { reason } });

export const retryIncidents = (api: Api, body: { processId: string; error: string }) =>
  api.post('/api/incidents/retry', { body });

export const cancelCase = (api: Api, caseId: string, reason: string) =>
  api.post('/api/instances/{id}/cancel', { path: { id: caseId }, body: reason ? { reason } : {} });

// ---- the complaints report ----------------------------------------------------------------

/** The complaints report as JSON (GET /api/reports/complaints). */
export type ComplaintReport = Answer<'/api/reports/complaints', 'get'>;
export type ComplaintRow = ComplaintReport['items'][number];

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
  api.get('/api/reports/complaints', { query: q });
