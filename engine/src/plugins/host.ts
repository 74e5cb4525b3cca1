/**
 * The plugin host: loads the plugins (discovery.ts finds them, manifest.ts checks each one,
 * sandbox.ts runs each in a worker thread of its own, handlers.ts registers their actions and
 * event receivers), answers what they declare (actions, sensitive keys, scanners, a summary per
 * plugin) and keeps their settings (settings.ts reads, caches, checks and writes them;
 * connection-test.ts runs a plugin's connection test). A
 * bad plugin is refused with a problem that names it; the others load.
 *
 * @example
 *   const host = new PluginHost({ db, logger, personalData });
 *   await host.load('plugins', actions); // before the definitions, which name the actions
 *   host.problems; // [{ code: 'CW_ERR_PLUGIN_INVALID', file: 'plugins/bad/plugin.json', … }]
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginAction, PluginManifest } from '@caseway/plugin-sdk';
import type { Logger } from 'pino';
import semver from 'semver';
import type { AttachmentScanner } from '../attachments/index.ts';
import type { Clock } from '../clock/index.ts';
import { createError, type ErrorDetail, type Lang } from '../errors.ts';
import type { PersonalData } from '../privacy/index.ts';
import { plugins, type Db } from '../store/index.ts';
import type { ActionRegistry } from './actions.ts';
import { pluginFolders } from './discovery.ts';
import { registerHandlers, scannerOf, type HandlerDeps } from './handlers.ts';
import {
  checkPlugin,
  checkShape,
  pluginKey,
  problem,
  settingsKey,
  type LoadedPlugin,
} from './manifest.ts';
import { PluginSandbox } from './sandbox.ts';
import { testConnection, type ConnectionTestResult } from './connection-test.ts';
import {
  SettingsCache,
  secretNamesOf,
  storedSettings,
  writeConfig,
  writeSecrets,
} from './settings.ts';

export interface PluginSummary {
  name: string;
  version: string;
  /**
   * Where this version's settings are kept, `<name>@<major>` (the settings routes take it, or
   * the plain name for the highest version).
   */
  settingsKey: string;
  /** Whether it answers a "test connection" (`POST /api/plugins/{name}/test`). */
  testConnection: boolean;
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
  /** Heap limit of each plugin's worker (PLUGIN_MEMORY_MB; 256 when absent). */
  memoryMb?: number;
  /** Idle time after which a plugin's worker stops (PLUGIN_IDLE_STOP; 5 minutes when absent). */
  idleMs?: number;
}

export class PluginHost {
  /** By `<name>@<version>`: several versions of one plugin may be loaded (an upgrade). */
  readonly #plugins = new Map<string, LoadedPlugin>();
  /** Settings per plugin, re-read after a while (another engine may have changed them). */
  readonly #settings: SettingsCache;
  readonly #handlers: HandlerDeps;
  readonly problems: ErrorDetail[] = [];
  /** Where the plugins came from, so `reload` can look again. */
  #source: { dir: string; packages: readonly string[]; actions: ActionRegistry } | undefined;

  constructor(private readonly deps: PluginHostDeps) {
    this.#settings = new SettingsCache(deps.db);
    this.#handlers = { ...deps, settings: this.#settings };
  }

