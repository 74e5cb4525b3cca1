/**
 * The notification inbox: my SLA warnings and breaches (to me, my groups or my roles), newest
 * first with the case each is about, from the URL: `?unread=1` only the unread, `?kind=sla.breach`
 * one kind, `?o=<offset>` the page. Marking read re-runs it (`invalidate('app:notifications')`,
 * which the header's badge depends on too).
 */
import { createApi, failLoad } from '$lib/api';
import { listNotifications } from '$lib/supervision';
import type { PageLoad } from './$types';

const PAGE = 50;
const KINDS = ['sla.breach', 'sla.warning'] as const;

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends('app:notifications');
  const p = url.searchParams;
  const unread = p.get('unread') === '1';
  const kind = KINDS.find((k) => k === p.get('kind')) ?? '';
  const n = Math.max(0, Math.floor(Number(p.get('o')) || 0));
  const offset = n - (n % PAGE);
  try {
    const notices = await listNotifications(createApi({ fetch }), {
      unread: unread || undefined,
      kind: kind || undefined,
      limit: PAGE,
      offset,
    });
    return { notices, filter: { unread, kind }, kinds: KINDS };
  } catch (e) {
    failLoad(e, url);
  }
};
