/**
 * Plugin event deliveries against a receiver that misbehaves at random (fast-check): it answers
 * 500, 503, 429 or 408, drops the connection at once or after stalling, answers with bytes
 * that are not HTTP, or accepts with a garbage body. Each event fails up to four times (the
 * outbox allows six attempts) before the receiver accepts it. Then every event is delivered
 * at least once under one delivery id (the receiver de-duplicates by it, so each takes effect
 * once), every attempt carries the same signed event, the outbox drains (every plugin-event
 * job done, no incident) and the engine keeps serving.
 *
 * Retries wait 5 s, 10 s, 20 s... of engine time: the test moves the ManualClock to the next
 * due retry whenever the receiver has nothing in flight, instead of sleeping.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '@caseway/plugin-webhook';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { complete, startInstance, tasksOf, untilStatus } from '../helpers/scenario.ts';

const PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));
const KEY = 'whsec-fuzz-0b9d2c7e41a6';
const EVENTS = ['instance.started', 'task.created', 'task.completed', 'instance.completed'];

/** How the receiver treats one request. */
const FAILURES = [
  'status 500',
  'status 503',
  'status 429',
  'status 408',
  'drop at once',
  'stall, then drop',
  'not HTTP',
] as const;
type Failure = (typeof FAILURES)[number];

interface Request {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
}
/** Every request, the plan of failures of each delivery id, and the ids that took effect. */
const requests: Request[] = [];
const plans = new Map<string, Failure[]>();
let nextPlans: Failure[][] = [];
const effects = new Map<string, string>();
/** How many times the receiver failed each delivery id. */
const failed = new Map<string, number>();
const failuresOf = (id: string) => failed.get(id) ?? 0;
const injected = new Map<Failure, number>();
let inFlight = 0;

function receiver(): Server {
  return createServer((req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = String(req.headers['x-caseway-delivery']);
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ id, headers: req.headers, body });
      if (!plans.has(id)) plans.set(id, [...(nextPlans.shift() ?? [])]);
      const failure = plans.get(id)!.shift();
      if (failure) {
        failed.set(id, failuresOf(id) + 1);
        injected.set(failure, (injected.get(failure) ?? 0) + 1);
      }
      switch (failure) {
        case undefined:
          // accepted: the effect happens once per delivery id, however often it arrives
          if (!effects.has(id)) effects.set(id, body);
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          return res.end(Buffer.from([0, 255, 123, 10, 0x7b]));
        case 'drop at once':
          return req.socket.destroy();
        case 'stall, then drop':
          return void setTimeout(() => req.socket.destroy(), 300);
        case 'not HTTP':
          return void req.socket.end('garbage \u0000 not http\r\n\r\n');
        default:
          return void res.writeHead(Number(failure.slice(7))).end('{"oops":');
      }
    });
  });
}

const reviewed = process(
  'reviewed',
  [start(), userTask('review', 'ack'), end('end', 'done')],
  [
    ['start', 'review'],
    ['review', 'end'],
  ],
);

let t: TestEngine;
let server: Server;
beforeAll(async () => {
  server = receiver();
  const port = await new Promise<number>((ok) =>
    server.listen(0, '127.0.0.1', () => ok((server.address() as AddressInfo).port)),
  );
  t = await startTestEngine({ definitions: files(reviewed), pluginsDir: PLUGINS });
  const config = {
    subscriptions: [{ url: `http://127.0.0.1:${port}/hook`, events: EVENTS }],
  };
  expect((await t.api('PUT', '/api/plugins/webhook/config', { config })).status).toBe(204);
  expect(
    (await t.api('PUT', '/api/plugins/webhook/secrets', { secrets: { signingKey: KEY } })).status,
  ).toBe(204);
});
afterAll(async () => {
  await t.close();
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
  await dropTestData(t.schema, t.prefix);
});

