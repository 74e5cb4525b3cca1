/**
 * `npm run build`: the engine and the shipped plugins compiled to JavaScript in `dist/` (plain
 * `node` runs them, no tsx), then the studio (`vite build`, adapter-node, into studio/build).
 * `npm run build:engine` (or `--engine-only`) skips the studio.
 *
 * `dist/` mirrors the repository, so every path the code finds from its own location still
 * holds: `dist/engine/src/**.js` beside `store/migrations/*.sql`, `dist/definitions/schema`
 * (the meta-schemas), `dist/plugins/<name>/` with its plugin.json naming the compiled main,
 * and `dist/node_modules/@caseway/*` linking each workspace package to its compiled copy, whose
 * package.json exports the `.js` files. Other packages resolve from the node_modules above
 * (the repository's, or an image's production install). Types are checked by `npm run
 * typecheck`, not here: the build only strips them (tsconfig.build.json, `noCheck`).
 *
 * @example
 *   npm run build && node dist/engine/scripts/start.js
 *   tsx engine/scripts/build.ts --engine-only --out .tsbuild/dist
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** A workspace manifest's module paths with `.ts` changed to the compiled `.js`. */
export function compiledPaths(value: Json): Json {
  if (typeof value === 'string') return value.replace(/\.ts$/, '.js');
  if (Array.isArray(value)) return value.map(compiledPaths);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compiledPaths(v)]));
  return value;
}

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Json;
const writeJson = (file: string, body: Json) =>
  writeFile(file, `${JSON.stringify(body, null, 2)}\n`);

/** Copies every file under `from` that is not TypeScript (migrations' .sql) to `to`. */
async function copyAssets(from: string, to: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(from, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.name.endsWith('.ts')) continue;
    const file = join(e.parentPath, e.name);
    await mkdir(join(to, relative(from, e.parentPath)), { recursive: true });
    await cp(file, join(to, relative(from, file)));
    n++;
  }
  return n;
}

/** The workspace packages the engine runs with: the engine, the SDK and each shipped plugin. */
async function workspaces(): Promise<string[]> {
  const plugins = await readdir(join(ROOT, 'plugins'), { withFileTypes: true });
  return [
    'engine',
    ...plugins
      .filter((d) => d.isDirectory())
      .map((d) => `plugins/${d.name}`)
      .sort(),
  ];
}

/** Compiles the engine and plugins into `out` (absolute); returns what it wrote. */
export async function buildEngine(out = join(ROOT, 'dist')): Promise<{ files: number }> {
  await rm(out, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  let files = 0;
  for (const ws of await workspaces()) {
    const src = join(ROOT, ws, 'src');
    files += await copyAssets(src, join(out, ws, 'src')).catch(() => 0);
    const pkg = (await readJson(join(ROOT, ws, 'package.json'))) as Record<string, Json>;
    await mkdir(join(out, ws), { recursive: true });
    await writeJson(join(out, ws, 'package.json'), {
      ...pkg,
      ...(pkg.exports ? { exports: compiledPaths(pkg.exports) } : {}),
    });
    const manifest = join(ROOT, ws, 'plugin.json');
    const plugin = await readJson(manifest).catch(() => undefined);
    if (plugin && typeof plugin === 'object' && !Array.isArray(plugin)) {
      await writeJson(join(out, ws, 'plugin.json'), {
        ...plugin,
        main: compiledPaths(plugin.main ?? null),
      });
    }
    if (ws === 'plugins/sdk')
      await cp(join(ROOT, ws, 'manifest.schema.json'), join(out, ws, 'manifest.schema.json'));
    // the workspace link npm makes in the root node_modules, made here to the compiled copy
    const link = join(out, 'node_modules', pkg.name as string);
    await mkdir(dirname(link), { recursive: true });
    await symlink(relative(dirname(link), join(out, ws)), link, 'dir');
  }
  await cp(join(ROOT, 'definitions', 'schema'), join(out, 'definitions', 'schema'), {
    recursive: true,
  });
  for (const e of await readdir(out, { recursive: true, withFileTypes: true }))
    if (e.isFile() && e.name.endsWith('.js')) files++;
  return { files };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 && args[at + 1] ? join(process.cwd(), args[at + 1]!) : undefined;
  const started = Date.now();
  const { files } = await buildEngine(out);
  console.log(
    `caseway: built the engine and plugins in ${relative(process.cwd(), out ?? join(ROOT, 'dist')) || '.'} (${files} files, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  if (!args.includes('--engine-only')) {
    execFileSync('npm', ['run', 'build', '-w', 'studio'], { stdio: 'inherit', cwd: ROOT });
    console.log(`caseway: built the studio in studio/build (node studio/build starts it)`);
  }
}
