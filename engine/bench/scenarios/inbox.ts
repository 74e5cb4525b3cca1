/**
 * Inbox latency with 1,000,000 open tasks: tasks seeded by cloning an instance waiting at a
 * user task, spread over 20 candidate groups (a clerk of one group sees 50,000 of them), one
 * in a thousand assigned to the clerk. Then GET /api/tasks as the clerk: the group queue
 * (`scope=groups`, by due date, 50 a page, pages 1 to 5 by their cursors) and her own tasks
 * (`scope=mine`), 500 calls each from 8 concurrent clients, then 200 from one client alone; p50
 * and p99 of each. Each answer counts its total up to 1,000 ("1,000+").
 */
import { cloneInstance } from '../clone.ts';
import {
  CLERK_TOKEN,
  http,
  load,
  pct,
  scaled,
  startBench,
  type Bench,
  type Figure,
  type Scenario,
} from '../lib.ts';

/**
 * Seeds `count` open tasks by cloning a case waiting at a user task: spread over 20 candidate
 * groups (`grp-0` is the clerk's), one in a thousand assigned to the clerk.
 */
export async function seedInbox(
  b: Bench,
  count: number,
): Promise<{ openTasks: number; seconds: number }> {
  const template = await http(`${b.base}/api/instances`, 'POST', {
    processId: 'human',
    variables: { grp: 'grp-0' },
  });
  const seconds = await cloneInstance(b.db, template.body.id as string, 'open-', count, [
    ['grp-0', `'grp-' || (g % 20)`],
    [
      '"assignee": null',
      `CASE WHEN g % 1000 = 0 THEN '"assignee": "clerk"' ELSE '"assignee": null' END`,
    ],
  ]);
  const open = (await b.db.query(`SELECT count(*)::int AS n FROM tasks WHERE status = 'open'`))
    .rows[0].n as number;
  return { openTasks: open, seconds };
}

/**
 * The clerk's two inbox reads, each the query string of call i: her group queue (pages 1 to 5
 * in turn, by the cursors read here first) and her own tasks.
 */
export async function inboxQueries(
  b: Bench,
): Promise<(readonly ['groups' | 'mine', (i: number) => string])[]> {
  const cursors = [''];
  for (let k = 1; k < 5; k++) {
    const page = await http(
      `${b.base}/api/tasks?scope=groups&limit=50${cursors[k - 1]}`,
      'GET',
      undefined,
      CLERK_TOKEN,
    );
    cursors.push(page.body.next ? `&after=${page.body.next as string}` : '');
  }
  return [
    ['groups', (i) => `scope=groups&limit=50${cursors[i % 5]!}`],
    ['mine', () => `scope=mine&limit=50`],
  ];
}

export const inbox: Scenario = {
  key: 'inbox',
  title:
    "GET /api/tasks latency for a clerk with 1,000,000 open tasks in the database (20 groups; the clerk's group queue and own tasks)",
  async run(scale) {
    const b = await startBench('inbox');
    const data: Record<string, unknown> = {};
    const figures: Figure[] = [];
    try {
      const seeded = scaled(1_000_000, scale, 1000);
      data.seed = await seedInbox(b, seeded);
      console.log('inbox: seeded', data.seed);
      const calls = scaled(500, scale, 100);
      for (const [name, query] of await inboxQueries(b)) {
        let total = '';
        await load(
          50,
          4,
          async () =>
            void (await http(`${b.base}/api/tasks?${query(0)}`, 'GET', undefined, CLERK_TOKEN)),
        );
        const r = await load(calls, 8, async (i) => {
          const res = await http(`${b.base}/api/tasks?${query(i)}`, 'GET', undefined, CLERK_TOKEN);
          if (res.status !== 200 || !(res.body.items as unknown[]).length)
            throw new Error(
              `inbox ${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
            );
          total = `${res.body.total as number}${res.body.totalCapped ? '+' : ''}`;
        });
        // one client alone: the latency of a call without the others' queueing for the cores
        const alone = await load(scaled(200, scale, 50), 1, async (i) => {
          await http(`${b.base}/api/tasks?${query(i)}`, 'GET', undefined, CLERK_TOKEN);
        });
        data[name] = {
          calls,
          visibleTasks: total,
          callsPerSecond: calls / r.seconds,
          p50ms: pct(r.latencies, 50),
          p99ms: pct(r.latencies, 99),
          oneClient: { p50ms: pct(alone.latencies, 50), p99ms: pct(alone.latencies, 99) },
        };
        console.log(`inbox: ${name}`, data[name]);
        const what = name === 'groups' ? 'group queue' : 'my tasks';
        figures.push(
          { name: `inbox (${what}) p50`, value: pct(r.latencies, 50), unit: 'ms', kind: 'latency' },
          { name: `inbox (${what}) p99`, value: pct(r.latencies, 99), unit: 'ms', kind: 'latency' },
          {
            name: `inbox (${what}, one client) p50`,
            value: pct(alone.latencies, 50),
            unit: 'ms',
            kind: 'latency',
          },
          {
            name: `inbox (${what}, one client) p99`,
            value: pct(alone.latencies, 99),
            unit: 'ms',
            kind: 'latency',
          },
        );
      }
    } finally {
      await b.close();
    }
    return { data, figures };
  },
};
