/**
 * A plugin's manifest checked against the SDK's schema and against its code: the engine range,
 * a name no other loaded plugin has, every schema it declares compiled once (the validators are
 * kept with the plugin), and then (`checkShape`, once its worker has loaded the module) a
 * handler for every declared action and no other, `onEvent` when it declares events,
 * `scanAttachment` exactly when it declares a scanner. A refusal names the file and the pointer.
 *
 * @example
 *   const p = checkPlugin(JSON.parse(text), folder, 'plugins/sms/plugin.json', (n) => loaded.has(n));
 *   p.actions.get('send')!.input(data); // the compiled input schema
 *   checkShape(p.manifest, 'plugins/sms/plugin.json', sandbox.shape);
 */
import { readFile } from 'node:fs/promises';
import type { PluginAction, PluginManifest } from '@caseway/plugin-sdk';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import semver from 'semver';
import type { ErrorDetail } from '../errors.ts';
import type { PluginSandbox } from './sandbox.ts';
import { uiHintProblems } from './ui-hints.ts';
import type { PluginShape } from './worker-protocol.ts';

/** The engine version plugins declare their range against. */
export const ENGINE_VERSION = '0.1.0';

// discriminator: an input that is a oneOf per `template` reports only its own branch's errors
const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const manifestSchema = JSON.parse(
  await readFile(new URL(import.meta.resolve('@caseway/plugin-sdk/manifest.schema.json')), 'utf8'),
) as Record<string, unknown>;
const checkManifest = ajv.compile(manifestSchema);

/** An action as loaded: its manifest entry and its schemas, compiled. */
export interface LoadedAction {
  spec: PluginAction;
  input: ValidateFunction;
  output: ValidateFunction;
}

/** A manifest that passed its checks, its schemas compiled. */
export interface CheckedManifest {
  manifest: PluginManifest;
  dir: string;
  actions: Map<string, LoadedAction>;
  config: ValidateFunction | undefined;
  secrets: ValidateFunction | undefined;
}

/** Where a loaded plugin's version is kept: `<name>@<version>`. */
export const pluginKey = (m: Pick<PluginManifest, 'name' | 'version'>): string =>
  `${m.name}@${m.version}`;

/**
 * The settings a plugin's version uses: one set per major version, `<name>@<major>` (a new
 * major may need other settings; its minor versions and patches share them).
 */
export const settingsKey = (m: Pick<PluginManifest, 'name' | 'version'>): string =>
  `${m.name}@${semver.major(m.version)}`;

/** A plugin that passed every check, its code running in its worker. */
export interface LoadedPlugin extends CheckedManifest {
  sandbox: PluginSandbox;
}

export const problem = (file: string, pointer: string, message: string): ErrorDetail => ({
  code: 'CW_ERR_PLUGIN_INVALID',
  file,
  pointer,
  message,
});

/** Ajv's errors as details under `base` (a missing property points at itself). */
export const ajvDetails = (errors: ErrorObject[] | null | undefined, base: string): ErrorDetail[] =>
  (errors ?? []).map((e) => ({
    code: 'CW_ERR_VALIDATION',
    pointer: `${base}${e.instancePath}${e.keyword === 'required' ? `/${String(e.params.missingProperty)}` : ''}`,
    message: e.message ?? 'is invalid',
  }));

/** Ajv's errors as one line. */
export const errorsText = (errors: ErrorObject[] | null | undefined): string =>
  ajv.errorsText(errors);

/** A JSON Schema compiled with the host's options (formats, discriminator). */
export const compileSchema = (schema: object): ValidateFunction => ajv.compile(schema);

const fail = (details: ErrorDetail[]): never => {
  throw Object.assign(new Error(details[0]!.message), { details });
};

/**
 * Checks a manifest and compiles its schemas (the plugin's code is not loaded here: it runs in
 * its own worker, `checkShape` then compares it with the manifest); throws an error whose
 * `details` name the problems. `taken` says whether this version of the plugin is already loaded
 * (other versions of it may be: side by side during an upgrade).
 */
export function checkPlugin(
  manifest: PluginManifest,
  dir: string,
  file: string,
  taken: (key: string) => boolean,
): CheckedManifest {
  if (!checkManifest(manifest))
    fail(
      ajvDetails(checkManifest.errors, '').map((d) => ({
        ...d,
        code: 'CW_ERR_PLUGIN_INVALID',
        file,
      })),
    );
  if (!semver.valid(manifest.version))
    fail([problem(file, '/version', `${manifest.version} is not a semantic version`)]);
  if (taken(pluginKey(manifest)))
    fail([
      problem(
        file,
        '/name',
        `a plugin named ${manifest.name} is already loaded in version ${manifest.version}`,
      ),
    ]);
  const hints = uiHintProblems(manifest);
  if (hints.length) fail(hints.map((h) => problem(file, h.pointer, h.message)));
  if (!semver.validRange(manifest.engine) || !semver.satisfies(ENGINE_VERSION, manifest.engine))
    fail([
      problem(
        file,
        '/engine',
        `supports engine ${manifest.engine}; this engine is ${ENGINE_VERSION}`,
      ),
    ]);
  const compile = (schema: object, pointer: string): ValidateFunction => {
    try {
      return ajv.compile(schema);
    } catch (e) {
      return fail([problem(file, pointer, `not a valid JSON Schema: ${(e as Error).message}`)]);
    }
  };
  const actions = new Map<string, LoadedAction>();
  for (const [a, spec] of Object.entries(manifest.actions))
    actions.set(a, {
      spec: spec!,
      input: compile(spec!.input, `/actions/${a}/input`),
      output: compile(spec!.output, `/actions/${a}/output`),
    });
  return {
    manifest,
    dir,
    actions,
    config: manifest.config ? compile(manifest.config, '/config') : undefined,
    secrets: manifest.secrets ? compile(manifest.secrets, '/secrets') : undefined,
  };
}

/**
 * Compares what the plugin's module implements with its manifest: a handler for every declared
 * action and no other, `onEvent` when it declares events, `scanAttachment` exactly when it
 * declares a scanner. Throws like `checkPlugin`.
 */
export function checkShape(manifest: PluginManifest, file: string, shape: PluginShape): void {
  const declared = Object.keys(manifest.actions);
  for (const a of declared.filter((a) => !shape.actions.includes(a)))
    fail([problem(file, `/actions/${a}`, `action ${a} has no handler`)]);
  for (const a of shape.actions.filter((a) => !declared.includes(a)))
    fail([problem(file, '/actions', `handler ${a} is not declared in the manifest`)]);
  if (manifest.events?.length && !shape.onEvent)
    fail([problem(file, '/events', 'events are declared but onEvent is missing')]);
  if (manifest.scanner && !shape.scanAttachment)
    fail([problem(file, '/scanner', 'a scanner is declared but scanAttachment is missing')]);
  if (!manifest.scanner && shape.scanAttachment)
    fail([problem(file, '/scanner', 'scanAttachment is not declared: add "scanner": true')]);
  if (manifest.testConnection && !shape.testConnection)
    fail([
      problem(
        file,
        '/testConnection',
        'a connection test is declared but testConnection is missing',
      ),
    ]);
  if (!manifest.testConnection && shape.testConnection)
    fail([
      problem(
        file,
        '/testConnection',
        'testConnection is not declared: add "testConnection": true',
      ),
    ]);
}
