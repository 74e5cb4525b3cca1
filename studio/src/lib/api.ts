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
 *
 * Calls are typed by the engine's OpenAPI document (`./api-schema.d.ts`, written by
 * `npm run gen`): `api.get('/api/tasks/{id}', { path: { id } })` takes the path, query and
 * body the route declares and answers what its response schema says.
 */
import { error, redirect } from '@sveltejs/kit';
import type { components, paths } from './api-schema';
import type { Lang } from './i18n';

export const DEFINITION_KINDS = ['process', 'form', 'sla', 'calendar', 'decision'] as const;
export type DefinitionKind = (typeof DEFINITION_KINDS)[number];

export function isDefinitionKind(value: unknown): value is DefinitionKind {
  return DEFINITION_KINDS.some((k) => k === value);
}

/** A problem as the engine's validator reports it (a detail of an error answer, too). */
export type Problem = Schema<'Problem'>;

/** Who work can be given to (`GET /api/directory`). */
export type Directory = Answer<'/api/directory', 'get'>;
export type DirectoryUser = Directory['users'][number];
export type DirectoryGroup = Directory['groups'][number];

/** Who the caller is (`GET /api/auth/me`), with the CSRF token their session's writes need. */
export type Me = Answer<'/api/auth/me', 'get'>;

export type DefinitionSummary = Answer<'/api/definitions', 'get'>['items'][number];

/** A definition with its versions and the latest body (`GET /api/definitions/{kind}/{id}`). */
export type DefinitionDetail = Answer<'/api/definitions/{kind}/{id}', 'get'>;
export type DefinitionVersionInfo = DefinitionDetail['versions'][number];
/** Why and when a version was published (all null: its file was added to the folder by hand). */
export type Publication = Pick<DefinitionVersionInfo, 'note' | 'publishedBy' | 'publishedAt'>;

export type DefinitionVersion = Answer<'/api/definitions/{kind}/{id}/versions/{version}', 'get'>;

/** The answer of a publish: the new version with its note. */
export type Published = Answer<'/api/drafts/{kind}/{id}/publish', 'post'>;

export type DraftSummary = Answer<'/api/drafts', 'get'>['items'][number];
export type Draft = Answer<'/api/drafts/{kind}/{id}', 'get'>;

/** A draft in a list, with its problems when they are known (null: not known). */
export type DraftState = DraftSummary & { problems: Problem[] | null };

export type Validation = Answer<'/api/definitions/validate', 'post'>;

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

/** A schema of the engine's OpenAPI document by name (`Schema<'Task'>`). */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = Extract<
  paths[P][M],
  { responses: unknown }
>;
/** The API's paths that have an operation for `M`. */
export type PathOf<M extends Method> = {
  [P in keyof paths]: Operation<P, M> extends never ? never : P;
}[keyof paths];
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : null;
type Responses<P extends keyof paths, M extends Method> = Operation<P, M>['responses'];
/** What an operation answers on success: its 2xx JSON body (null for 204). */
export type Answer<P extends keyof paths, M extends Method> = {
  [C in keyof Responses<P, M>]: C extends 200 | 201 | 202 | 204
    ? JsonOf<Responses<P, M>[C]>
    : never;
}[keyof Responses<P, M>];
/** Optional when it may be left out or has no required member (a query of optional values). */
type Part<K extends string, T> = undefined extends T
  ? { [k in K]?: T }
  : // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    {} extends T
    ? { [k in K]?: T }
    : { [k in K]: T };
type Body<O> = O extends { requestBody?: infer R }
  ? R extends { content: { 'application/json': infer B } }
    ? B
    : undefined
  : undefined;
type Params<O, K extends 'path' | 'query'> = O extends { parameters: infer P }
  ? P extends { [k in K]?: infer X }
    ? X
    : undefined
  : undefined;
