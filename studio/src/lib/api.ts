/**
 * A small typed client for the engine's HTTP API, as the studio sees it: same-origin `/api/*`
 * (hooks.server.ts proxies it to the engine), the session cookie sent by the browser, the
 * CSRF token added to writes and the user's language sent as Accept-Language.
 *
 * ```ts
 * // in a load function (SvelteKit's fetch), or in a component (the global fetch)
 * const api = createApi({ fetch, lang: 'en', csrfToken: user.csrfToken });
 * const { items } = await api.definitions('process');
 * ```
 *
 * Every non-2xx answer throws an {@link ApiError} carrying the engine's `code`.
 */
import { error, redirect } from '@sveltejs/kit';
import type { CalendarGap } from './calendar-coverage/types';
import type { Lang } from './i18n';

export const DEFINITION_KINDS = ['process', 'form', 'sla', 'calendar'] as const;
export type DefinitionKind = (typeof DEFINITION_KINDS)[number];

export function isDefinitionKind(value: unknown): value is DefinitionKind {
  return DEFINITION_KINDS.some((k) => k === value);
}

/** A problem as the engine's validator reports it. */
export interface Problem {
  code: string;
  pointer?: string;
  message: string;
  file?: string;
  /** A finding that does not stop publishing (the lint's warnings). */
  severity?: 'warning';
  /** The message's key in the engine's lint catalogue (`@caseway/engine/design`), and its parameters. */
  key?: string;
  params?: Record<string, string | number>;
}

/** Who work can be given to (`GET /api/directory`). */
export interface DirectoryUser {
  id: string;
  displayName: string;
  groups: string[];
  disabled: boolean;
}
export interface DirectoryGroup {
  id: string;
  name: { 'zh-Hant'?: string; en?: string } | null;
  /** Enabled users in it. */
  members: number;
}

export interface Me {
  id: string;
  displayName: string;
  roles: string[];
  groups: string[];
  workGroups: string[];
  /** The duties the user's roles hold (engine access policy): what the studio offers them. */
  duties?: string[];
  via: 'session' | 'token';
  csrfToken: string | null;
}

export interface DefinitionSummary {
  kind: DefinitionKind;
  id: string;
  latestVersion: number | null;
  versions: number[];
  /** `{ "zh-Hant", "en" }` (a process's name, a form's title), or null. */
  name: unknown;
  /** Problems of files of this id that did not load. */
  problems: Problem[];
  /** Running instances per version (processes only; absent on engines that do not count). */
  running?: Record<string, number>;
  /** Processes: whether the latest version takes cases from customers (public intake). */
  publicIntake?: boolean;
}

/** Why and when a version was published (all null: its file was added to the folder by hand). */
export interface Publication {
  note: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
}

export interface DefinitionVersionInfo extends Publication {
  version: number;
  hash: string;
  present: boolean;
  source: string | null;
}

export interface DefinitionDetail {
  kind: DefinitionKind;
  id: string;
  latestVersion: number;
  versions: DefinitionVersionInfo[];
  body: Record<string, unknown>;
}

export interface DefinitionVersion extends Publication {
  kind: DefinitionKind;
  id: string;
  version: number;
  hash: string;
  present: boolean;
  body: Record<string, unknown>;
}

/** The answer of a publish: the new version with its note. */
export interface Published {
  kind: DefinitionKind;
  id: string;
  version: number;
  note: string;
  publishedBy: string;
  publishedAt: string;
}

export interface DraftSummary {
  kind: DefinitionKind;
  id: string;
  baseVersion: number | null;
  updatedAt: string;
  updatedBy: string;
}

export interface Draft extends DraftSummary {
  body: unknown;
  problems: Problem[];
  /** The lint's warnings (absent from engines that have none). */
  warnings?: Problem[];
}

/** A draft in a list, with its problems when they are known (null: not known). */
export type DraftState = DraftSummary & { problems: Problem[] | null };