  /**
   * Loads every folder of `dir` with a plugin.json (`sdk` aside) and every npm package named in
   * `packages` (its plugin.json beside its package.json), each in a worker of its own, and
   * registers their actions.
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
      const loaded = await this.#open(folder, (key) => this.#plugins.has(key));
      if (!loaded) continue;
      registerHandlers(loaded, actions, this.#handlers);
      this.#plugins.set(pluginKey(loaded.manifest), loaded);
    }
    for (const name of new Set([...this.#plugins.values()].map((p) => p.manifest.name)))
      await this.#syncSubscriptions(name);
  }

  /**
   * A folder's plugin checked and started in its worker, or undefined (no plugin.json, or
   * refused: its problems are recorded and logged).
   */
  async #open(folder: string, taken: (key: string) => boolean): Promise<LoadedPlugin | undefined> {
    const file = join(folder, 'plugin.json');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const shown = relative(process.cwd(), file);
    try {
      const checked = checkPlugin(JSON.parse(text) as PluginManifest, folder, shown, taken);
      const { name, main } = checked.manifest;
      const sandbox = await PluginSandbox.open({
        plugin: name,
        main: pathToFileURL(join(folder, main)).href,
        logger: this.#pluginLogger(checked.manifest),
        ...(this.deps.memoryMb ? { memoryMb: this.deps.memoryMb } : {}),
        ...(this.deps.idleMs !== undefined ? { idleMs: this.deps.idleMs } : {}),
      }).catch((e: Error) => {
        throw Object.assign(new Error(e.message), {
          details: [problem(shown, '/main', `${main}: ${e.message}`)],
        });
      });
      try {
        checkShape(checked.manifest, shown, sandbox.shape);
      } catch (e) {
        await sandbox.close();
        throw e;
      }
      return { ...checked, sandbox };
    } catch (e) {
      const details = (e as { details?: ErrorDetail[] }).details;
      this.problems.push(
        ...(details?.length ? details : [problem(shown, '', (e as Error).message)]),
      );
      this.deps.logger.error({ file: shown, err: e }, 'plugin refused');
      return undefined;
    }
  }

  /** The log of a plugin's lines outside any call (a timer's): its declared secrets censored. */
  #pluginLogger(m: PluginManifest): Logger {
    const names = Object.keys(
      ((m.secrets as { properties?: object } | undefined)?.properties ?? {}) as object,
    );
    return this.deps.logger.child(
      { plugin: m.name },
      names.length
        ? { redact: { paths: names.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' } }
        : {},
    );
  }

  /**
   * Looks at the plugin folders and packages again without restarting the engine: a changed
   * plugin (its manifest or its code) replaces the loaded one in a new worker (calls under way
   * finish in the old one), a new one loads, a refused one keeps the version that was loaded
   * (its problems say why); a plugin whose folder is gone stays loaded until the engine
   * restarts. The problems are this look's.
   */
  async reload(): Promise<{ reloaded: { name: string; version: string; was: string | null }[] }> {
    if (!this.#source) throw new Error('no plugins were loaded');
    const { dir, packages, actions } = this.#source;
    const { folders, problems } = await pluginFolders(dir, packages);
    this.problems.length = 0;
    this.problems.push(...problems);
    const reloaded: { name: string; version: string; was: string | null }[] = [];
    for (const folder of folders) {
      // a folder's plugin replaces what that folder held (another version of it, or the same
      // version changed), never a plugin of another folder; another folder's version of the
      // same plugin stays beside it
      const loaded = await this.#open(
        folder,
        (key) => this.#plugins.has(key) && this.#plugins.get(key)!.dir !== folder,
      );
      if (!loaded) continue;
      const name = loaded.manifest.name;
      const wasKey = [...this.#plugins].find(
        ([, p]) => p.dir === folder && p.manifest.name === name,
      )?.[0];
      const was = wasKey ? this.#plugins.get(wasKey) : undefined;
      if (was) {
        for (const a of [...Object.keys(was.manifest.actions), '@event'])
          actions.unregister(`${pluginKey(was.manifest)}/${a}`);
        this.#plugins.delete(wasKey!);
      }
      registerHandlers(loaded, actions, this.#handlers);
      this.#plugins.set(pluginKey(loaded.manifest), loaded);
      void was?.sandbox.close({ drain: true });
      this.#settings.forget(name);
      await this.#syncSubscriptions(name);
      reloaded.push({ name, version: loaded.manifest.version, was: was?.manifest.version ?? null });
    }
    this.deps.logger.info({ reloaded: reloaded.map((r) => r.name) }, 'plugins reloaded');
    return { reloaded };
  }

  /** Ends every plugin's worker (the engine is closing). */
  async close(): Promise<void> {
    await Promise.all([...this.#plugins.values()].map((p) => p.sandbox.close()));
  }

  /**
   * Records which events a plugin receives: the manifest's, narrowed by its `subscriptions`
   * for the stored configuration (none while that configuration is invalid).
   */
  async #syncSubscriptions(name: string): Promise<void> {
    // events go to the plugin's highest version, once
    const p = this.#latest(name)!;
    let events = p.manifest.events ?? [];
    if (p.sandbox.shape.subscriptions && events.length) {
      const config = (await plugins.pluginConfig(this.deps.db, settingsKey(p.manifest))) ?? {};
      const wanted = !p.config || p.config(config) ? await this.#subscriptionsOf(p, config) : [];
      events = events.filter((e) => wanted.includes(e));
    }
    await plugins.replacePluginSubscriptions(this.deps.db, name, events);
  }

  /** The plugin's `subscriptions(config)`, asked in its worker (all its events if that fails). */
  async #subscriptionsOf(p: LoadedPlugin, config: unknown): Promise<string[]> {
    const all = p.manifest.events ?? [];
    try {
      const wanted = await p.sandbox.call(
        'subscriptions',
        '',
        config,
        { config, secrets: {}, idempotencyKey: 'subscriptions', attempt: 1, clockOffsetMs: 0 },
        { signal: AbortSignal.timeout(5_000) },
      );
      if (Array.isArray(wanted)) return wanted.filter((e): e is string => typeof e === 'string');
      throw new Error('subscriptions did not return a list');
    } catch (e) {
      this.deps.logger.error(
        { plugin: p.manifest.name, err: e },
        'plugin subscriptions failed: every declared event is recorded',
      );
      return all;
    }
  }

  /** Every loaded version of a plugin name, lowest first. */
  #versionsOf(name: string): LoadedPlugin[] {
    return [...this.#plugins.values()]
      .filter((p) => p.manifest.name === name)
      .sort((a, b) => semver.compare(a.manifest.version, b.manifest.version));
  }

  /** The highest loaded version of a plugin (the one unpinned actions and events reach). */
  #latest(name: string): LoadedPlugin | undefined {
    return this.#versionsOf(name).at(-1);
  }

  /** The highest version of each loaded plugin. */
  #latestOfEach(): LoadedPlugin[] {
    return [...new Set([...this.#plugins.values()].map((p) => p.manifest.name))].map((n) =>
      this.#latest(n)!,
    );
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
    return this.#latestOfEach()
      .filter((p) => p.manifest.scanner && p.sandbox.shape.scanAttachment)
      .map(({ manifest: { name } }) => ({
        name,
        // the plugin's highest version as loaded now (a reload replaces it)
        scan: (bytes, meta) => scannerOf(this.#latest(name)!, this.#handlers).scan(bytes, meta),
      }));
  }

  /**
   * Every plugin action as `<plugin>/<action>` with its manifest entry (schemas included), of
   * each plugin's highest loaded version.
   */
  actionSpecs(): {
    name: string;
    plugin: string;
    spec: PluginAction;
    ui: NonNullable<PluginManifest['ui']> | null;
  }[] {
    return this.#latestOfEach().flatMap(({ manifest: m }) =>
      Object.entries(m.actions).map(([a, spec]) => ({
        name: `${m.name}/${a}`,
        plugin: m.name,
        spec: spec!,
        ui: m.ui ?? null,
      })),
    );
  }

  /** Every loaded version of every plugin, by name and then version. */
  list(): PluginSummary[] {
    return [...this.#plugins.values()]
      .sort(
        (a, b) =>
          a.manifest.name.localeCompare(b.manifest.name) ||
          semver.compare(a.manifest.version, b.manifest.version),
      )
      .map(({ manifest: m }) => ({
        name: m.name,
        version: m.version,
        settingsKey: settingsKey(m),
        testConnection: m.testConnection === true,
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
        secretNames: secretNamesOf(m),
      }));
  }

  /**
   * A loaded plugin by `<name>` (its highest version), `<name>@<major>` (the highest of that
   * major, whose settings it shares) or `<name>@<version>`.
   */
  #get(name: string): LoadedPlugin {
    const [plain, range] = name.split('@') as [string, string | undefined];
    const versions = this.#versionsOf(plain);
    const v =
      range === undefined
        ? versions.at(-1)?.manifest.version
        : semver.maxSatisfying(
            versions.map((p) => p.manifest.version),
            semver.validRange(range) ? range : '<0.0.0-0',
          );
    const p = v ? this.#plugins.get(`${plain}@${v}`) : undefined;
    if (!p)
      throw createError('CW_ERR_NOT_FOUND', `plugin ${name} is not loaded`, { data: { name } });
    return p;
  }

  /** Configuration as stored, and which secrets are set (never their values). */
  settings(name: string): Promise<{ config: unknown; secrets: Record<string, boolean> }> {
    return storedSettings(this.deps.db, this.#get(name));
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
   * The plugin's connection test with its stored settings: `ok` and its message (every secret's
   * value censored in it), or the settings' problems when it is not configured; 15 s at most.
   */
  async testConnection(name: string, lang: Lang = 'en'): Promise<ConnectionTestResult> {
    const p = this.#get(name);
    if (!p.sandbox.shape.testConnection)
      throw createError('CW_ERR_NOT_FOUND', `${p.manifest.name} declares no connection test`, {
        data: { name },
      });
    return testConnection(p, () => this.#settings.of(p), {
      lang,
      clock: this.deps.clock,
      logger: () => this.#pluginLogger(p.manifest),
    });
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
    await writeConfig(this.deps.db, p, config, actor, now);
    this.#settings.forget(p.manifest.name);
    await this.#syncSubscriptions(p.manifest.name);
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
    await writeSecrets(this.deps.db, this.deps.personalData.ring, p, patch, actor, now, name);
    this.#settings.forget(name);
  }
}
