/**
 * A real engine as a separate OS process, started with the README's start script (or the
 * built one, `dist/engine/scripts/start.js`, under plain node), so a test can kill -9 it or
 * run several against one database and one Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DATABASE_URL, REDIS_URL, TEST_DATA_KEYS } from './engine.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Engine processes of this worker still alive: tests/helpers/leftovers.ts kills them. */
const alive = new Set<ChildProcess>();

/** Kills (SIGKILL) the engine processes the finished file left running; their count. */
export async function killLeftoverEngines(): Promise<number> {
  const left = [...alive].filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(
    left.map(
      (c) =>
        new Promise<void>((resolve) => {
          c.once('exit', () => resolve());
          c.kill('SIGKILL');
        }),
    ),
  );
  return left.length;
}

export interface EngineProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function spawnEngine(env: {
  schema: string;
  prefix: string;
  definitionsDir: string;
  adminToken: string;
  extra?: Record<string, string>;
  /** A compiled start script run with plain node instead of the sources through tsx. */
  built?: string;
}): Promise<EngineProcess> {
  const port = await freePort();
  const args = env.built ? [env.built] : ['--import', 'tsx', 'engine/scripts/start.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL,
      REDIS_URL,
      DATABASE_SCHEMA: env.schema,
      REDIS_PREFIX: env.prefix,
      DEFINITIONS_DIR: env.definitionsDir,
      // no plugins: the shipped ones (webhook subscribes to every event) would add jobs
      PLUGINS_DIR: `${env.definitionsDir}/no-plugins`,
      CASEWAY_ADMIN_TOKEN: env.adminToken,
      CASEWAY_DATA_KEYS: TEST_DATA_KEYS,
      PORT: String(port),
      STUDIO: '0',
      LOG_LEVEL: 'warn',
      RECONCILE_INTERVAL_MS: '500',
      JOB_LOCK_MS: '2000',
      ...env.extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`engine exited with ${child.exitCode}:\n${out}`);
    const ok = await fetch(`${url}/api/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`engine did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => out,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