export interface Validation {
  valid: boolean;
  problems: Problem[];
  warnings?: Problem[];
}

/** An error answer of the engine (or of the studio's proxy when the engine is unreachable). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Problem[];
  readonly data: Record<string, unknown>;

  constructor(status: number, body: unknown) {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    super(typeof b.message === 'string' ? b.message : `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof b.code === 'string' ? b.code : `HTTP_${status}`;
    this.details = Array.isArray(b.details) ? (b.details as Problem[]) : [];
    this.data = b;
  }
}

export interface ApiOptions {
  /** SvelteKit's `fetch` in load functions; the global one by default. */
  fetch?: typeof fetch;
  lang?: Lang;
  /** From `GET /api/auth/me`; needed by cookie-authenticated writes. */
  csrfToken?: string | null;
}

const SAFE = new Set(['GET', 'HEAD']);

export function createApi(opts: ApiOptions = {}) {
  const doFetch = opts.fetch ?? fetch;

  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
    init: Pick<RequestInit, 'keepalive'> = {},
  ): Promise<T> {
    const headers: Record<string, string> = { ...extra, accept: 'application/json' };
    if (opts.lang) headers['accept-language'] = opts.lang;
    if (!SAFE.has(method) && opts.csrfToken) headers['x-csrf-token'] = opts.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await doFetch(`/api${path}`, {
      ...init,
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { message: text };
    }
    if (!res.ok) throw new ApiError(res.status, parsed);
    return parsed as T;
  }

  const enc = encodeURIComponent;
  const def = (kind: DefinitionKind, id: string) => `${enc(kind)}/${enc(id)}`;

  return {
    request,
    me: () => request<Me>('GET', '/auth/me'),
    login: (username: string, password: string) =>
      request<Me>('POST', '/auth/login', { username, password }),
    logout: () => request<null>('POST', '/auth/logout'),

    definitions: (kind?: DefinitionKind) =>
      request<{ items: DefinitionSummary[] }>(
        'GET',
        `/definitions${kind ? `?kind=${enc(kind)}` : ''}`,
      ),
    definition: (kind: DefinitionKind, id: string) =>
      request<DefinitionDetail>('GET', `/definitions/${def(kind, id)}`),
    definitionVersion: (kind: DefinitionKind, id: string, version: number) =>
      request<DefinitionVersion>('GET', `/definitions/${def(kind, id)}/versions/${version}`),
    validate: (kind: DefinitionKind, body: unknown) =>
      request<Validation>('POST', '/definitions/validate', { kind, body }),
    directory: () =>
      request<{ users: DirectoryUser[]; groups: DirectoryGroup[] }>('GET', '/directory'),

    drafts: () => request<{ items: DraftSummary[] }>('GET', '/drafts'),
    draft: (kind: DefinitionKind, id: string) => request<Draft>('GET', `/drafts/${def(kind, id)}`),
    /** `keepalive`: sent as the page unloads (the browser finishes it after the page is gone). */
    saveDraft: (
      kind: DefinitionKind,
      id: string,
      body: unknown,
      baseVersion: number | null,
      init: { keepalive?: boolean } = {},
    ) => request<Draft>('PUT', `/drafts/${def(kind, id)}`, { body, baseVersion }, {}, init),
    /** Discards the draft; with `savedAt`, only if it was not saved again since (else 409). */
    deleteDraft: (kind: DefinitionKind, id: string, savedAt?: string | null) =>
      request<null>(
        'DELETE',
        `/drafts/${def(kind, id)}${savedAt ? `?savedAt=${enc(savedAt)}` : ''}`,
      ),
    publishDraft: (kind: DefinitionKind, id: string, note: string) =>
      request<Published>('POST', `/drafts/${def(kind, id)}/publish`, { note }),
  };
}

export type Api = ReturnType<typeof createApi>;

/**
 * For load functions: a 401 sends the user to sign in (and back afterwards); other API
 * errors become SvelteKit errors with the engine's status (502 when it cannot be reached).
 */
