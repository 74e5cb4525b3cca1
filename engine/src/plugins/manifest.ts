/**
 * A plugin's manifest checked against the SDK's schema and against its code: the engine range,
 * a name no other loaded plugin has, a handler for every declared action and no other, `onEvent`
 * when it declares events, `scanAttachment` exactly when it declares a scanner, and every schema
 * it declares compiled once (the validators are kept with the plugin). A refusal names the file
 * and the pointer.
 *
 * @example
 *   const p = await checkPlugin(JSON.parse(text), folder, 'plugins/sms/plugin.json', (n) => loaded.has(n));
 *   p.actions.get('send')!.input(data); // the compiled input schema
 */
import { uiHintProblems } from './ui-hints.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin, PluginAction, PluginManifest } from '@caseway/plugin-sdk';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import semver from 'semver';
import type { ErrorDetail } from '../errors.ts';

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

/** A plugin that passed every check. */
export interface LoadedPlugin {
  manifest: PluginManifest;
  dir: string;
  impl: Plugin;
  actions: Map<string, LoadedAction>;
  config: ValidateFunction | undefined;
  secrets: ValidateFunction | undefined;
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

/**
 * Checks a manifest and imports the plugin's code; throws an error whose `details` name the
 * problems. `taken` says whether a plugin of that name is already loaded.
 */
export async function checkPlugin(
  manifest: PluginManifest,
  dir: string,
  file: string,
  taken: (name: string) => boolean,
  /** Above 0 on a reload: the main module is imported afresh under a URL of its own. */
  generation = 0,
): Promise<LoadedPlugin> {
  const fail = (details: ErrorDetail[]): never => {
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
  if (taken(manifest.name))
    fail([problem(file, '/name', `a plugin named ${manifest.name} is already loaded`)]);
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
  const url = pathToFileURL(join(dir, manifest.main));
  if (generation > 0) url.searchParams.set('reload', String(generation));
  const mod = (await import(url.href)) as {
    default?: Plugin;
  };
  const impl = mod.default;
  if (!impl?.actions)
    return fail([problem(file, '/main', `${manifest.main} has no definePlugin default export`)]);
  const declared = Object.keys(manifest.actions);
  const implemented = Object.keys(impl.actions);
  for (const a of declared.filter((a) => !implemented.includes(a)))
    fail([problem(file, `/actions/${a}`, `action ${a} has no handler`)]);
  for (const a of implemented.filter((a) => !declared.includes(a)))
    fail([problem(file, '/actions', `handler ${a} is not declared in the manifest`)]);
  if (manifest.events?.length && !impl.onEvent)
    fail([problem(file, '/events', 'events are declared but onEvent is missing')]);
  if (manifest.scanner && !impl.scanAttachment)
    fail([problem(file, '/scanner', 'a scanner is declared but scanAttachment is missing')]);
  if (!manifest.scanner && impl.scanAttachment)
    fail([problem(file, '/scanner', 'scanAttachment is not declared: add "scanner": true')]);
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
    impl,
    actions,
    config: manifest.config ? compile(manifest.config, '/config') : undefined,
    secrets: manifest.secrets ? compile(manifest.secrets, '/secrets') : undefined,
  };
}
