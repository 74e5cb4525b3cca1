/**
 * Memory under mixed load: an engine process (the start script) with every shipped definition
 * and plugin, plus the bench's own processes, worked for 10 minutes by 8 clients that each, in
 * turn, start a straight-through instance, start a case with a user task and complete it with a
 * form, start a timer due within seconds, read the group queue of the inbox and open a case
 * with its history. The process's RSS (from /proc) is sampled every second: the figures are
 * RSS when the engine is ready, the most it reached and what it holds at the end of the load.
 * A quick run (`--quick`) loads it for 6 seconds.
 */
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  DATABASE_URL,
  definitions,
  dropSchema,
  http,
  pct,
  writeDefinitions,
  type Figure,
  type Scenario,
} from '../lib.ts';
import { startProcess, stop } from '../processes.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MB = 1024 * 1024;
const CLIENTS = 8;

/** The resident set of a process, in bytes (Linux). */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

export const soak: Scenario = {
  key: 'soak',
  title:
    'engine process RSS with the shipped definitions and plugins during and after 10 minutes of mixed load (8 clients)',
  async run(scale) {
    const seconds = scale < 0.05 ? 6 : Math.max(60, Math.round(600 * scale));
    const schema = `bench_soak_${Date.now()}`;
    const dir = await writeDefinitions(definitions);
    // every shipped definition besides the bench's own (no id is shared)
    await cp(join(ROOT, 'definitions'), dir, { recursive: true, force: false });
    const { url, child } = await startProcess(schema, dir, join(ROOT, 'plugins'));
    const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    const samples: number[] = [];
    const ops: Record<string, number> = { straight: 0, task: 0, timer: 0, inbox: 0, case: 0 };
    const latencies: number[] = [];
    try {
      const ready = await rssOf(child.pid!);
      const sampler = setInterval(() => {
        rssOf(child.pid!).then(
          (b) => samples.push(b),
          () => undefined,
        );
      }, 1_000);
      const recent: string[] = [];
      const deadline = performance.now() + seconds * 1000;
      const ok = (res: { status: number; body: unknown }, what: string, status = 200) => {
        if (res.status !== status)
          throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      };
      const step = async (kind: number, n: number) => {
        switch (kind) {
          case 0: {
            const res = await http(`${url}/api/instances`, 'POST', {
              processId: 'straight',
              variables: { n },
            });
            ok(res, 'straight', 201);
            recent[n % 100] = res.body.id as string;
            return 'straight';
          }
          case 1: {
            const res = await http(`${url}/api/instances`, 'POST', {
              processId: 'human',
              variables: { n, grp: 'bench' },
            });
            ok(res, 'human', 201);
            const task = await db.query<{ id: string }>(
              `SELECT id FROM ${schema}.tasks WHERE instance_id = $1 AND status = 'open'`,
              [res.body.id],
            );
            const done = await http(`${url}/api/tasks/${task.rows[0]!.id}/complete`, 'POST', {
              data: { decision: 'yes', amount: n, note: 'ok' },
            });
            ok(done, 'complete');
            return 'task';
          }
          case 2: {
            const due = new Date(Date.now() + 1_000 + (n % 5) * 1_000).toISOString();
            ok(
              await http(`${url}/api/instances`, 'POST', {
                processId: 'timed',
                variables: { due },
              }),
              'timed',
              201,
            );
            return 'timer';
          }
          case 3:
            ok(await http(`${url}/api/tasks?scope=groups&limit=50`, 'GET'), 'inbox');
            return 'inbox';
          default: {
            const id = recent[n % recent.length];
            if (!id) return 'case';
            ok(await http(`${url}/api/instances/${id}`, 'GET'), 'case');
            ok(await http(`${url}/api/instances/${id}/history`, 'GET'), 'history');
            return 'case';
          }
        }
      };
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (performance.now() < deadline) {
            const n = next++;
            const s = performance.now();
            ops[await step(n % 5, n)]!++;
            latencies.push(performance.now() - s);
          }
        }),
      );
      clearInterval(sampler);
      const end = await rssOf(child.pid!);
      latencies.sort((a, b) => a - b);
      const total = Object.values(ops).reduce((a, b) => a + b, 0);
      const data = {
        seconds,
        clients: CLIENTS,
        operations: ops,
        operationsPerSecond: total / seconds,
        p50ms: pct(latencies, 50),
        p99ms: pct(latencies, 99),
        rssReadyMB: ready / MB,
        rssPeakMB: Math.max(ready, ...samples) / MB,
        rssEndMB: end / MB,
        samples: samples.length,
      };
      console.log('soak', data);
      const minutes = seconds >= 60 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
      const figures: Figure[] = [
        {
          name: 'RSS, shipped definitions, ready',
          value: data.rssReadyMB,
          unit: 'MB',
          kind: 'memory',
        },
        {
          name: `RSS, peak during ${minutes} of mixed load`,
          value: data.rssPeakMB,
          unit: 'MB',
          kind: 'memory',
        },
        {
          name: `RSS after ${minutes} of mixed load`,
          value: data.rssEndMB,
          unit: 'MB',
          kind: 'memory',
        },
        {
          name: 'mixed-load operations/s (8 clients)',
          value: data.operationsPerSecond,
          unit: '/s',
          kind: 'rate',
        },
      ];
      return { data, figures };
    } finally {
      await db.end();
      await stop(child);
      await dropSchema(schema);
    }
  },
};