/** The path parameters, query and body an operation takes, and per-call extras. */
export type CallInit<P extends keyof paths, M extends Method> = Part<
  'path',
  Params<Operation<P, M>, 'path'>
> &
  Part<'query', Params<Operation<P, M>, 'query'>> &
  Part<'body', Body<Operation<P, M>>> & {
    headers?: Record<string, string>;
    /** Sent as the page unloads (the browser finishes it after the page is gone). */
    keepalive?: boolean;
  };
type InitArg<P extends keyof paths, M extends Method> =
  Record<string, never> extends CallInit<P, M> ? [init?: CallInit<P, M>] : [init: CallInit<P, M>];

/** `/api/tasks/{id}` with `{ id: 'a b' }` -> `/api/tasks/a%20b`, and the query string. */
function urlOf(
  template: string,
  path: Record<string, string | number> = {},
  query: Record<string, unknown> = {},
): string {
  const url = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(path[name])),
  );
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    for (const one of Array.isArray(v) ? v : [v])
      if (one !== undefined && one !== null && one !== '') q.append(k, String(one));
  const qs = q.toString();
  return qs ? `${url}?${qs}` : url;
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

  async function send<T>(
    method: string,
    url: string,
    body?: unknown,
    extra: Record<string, string> = {},
    init: Pick<RequestInit, 'keepalive'> = {},
  ): Promise<T> {
    const headers: Record<string, string> = { ...extra, accept: 'application/json' };
    if (opts.lang) headers['accept-language'] = opts.lang;
    if (!SAFE.has(method) && opts.csrfToken) headers['x-csrf-token'] = opts.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await doFetch(url, {
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

  /** A call typed by the OpenAPI document: its path, parameters, body and answer. */
  function call<M extends Method, P extends PathOf<M>>(
    method: M,
    path: P,
    ...[init]: InitArg<P, M>
  ): Promise<Answer<P, M>> {
    const i = (init ?? {}) as {
      path?: Record<string, string | number>;
      query?: Record<string, unknown>;
      body?: unknown;
      headers?: Record<string, string>;
      keepalive?: boolean;
    };
    return send<Answer<P, M>>(
      method.toUpperCase(),
      urlOf(path, i.path, i.query),
      i.body,
      i.headers,
      i.keepalive === undefined ? {} : { keepalive: i.keepalive },
    );
  }

  return {
    get: <P extends PathOf<'get'>>(path: P, ...init: InitArg<P, 'get'>) =>
      call('get', path, ...init),
    post: <P extends PathOf<'post'>>(path: P, ...init: InitArg<P, 'post'>) =>
      call('post', path, ...init),
    put: <P extends PathOf<'put'>>(path: P, ...init: InitArg<P, 'put'>) =>
      call('put', path, ...init),
    patch: <P extends PathOf<'patch'>>(path: P, ...init: InitArg<P, 'patch'>) =>
      call('patch', path, ...init),
    delete: <P extends PathOf<'delete'>>(path: P, ...init: InitArg<P, 'delete'>) =>
      call('delete', path, ...init),
    me: () => call('get', '/api/auth/me'),
    login: (username: string, password: string) =>
      call('post', '/api/auth/login', { body: { username, password } }),
    logout: () => call('post', '/api/auth/logout'),

    definitions: (kind?: DefinitionKind) =>
      call('get', '/api/definitions', { query: kind ? { kind } : {} }),
    definition: (kind: DefinitionKind, id: string) =>
      call('get', '/api/definitions/{kind}/{id}', { path: { kind, id } }),
    definitionVersion: (kind: DefinitionKind, id: string, version: number) =>
      call('get', '/api/definitions/{kind}/{id}/versions/{version}', {
        path: { kind, id, version },
      }),
    validate: (kind: DefinitionKind, body: unknown) =>
      call('post', '/api/definitions/validate', { body: { kind, body } }),
    directory: () => call('get', '/api/directory'),

    drafts: () => call('get', '/api/drafts'),
    draft: (kind: DefinitionKind, id: string) =>
      call('get', '/api/drafts/{kind}/{id}', { path: { kind, id } }),
    /** `keepalive`: sent as the page unloads (the browser finishes it after the page is gone). */
    saveDraft: (
      kind: DefinitionKind,
      id: string,
      body: unknown,
      baseVersion: number | null,
      init: { keepalive?: boolean } = {},
    ) =>
      call('put', '/api/drafts/{kind}/{id}', {
        path: { kind, id },
        body: { body: body as Record<string, unknown>, baseVersion },
        ...init,
      }),
    /** Discards the draft; with `savedAt`, only if it was not saved again since (else 409). */
    deleteDraft: (kind: DefinitionKind, id: string, savedAt?: string | null) =>
      call('delete', '/api/drafts/{kind}/{id}', {
        path: { kind, id },
        query: savedAt ? { savedAt } : {},
      }),
    publishDraft: (kind: DefinitionKind, id: string, note: string) =>
      call('post', '/api/drafts/{kind}/{id}/publish', { path: { kind, id }, body: { note } }),
  };
}

export type Api = ReturnType<typeof createApi>;

/**
 * A typed call's answer read as the studio's own type of it, where the OpenAPI document still
 * describes that answer loosely (an open object, or members not listed as required):
 * `answerAs<CaseView>(api.get('/api/cases/{id}', { path: { id } }))`. The call itself (path,
 * parameters, body) stays checked against the document.
 */
export function answerAs<T>(answer: Promise<unknown>): Promise<T> {
  return answer as Promise<T>;
}

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
export type SlaPreview = Answer<'/api/slas/preview', 'post'>;

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
  return api.post('/api/slas/preview', {
    body: { ...body, sla: body.sla as Record<string, unknown> | undefined },
  });
}

/** An instance as `GET /api/instances/{id}` shows it. */
export type InstanceView = Schema<'Instance'>;

export const getInstance = (api: Api, id: string) =>
  api.get('/api/instances/{id}', { path: { id } });

/** The report of `POST /api/instances/{id}/migrate` (a dry run, or the migration done). */
export type MigrationReport = Answer<'/api/instances/{id}/migrate', 'post'>;

export const migrateInstance = (
  api: Api,
  id: string,
  body: { targetVersion: number; mapping: Record<string, string>; dryRun: boolean },
) => api.post('/api/instances/{id}/migrate', { path: { id }, body });

/** A task as the API shows it in lists; `sla` is the earliest running clock's due (the inbox's). */
export type TaskSummary = Schema<'Task'>;

/** A task as the inbox lists it (`GET /api/tasks`): with its due date's calendar flag. */
export type InboxTask = Answer<'/api/tasks', 'get'>['items'][number];

/**
 * The inbox's filters as its page URL and saved filters hold them (text fields, '' for none),
 * turned into `GET /api/tasks`'s query by {@link listTasks}.
 */
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
  // the page's filters are text (its URL's, '' for none); the engine checks each (400, pointer)
  const q = Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== ''),
  );
  return api.get('/api/tasks', { query: q as CallInit<'/api/tasks', 'get'>['query'] });
}

