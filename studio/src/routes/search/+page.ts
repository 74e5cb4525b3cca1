/**
 * Case search, from the URL (`/search?q=…&kind=…`) so a search can be bookmarked and shared.
 * A refused search (an ID-number search without the personal-data role) is shown on the
 * page with the engine's message, not as an error page.
 */
import { ApiError, createApi, failLoad } from '$lib/api';
import { SEARCH_KINDS, searchCases, type FoundCase, type SearchKind } from '$lib/inbox';
import type { PageLoad } from './$types';

const PAGE = 20;

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { lang } = await parent();
  const q = (url.searchParams.get('q') ?? '').trim();
  const kind: SearchKind = SEARCH_KINDS.find((k) => k === url.searchParams.get('kind')) ?? 'any';
  const offset = Math.max(0, Number(url.searchParams.get('offset')) || 0);
  const empty = { q, kind, offset, limit: PAGE, items: [] as FoundCase[], total: 0 };
  if (!q) return { ...empty, refused: null, searched: false };
  try {
    const found = await searchCases(createApi({ fetch, lang }), { q, kind, limit: PAGE, offset });
    return { ...empty, items: found.items, total: found.total, refused: null, searched: true };
  } catch (e) {
    if (e instanceof ApiError && e.status === 403)
      return { ...empty, refused: { code: e.code, message: e.message }, searched: true };
    failLoad(e, url);
  }
};