export function failLoad(e: unknown, url: URL): never {
  if (e instanceof ApiError) {
    if (e.status === 401)
      redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    error(e.status >= 500 ? 502 : e.status, { message: e.message });
  }
  throw e;
}

/** Answers the engine may give while a feature is missing or not the user's (404, 403). */
export function isAbsent(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 404 || e.status === 403);
}

/** The answer of `POST /api/slas/preview`: when a clock started at `startAt` would warn and breach. */
export interface SlaPreview {
  slaId: string;
  version: number;
  calendar: { id: string; version: number };
  target: string;
  startAt: string;
  targetWorkingMs: number;
  events: { percent: number; kind: 'warning' | 'breach'; at: string }[];
}

/** If a clock of a published SLA started at `startAt` (default now), when would it warn and breach? */
export function previewSla(
  api: Api,
  body: {
    slaId?: string;
    version?: number;
    /** An unpublished body (the draft being edited) instead of a published SLA. */
    sla?: object;
    startAt?: string;
    variables?: Record<string, unknown>;
  },
) {
  return api.request<SlaPreview>('POST', '/slas/preview', body);
}

/** An instance as `GET /api/instances/{id}` shows it. */
export interface InstanceView {
  id: string;
  processId: string;
  processVersion: number;
  businessKey: string | null;
  /** The reference its customer was given (engine-assigned, XXXX-XXXX-XXXX). */
  reference: string | null;
  status: string;
  tokens: { id: string; nodeId: string; waitingFor: string }[];
  variables: Record<string, unknown>;
  startedAt: string | null;
  endedAt: string | null;
}

export function getInstance(api: Api, id: string) {
  return api.request<InstanceView>('GET', `/instances/${encodeURIComponent(id)}`);
}

/** The report of `POST /api/instances/{id}/migrate` (a dry run, or the migration done). */
export interface MigrationReport {
  moves: { tokenId: string; from: string; to: string; wait: string }[];
  problems: { code: string; tokenId: string; nodeId: string; pointer: string; message: string }[];
  applied: boolean;
}

export function migrateInstance(
  api: Api,
  id: string,
  body: { targetVersion: number; mapping: Record<string, string>; dryRun: boolean },
) {
  return api.request<MigrationReport>('POST', `/instances/${encodeURIComponent(id)}/migrate`, body);
}

/** A task as the inbox lists it (`GET /api/tasks`); `sla` is the earliest running clock's due. */
export interface TaskSummary {
  id: string;
  instanceId: string;
  processId: string;
  nodeId: string;
  businessKey: string | null;
  form: { id: string; version: number };
  status: string;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  priority: number;
  dueAt: string | null;
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
  /** display names (null when the id is no user, or there is none) */
  assigneeName?: string | null;
  completedByName?: string | null;
  sla?: { state: string; dueAt: string | null };
}

export interface TaskQuery {
  scope?: 'mine' | 'groups' | 'all';
  processId?: string;
  nodeId?: string;
  businessKey?: string;
  /** the start of the customer's name (as the process's search declaration names it) */
  customer?: string;
  minPriority?: string;
  slaState?: string;
  sort?: 'due' | 'priority' | 'created' | 'sla';
  limit?: number;
  offset?: number;
  /** the `next` of the previous page */
  after?: string;
}

export function listTasks(api: Api, query: TaskQuery) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  return api.request<{
    items: TaskSummary[];
    /** counted up to the engine's cap; `totalCapped`: there are more (shown as "1,000+") */
    total: number;
    totalCapped: boolean;
    /** `after` for the next page (null on the last) */
    next: string | null;
    limit: number;
    offset: number;
  }>('GET', `/tasks?${q}`);
}

/** A task with what its form needs (`GET /api/tasks/{id}`; personal data masked). */
export interface TaskDetail extends TaskSummary {
  formDefinition: import('@caseway/engine/types').FormDefinition;
  prefill: Record<string, unknown>;
  draft: Record<string, unknown> | null;
  data: Record<string, unknown> | null;
  instance: InstanceView;
  /** The case as this task's worker sees it: earlier submissions and chosen variables. */
  context?: import('$lib/case/types').TaskCaseContext;
}