/**
 * A task with what its form needs (`GET /api/tasks/{id}`; personal data masked). The document
 * gives definition bodies as open objects; their types are the definitions' own.
 */
export type TaskDetail = Answer<'/api/tasks/{id}', 'get'> & {
  formDefinition: import('@caseway/engine/types').FormDefinition;
  context: import('$lib/case/types').TaskCaseContext;
};

export const getTask = async (api: Api, id: string) =>
  (await api.get('/api/tasks/{id}', { path: { id } })) as TaskDetail;
export const claimTask = (api: Api, id: string, claim = true) =>
  claim
    ? api.post('/api/tasks/{id}/claim', { path: { id } })
    : api.post('/api/tasks/{id}/unclaim', { path: { id } });
export const saveTaskDraft = (api: Api, id: string, data: Record<string, unknown>) =>
  api.put('/api/tasks/{id}/draft', { path: { id }, body: { data } });
export const completeTask = (api: Api, id: string, data: Record<string, unknown>) =>
  api.post('/api/tasks/{id}/complete', { path: { id }, body: { data } });

/** One entry of an instance's audit history. */
export type HistoryEntry = Schema<'HistoryEntry'>;

export const instanceHistory = (api: Api, id: string) =>
  api.get('/api/instances/{id}/history', { path: { id } });

