/**
 * The actions of a plugins folder as definitions see them, without running any plugin: each
 * folder's plugin.json checked as the host checks it, its actions registered with their input
 * and output schemas and a handler that refuses to run. What `caseway validate` lints a
 * definitions folder against, on a machine with no engine.
 *
 * @example
 *   const { actions, problems } = await manifestCatalogue('plugins');
 *   actions.has('sms/send'); // true
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ErrorDetail } from '../errors.ts';
import type { PluginManifest } from '@caseway/plugin-sdk';
import { ActionRegistry } from './actions.ts';
import { pluginFolders } from './discovery.ts';
import { checkPlugin, problem } from './manifest.ts';

export async function manifestCatalogue(
  dir: string,
): Promise<{ actions: ActionRegistry; problems: ErrorDetail[] }> {
  const actions = new ActionRegistry();
  const { folders, problems } = await pluginFolders(dir);
  const names = new Set<string>();
  for (const folder of folders) {
    const file = join(folder, 'plugin.json');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const shown = relative(process.cwd(), file);
    try {
      const checked = checkPlugin(JSON.parse(text) as PluginManifest, folder, shown, (n) =>
        names.has(n),
      );
      const { name } = checked.manifest;
      names.add(name);
      for (const [action, { spec }] of checked.actions)
        actions.register(
          `${name}/${action}`,
          () => {
            throw new Error(`${name}/${action} is only described here, not run`);
          },
          { input: spec.input, output: spec.output },
        );
    } catch (e) {
      const details = (e as { details?: ErrorDetail[] }).details;
      problems.push(...(details?.length ? details : [problem(shown, '', (e as Error).message)]));
    }
  }
  return { actions, problems };
}
