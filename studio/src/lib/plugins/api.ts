/**
 * The engine's plugin API as the plugins page uses it (administrators): what is loaded, with
 * its schemas, presentation hints and health; a plugin's stored settings; saving them.
 */
import type { createApi } from '$lib/api';
import type { UiHints } from './settings-form';

type Api = ReturnType<typeof createApi>;
type Text = { 'zh-Hant': string; en: string };
export interface Problem {
  code?: string;
  file?: string;
  pointer: string;
  message: string;
}

/** One loaded plugin (`GET /api/plugins`). */
export interface PluginInfo {
  name: string;
  version: string;
  description: Text;
  actions: { name: string; description: Text; idempotent: boolean }[];
  events: string[];
  configSchema: Record<string, unknown> | null;
  secretsSchema: Record<string, unknown> | null;
  secretNames: string[];
  ui: UiHints | null;
  configured: boolean;
  problems: Problem[];
}

export const listPlugins = (api: Api) =>
  api.request<{ items: PluginInfo[]; problems: Problem[] }>('GET', '/plugins');

export const pluginSettings = (api: Api, name: string) =>
  api.request<{ config: Record<string, unknown> | null; secrets: Record<string, boolean> }>(
    'GET',
    `/plugins/${encodeURIComponent(name)}/settings`,
  );

export const savePluginConfig = (api: Api, name: string, config: Record<string, unknown>) =>
  api.request<null>('PUT', `/plugins/${encodeURIComponent(name)}/config`, { config });

export const savePluginSecrets = (api: Api, name: string, secrets: Record<string, string | null>) =>
  api.request<null>('PUT', `/plugins/${encodeURIComponent(name)}/secrets`, { secrets });

/** Looks at the plugin folders again on every engine: what was reloaded, and the problems. */
export const reloadPlugins = (api: Api) =>
  api.request<{
    reloaded: { name: string; version: string; was: string | null }[];
    problems: Problem[];
  }>('POST', '/plugins/reload');
