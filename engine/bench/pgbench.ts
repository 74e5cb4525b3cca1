/**
 * The machine's yardstick: pgbench against the same PostgreSQL in the same run, so every
 * figure can be reported as a ratio to it and compared across machines. `pgbench -i -s 10`
 * into a scratch database, then a fixed run of simple-update transactions
 * (`-c 4 -j 2 -T <seconds> -N`); the scratch database is dropped afterwards.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { postgresOf, since, snapshot } from './cpu.ts';
import { DATABASE_URL } from './lib.ts';

const run = promisify(execFile);

export interface Pgbench {
  scale: number;
  clients: number;
  threads: number;
  seconds: number;
  /** transactions per second, without the initial connection time */
  tps: number;
  /** mean latency of one transaction (ms) */
  latencyMs: number;
  /**
   * CPU µs per transaction (from /proc, whatever the load): pgbench's own process and every
   * process of the PostgreSQL server over the run (NaN when the server is not on this machine)
   */
  cpuMicrosPerTransaction: { pgbench: number; postgres: number; machine: number };
}

export async function runPgbench(seconds = 20, scale = 10): Promise<Pgbench> {
  const u = new URL(DATABASE_URL);
  const scratch = `bench_pgbench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratch}`);
  const conn = [
    '-h',
    u.hostname,
    '-p',
    u.port || '5432',
    '-U',
    decodeURIComponent(u.username || 'postgres'),
  ];
  const env = {
    ...process.env,
    ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
  };
  const spec = { scale, clients: 4, threads: 2, seconds };
  try {
    await run('pgbench', [...conn, '-i', '-q', '-s', String(spec.scale), scratch], { env });
    const postmaster = await postgresOf(admin);
    const before = snapshot(postmaster);
    const { stdout } = await run(
      'pgbench',
      [
        ...conn,
        '-c',
        String(spec.clients),
        '-j',
        String(spec.threads),
        '-T',
        String(seconds),
        '-N',
        scratch,
      ],
      { env },
    );
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    if (!tps || !latencyMs) throw new Error(`pgbench printed no figures:\n${stdout}`);
    // pgbench has exited and been reaped: its time is in this process's children's
    const used = since(before, snapshot(postmaster));
    const transactions = Number(/actually processed: (\d+)/.exec(stdout)?.[1]);
    return {
      ...spec,
      tps,
      latencyMs,
      cpuMicrosPerTransaction: {
        pgbench: used.children / transactions,
        postgres: used.postgres / transactions,
        machine: used.machine / transactions,
      },
    };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.end();
  }
}
