/**
 * A test's OWN PostgreSQL cluster and Redis server on free ports, so a fault test can stop,
 * crash and restart them while every other test file keeps using the shared servers on 5432
 * and 6379. The cluster lives in a temporary folder (initdb from /usr/lib/postgresql/<n>/bin,
 * run as the `postgres` OS user when the tests run as root, since initdb refuses root); Redis
 * is a child process without persistence, so a restart loses every key.
 * Missing binaries make the caller fail loudly: the servers are part of the test.
 *
 * @example
 *   const pg = await startOwnPostgres();   // pg.url -> postgres://postgres@127.0.0.1:<port>/postgres
 *   await pg.restart('immediate');         // a crash stop: recovery on the next start
 *   await pg.destroy();
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort } from './engine-process.ts';

const run = promisify(execFile);

/** How PostgreSQL stops: `fast` (clean), `immediate` (no checkpoint: crash recovery), `kill-9`. */
export type PostgresStop = 'fast' | 'immediate' | 'kill-9';

export interface OwnPostgres {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  start(): Promise<void>;
  stop(mode?: PostgresStop): Promise<void>;
  restart(mode?: PostgresStop): Promise<void>;
  /** Stops the cluster and removes its folder. */
  destroy(): Promise<void>;
}

export interface OwnRedis {
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  /** SIGTERM (clean) or SIGKILL; nothing is saved either way. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** FLUSHALL, then a stop and a start: every key is gone, like a Redis that lost its memory. */
  flushAndRestart(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  destroy(): Promise<void>;
}

/** The newest PostgreSQL server binaries of this machine (Debian's layout). */
export async function postgresBin(): Promise<string> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error(
      `no PostgreSQL server binaries under ${root}: install the postgresql package (.ci/run does)`,
    );
  return join(root, newest, 'bin');
}

/** Runs as the `postgres` OS user when we are root (initdb and postgres refuse root). */
async function asOwner(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid), gid: Number(gid) };
}

async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = await postgresBin();
  const owner = await asOwner();
  const dir = await mkdtemp(join(tmpdir(), 'caseway-pg-'));
  if (owner) await chown(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const exec = (cmd: string, args: string[]) =>
    run(join(bin, cmd), args, { ...(owner ?? {}), cwd: dir, env: { ...process.env, LC_ALL: 'C' } });
  await exec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const accepts = async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  // The postmaster's pid, from the first line of postmaster.pid (absent when stopped).
  const postmaster = async () =>
    Number((await readFile(join(data, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  // The postmaster's children (backends, checkpointer...): they outlive a kill -9 briefly.
  const children = async (parent: number) => {
    const { stdout } = await run('ps', ['-eo', 'pid=,ppid=']);
    return stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number))
      .filter(([, ppid]) => ppid === parent)
      .map(([pid]) => pid!);
  };

  const self: OwnPostgres = {
    url,
    port,
    dir,
    async start() {
      // A crash leaves shared memory attached until the last child has gone: retry briefly.
      for (let attempt = 1; ; attempt++) {
        try {
          await exec('pg_ctl', [
            'start',
            '-w',
            '-D',
            data,
            '-l',
            join(dir, 'server.log'),
            '-o',
            // fsync off: a crash here is a process crash, never lost OS buffers; it keeps the test fast
            `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
          ]);
          break;
        } catch (e) {
          if (attempt >= 20) {
            const log = await readFile(join(dir, 'server.log'), 'utf8').catch(() => '');
            throw new Error(
              `PostgreSQL did not start: ${(e as Error).message}\n${log.slice(-2000)}`,
            );
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      await until('PostgreSQL to accept connections', accepts);
    },
    async stop(mode = 'fast') {
      if (mode === 'kill-9') {
        const pid = await postmaster();
        if (!pid || !alive(pid)) return;
        const orphans = await children(pid);
        process.kill(pid, 'SIGKILL');
        // the children notice their postmaster died and exit on their own
        await until('the killed cluster to exit', async () => ![pid, ...orphans].some(alive));
        return;
      }
      await exec('pg_ctl', ['stop', '-w', '-D', data, '-m', mode]);
    },
    async restart(mode = 'fast') {
      await self.stop(mode);
      await self.start();
    },
    async destroy() {
      await exec('pg_ctl', ['stop', '-w', '-D', data, '-m', 'immediate']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await self.start();
  return self;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  const ping = async () => {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  };
  const self: OwnRedis = {
    url,
    port,
    async start() {
      const c = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--daemonize',
          'no',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      c.stdout!.on('data', (d) => (output = (output + d).slice(-4000)));
      c.stderr!.on('data', (d) => (output = (output + d).slice(-4000)));
      const failed = new Promise<never>((_, reject) =>
        c.once('error', (e) => reject(new Error(`redis-server did not start: ${e.message}`))),
      );
      child = c;
      await Promise.race([
        failed,
        until('Redis to answer PING', async () => {
          if (c.exitCode !== null) throw new Error(`redis-server exited:\n${output}`);
          return ping();
        }),
      ]);
    },
    async stop(signal = 'SIGTERM') {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill(signal);
      });
    },
    async flushAndRestart(signal = 'SIGTERM') {
      const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
      r.on('error', () => undefined);
      await r.flushall();
      r.disconnect();
      await self.stop(signal);
      await self.start();
    },
    destroy: () => self.stop('SIGKILL'),
  };
  await self.start();
  return self;
}