/** An SLA clock of an instance or of one of its tasks. */
export type SlaClock = Answer<'/api/instances/{id}/slas', 'get'>['items'][number];

export const instanceSlas = (api: Api, id: string) =>
  api.get('/api/instances/{id}/slas', { path: { id } });

/** The engine's instant and the process's zone, which a form's `today()` and `now()` read. */
export type FormClock = PublicIntake['clock'];

/** What a customer fills in to start a case of a public process (no login). */
export type PublicIntake = Omit<Answer<'/api/public/intake/{processId}', 'get'>, 'form'> & {
  form: import('@caseway/engine/types').FormDefinition | null;
};

/** What a customer's tracking link shows: progress, and the documents and answers awaited. */
export type PublicTracking = Answer<'/api/public/track/{token}', 'get'>;

export const publicIntake = async (api: Api, processId: string) =>
  (await api.get('/api/public/intake/{processId}', { path: { processId } })) as PublicIntake;
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
  api.post('/api/public/intake/{processId}', {
    path: { processId },
    body: { data },
    headers: { 'idempotency-key': idempotencyKey },
  });

/** A random key for one operation (128 bits; works outside secure contexts too). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
export const publicTracking = (api: Api, token: string) =>
  api.get('/api/public/track/{token}', { path: { token } });
type UploadFile = NonNullable<
  CallInit<'/api/public/track/{token}/documents', 'post'>['body']
>['files'][number];

/** Uploads documents a case waits for, against one of its lines (`item`) when it lists them. */
export const uploadDocuments = (
  api: Api,
  token: string,
  message: string,
  files: { name: string; contentType: string; data: string }[],
  item?: string,
) =>
  api.post('/api/public/track/{token}/documents', {
    path: { token },
    // the browser's types as they are: the engine refuses what it does not take (415)
    body: { message, ...(item ? { item } : {}), files: files as UploadFile[] },
  });
/** The customer's answer to an amount offered: accepted, or disputed with a reason (fen). */
export type AmountAnswer =
  { accepted: true } | { accepted: false; reason: string; amountRequested?: number };
export const answerAmount = (api: Api, token: string, message: string, answer: AmountAnswer) =>
  api.post('/api/public/track/{token}/answers', {
    path: { token },
    body: { message, ...answer },
  });

// ---- supervision: operations and dashboards (administrators and supervisors) -------------

/** An open task no enabled user can see (`GET /api/tasks/unroutable`). */
export type UnroutableTask = Answer<'/api/tasks/unroutable', 'get'>['items'][number];
export const listUnroutableTasks = (api: Api) =>
  api.get('/api/tasks/unroutable', { query: { limit: 100 } });

export const retryIncident = (api: Api, id: string) =>
  api.post('/api/incidents/{id}/retry', { path: { id } });

export const listInstances = (
  api: Api,
  status: 'active' | 'completed' | 'cancelled',
  limit = 100,
) => api.get('/api/instances', { query: { status, limit } });

