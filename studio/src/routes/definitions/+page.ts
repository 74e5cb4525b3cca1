/**
 * The definitions browser's data: every definition (all kinds, so the tabs can show counts)
 * and the drafts in progress with their validation problems. Drafts are the designers' (others
 * are not asked for them) and come from a newer engine (404 on older ones): without them the
 * page still shows the definitions.
 */
import {
  createApi,
  failLoad,
  isAbsent,
  isDefinitionKind,
  type DefinitionKind,
  type Api,
  type DraftState,
  type DraftSummary,
} from '$lib/api';
import { holds } from '$lib/users';
import type { PageLoad } from './$types';

/** Each draft with the problems it would have as the next version (null: not known). */
async function draftsWithProblems(api: Api): Promise<DraftState[] | null> {
  let items: DraftSummary[];
  try {
    items = (await api.drafts()).items;
  } catch (e) {
    if (isAbsent(e)) return null;
    throw e;
  }
  return Promise.all(
    items.map((d) =>
      api.draft(d.kind, d.id).then(
        (full) => ({ ...d, problems: full.problems }),
        () => ({ ...d, problems: null }),
      ),
    ),
  );
}

export const load: PageLoad = async ({ fetch, url, parent }) => {
  // drafts are the designers': others read the published definitions only
  const designs = holds((await parent()).user, 'design');
  const requested = url.searchParams.get('kind');
  const kind: DefinitionKind = isDefinitionKind(requested) ? requested : 'process';
  const api = createApi({ fetch });
  try {
    const [definitions, drafts] = await Promise.all([
      api.definitions(),
      designs ? draftsWithProblems(api) : [],
    ]);
    return { kind, items: definitions.items, drafts, designs };
  } catch (e) {
    failLoad(e, url);
  }
};
