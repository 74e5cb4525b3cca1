/**
 * Where plugins are: every folder of the plugins folder with a plugin.json (`sdk` aside), in
 * name order, then each npm package a deployment names in `PLUGINS` (its plugin.json beside its
 * package.json). A package that cannot be found is a problem that names it.
 *
 * @example
 *   const { folders, problems } = await pluginFolders('plugins', ['@acme/caseway-fax']);
 */
import { readFile, readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorDetail } from '../errors.ts';
import { problem } from './manifest.ts';

export async function pluginFolders(
  dir: string,
  packages: readonly string[] = [],
): Promise<{ folders: string[]; problems: ErrorDetail[] }> {
  const root = resolve(dir);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const folders = entries
    .filter((d) => d.isDirectory() && d.name !== 'sdk')
    .map((d) => join(root, d.name))
    .sort();
  const problems: ErrorDetail[] = [];
  for (const pkg of packages) {
    const found = await packageDir(pkg);
    if (found) folders.push(found);
    else
      problems.push(
        problem(pkg, '', `${pkg} is not an installed npm package or a folder with a plugin.json`),
      );
  }
  return { folders, problems };
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
