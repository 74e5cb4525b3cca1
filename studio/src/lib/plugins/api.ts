/**
 * The engine's plugin API as the plugins page uses it (administrators): what is loaded, with
 * its schemas, presentation hints and health; a plugin's stored settings; saving them.
 */
import type { Answer, Api } from '$lib/api';
import type { UiHints } from './settings-form';

type Loaded = Answer<'/api/plugins', 'get'>['items'][number];

/**
 * One loaded plugin (`GET /api/plugins`). The document gives its presentation hints as an
 * open object; they are the manifest's `ui`, which the settings form reads.
 */
export type PluginInfo = Omit<Loaded, 'ui'> & { ui: UiHints | null };

export const listPlugins = async (api: Api) => {
  const { items, problems } = await api.get('/api/plugins');
  return { items: items.map((p) => ({ ...p, ui: p.ui as UiHints | null })), problems };
};

const path = (name: string) => ({ path: { name } });

export const pluginSettings = (api: Api, name: string) =>
  api.get('/api/plugins/{name}/settings', path(name));

export const savePluginConfig = (api: Api, name: string, config: Record<string, unknown>) =>
  api.put('/api/plugins/{name}/config', { ...path(name), body: { config } });

export const savePluginSecrets = (api: Api, name: string, secrets: Record<string, string | null>) =>
  api.put('/api/plugins/{name}/secrets', { ...path(name), body: { secrets } });

/** Runs the plugin's connection test with its stored settings (its version's, by `settingsKey`). */
export const testPluginConnection = (api: Api, name: string) =>
  api.post('/api/plugins/{name}/test', path(name));

/** Looks at the plugin folders again on every engine: what was reloaded, and the problems. */
export const reloadPlugins = (api: Api) => api.post('/api/plugins/reload');
