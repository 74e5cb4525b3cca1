/**
 * The audit log (administrators): a page of administrative acts, newest first, filtered by act
 * and paged by `before` in the URL.
 */
import { createApi, failLoad } from '$lib/api';
import { AUDIT_ACTIONS, auditLog, type AuditAction } from '$lib/audit';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const api = createApi({ fetch });
  const wanted = url.searchParams.get('action');
  const action = AUDIT_ACTIONS.find((a) => a === wanted) as AuditAction | undefined;
  const before = Number(url.searchParams.get('before')) || undefined;
  try {
    const page = await auditLog(api, {
      limit: 50,
      ...(action ? { action } : {}),
      ...(before ? { before } : {}),
    });
    return { page, action: action ?? '', before: before ?? null };
  } catch (e) {
    failLoad(e, url);
  }
};