const taskPath = (id: string) => `/tasks/${encodeURIComponent(id)}`;

export const getTask = (api: Api, id: string) => api.request<TaskDetail>('GET', taskPath(id));
export const claimTask = (api: Api, id: string, claim = true) =>
  api.request<null>('POST', `${taskPath(id)}/${claim ? 'claim' : 'unclaim'}`);
export const saveTaskDraft = (api: Api, id: string, data: Record<string, unknown>) =>
  api.request<null>('PUT', `${taskPath(id)}/draft`, { data });
export const completeTask = (api: Api, id: string, data: Record<string, unknown>) =>
  api.request<InstanceView>('POST', `${taskPath(id)}/complete`, { data });

/** One entry of an instance's audit history. */
export interface HistoryEntry {
  seq: number;
  at: string;
  type: string;
  nodeId: string | null;
  tokenId: string | null;
  actor: string | null;
  /** the actor's display name when the actor is a user */
  actorName?: string | null;
  data: unknown;
}

export const instanceHistory = (api: Api, id: string) =>
  api.request<{ items: HistoryEntry[]; people?: Record<string, string> }>(
    'GET',
    `/instances/${encodeURIComponent(id)}/history`,
  );

/** An SLA clock of an instance or of one of its tasks. */
export interface SlaClock {
  id: string;
  slaId: string;
  /** the SLA's name in each language */
  slaName?: Partial<Record<Lang, string>>;
  taskId: string | null;
  state: 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
  dueAt: string | null;
  remainingMs: number;
  overdueMs: number;
  percent: number;
  /** Set when its deadlines fall beyond the years its calendar knows (docs/slas.md). */
  calendarGap?: CalendarGap | null;
}

export const instanceSlas = (api: Api, id: string) =>
  api.request<{ items: SlaClock[] }>('GET', `/instances/${encodeURIComponent(id)}/slas`);

/** What a customer fills in to start a case of a public process (no login). */
export interface PublicIntake {
  processId: string;
  name: unknown;
  form: import('@caseway/engine/types').FormDefinition | null;
}

export interface PublicTracking {
  reference: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
  steps: { label: unknown; state: 'done' | 'current' | 'pending' }[];
  /** Documents the case waits for: with `lines`, each asked-for document on its own. */
  waitingFor: {
    message: string;
    label: unknown;
    lines: { item: string; label: unknown; documents: string[] }[];
  }[];
  /** Amounts the case waits for the customer to accept or dispute (in fen). */
  answers: { message: string; label: unknown; amount: number | null }[];
}

const publicPath = (kind: string, id: string) => `/public/${kind}/${encodeURIComponent(id)}`;

export const publicIntake = (api: Api, processId: string) =>
  api.request<PublicIntake>('GET', publicPath('intake', processId));
/**
 * Files a case. `idempotencyKey` is the same for every retry of one submission (the same data),
 * so a retry after a lost answer returns the case already made instead of a second one.
 */
export const submitPublicIntake = (
  api: Api,
  processId: string,
  data: Record<string, unknown>,
  idempotencyKey: string,
) =>
  api.request<{ reference: string; token: string }>(
    'POST',
    publicPath('intake', processId),
    { data },
    { 'idempotency-key': idempotencyKey },
  );

/** A random key for one operation (128 bits; works outside secure contexts too). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
export const publicTracking = (api: Api, token: string) =>
  api.request<PublicTracking>('GET', publicPath('track', token));
/** Uploads documents a case waits for, against one of its lines (`item`) when it lists them. */
export const uploadDocuments = (
  api: Api,
  token: string,
  message: string,
  files: { name: string; contentType: string; data: string }[],
  item?: string,
) =>
  api.request<{ status: string; documents: string[]; missing?: string[] }>(
    'POST',
    `${publicPath('track', token)}/documents`,
    { message, ...(item ? { item } : {}), files },
  );
