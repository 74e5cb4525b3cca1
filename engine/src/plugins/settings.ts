/**
 * A plugin's stored configuration and secrets as its handlers receive them (one set per major
 * version, `<name>@<major>`; the settings stored under the plain name before versions stand in
 * until a major has its own): read from the store,
 * checked against the manifest's schemas (an unconfigured plugin's error names each field, never
 * a value), cached for 10 s per plugin because another engine may change them (its notice makes
 * every engine forget them at once: `forget`).
 *
 * @example
 *   const settings = new SettingsCache(db);
 *   const { config, secrets } = await settings.of(plugin);
 */
import { createError, type ErrorDetail } from '../errors.ts';
import { pluginSettings, type Db } from '../store/index.ts';
import { ajvDetails, settingsKey, type LoadedPlugin } from './manifest.ts';

const SETTINGS_TTL_MS = 10_000;

export interface Settings {
  config: unknown;
  secrets: unknown;
}

export class SettingsCache {
  readonly #cache = new Map<string, { at: number; value: Promise<Settings> }>();

  constructor(private readonly db: Db) {}

  /** The plugin's settings, checked; cached for SETTINGS_TTL_MS (a failed read is not kept). */
  of(p: LoadedPlugin): Promise<Settings> {
    const name = settingsKey(p.manifest);
    const cached = this.#cache.get(name);
    if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.value;
    const value = this.#read(p);
    this.#cache.set(name, { at: Date.now(), value });
    value.catch(() => this.#cache.delete(name));
    return value;
  }

  /** Forgets one plugin's settings, every major of it (or all): the next call reads them again. */
  forget(name?: string): void {
    if (name === undefined) return this.#cache.clear();
    const plain = name.split('@')[0]!;
    for (const k of [...this.#cache.keys()]) if (k.split('@')[0] === plain) this.#cache.delete(k);
  }

  async #read(p: LoadedPlugin): Promise<Settings> {
    const stored = await pluginSettings(this.db, settingsKey(p.manifest));
    const config = stored?.config ?? {};
    const secrets = stored?.secrets ?? {};
    // the error names each missing or invalid field (never a value: ajv's messages hold none)
    const notConfigured = (details: ErrorDetail[]) =>
      createError(
        'CW_ERR_PLUGIN_NOT_CONFIGURED',
        `${p.manifest.name} is not configured: ${details.map((d) => `${d.pointer} ${d.message}`).join('; ')}`,
        { details, data: { plugin: p.manifest.name }, permanent: true },
      );
    if (p.config && !p.config(config)) throw notConfigured(ajvDetails(p.config.errors, '/config'));
    if (p.secrets && !p.secrets(secrets))
      throw notConfigured(ajvDetails(p.secrets.errors, '/secrets'));
    return { config, secrets };
  }
}
