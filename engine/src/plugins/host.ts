/**
 * The plugin host: finds plugin folders, checks each manifest (schema, engine range, unique
 * name, handlers matching the declared actions), registers the actions as `<plugin>/<action>`
 * with input and output validated against the manifest's schemas, hands handlers their
 * configuration and decrypted secrets, and delivers subscribed engine events. A bad plugin is
 * refused with a problem that names it; the others load.
 *
 * @example
 *   const host = new PluginHost({ db, logger, personalData });
 *   await host.load('plugins', actions); // before the definitions, which name the actions
 *   host.problems; // [{ code: 'CW_ERR_PLUGIN_INVALID', file: 'plugins/bad/plugin.json', … }]
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin, PluginAction, PluginEvent, PluginManifest } from '@caseway/plugin-sdk';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Logger } from 'pino';
import semver from 'semver';
import type { AttachmentScanner } from '../attachments/index.ts';
import type { Clock } from '../clock/index.ts';
import { createError, type ErrorDetail } from '../errors.ts';
import { sealValue, type PersonalData } from '../privacy/index.ts';
import {
  changePluginSecrets,
  entryWithCase,
  pluginConfig,
  pluginSettings,
  replacePluginSubscriptions,
  writePluginConfig,
  type Db,
} from '../store/index.ts';
import type { ActionContext, ActionRegistry } from './actions.ts';

const SETTINGS_TTL_MS = 10_000;

/** The engine version plugins declare their range against. */
export const ENGINE_VERSION = '0.1.0';

// discriminator: an input that is a oneOf per `template` reports only its own branch's errors
const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const manifestSchema = JSON.parse(
  await readFile(new URL(import.meta.resolve('@caseway/plugin-sdk/manifest.schema.json')), 'utf8'),
) as Record<string, unknown>;
const checkManifest = ajv.compile(manifestSchema);

interface Loaded {
  manifest: PluginManifest;
  dir: string;
  impl: Plugin;
  config: ValidateFunction | undefined;
  secrets: ValidateFunction | undefined;
}

export interface PluginSummary {
  name: string;
  version: string;
  description: PluginManifest['description'];
  actions: { name: string; description: PluginManifest['description']; idempotent: boolean }[];
  events: string[];
  configSchema: Record<string, unknown> | null;
  secretNames: string[];
}

export interface PluginHostDeps {
  db: Db;
  logger: Logger;
  personalData: PersonalData;
  /** The engine's clock, handed to plugins as `ctx.now()` (the system's time when absent). */
  clock?: Clock;
}

const hasManifest = (dir: string) =>
  readFile(join(dir, 'plugin.json')).then(
    () => true,
    () => false,
  );

/**
 * The folder that holds a `PLUGINS` entry's plugin.json: a path (absolute, or `./`, `../`
 * from the working directory) to a plugin's package folder, or the name of an npm package
 * installed in a `node_modules` at or above the working directory (a deployment folder) or
 * beside the engine; its plugin.json sits beside its package.json.
 */
async function packageDir(pkg: string): Promise<string | undefined> {
  if (isAbsolute(pkg) || pkg.startsWith('./') || pkg.startsWith('../')) {
    const dir = resolve(pkg);
    return (await hasManifest(dir)) ? dir : undefined;
  }
  for (let at = process.cwd(); ; at = dirname(at)) {
    const dir = join(at, 'node_modules', pkg);
    if (await hasManifest(dir)) return dir;
    if (dirname(at) === at) break;
  }
  let at: string;
  try {
    at = dirname(fileURLToPath(import.meta.resolve(pkg)));
  } catch {
    return undefined;
  }
  for (let i = 0; i < 4; i++, at = dirname(at)) if (await hasManifest(at)) return at;
  return undefined;
}

const problem = (file: string, pointer: string, message: string): ErrorDetail => ({
  code: 'CW_ERR_PLUGIN_INVALID',
  file,
  pointer,
  message,
});
const ajvDetails = (errors: ErrorObject[] | null | undefined, base: string): ErrorDetail[] =>
  (errors ?? []).map((e) => ({
    code: 'CW_ERR_VALIDATION',
    pointer: `${base}${e.instancePath}${e.keyword === 'required' ? `/${String(e.params.missingProperty)}` : ''}`,
    message: e.message ?? 'is invalid',
  }));