/** The webhook jobs of some instances. */
const jobsOf = (ids: string[]) =>
  t.sql<{ id: string; status: string; attempt: number; fire_count: number; due_at: Date }>(
    `SELECT id, status, attempt, fire_count, due_at FROM jobs
     WHERE instance_id = ANY($1) AND kind = 'plugin-event' AND action = 'webhook/@event'`,
    [ids],
  );

/** Waits until the outbox of these instances drains, moving the clock to each due retry. */
async function drain(ids: string[], expected: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const jobs = await jobsOf(ids);
    const pending = jobs.filter((j) => j.status === 'pending');
    if (jobs.length === expected && !pending.length) return;
    if (Date.now() > deadline)
      throw new Error(`outbox did not drain: ${JSON.stringify(pending.slice(0, 3))}`);
    const now = t.clock.now();
    const due = pending.map((j) => j.due_at.getTime()).filter((d) => d > now);
    // nothing due now and nothing in flight: the next retry is in the future, go there
    if (due.length === pending.length && pending.length && inFlight === 0)
      t.clock.advance(Math.min(...due) - now + 1);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('plugin event deliveries to a receiver that misbehaves at random', () => {
  it('delivers every event at least once under its delivery id, and the outbox drains', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.array(fc.constantFrom(...FAILURES), { maxLength: 4 }), {
          minLength: 12,
          maxLength: 12,
        }),
        async (count, failurePlans) => {
          runs++;
          nextPlans = failurePlans.map((p) => [...p]);
          // When cases start, their reviews are completed and they end
          const ids: string[] = [];
          for (let i = 0; i < count; i++) ids.push((await startInstance(t, 'reviewed')).id);
          for (const id of ids) {
            const [task] = await tasksOf(t, id);
            await complete(t, task!.id, { ok: true });
            await untilStatus(t, id, 'completed');
          }
          const expected = count * EVENTS.length;
          await drain(ids, expected);

          // Then every event's job is done once, after as many attempts as its failures + 1
          const jobs = await jobsOf(ids);
          expect(jobs).toHaveLength(expected);
          for (const j of jobs) {
            expect(j, j.id).toMatchObject({ status: 'done', fire_count: 1 });
            // the delivery id is the event's: the job id without the plugin's name
            const id = j.id.slice(0, -'.webhook'.length);
            expect(j.attempt, j.id).toBe(requests.filter((r) => r.id === id).length);
            expect(j.attempt, j.id).toBe(failuresOf(id) + 1);
          }
          // each delivery id took effect once at the receiver, as the event of its job
          const mine = [...effects.entries()].filter(([, body]) =>
            ids.includes(JSON.parse(body).instanceId),
          );
          expect(mine).toHaveLength(expected);
          expect(
            new Set(mine.map(([, b]) => JSON.parse(b).type + JSON.parse(b).instanceId)).size,
          ).toBe(expected);
          // every attempt of one delivery carried the same event, signed with the key
          for (const [id, body] of mine)
            for (const r of requests.filter((x) => x.id === id)) {
              expect(JSON.parse(r.body)).toEqual(JSON.parse(body));
              expect(r.headers['x-caseway-event']).toBe(JSON.parse(body).type);
              expect(verifySignature(r.body, r.headers, KEY, 1e9)).toBe(true);
            }
          expect((await t.api('GET', '/api/incidents')).body.items).toEqual([]);
        },
      ),
      { numRuns: 8 },
    );
    // and the engine is well after all of it
    expect(runs).toBe(8);
    console.table(
      FAILURES.map((f) => ({ failure: f, injected: injected.get(f) ?? 0 })).concat([
        { failure: 'deliveries that took effect' as Failure, injected: effects.size },
      ]),
    );
    expect([...injected.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect((await fetch(`${t.url}/api/ready`)).status).toBe(200);
    // the engine's own sweeps stay pending by design (each is its next run); no case job may
    expect(
      (
        await t.sql(
          `SELECT count(*)::int AS n FROM jobs WHERE status = 'pending' AND kind <> 'sweep'`,
        )
      )[0].n,
    ).toBe(0);
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  }, 300_000);
});
