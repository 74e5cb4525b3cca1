/**
 * CPU time by process, from /proc (Linux), so a benchmark can say where each operation's CPU
 * went whatever the machine's load: the engine's process, PostgreSQL (every process of the
 * server, and the backends of given connections), a load generator (a child process: live,
 * or reaped and counted in this process's children's times), and the whole machine. A
 * rate divided by pgbench's depends on what else runs; CPU-µs per operation does not.
 *
 * PostgreSQL's total is exact over a window even when backends come and go: the live
 * children of the postmaster plus what the postmaster has reaped (its children's times), so a
 * backend that exits inside the window moves from one sum to the other.
 *
 * @example
 *   const pg = await postgresOf(client);
 *   const before = snapshot(pg, [pid]);
 *   // … the work …
 *   const used = since(before, snapshot(pg, [pid])); // µs by process
 */
import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/** Clock ticks per second of /proc's times (`getconf CLK_TCK`: 100 on Linux). */
const TICK_US = 10_000;

interface Stat {
  ppid: number;
  /** user + system of the process itself, µs */
  self: number;
  /** of which in the kernel (system), µs */
  kernel: number;
  /** user + system of its reaped children, µs */
  children: number;
}

function stat(pid: number | 'self'): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited
  }
  // the command name is in parentheses and may hold spaces: fields count from after it
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(f[i - 3]);
  return {
    ppid: n(4),
    self: (n(14) + n(15)) * TICK_US,
    kernel: n(15) * TICK_US,
    children: (n(16) + n(17)) * TICK_US,
  };
}

/** The PostgreSQL server's postmaster, when it runs on this machine and /proc shows it. */
export async function postgresOf(client: pg.Pool | pg.Client): Promise<number | undefined> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return stat(rows[0]!.pid)?.ppid;
}

/** The server process ids of a pool's open connections (pg's private list of clients). */
export function backendsOf(pool: pg.Pool): number[] {
  const clients = (pool as unknown as { _clients: { processID?: number }[] })._clients ?? [];
  return clients.map((c) => c.processID).filter((p): p is number => typeof p === 'number');
}

/** CPU µs used so far, by what a benchmark asks about. */
export interface Snapshot {
  /** this Node process */
  process: number;
  /** of which in the kernel (system calls: sockets) */
  processKernel: number;
  /** this process's reaped children (a load generator or pgbench after it exited) */
  children: number;
  /** every process of the PostgreSQL server, including the ones it has reaped */
  postgres: number;
  /** the named processes (live only), by pid */
  pids: Map<number, number>;
  /** the whole machine's busy time (every CPU, /proc/stat), µs */
  machine: number;
}

function machineBusy(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait
  const v = cpu.map(Number);
  return (v.reduce((a, b) => a + b, 0) - v[3]! - v[4]!) * TICK_US;
}

function postgresTotal(postmaster: number | undefined): number {
  if (postmaster === undefined) return NaN;
  const root = stat(postmaster);
  if (!root) return NaN;
  let live = 0;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!pid) continue;
    const s = stat(pid);
    if (s?.ppid === postmaster) live += s.self;
  }
  return root.self + root.children + live;
}

export function snapshot(postmaster: number | undefined, pids: number[] = []): Snapshot {
  const me = stat('self')!;
  return {
    process: me.self,
    processKernel: me.kernel,
    children: me.children,
    postgres: postgresTotal(postmaster),
    pids: new Map(pids.map((p) => [p, stat(p)?.self ?? NaN])),
    machine: machineBusy(),
  };
}

/** CPU µs used between two snapshots; `pids`: the processes live in both. */
export function since(a: Snapshot, b: Snapshot) {
  let pids = 0;
  for (const [pid, t] of b.pids) {
    const before = a.pids.get(pid);
    // a backend opened inside the window: all its time is the window's
    if (!Number.isNaN(t)) pids += t - (before === undefined || Number.isNaN(before) ? 0 : before);
  }
  return {
    process: b.process - a.process,
    processKernel: b.processKernel - a.processKernel,
    children: b.children - a.children,
    postgres: b.postgres - a.postgres,
    pids,
    machine: b.machine - a.machine,
  };
}

/** The CPU µs of a child process now (user + system), or NaN once it has exited. */
export function cpuOf(pid: number): number {
  return stat(pid)?.self ?? NaN;
}
