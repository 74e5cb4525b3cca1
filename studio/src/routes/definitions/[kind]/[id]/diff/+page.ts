/**
 * Two versions of a definition to compare (`?from=1&to=2`; by default the one before the
 * latest and the latest), with the change notes of the versions published between them.
 */
import { error } from '@sveltejs/kit';
import { createApi, failLoad, isDefinitionKind } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  const { kind, id } = params;
  if (!isDefinitionKind(kind)) error(404, { message: `no definition kind ${kind}` });
  const api = createApi({ fetch });
  try {
    const detail = await api.definition(kind, id);
    const versions = detail.versions.map((v) => v.version);
    const pick = (name: string, fallback: number) => {
      const n = Number(url.searchParams.get(name));
      return versions.includes(n) ? n : fallback;
    };
    const latest = detail.latestVersion;
    const to = pick('to', latest);
    const from = pick('from', versions.filter((v) => v < to).at(-1) ?? to);
    const [a, b] = await Promise.all([
      api.definitionVersion(kind, id, from),
      api.definitionVersion(kind, id, to),
    ]);
    const [low, high] = from <= to ? [from, to] : [to, from];
    return {
      kind,
      id,
      versions,
      from: { version: from, body: a.body },
      to: { version: to, body: b.body },
      notes: detail.versions.filter((v) => v.version > low && v.version <= high),
    };
  } catch (e) {
    failLoad(e, url);
  }
};
