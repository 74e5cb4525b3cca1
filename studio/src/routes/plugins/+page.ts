/**
 * Plugins (administrators): every loaded plugin with its state, the refused ones with their
 * problems, and the chosen plugin's settings (`?name=email`, `?name=greeter@1.4.0` while several
 * versions are loaded; the first one otherwise).
 */
import { createApi, failLoad } from '$lib/api';
import { listPlugins, pluginSettings } from '$lib/plugins';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends('app:plugins');
  const api = createApi({ fetch });
  try {
    const { items, problems } = await listPlugins(api);
    // `?name=greeter` the plugin's highest version, `?name=greeter@1.4.0` that version
    const asked = url.searchParams.get('name');
    const chosen =
      items.find((p) => `${p.name}@${p.version}` === asked) ??
      items.findLast((p) => p.name === asked) ??
      items[0] ??
      null;
    const settings = chosen ? await pluginSettings(api, chosen.settingsKey) : null;
    return { plugins: items, refused: problems, chosen, settings };
  } catch (e) {
    failLoad(e, url);
  }
};
