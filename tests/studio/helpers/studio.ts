/**
 * The studio as a browser test sees it: built once (`vite build`, skipped while the sources
 * are unchanged), served by its own Node server (`node studio/build`) against a test engine,
 * and driven by Debian's Chromium through playwright-core (never a downloaded browser).
 *
 * ```ts
 * const studio = await startStudio(t.url);
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await page.goto(`${studio.url}/definitions`);
 * …
 * await browser.close();
 * await studio.close();
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const STUDIO_DIR = fileURLToPath(new URL('../../../studio', import.meta.url));
const BUILD_DIR = join(STUDIO_DIR, 'build');
const STAMP = join(BUILD_DIR, '.caseway-sources');
const LOCK = join(STUDIO_DIR, '.svelte-kit', 'caseway-build.lock');
/** What the build depends on: the studio and the engine code it imports. */
const SOURCES = [
  STUDIO_DIR + '/src',
  STUDIO_DIR + '/svelte.config.js',
  STUDIO_DIR + '/vite.config.ts',
  STUDIO_DIR + '/package.json',
  fileURLToPath(new URL('../../../engine/src', import.meta.url)),
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Names, sizes and modification times of every source file: changes when any file does. */
async function fingerprint(): Promise<string> {
  const hash = createHash('sha256');
  async function walk(path: string): Promise<void> {
    const s = await stat(path);
    if (s.isDirectory()) {
      for (const name of (await readdir(path)).sort()) await walk(join(path, name));
    } else {
      hash.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
    }
  }
  for (const p of SOURCES) await walk(p);
  return hash.digest('hex');
}

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

/** Takes the build lock (a directory), waiting while another test file builds. */
async function lock(): Promise<() => Promise<void>> {
  const deadline = Date.now() + 300_000;
  await mkdir(join(STUDIO_DIR, '.svelte-kit'), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      return () => rm(LOCK, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than the longest build was left by a killed run.
      const age = Date.now() - (await stat(LOCK).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 300_000) await rm(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`the studio build lock ${LOCK} is held`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Builds the studio (`vite build` into studio/build) unless the sources have not changed. */
export async function buildStudio(): Promise<string> {
  const release = await lock();
  try {
    const sources = await fingerprint();
    if ((await readFile(STAMP, 'utf8').catch(() => '')) === sources) return BUILD_DIR;
    const vite = join(
      dirname(createRequire(join(STUDIO_DIR, 'package.json')).resolve('vite/package.json')),
      'bin/vite.js',
    );
    await run(process.execPath, [vite, 'build'], STUDIO_DIR);
    await writeFile(STAMP, sources);
    return BUILD_DIR;
  } finally {
    await release();
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface RunningStudio {
  url: string;
  /** Everything the studio's server printed (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

/**
 * Builds if needed and starts the studio's server on a free port (or `env.PORT`, for a test
 * that must know the studio's address before the engine starts), talking to `engineUrl`.
 */
export async function startStudio(
  engineUrl: string,
  env: Record<string, string> = {},
): Promise<RunningStudio> {
  const build = await buildStudio();
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [build], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      ORIGIN: url,
      ENGINE_URL: engineUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d;
      if (output.includes('Listening on')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (output += d));
    child.on('exit', (code) => reject(new Error(`the studio exited with ${code}:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Debian's Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}

/**
 * Opens a URL and waits until the studio is hydrated (the root layout marks <body>): typing
 * into a server-rendered page before that loses what was typed.
 */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await hydrated(page);
}

/** Waits for the studio's client code to have taken over the page (after goto or reload). */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/**
 * Opens `next` signed out, signs in on the login page the studio sends it to (Chinese labels,
 * the default language) and waits until it is back at `next`.
 */
export async function signIn(
  page: Page,
  studioUrl: string,
  credentials: { user: string; password: string },
  next: string,
): Promise<void> {
  await open(page, `${studioUrl}${next}`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('使用者名稱').fill(credentials.user);
  await page.getByLabel('密碼').fill(credentials.password);
  await page.getByRole('button', { name: '登入' }).click();
  await page.waitForURL(`${studioUrl}${next}`);
}
