/**
 * The webhook plugin against a real local receiver (node:http): engine events posted to the
 * subscribed URLs, signed so a receiver can verify them with the plugin's own helper; a failing
 * receiver retried with backoff under one delivery id, each attempt visible on the job row;
 * subscriptions filtered by process; and the `post` action for explicit notifications.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '@caseway/plugin-webhook';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import {
  complete,
  history,
  jobsAt,
  startInstance,
  tasksOf,
  untilStatus,
} from '../helpers/scenario.ts';

const PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));
const KEY = 'whsec-7f3a9c1e5b2d4f60';
/** A token in a subscribed URL: never in errors or logs. */
const URL_TOKEN = 'tok-91c4e2a7';

// Given a receiver that records every request and answers by path: /gone 410, /reject 400,
// /notify 202, /hang never, /flaky what the test queues (then 204), anything else 204
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
const queued = new Map<string, number[]>();
const fixed: Record<string, number> = { '/gone': 410, '/reject': 400, '/notify': 202 };

function receiver(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (path === '/hang') return;
      res.writeHead(queued.get(path)?.shift() ?? fixed[path] ?? 204).end();
    });
  });
}
const listen = (s: Server, port = 0) =>
  new Promise<number>((ok) =>
    s.listen(port, '127.0.0.1', () => ok((s.address() as AddressInfo).port)),
  );
const close = (s: Server) =>
  new Promise<void>((ok) => {
    s.closeAllConnections();
    s.close(() => ok());
  });

const once = { retry: { attempts: 3, backoff: 'PT1M' } };
const reviewed = process(
  'reviewed',
  [start(), userTask('review', 'ack'), end('end', 'done')],
  [
    ['start', 'review'],
    ['review', 'end'],
  ],
);
const quick = process('quick', [start(), end()], [['start', 'end']]);
const flaky = process('flaky', [start(), end()], [['start', 'end']]);
const gone = process('gone', [start(), end()], [['start', 'end']]);
const notifyNode = (retry: Record<string, unknown>) =>
  service('notify', 'webhook/post', {
    input: { url: 'url', payload: '{ claimNo: no, amount: amount }', event: '"claim.approved"' },
    output: { deliveryStatus: 'result.status', deliveryId: 'result.deliveryId' },
    retry,
  });
const notify = process(
  'notify',
  [start(), notifyNode(once.retry), end()],
  [
    ['start', 'notify'],
    ['notify', 'end'],
  ],
);
const notifyBriefly = process(
  'notify-briefly',
  [start(), notifyNode({ attempts: 1, timeout: 'PT0.3S' }), end()],
  [
    ['start', 'notify'],
    ['notify', 'end'],
  ],
);

const lines: string[] = [];
let t: TestEngine;
let server: Server;
let base: string;
beforeAll(async () => {
  server = receiver();
  base = `http://127.0.0.1:${await listen(server)}`;
  t = await startTestEngine({
    definitions: files(reviewed, quick, flaky, gone, notify, notifyBriefly),
    pluginsDir: PLUGINS,
    config: { logLevel: 'info' },
    logStream: { write: (l: string) => void lines.push(l) },
  });
  // And an administrator who subscribed four receivers and set the signing key
  const config = {
    subscriptions: [
      {
        url: `${base}/events`,
        events: ['instance.started', 'task.created', 'task.completed', 'instance.completed'],
        processIds: ['reviewed'],
      },
      { url: `${base}/completions`, events: ['instance.completed'] },
      {
        url: `${base}/flaky?token=${URL_TOKEN}`,
        events: ['instance.started'],
        processIds: ['flaky'],
      },
      { url: `${base}/gone`, events: ['instance.started'], processIds: ['gone'] },
    ],
  };
  expect((await t.api('PUT', '/api/plugins/webhook/config', { config })).status).toBe(204);
  expect(
    (await t.api('PUT', '/api/plugins/webhook/secrets', { secrets: { signingKey: KEY } })).status,
  ).toBe(204);
});
afterAll(async () => {
  await t.close();
  await close(server);
  await dropTestData(t.schema, t.prefix);
});

const eventOf = (r: Received) =>
  JSON.parse(r.body) as { id: string; type: string; instanceId: string };
const arrivals = (path: string, instanceId: string, n: number) =>
  t.until(async () => {
    const mine = received.filter((r) => r.path === path && eventOf(r).instanceId === instanceId);
    return mine.length >= n ? mine : undefined;
  }, `${n} deliveries at ${path}`);
/** The delivery log: the plugin-event job rows of an instance, once none is pending. */
const deliveries = (instanceId: string) =>
  t.until(async () => {
    const rows = await t.sql<{
      id: string;
      status: string;
      attempt: number;
      last_error: string | null;
    }>(
      `SELECT id, status, attempt, last_error FROM jobs
       WHERE instance_id = $1 AND kind = 'plugin-event' AND action = 'webhook/@event' ORDER BY id`,
      [instanceId],
    );
    return rows.length && rows.every((r) => r.status !== 'pending') ? rows : undefined;
  }, 'deliveries settled');
