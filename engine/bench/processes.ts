/**
 * Engine processes for the scenarios that measure the engine as deployed (several processes on
 * one database, memory under load): each started by `engine/scripts/start.ts` on a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_KEYS, DATABASE_URL, REDIS_URL, TOKEN } from './lib.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/**
 * An engine process started by the README's start script on `schema` (and the Redis prefix of
 * that name), with the definitions in `dir` and the plugins in `pluginsDir` (none by default):
 * through tsx as `npm start` runs it, or, given `built` (the folder `npm run build:engine`
 * wrote), its compiled start script under plain node as the engine's image runs it.
 */
export async function startProcess(
  schema: string,
  dir: string,
  pluginsDir = join(dir, 'no-plugins'),
  o: { built?: string; env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const args = [
    ...(o.nodeArgs ?? []),
    ...(o.built
      ? [join(o.built, 'engine/scripts/start.js')]
      : ['--import', 'tsx', 'engine/scripts/start.ts']),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...o.env,
      DATABASE_URL,
      REDIS_URL,
      DATABASE_SCHEMA: schema,
      REDIS_PREFIX: schema,
      DEFINITIONS_DIR: dir,
      PLUGINS_DIR: pluginsDir,
      CASEWAY_ADMIN_TOKEN: TOKEN,
      CASEWAY_DATA_KEYS: DATA_KEYS,
      PORT: String(port),
      STUDIO: '0',
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: '32',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err = (err + d).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`engine exited: ${err}`);
    if (
      await fetch(`${url}/api/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    if (Date.now() > deadline) throw new Error(`engine not ready: ${err}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stops an engine process (SIGTERM) and waits for it to exit. */
export const stop = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });
