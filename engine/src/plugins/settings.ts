/**
 * A plugin's stored configuration and secrets as its handlers receive them (one set per major
 * version, `<name>@<major>`; the settings stored under the plain name before versions stand in
 * until a major has its own): read from the store,
 * checked against the manifest's schemas (an unconfigured plugin's error names each field, never
 * a value), cached for 10 s per plugin because another engine may change them (its notice makes
 * every engine forget them at once: `forget`). Written here too: the configuration and the
 * secrets (each sealed with the data key ring), checked against the manifest first.
 *
 * @example
 *   const settings = new SettingsCache(db);
 *   const { config, secrets } = await settings.of(plugin);
 */
import type { PluginManifest } from '@caseway/plugin-sdk';
import type { ValidateFunction } from 'ajv';
import { createError, type ErrorDetail } from '../errors.ts';
import { sealValue, type KeyRing } from '../privacy/index.ts';
import { plugins, type Db } from '../store/index.ts';
import { ajvDetails, compileSchema, settingsKey, type LoadedPlugin } from './manifest.ts';

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
    const stored = await plugins.pluginSettings(this.db, settingsKey(p.manifest));
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

/** The secrets a manifest declares, by name. */
export const secretNamesOf = (m: PluginManifest): string[] =>
  Object.keys(((m.secrets as { properties?: object } | undefined)?.properties ?? {}) as object);

/** Configuration as stored, and which secrets are set (never their values). */
export async function storedSettings(
  db: Db,
  p: LoadedPlugin,
): Promise<{ config: unknown; secrets: Record<string, boolean> }> {
  const row = await plugins.pluginSettings(db, settingsKey(p.manifest));
  const stored = row?.secrets ?? {};
  const names = secretNamesOf(p.manifest);
  return {
    config: row?.config ?? null,
    secrets: Object.fromEntries(
      [...new Set([...names, ...Object.keys(stored)])].map((k) => [k, stored[k] != null]),
    ),
  };
}

/** Replaces the configuration after validating it against the manifest. */
export async function writeConfig(
  db: Db,
  p: LoadedPlugin,
  config: Record<string, unknown>,
  actor: string,
  now: Date,
): Promise<void> {
  if (p.config && !p.config(config))
    throw createError('CW_ERR_VALIDATION', undefined, {
      details: ajvDetails(p.config.errors, '/config'),
    });
  await plugins.writePluginConfig(db, {
    plugin: settingsKey(p.manifest),
    config,
    by: actor,
    now,
  });
}

/** Each secret's own schema, compiled the first time it is needed and kept with the plugin. */
const secretChecks = new WeakMap<LoadedPlugin, Map<string, ValidateFunction>>();

function secretCheck(p: LoadedPlugin, name: string, schema: object): ValidateFunction {
  let checks = secretChecks.get(p);
  if (!checks) secretChecks.set(p, (checks = new Map()));
  let check = checks.get(name);
  if (!check) checks.set(name, (check = compileSchema(schema)));
  return check;
}

/**
 * Sets (a string) or clears (null) secrets by name; each value is sealed with the data key
 * ring before it is written. Names the manifest does not declare are refused.
 */
export async function writeSecrets(
  db: Db,
  ring: KeyRing,
  p: LoadedPlugin,
  patch: Record<string, string | null>,
  actor: string,
  now: Date,
  /** The name the caller gave (`<name>` or `<name>@<major>`), as refusals show it. */
  name: string = p.manifest.name,
): Promise<void> {
  const declared = secretNamesOf(p.manifest);
  const unknown = Object.keys(patch).filter((k) => !declared.includes(k));
  if (unknown.length)
    throw createError('CW_ERR_VALIDATION', undefined, {
      details: unknown.map((k) => ({
        code: 'CW_ERR_VALIDATION',
        pointer: `/secrets/${k}`,
        message: `${name} has no secret ${k}`,
      })),
    });
  // each value against its own schema (minLength, pattern…) before it is sealed and stored
  const properties = ((p.manifest.secrets as { properties?: Record<string, object> } | undefined)
    ?.properties ?? {}) as Record<string, object>;
  const invalid = Object.entries(patch).flatMap(([k, v]) => {
    if (v === null || !properties[k]) return [];
    const check = secretCheck(p, k, properties[k]);
    return check(v) ? [] : ajvDetails(check.errors, `/secrets/${k}`);
  });
  if (invalid.length) throw createError('CW_ERR_VALIDATION', undefined, { details: invalid });
  const key = settingsKey(p.manifest);
  await plugins.changePluginSecrets(db, { plugin: key, by: actor, now }, (secrets) => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete secrets[k];
      else secrets[k] = sealValue(ring, v);
    }
    return secrets;
  });
}