const seqOf = async (instanceId: string, type: string) =>
  (
    await t.sql(`SELECT seq FROM history WHERE instance_id = $1 AND type = $2`, [instanceId, type])
  )[0].seq as number;
const incidentOf = (instanceId: string) =>
  t.until(
    async () => (await t.api('GET', `/api/incidents?instanceId=${instanceId}`)).body.items[0],
    'incident',
  );

describe('event deliveries', () => {
  it('posts each subscribed event of a case, signed so the receiver can verify it', async () => {
    // When a reviewed case starts, its task is completed and it ends
    const i = await startInstance(t, 'reviewed');
    const [task] = await tasksOf(t, i.id);
    await complete(t, task!.id, { ok: true });
    await untilStatus(t, i.id, 'completed');

    // Then the receiver gets its four events, each once, with the event in the headers
    const got = await arrivals('/events', i.id, 4);
    expect(got.map((r) => eventOf(r).type).sort()).toEqual([
      'instance.completed',
      'instance.started',
      'task.completed',
      'task.created',
    ]);
    for (const r of got) {
      const event = eventOf(r);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-caseway-event']).toBe(event.type);
      expect(r.headers['x-caseway-delivery']).toBe(event.id);
      expect(Math.abs(Number(r.headers['x-caseway-timestamp']) - Date.now() / 1000)).toBeLessThan(
        60,
      );
      expect(r.headers['x-caseway-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      // verified with the key, refused with another key, a changed body or an old timestamp
      expect(verifySignature(r.body, r.headers, KEY)).toBe(true);
      expect(verifySignature(r.body, r.headers, 'whsec-some-other-key')).toBe(false);
      expect(verifySignature(r.body.replace('reviewed', 'reviewer'), r.headers, KEY)).toBe(false);
      expect(verifySignature(r.body, r.headers, KEY, 300, Date.now() + 301_000)).toBe(false);
    }
    const created = got.map(eventOf).find((e) => e.type === 'task.created')!;
    expect(created).toMatchObject({
      id: `${i.id}.h${await seqOf(i.id, 'task.created')}`,
      processId: 'reviewed',
      processVersion: 1,
      data: { taskId: task!.id },
    });

    // And the subscription of every process to completions got this case's completion too
    const [completion] = await arrivals('/completions', i.id, 1);
    expect(verifySignature(completion!.body, completion!.headers, KEY)).toBe(true);

    // And the delivery log shows one successful attempt per event the plugin receives
    expect(await deliveries(i.id)).toEqual(
      ['instance.started', 'task.created', 'task.completed', 'instance.completed'].map(() =>
        expect.objectContaining({ status: 'done', attempt: 1, last_error: null }),
      ),
    );
  });

  it('posts only to the subscriptions whose processIds include the case’s process', async () => {
    // When a case of another process runs to its end
    const i = await startInstance(t, 'quick');
    await untilStatus(t, i.id, 'completed');

    // Then its completion reaches the all-process subscription only, once every delivery is done
    await arrivals('/completions', i.id, 1);
    expect((await deliveries(i.id)).map((d) => d.status)).toEqual(['done', 'done']);
    const elsewhere = received.filter((r) => r.path !== '/completions' && r.body.includes(i.id));
    expect(elsewhere).toEqual([]);
  });

  it('retries a failing receiver with backoff under one delivery id, every attempt on the job', async () => {
    // Given a receiver that fails twice with 500 before it accepts
    queued.set('/flaky', [500, 500]);
    const i = await startInstance(t, 'flaky');
    const attempt = (n: number) =>
      t.until(async () => {
        const [job] = await t.sql(
          `SELECT id, status, attempt, last_error FROM jobs
           WHERE instance_id = $1 AND action = 'webhook/@event' AND payload->'input'->>'type' = 'instance.started'`,
          [i.id],
        );
        return job && (job.attempt === n || job.status !== 'pending') ? job : undefined;
      }, `attempt ${n}`);

    // When the first try fails, the job waits 5 s of backoff, then 10 s before the third
    const second = await attempt(2);
    expect(second).toMatchObject({ status: 'pending', attempt: 2 });
    expect(second.last_error).toMatch(
      /^CW_ERR_ACTION_FAILED: http:\/\/127\.0\.0\.1:\d+ answered 500$/,
    );
    t.clock.advance(5_000);
    await attempt(3);
    t.clock.advance(10_000);

    // Then the third try is delivered, and all three carried the same delivery id
    const got = await arrivals('/flaky', i.id, 3);
    const id = `${i.id}.h${await seqOf(i.id, 'instance.started')}`;
    expect(got.map((r) => r.headers['x-caseway-delivery'])).toEqual([id, id, id]);
    expect(got.every((r) => verifySignature(r.body, r.headers, KEY))).toBe(true);
    const done = await t.until(async () => {
      const job = await attempt(3);
      return job.status === 'done' ? job : undefined;
    }, 'delivered');
    expect(done).toMatchObject({ id: `${id}.webhook`, status: 'done', attempt: 3 });
    expect(done.last_error).toMatch(/answered 500$/);

    // And each failure is in the case's history, with the URL's token in none of them
    const failed = (await history(t, i.id)).filter((h) => h.type === 'plugin.event.failed');
    expect(failed.map((h) => h.data?.attempt)).toEqual([1, 2]);
    expect(JSON.stringify(failed)).not.toContain(URL_TOKEN);
  });

  it('opens an incident at once when the receiver refuses the delivery (4xx)', async () => {
    const i = await startInstance(t, 'gone');
    const incident = await incidentOf(i.id);
    expect(incident.error).toMatch(
      /^CW_ERR_ACTION_REJECTED: http:\/\/127\.0\.0\.1:\d+ answered 410$/,
    );
    await arrivals('/gone', i.id, 1);
    const [job] = await t.sql(`SELECT status, attempt FROM jobs WHERE id = $1`, [incident.jobId]);
    expect(job).toEqual({ status: 'failed', attempt: 1 });
    expect(received.filter((r) => r.path === '/gone' && r.body.includes(i.id))).toHaveLength(1);
  });
});

describe('the post action', () => {
  const posted = (path: string, claimNo: string) =>
    received.filter((r) => r.path === path && r.body.includes(`"claimNo":"${claimNo}"`));

  it('posts the payload from the process, signed, and maps the answer back', async () => {
    // When a case notifies the receiver of its claim
    const i = await startInstance(t, 'notify', {
      url: `${base}/notify`,
      no: 'C-101',
      amount: 1200,
    });
    const done = await untilStatus(t, i.id, 'completed');

    // Then the receiver got the payload with the event, the delivery id and a valid signature
    const [job] = await jobsAt(t, i.id, 'notify');
    const [r] = posted('/notify', 'C-101');
    expect(JSON.parse(r!.body)).toEqual({ claimNo: 'C-101', amount: 1200 });
    expect(r!.headers).toMatchObject({
      'x-caseway-event': 'claim.approved',
      'x-caseway-delivery': job!.id,
    });
    expect(verifySignature(r!.body, r!.headers, KEY)).toBe(true);
    expect(verifySignature(r!.body, r!.headers, 'whsec-some-other-key')).toBe(false);

    // And the answer is mapped into the case
    expect(done.variables).toMatchObject({ deliveryStatus: 202, deliveryId: job!.id });
  });

  it('retries while the receiver refuses connections, then delivers', async () => {
    // Given a receiver that is not listening yet
    const late = receiver();
    const port = await listen(late);
    await close(late);
    const i = await startInstance(t, 'notify', {
      url: `http://127.0.0.1:${port}/notify`,
      no: 'C-102',
      amount: 5,
    });

    // When the first try finds nobody, the step waits a minute of backoff
    const [failed] = await t.until(async () => {
      const jobs = await jobsAt(t, i.id, 'notify');
      return jobs[0]?.attempt === 2 ? jobs : undefined;
    }, 'second attempt scheduled');
    const [row] = await t.sql(`SELECT last_error FROM jobs WHERE id = $1`, [failed!.id]);
    expect(row.last_error).toMatch(
      /^CW_ERR_ACTION_FAILED: http:\/\/127\.0\.0\.1:\d+ unreachable: ECONNREFUSED$/,
    );

    // Then once the receiver listens and the minute has passed, the second try is delivered
    await listen(late, port);
    try {
      t.clock.advance(60_000);
      const done = await untilStatus(t, i.id, 'completed');
      expect(done.variables).toMatchObject({ deliveryStatus: 202, deliveryId: failed!.id });
      const got = posted('/notify', 'C-102');
      expect(got.map((r) => r.headers['x-caseway-delivery'])).toEqual([failed!.id]);
    } finally {
      await close(late);
    }
  });

  it('opens an incident at once when the receiver refuses the payload (4xx)', async () => {
    const i = await startInstance(t, 'notify', { url: `${base}/reject`, no: 'C-103', amount: 1 });
    const incident = await incidentOf(i.id);
    expect(incident.error).toMatch(
      /^CW_ERR_ACTION_REJECTED: http:\/\/127\.0\.0\.1:\d+ answered 400$/,
    );
    expect(await jobsAt(t, i.id, 'notify')).toEqual([
      expect.objectContaining({ status: 'failed', attempt: 1 }),
    ]);
    expect(posted('/reject', 'C-103')).toHaveLength(1);
  });

  it('gives up on a receiver that does not answer within the step’s timeout', async () => {
    const i = await startInstance(t, 'notify-briefly', {
      url: `${base}/hang`,
      no: 'C-104',
      amount: 1,
    });
    const incident = await incidentOf(i.id);
    expect(incident.error).toMatch(/^CW_ERR_ACTION_TIMEOUT/);
    expect(posted('/hang', 'C-104')).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('never shows the signing key or a subscribed URL’s token, in the API or the logs', async () => {
    const settings = await t.api('GET', '/api/plugins/webhook/settings');
    expect(settings.body.secrets).toEqual({ signingKey: true });
    expect(JSON.stringify(settings.body)).not.toContain(KEY);
    const log = lines.join('');
    expect(log).toContain('webhook delivered');
    expect(log).toContain('webhook refused');
    expect(log).not.toContain(KEY);
    expect(log).not.toContain(URL_TOKEN);
  });
});
