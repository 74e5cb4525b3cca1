/**
 * Plugins (administrators): every loaded plugin with its state, the refused ones with their
 * problems, and the chosen plugin's settings (`?name=email`; the first one otherwise).
 */
import { createApi, failLoad } from '$lib/api';
import { listPlugins, pluginSettings } from '$lib/plugins';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends('app:plugins');
  const api = createApi({ fetch });
  try {
    const { items, problems } = await listPlugins(api);
    const chosen = items.find((p) => p.name === url.searchParams.get('name')) ?? items[0] ?? null;
    const settings = chosen ? await pluginSettings(api, chosen.name) : null;
    return { plugins: items, refused: problems, chosen, settings };
  } catch (e) {
    failLoad(e, url);
  }
};
