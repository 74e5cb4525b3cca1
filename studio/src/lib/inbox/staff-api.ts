/**
 * The engine's staff-work routes beyond the inbox list: case search, saved inbox filters,
 * bulk reassignment (supervisors) and related cases (docs/api.md).
 *
 * ```ts
 * const found = await searchCases(api, { q: 'A123456789', kind: 'idNumber' });
 * await reassignTasks(api, ['i1.k1', 'i2.k1'], { user: 'adam' });
 * ```
 */
import { answerAs, type Answer, type Api, type TaskQuery } from '$lib/api';

export const SEARCH_KINDS = [
  'any',
  'businessKey',
  'customerName',
  'policyNumber',
  'claimNumber',
  'reference',
  'idNumber',
  'phone',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
/** Kinds searched through the blind index: the personal-data role only. */
export const PERSONAL_KINDS: readonly SearchKind[] = ['idNumber', 'phone'];

/** A case found by a search (`POST /api/cases/search`), with the kinds its query matched. */
export type FoundCase = Answer<'/api/cases/search', 'post'>['items'][number];

/** A POST: the query (perhaps an ID number) travels in the body, never in a URL. */
export const searchCases = (
  api: Api,
  q: { q: string; kind?: SearchKind; limit?: number; offset?: number },
) => api.post('/api/cases/search', { body: q });

/** A saved inbox filter: the inbox query parameters under a name. */
export interface InboxFilter {
  id: string;
  name: string;
  query: Omit<TaskQuery, 'limit' | 'offset'>;
  createdAt: string;
}

export const listInboxFilters = (api: Api) =>
  api.get('/api/inbox/filters') as Promise<{ items: InboxFilter[] }>;
export const saveInboxFilter = (api: Api, name: string, query: InboxFilter['query']) =>
  // the page's filters are text (its URL's); the engine checks each against its enum
  answerAs<InboxFilter>(api.post('/api/inbox/filters', { body: { name, query: query as never } }));
export const deleteInboxFilter = (api: Api, id: string) =>
  api.delete('/api/inbox/filters/{id}', { path: { id } });

export type ReassignTarget = { user: string } | { group: string };

export const reassignTasks = (api: Api, taskIds: string[], to: ReassignTarget, reason?: string) =>
  api.post('/api/tasks/reassign', { body: { taskIds, to, ...(reason ? { reason } : {}) } });

/** A case related to another (`GET /api/instances/{id}/related`), with how it relates. */
export type RelatedCase = Answer<'/api/instances/{id}/related', 'get'>['items'][number];

/** A file of the case (`GET /api/instances/{id}/attachments`); `uploadedBy` is `public` for the customer. */
export type CaseDocument = Answer<'/api/instances/{id}/attachments', 'get'>['items'][number];

export const caseDocuments = (api: Api, instanceId: string) =>
  api.get('/api/instances/{id}/attachments', { path: { id: instanceId } });

export const relatedCases = (api: Api, instanceId: string) =>
  api.get('/api/instances/{id}/related', { path: { id: instanceId } });