/** The customer's answer to an amount offered: accepted, or disputed with a reason (fen). */
export type AmountAnswer =
  { accepted: true } | { accepted: false; reason: string; amountRequested?: number };
export const answerAmount = (api: Api, token: string, message: string, answer: AmountAnswer) =>
  api.request<{ status: string; accepted: boolean }>(
    'POST',
    `${publicPath('track', token)}/answers`,
    { message, ...answer },
  );

// ---- supervision: operations and dashboards (administrators and supervisors) -------------

/** An incident (`GET /api/incidents`): a service task out of retries or a step that failed. */
export interface Incident {
  id: string;
  instanceId: string;
  jobId: string;
  nodeId: string | null;
  error: string;
  status: 'open' | 'resolved';
  createdAt: string;
  resolvedAt: string | null;
}

/** An incident with the work behind it (`GET /api/incidents/{id}`). */
export interface IncidentDetail extends Incident {
  job: {
    kind: string;
    action: string | null;
    input: unknown;
    attempts: number;
    maxAttempts: number;
    lastError: string | null;
  };
}

/** An open task no enabled user can see (`GET /api/tasks/unroutable`). */
export interface UnroutableTask {
  id: string;
  instanceId: string;
  processId: string;
  nodeId: string;
  nodeName: unknown;
  businessKey: string | null;
  /** What the customer quotes (null only for cases older than references). */
  reference: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  createdAt: string;
}
export const listUnroutableTasks = (api: Api) =>
  api.request<{ total: number; items: UnroutableTask[] }>('GET', '/tasks/unroutable?limit=100');

const incidentPath = (id: string) => `/incidents/${encodeURIComponent(id)}`;
export const listIncidents = (api: Api) =>
  api.request<{ items: Incident[] }>('GET', '/incidents?status=open');
export const getIncident = (api: Api, id: string) =>
  api.request<IncidentDetail>('GET', incidentPath(id));
export const retryIncident = (api: Api, id: string) =>
  api.request<{ status: string }>('POST', `${incidentPath(id)}/retry`);

export const listInstances = (
  api: Api,
  status: 'active' | 'completed' | 'cancelled',
  limit = 100,
) => api.request<{ items: InstanceView[] }>('GET', `/instances?status=${status}&limit=${limit}`);

