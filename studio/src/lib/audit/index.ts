/**
 * The audit log of administrative acts (administrators): a page of `GET /api/audit`, newest
 * first, with the types the engine's OpenAPI document gives; the details in words; the text.
 */
import type { Answer, createApi } from '$lib/api';
import type { paths } from '$lib/api-schema';

export type AuditPage = Answer<'/api/audit', 'get'>;
export type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>;
export type AuditEntry = NonNullable<AuditPage['items']>[number];
export type AuditAction = NonNullable<AuditQuery['action']>;

/** Every act the log records, in the order the page offers them as filters. */
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'definition.published',
  'user.created',
  'user.changed',
  'user.password-set',
  'group.changed',
  'role.created',
  'role.changed',
  'plugin.configured',
  'plugin.secrets-set',
  'data-keys.changed',
  'migration.started',
  'migration.cancelled',
  'clocks.replayed',
];

/** A page of the log (`GET /api/audit`), typed by the engine's OpenAPI document. */
export function auditLog(api: ReturnType<typeof createApi>, query: AuditQuery = {}) {
  return api.get('/api/audit', { query });
}

export { details } from './details';
export { auditText, type AuditTextKey } from './messages';
