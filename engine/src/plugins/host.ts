/**
 * The plugin host: loads the plugins (discovery.ts finds them, manifest.ts checks each one,
 * handlers.ts registers their actions and event receivers), answers what they declare (actions,
 * sensitive keys, scanners, a summary per plugin) and keeps their settings (settings.ts caches
 * them; configuration and secrets are written through here, checked against the manifest). A
 * bad plugin is refused with a problem that names it; the others load.
 *
 * @example
 *   const host = new PluginHost({ db, logger, personalData });
 *   await host.load('plugins', actions); // before the definitions, which name the actions
 *   host.problems; // [{ code: 'CW_ERR_PLUGIN_INVALID', file: 'plugins/bad/plugin.json', … }]
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { PluginAction, PluginManifest } from '@caseway/plugin-sdk';
import type { Logger } from 'pino';
import type { AttachmentScanner } from '../attachments/index.ts';
import type { Clock } from '../clock/index.ts';
import { createError, type ErrorDetail } from '../errors.ts';
import { sealValue, type PersonalData } from '../privacy/index.ts';
import {
  changePluginSecrets,
  pluginConfig,
  pluginSettings,
  replacePluginSubscriptions,
  writePluginConfig,
  type Db,
} from '../store/index.ts';
import type { ActionRegistry } from './actions.ts';
import { pluginFolders } from './discovery.ts';
import { registerHandlers, scannerOf, type HandlerDeps } from './handlers.ts';
import { ajvDetails, checkPlugin, compileSchema, problem, type LoadedPlugin } from './manifest.ts';
import { SettingsCache } from './settings.ts';

export interface PluginSummary {
  name: string;
  version: string;
  description: PluginManifest['description'];
  actions: { name: string; description: PluginManifest['description']; idempotent: boolean }[];
  events: string[];
  configSchema: Record<string, unknown> | null;
  /** The secrets' schema (for the settings form: their descriptions and rules, never values). */
  secretsSchema: Record<string, unknown> | null;
  secretNames: string[];
  /** The manifest's presentation hints (groups, labels, help, widgets, conditions). */
  ui: NonNullable<PluginManifest['ui']> | null;
}

export interface PluginHostDeps {
  db: Db;
  logger: Logger;
  personalData: PersonalData;
  /** The engine's clock, handed to plugins as `ctx.now()` (the system's time when absent). */
  clock?: Clock;
}

export class PluginHost {
  readonly #plugins = new Map<string, LoadedPlugin>();
  /** Settings per plugin, re-read after a while (another engine may have changed them). */
  readonly #settings: SettingsCache;
  readonly #handlers: HandlerDeps;
  readonly problems: ErrorDetail[] = [];
  /** Where the plugins came from, so `reload` can look again. */
  #source: { dir: string; packages: readonly string[]; actions: ActionRegistry } | undefined;
  /** Bumped on each reload: a plugin's main module is imported afresh under a new URL. */
  #generation = 0;

  constructor(private readonly deps: PluginHostDeps) {
    this.#settings = new SettingsCache(deps.db);
    this.#handlers = { ...deps, settings: this.#settings };
  }