export class PluginHost {
  readonly #plugins = new Map<string, Loaded>();
  /** Settings per plugin, re-read after SETTINGS_TTL_MS (another engine may have changed them). */
  readonly #settings = new Map<
    string,
    { at: number; value: Promise<{ config: unknown; secrets: unknown }> }
  >();
  readonly problems: ErrorDetail[] = [];

  constructor(private readonly deps: PluginHostDeps) {}

  /**
   * Loads every folder of `dir` with a plugin.json (`sdk` aside) and every npm package named in
   * `packages` (its plugin.json beside its package.json), and registers their actions.
   */
  async load(
    dir: string,
    actions: ActionRegistry,
    packages: readonly string[] = [],
  ): Promise<void> {
    const root = resolve(dir);
    const folders = await readdir(root, { withFileTypes: true }).catch(() => []);
    const candidates = folders
      .filter((d) => d.isDirectory() && d.name !== 'sdk')
      .map((d) => join(root, d.name))
      .sort();
    for (const pkg of packages) {
      const found = await packageDir(pkg);
      if (found) candidates.push(found);
      else
        this.problems.push(
          problem(pkg, '', `${pkg} is not an installed npm package or a folder with a plugin.json`),
        );
    }
    for (const folder of candidates) {
      const file = join(folder, 'plugin.json');
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const shown = relative(process.cwd(), file);
      try {
        const loaded = await this.#check(JSON.parse(text), folder, shown);
        this.#register(loaded, actions);
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

  async #check(manifest: PluginManifest, dir: string, file: string): Promise<Loaded> {
    const fail = (details: ErrorDetail[]) => {
      throw Object.assign(new Error(details[0]!.message), { details });
    };
    if (!checkManifest(manifest))
      fail(
        ajvDetails(checkManifest.errors, '').map((d) => ({
          ...d,
          code: 'CW_ERR_PLUGIN_INVALID',
          file,
        })),
      );
    if (this.#plugins.has(manifest.name))
      fail([problem(file, '/name', `a plugin named ${manifest.name} is already loaded`)]);
    if (!semver.validRange(manifest.engine) || !semver.satisfies(ENGINE_VERSION, manifest.engine))
      fail([
        problem(
          file,
          '/engine',
          `supports engine ${manifest.engine}; this engine is ${ENGINE_VERSION}`,
        ),
      ]);
    const compile = (schema: object | undefined, pointer: string) => {
      if (!schema) return undefined;
      try {
        return ajv.compile(schema);
      } catch (e) {
        return fail([problem(file, pointer, `not a valid JSON Schema: ${(e as Error).message}`)]);
      }
    };
    const mod = (await import(pathToFileURL(join(dir, manifest.main)).href)) as {
      default?: Plugin;
    };
    const impl = mod.default;
    if (!impl?.actions)
      fail([problem(file, '/main', `${manifest.main} has no definePlugin default export`)]);
    const declared = Object.keys(manifest.actions);
    const implemented = Object.keys(impl!.actions);
    for (const a of declared.filter((a) => !implemented.includes(a)))
      fail([problem(file, `/actions/${a}`, `action ${a} has no handler`)]);
    for (const a of implemented.filter((a) => !declared.includes(a)))
      fail([problem(file, '/actions', `handler ${a} is not declared in the manifest`)]);
    if (manifest.events?.length && !impl!.onEvent)
      fail([problem(file, '/events', 'events are declared but onEvent is missing')]);
    if (manifest.scanner && !impl!.scanAttachment)
      fail([problem(file, '/scanner', 'a scanner is declared but scanAttachment is missing')]);
    if (!manifest.scanner && impl!.scanAttachment)
      fail([problem(file, '/scanner', 'scanAttachment is not declared: add "scanner": true')]);
    for (const [a, spec] of Object.entries(manifest.actions)) {
      compile(spec!.input, `/actions/${a}/input`);
      compile(spec!.output, `/actions/${a}/output`);
    }
    return {
      manifest,
      dir,
      impl: impl!,
      config: compile(manifest.config, '/config'),
      secrets: compile(manifest.secrets, '/secrets'),
    };
  }

  #register(p: Loaded, actions: ActionRegistry): void {
    const { name } = p.manifest;
    for (const [action, spec] of Object.entries(p.manifest.actions)) {
      const input = ajv.compile(spec!.input);
      const output = ajv.compile(spec!.output);
      const handler = p.impl.actions[action]!;
      actions.register(
        `${name}/${action}`,
        async (data, ctx) => {
          if (!input(data))
            throw createError(
              'CW_ERR_ACTION_INPUT_INVALID',
              `${name}/${action}: ${ajv.errorsText(input.errors)}`,
              {
                details: ajvDetails(input.errors, '/input'),
                permanent: true,
              },
            );
          const result = await handler(data, await this.#context(p, ctx));
          if (!output(result))
            throw createError(
              'CW_ERR_ACTION_OUTPUT_INVALID',
              `${name}/${action}: ${ajv.errorsText(output.errors)}`,
              {
                details: ajvDetails(output.errors, '/output'),
                permanent: true,
              },
            );
          return result;
        },
        { input: spec!.input, output: spec!.output },
      );
    }
    if (p.impl.onEvent) {
      const onEvent = p.impl.onEvent.bind(p.impl);
      actions.register(`${name}/@event`, async (data, ctx) => {
        const event = await this.#event(ctx.instanceId, data as { seq: number; type: string });
        if (event) await onEvent(event, await this.#context(p, ctx));
        return {};
      });
    }
  }

  async #context(p: Loaded, ctx: ActionContext) {
    const { config, secrets } = await this.#settingsOf(p);
    const secretNames = Object.keys((secrets ?? {}) as object);
    const logger = this.deps.logger.child(
      { plugin: p.manifest.name },
      secretNames.length
        ? { redact: { paths: secretNames.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' } }
        : {},
    );
    const clock = this.deps.clock;
    const now = () => new Date(clock ? clock.now() : Date.now());
    return { ...ctx, config: config as object, secrets: secrets as object, logger, now };
  }

  /** The delivered event, built from the history entry (personal data masked). */
  async #event(
    instanceId: string,
    ref: { seq: number; type: string },
  ): Promise<PluginEvent | undefined> {
    const h = await entryWithCase(this.deps.db, instanceId, ref.seq);
    if (!h) return undefined;
    return {
      id: `${instanceId}.h${ref.seq}`,
      type: ref.type as PluginEvent['type'],
      at: h.at.toISOString(),
      instanceId,
      processId: h.process_id,
      processVersion: h.process_version,
      businessKey: h.business_key,
      data: this.deps.personalData.mask(h.data ?? {}),
    };
  }

  #settingsOf(p: Loaded): Promise<{ config: unknown; secrets: unknown }> {
    const name = p.manifest.name;
    const cached = this.#settings.get(name);
    if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.value;
    const value = this.#readSettings(p);
    this.#settings.set(name, { at: Date.now(), value });
    value.catch(() => this.#settings.delete(name));
    return value;
  }

  async #readSettings(p: Loaded): Promise<{ config: unknown; secrets: unknown }> {
    const stored = await pluginSettings(this.deps.db, p.manifest.name);
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

  /**
   * The attachment scanners plugins declare (`"scanner": true`), in load order. Each runs with
   * the plugin's configuration and secrets, and has 30 s per file; a verdict that is not one
   * counts as a failure (the upload is refused).
   */
  scanners(): AttachmentScanner[] {
    return [...this.#plugins.values()]
      .filter((p) => p.manifest.scanner && p.impl.scanAttachment)
      .map((p) => ({
        name: p.manifest.name,
        scan: async (bytes, meta) => {
          const ctx = await this.#context(p, {
            instanceId: meta.instanceId,
            idempotencyKey: `scan-${createHash('sha256').update(bytes).digest('hex')}`,
            attempt: 1,
            signal: AbortSignal.timeout(30_000),
          });
          const verdict = await p.impl.scanAttachment!({ ...meta, bytes }, ctx);
          if (verdict?.clean === true) return { clean: true };
          if (verdict?.clean === false && typeof verdict.reason === 'string') return verdict;
          throw new Error(`${p.manifest.name} gave no verdict`);
        },
      }));
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
      secretNames: Object.keys(
        ((m.secrets as { properties?: object } | undefined)?.properties ?? {}) as object,
      ),
    }));
  }

  #get(name: string): Loaded {
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
   * Forgets the cached settings of one plugin (or all): another engine changed them, or this
   * engine may have missed such a notice. The next call reads them again.
   */
  forgetSettings(name?: string): void {
    if (name === undefined) this.#settings.clear();
    else this.#settings.delete(name);
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
    this.#settings.delete(name);
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
      const check = ajv.compile(properties[k]);
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
    this.#settings.delete(name);
  }
}
