/**
 * `npm run build -w @caseway/plugin-sdk`: the SDK as it is published, in `dist/`: JavaScript
 * and type declarations compiled from `src/` (tsconfig.build.json), the manifest schema, the
 * README, and a package.json whose exports name them. Inside the monorepo the workspace's own
 * package.json points at the TypeScript sources, so tests and `npm start` need no build; a
 * plugin outside it depends on the published package (`npm pack plugins/sdk/dist`).
 *
 * @example
 *   npm run build -w @caseway/plugin-sdk && npm pack ./plugins/sdk/dist
 */
import { execFileSync } from 'node:child_process';
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sdk = fileURLToPath(new URL('..', import.meta.url));
const dist = join(sdk, 'dist');

/** The published package.json: the workspace's, with exports of the compiled files. */
export function publishedManifest(workspace: Record<string, unknown>): Record<string, unknown> {
  const entry = (name: string) => ({ types: `./${name}.d.ts`, default: `./${name}.js` });
  const { private: _private, exports: _exports, scripts: _scripts, ...rest } = workspace;
  return {
    ...rest,
    types: './index.d.ts',
    exports: {
      '.': entry('index'),
      './testing': entry('testing/index'),
      './locale': entry('locale'),
      './manifest.schema.json': './manifest.schema.json',
      './package.json': './package.json',
    },
    files: ['*.js', '*.d.ts', '*.js.map', 'testing/', 'manifest.schema.json', 'README.md'],
    sideEffects: false,
  };
}

/** Compiles the SDK into `dist/` and writes its published package.json; returns `dist`. */
export async function buildSdk(): Promise<string> {
  await rm(dist, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(sdk, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  for (const f of ['manifest.schema.json', 'README.md'])
    await copyFile(join(sdk, f), join(dist, f));
  const workspace = JSON.parse(await readFile(join(sdk, 'package.json'), 'utf8'));
  await writeFile(
    join(dist, 'package.json'),
    `${JSON.stringify(publishedManifest(workspace), null, 2)}\n`,
  );
  return dist;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${await buildSdk()}`);
}