  /**
   * Loads every folder of `dir` with a plugin.json (`sdk` aside) and every npm package named in
   * `packages` (its plugin.json beside its package.json), and registers their actions.
   */
  async load(
    dir: string,
    actions: ActionRegistry,
    packages: readonly string[] = [],
  ): Promise<void> {
    this.#source = { dir, packages, actions };
    const { folders, problems } = await pluginFolders(dir, packages);
    this.problems.push(...problems);
    for (const folder of folders) {
      const file = join(folder, 'plugin.json');
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const shown = relative(process.cwd(), file);
      try {
        const loaded = await checkPlugin(JSON.parse(text), folder, shown, (name) =>
          this.#plugins.has(name),
        );
        registerHandlers(loaded, actions, this.#handlers);
        this.#plugins.set(loaded.manifest.name, loaded);
      } catch (e) {
        const details = (e as { details?: ErrorDetail[] }).details;
        this.problems.push(
          ...(details?.length ? details : [problem(shown, '', (e as Error).message)]),
        );
        this.deps.logger.error({ file: shown, err: e }, 'plugin refused');
      }
    }
    for (const name of this.#plugins.keys()) await this.#syncSubscriptions(name);
  }

  /**
   * Looks at the plugin folders and packages again without restarting the engine: a changed
   * plugin (its manifest or its main module) replaces the loaded one, a new one loads, a
   * refused one keeps the version that was loaded (its problems say why); a plugin whose folder
   * is gone stays loaded until the engine restarts. Only the main module is imported afresh:
   * modules it imports keep the code they had (restart for those). The problems are this
   * look's.
   */
  async reload(): Promise<{ reloaded: { name: string; version: string; was: string | null }[] }> {
    if (!this.#source) throw new Error('no plugins were loaded');
    const { dir, packages, actions } = this.#source;
    const generation = ++this.#generation;
    const { folders, problems } = await pluginFolders(dir, packages);
    this.problems.length = 0;
    this.problems.push(...problems);
    const reloaded: { name: string; version: string; was: string | null }[] = [];
    for (const folder of folders) {
      const file = join(folder, 'plugin.json');
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const shown = relative(process.cwd(), file);
      try {
        // a plugin may replace itself (the same folder), never another
        const loaded = await checkPlugin(
          JSON.parse(text),
          folder,
          shown,
          (name) => this.#plugins.has(name) && this.#plugins.get(name)!.dir !== folder,
          generation,
        );
        const name = loaded.manifest.name;
        const was = this.#plugins.get(name);
        if (was)
          for (const a of [...Object.keys(was.manifest.actions), '@event'])
            actions.unregister(`${name}/${a}`);
        registerHandlers(loaded, actions, this.#handlers);
        this.#plugins.set(name, loaded);
        this.#settings.forget(name);
        await this.#syncSubscriptions(name);
        reloaded.push({
          name,
          version: loaded.manifest.version,
          was: was?.manifest.version ?? null,
        });
      } catch (e) {
        const details = (e as { details?: ErrorDetail[] }).details;
        this.problems.push(
          ...(details?.length ? details : [problem(shown, '', (e as Error).message)]),
        );
        this.deps.logger.error({ file: shown, err: e }, 'plugin refused on reload');
      }
    }
    this.deps.logger.info({ reloaded: reloaded.map((r) => r.name) }, 'plugins reloaded');
    return { reloaded };
  }

  /**
   * Records which events a plugin receives: the manifest's, narrowed by its `subscriptions`
   * for the stored configuration (none while that configuration is invalid).
   */
  async #syncSubscriptions(name: string): Promise<void> {
    const p = this.#plugins.get(name)!;
    let events = p.manifest.events ?? [];
    if (p.impl.subscriptions && events.length) {
      const config = (await pluginConfig(this.deps.db, name)) ?? {};
      const wanted = !p.config || p.config(config) ? p.impl.subscriptions(config as object) : [];
      events = events.filter((e) => wanted.includes(e));
    }
    await replacePluginSubscriptions(this.deps.db, name, events);
  }

  /**
   * Keys an action's input or output marks `"sensitive": true` (e.g. the phone number an SMS
   * goes to): personal data like a sensitive form field's key, sealed in job rows and masked.
   */
  sensitiveKeys(): Set<string> {
    const keys = new Set<string>();
    const walk = (schema: unknown): void => {
      if (!schema || typeof schema !== 'object') return;
      const o = schema as Record<string, unknown>;
      for (const [k, v] of Object.entries((o.properties ?? {}) as Record<string, unknown>)) {
        if ((v as { sensitive?: unknown })?.sensitive === true) keys.add(k);
        walk(v);
      }
      for (const key of ['items', 'oneOf', 'anyOf', 'allOf', '$defs'] as const) {
        const v = o[key];
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object')
          (key === '$defs' ? Object.values(v) : [v]).forEach(walk);
      }
    };
    for (const p of this.#plugins.values())
      for (const a of Object.values(p.manifest.actions)) {
        walk(a!.input);
        walk(a!.output);
      }
    return keys;
  }

  /** The attachment scanners plugins declare (`"scanner": true`), in load order. */
  scanners(): AttachmentScanner[] {
    return [...this.#plugins.values()]
      .filter((p) => p.manifest.scanner && p.impl.scanAttachment)
      .map((p) => scannerOf(p, this.#handlers));
  }

  /** Every plugin action as `<plugin>/<action>` with its manifest entry (schemas included). */
  actionSpecs(): { name: string; plugin: string; spec: PluginAction }[] {
    return [...this.#plugins.values()].flatMap(({ manifest: m }) =>
      Object.entries(m.actions).map(([a, spec]) => ({
        name: `${m.name}/${a}`,
        plugin: m.name,
        spec: spec!,
      })),
    );
  }

  list(): PluginSummary[] {
    return [...this.#plugins.values()].map(({ manifest: m }) => ({
      name: m.name,
      version: m.version,
      description: m.description,
      actions: Object.entries(m.actions).map(([name, a]) => ({
        name,
        description: a!.description,
        idempotent: a!.idempotent ?? false,
      })),
      events: m.events ?? [],
      configSchema: (m.config as Record<string, unknown> | undefined) ?? null,
      secretsSchema: (m.secrets as Record<string, unknown> | undefined) ?? null,
      ui: m.ui ?? null,
      secretNames: Object.keys(
        ((m.secrets as { properties?: object } | undefined)?.properties ?? {}) as object,
      ),
    }));
  }

  #get(name: string): LoadedPlugin {
    const p = this.#plugins.get(name);
    if (!p)
      throw createError('CW_ERR_NOT_FOUND', `plugin ${name} is not loaded`, { data: { name } });
    return p;
  }

  /** Configuration as stored, and which secrets are set (never their values). */
  async settings(name: string): Promise<{ config: unknown; secrets: Record<string, boolean> }> {
    const p = this.#get(name);
    const row = await pluginSettings(this.deps.db, name);
    const stored = row?.secrets ?? {};
    const names = this.list().find((s) => s.name === p.manifest.name)!.secretNames;
    return {
      config: row?.config ?? null,
      secrets: Object.fromEntries(
        [...new Set([...names, ...Object.keys(stored)])].map((k) => [k, stored[k] != null]),
      ),
    };
  }

  /**
   * Whether the stored configuration and secrets let the plugin run: `configured`, or the
   * missing and invalid fields at their pointers (never a value).
   */
  async health(name: string): Promise<{ configured: boolean; problems: ErrorDetail[] }> {
    try {
      await this.#settings.of(this.#get(name));
      return { configured: true, problems: [] };
    } catch (e) {
      const details = (e as { details?: ErrorDetail[] }).details;
      if (!details) throw e;
      return { configured: false, problems: details };
    }
  }

  /**
   * Forgets the cached settings of one plugin (or all): another engine changed them, or this
   * engine may have missed such a notice. The next call reads them again.
   */
  forgetSettings(name?: string): void {
    this.#settings.forget(name);
  }

  /** Replaces the configuration after validating it against the manifest. */
  async setConfig(
    name: string,
    config: Record<string, unknown>,
    actor: string,
    now: Date,
  ): Promise<void> {
    const p = this.#get(name);
    if (p.config && !p.config(config))
      throw createError('CW_ERR_VALIDATION', undefined, {
        details: ajvDetails(p.config.errors, '/config'),
      });
    await writePluginConfig(this.deps.db, { plugin: name, config, by: actor, now });
    this.#settings.forget(name);
    await this.#syncSubscriptions(name);
  }

  /**
   * Sets (a string) or clears (null) secrets by name; each value is sealed with the data key
   * ring before it is written. Names the manifest does not declare are refused.
   */
  async setSecrets(
    name: string,
    patch: Record<string, string | null>,
    actor: string,
    now: Date,
  ): Promise<void> {
    const p = this.#get(name);
    const declared = this.list().find((s) => s.name === p.manifest.name)!.secretNames;
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
      const check = compileSchema(properties[k]);
      return check(v) ? [] : ajvDetails(check.errors, `/secrets/${k}`);
    });
    if (invalid.length) throw createError('CW_ERR_VALIDATION', undefined, { details: invalid });
    await changePluginSecrets(this.deps.db, { plugin: name, by: actor, now }, (secrets) => {
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) delete secrets[k];
        else secrets[k] = sealValue(this.deps.personalData.ring, v);
      }
      return secrets;
    });
    this.#settings.forget(name);
  }
}