/** What a pending timer is for (`GET /api/timers`). */
export const TIMER_KINDS = ['timer', 'boundary', 'sla', 'retry'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

/** A pending timer: a timer event, a boundary timer, an SLA threshold or a service retry. */
export type PendingTimer = Answer<'/api/timers', 'get'>['items'][number];

/** The path of a page of pending timers, as JSON or as the CSV a download link points at. */
export function timersPath(q: { limit: number; offset: number }, format: 'json' | 'csv' = 'json') {
  const query = new URLSearchParams({ status: 'pending', limit: String(q.limit) });
  if (q.offset) query.set('offset', String(q.offset));
  if (format === 'csv') query.set('format', 'csv');
  return `/api/timers?${query}`;
}

export const listTimers = (api: Api, q: { limit: number; offset: number }) =>
  api.get('/api/timers', {
    query: { status: 'pending', limit: q.limit, ...(q.offset ? { offset: q.offset } : {}) },
  });

/** One row of `GET /api/slas/report`: clocks of an SLA started in a period. */
export type SlaReportRow = Answer<'/api/slas/report', 'get'>['items'][number];

export const slaReport = (
  api: Api,
  q: { from: string; to: string; period: 'day' | 'week' | 'month'; timeZone?: string },
) => api.get('/api/slas/report', { query: { timeZone: 'UTC', ...q } });

type RowsOf<P extends PathOf<'get'>> = Answer<P, 'get'> extends { items: (infer R)[] } ? R : never;

/** The rows of each analytics table (`GET /api/analytics/{table}`), as the document gives them. */
export type AnalyticsRows = { [T in AnalyticsTable]: RowsOf<`/api/analytics/${T}`> };

/** Count, median, p90 and total in ms of a process (`by=process`) or a step (`by=step`). */
export type CycleTime = AnalyticsRows['cycle-times'];
/** Clocks past their target per process (`GET /api/analytics/past-sla`). */
export type PastSlaRow = AnalyticsRows['past-sla'];
/** Open cases per process by days since receipt (`GET /api/analytics/ageing`). */
export type AgeingRow = AnalyticsRows['ageing'];
/** Tasks completed and their handling time per person or group (`…/throughput`). */
export type ThroughputRow = AnalyticsRows['throughput'];
/** Ratings per period and source, and for all sources (`source: null`), `…/satisfaction`. */
export type RatingRow = AnalyticsRows['satisfaction'];
/** Open tasks per group or person, claimed and past their SLA (`…/workload`). */
export type WorkloadRow = AnalyticsRows['workload'];
/** A survey's scores in a period, and for one value of `by` (`…/scores`). */
export type ScoreRow = AnalyticsRows['scores'];

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

/**
 * Reads an analytics table as JSON: `analytics(api, 'workload', { by: 'person' })`. A table
 * whose columns depend on the query (`breakdown`: the variables counted by) may be read as the
 * caller's own row type: `analytics<'breakdown', ComplaintCount>(…)`.
 */
export async function analytics<T extends AnalyticsTable, R = AnalyticsRows[T]>(
  api: Api,
  table: T,
  query: Record<string, string | string[] | undefined>,
): Promise<R[]> {
  // one call for every table: each table's query is checked by the engine (400 with a pointer)
  const { items } = await answerAs<{ items: R[] }>(
    api.get(`/api/analytics/${table}` as '/api/analytics/ageing', { query: query as never }),
  );
  return items;
}

/** The answer of `POST /api/decisions/{id}/evaluate`: what a table gives on some inputs. */
export type DecisionTrial = Answer<'/api/decisions/{id}/evaluate', 'post'>;

/**
 * Tries a decision table on `inputs`: its saved draft (`draft: true`), else its latest published
 * version. A table that cannot decide is an answer (outcome noMatch or hitPolicyViolated); a
 * draft with problems or a failing cell throws an {@link ApiError} naming them.
 */
export function tryDecision(
  api: Api,
  id: string,
  inputs: Record<string, unknown>,
  draft: boolean,
): Promise<DecisionTrial> {
  return api.post('/api/decisions/{id}/evaluate', {
    path: { id },
    body: draft ? { inputs, draft: true } : { inputs },
  });
}