/** What a pending timer is for (`GET /api/timers`). */
export const TIMER_KINDS = ['timer', 'boundary', 'sla', 'retry'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

/** A pending timer: a timer event, a boundary timer, an SLA threshold or a service retry. */
export interface PendingTimer {
  id: string;
  instanceId: string;
  businessKey: string | null;
  processId: string;
  processVersion: number;
  nodeId: string | null;
  kind: TimerKind;
  dueAt: string;
  overdue: boolean;
  slaId: string | null;
  taskId: string | null;
  /** SLA thresholds: the percentage of the target (100 = the breach). */
  percent: number | null;
  attempt: number;
  maxAttempts: number;
  action: string | null;
}

/** The path of a page of pending timers, as JSON or as the CSV a download link points at. */
export function timersPath(q: { limit: number; offset: number }, format: 'json' | 'csv' = 'json') {
  const query = new URLSearchParams({ status: 'pending', limit: String(q.limit) });
  if (q.offset) query.set('offset', String(q.offset));
  if (format === 'csv') query.set('format', 'csv');
  return `/api/timers?${query}`;
}

export const listTimers = (api: Api, q: { limit: number; offset: number }) =>
  api.request<{ items: PendingTimer[]; total: number; overdue: number }>(
    'GET',
    timersPath(q).slice('/api'.length),
  );

/** One row of `GET /api/slas/report`: clocks of an SLA started in a period. */
export interface SlaReportRow {
  slaId: string;
  period: string;
  met: number;
  breached: number;
  running: number;
  cancelled: number;
  medianElapsedMs: number | null;
  p90ElapsedMs: number | null;
}

export const slaReport = (
  api: Api,
  q: { from: string; to: string; period: 'day' | 'week' | 'month'; timeZone?: string },
) =>
  api.request<{ items: SlaReportRow[] }>(
    'GET',
    `/slas/report?${new URLSearchParams({ timeZone: 'UTC', ...q })}`,
  );

/** Count, median, p90 and total in ms of a process (`by=process`) or a step (`by=step`). */
export interface CycleTime {
  processId: string;
  nodeId?: string;
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
  totalMs: number;
  /** `by=process`: from the start of the case's SLA clock (receipt), else from creation. */
  medianFromStartMs?: number | null;
  p90FromStartMs?: number | null;
}

/** Clocks past their target per process (`GET /api/analytics/past-sla`). */
export interface PastSlaRow {
  processId: string;
  caseClocks: number;
  taskClocks: number;
  clocks: number;
  cases: number;
}

/** Open cases per process by days since receipt (`GET /api/analytics/ageing`). */
export interface AgeingRow {
  processId: string;
  open: number;
  upTo1d: number;
  upTo3d: number;
  upTo7d: number;
  upTo15d: number;
  upTo30d: number;
  over30d: number;
  oldestMs: number | null;
}

/** Tasks completed and their handling time per person or group (`…/throughput`). */
export interface ThroughputRow {
  person?: string;
  personName?: string | null;
  group?: string;
  groupName?: unknown;
  completed: number;
  medianMs: number | null;
  p90Ms: number | null;
  totalMs: number;
}

/** Ratings per period and source, and for all sources (`source: null`), `…/satisfaction`. */
export interface RatingRow {
  period: string;
  source: string | null;
  responses: number;
  average: number | null;
  [key: string]: string | number | null;
}

export interface WorkloadRow {
  group?: string;
  person?: string;
  /** The group's name (zh-Hant and en) or the person's display name. */
  groupName?: unknown;
  personName?: string | null;
  open: number;
  claimed?: number;
  breached: number;
}

/** One row of `GET /api/analytics/scores`: a survey's scores in a period (and for one value). */
export interface ScoreRow {
  period: string;
  sent: number;
  answered: number;
  declined: number;
  /** answered / sent, in percent */
  responseRate: number;
  responses: number;
  average: number | null;
  /** `s1` … `s5`: how many gave each whole score; the `by` variable's value under its name */
  [key: string]: string | number | null;
}

export type AnalyticsTable =
  | 'cycle-times'
  | 'workload'
  | 'breakdown'
  | 'scores'
  | 'past-sla'
  | 'ageing'
  | 'throughput'
  | 'satisfaction';

/**
 * The engine's path of an analytics table (`/api/analytics/…`), as JSON or as the CSV a
 * download link points at: `analyticsPath('workload', { by: 'person' }, 'csv')`.
 */
export function analyticsPath(
  table: AnalyticsTable,
  query: Record<string, string | string[] | undefined>,
  format: 'json' | 'csv' = 'json',
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    for (const one of Array.isArray(v) ? v : [v]) if (one) q.append(k, one);
  if (format === 'csv') q.set('format', 'csv');
  return `/api/analytics/${table}?${q}`;
}

/** Reads an analytics table as JSON (numbers from PostgreSQL bigints arrive as strings). */
export async function analytics<T>(
  api: Api,
  table: AnalyticsTable,
  query: Record<string, string | string[] | undefined>,
): Promise<T[]> {
  const path = analyticsPath(table, query).slice('/api'.length);
  const { items } = await api.request<{ items: Record<string, unknown>[] }>('GET', path);
  const numeric =
    /^(count|open|claimed|breached|completed|clocks|caseClocks|taskClocks|cases|responses|over30d|upTo\d+d|[A-Za-z]*Ms)$/;
  return items.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, numeric.test(k) && v !== null ? Number(v) : v]),
    ),
  ) as T[];
}
