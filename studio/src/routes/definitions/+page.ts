/**
 * The definitions browser's data: every definition (all kinds, so the tabs can show counts)
 * and the drafts in progress. Drafts are the designers' (403 for others) and come from a newer
 * engine (404 on older ones): without them the page still shows the definitions.
 */
import {
  createApi,
  failLoad,
  isAbsent,
  isDefinitionKind,
  type DefinitionKind,
  type DraftSummary,
} from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const requested = url.searchParams.get('kind');
  const kind: DefinitionKind = isDefinitionKind(requested) ? requested : 'process';
  const api = createApi({ fetch });
  try {
    const [definitions, drafts] = await Promise.all([
      api.definitions(),
      api.drafts().then(
        (r) => r.items as DraftSummary[] | null,
        (e: unknown) => {
          if (isAbsent(e)) return null;
          throw e;
        },
      ),
    ]);
    return { kind, items: definitions.items, drafts };
  } catch (e) {
    failLoad(e, url);
  }
};
