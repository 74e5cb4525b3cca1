/**
 * Event-based gateways (issue 19): a renewal waits for the customer's answer, a withdrawal, or
 * its seven-day deadline, whichever comes first. The first wins; the others are withdrawn in the
 * same transaction: the deadline's timer row cancelled (a late delivery of it does nothing), the
 * other subscriptions removed (a late message finds nobody and is buffered). An answer sent
 * before the case reached the gateway wins at once. Through the HTTP API with the real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import {
  complete,
  DAY,
  getInstance,
  history,
  settle,
  startInstance,
  tasksOf,
  untilStatus,
} from '../helpers/scenario.ts';

// Given a renewal that, after its offer is prepared, races the customer's answer, a withdrawal
// and a seven-day deadline
const renewal = process(
  'renewal-race',
  [
    start(),
    userTask('prepare'),
    { id: 'first', type: 'eventBasedGateway' },
    {
      id: 'answer',
      type: 'messageCatch',
      message: 'renewal.answer',
      correlationKey: 'ref',
      output: { decision: 'message.decision' },
    },
    { id: 'withdraw', type: 'messageCatch', message: 'renewal.withdraw', correlationKey: 'ref' },
    { id: 'deadline', type: 'timer', timer: { duration: 'P7D' } },
    end('answered', 'answered'),
    end('withdrawn', 'withdrawn'),
    end('lapsed', 'lapsed'),
  ],
  [
    ['start', 'prepare'],
    ['prepare', 'first'],
    ['first', 'answer'],
    ['first', 'withdraw'],
    ['first', 'deadline'],
    ['answer', 'answered'],
    ['withdraw', 'withdrawn'],
    ['deadline', 'lapsed'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(renewal), start: '2026-04-01T09:00:00Z' });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

const send = (name: string, ref: string, id: string, payload: Record<string, unknown> = {}) =>
  t.api('POST', '/api/messages', { messageId: id, name, correlationKey: ref, payload });
/** Starts a renewal and prepares its offer: the case then waits at the gateway's events. */
async function racing(ref: string) {
  const i = await startInstance(t, 'renewal-race', { ref });
  const [prepare] = await tasksOf(t, i.id);
  await complete(t, prepare!.id, { ok: true });
  return i;
}
const rows = async (instanceId: string) => ({
  timers: (
    await t.sql(`SELECT id, status FROM jobs WHERE instance_id = $1 AND kind = 'timer'`, [
      instanceId,
    ])
  ).map((r) => r.status as string),
  subscriptions: (
    await t.sql(
      `SELECT message, status FROM subscriptions WHERE instance_id = $1 ORDER BY message`,
      [instanceId],
    )
  ).map((r) => `${r.message}:${r.status}`),
});
const decided = async (id: string) =>
  (await history(t, id)).filter((h) => h.type === 'gateway.decided');

describe('an event-based gateway', () => {
  it('waits at each of its events at once', async () => {
    const i = await racing('R-0');
    expect((await getInstance(t, i.id)).tokens.map((x) => [x.nodeId, x.waitingFor])).toEqual([
      ['answer', 'message'],
      ['withdraw', 'message'],
      ['deadline', 'timer'],
    ]);
    const now = await rows(i.id);
    expect(now.timers).toEqual(['pending']);
    expect(now.subscriptions).toEqual(['renewal.answer:pending', 'renewal.withdraw:pending']);
  });

  it('takes the answer when it comes first: the deadline cancelled, the withdrawal no longer awaited', async () => {
    const i = await racing('R-1');
    const res = await send('renewal.answer', 'R-1', 'a-1', { decision: 'renew' });
    expect(res.body).toMatchObject({ status: 'correlated', instanceId: i.id });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done).toMatchObject({ outcome: 'answered', variables: { decision: 'renew' } });
    const after = await rows(i.id);
    expect(after.timers).toEqual(['cancelled']);
    expect(after.subscriptions).not.toContain('renewal.withdraw:pending');
    expect(await decided(i.id)).toEqual([
      expect.objectContaining({
        nodeId: 'first',
        data: expect.objectContaining({ winner: 'answer' }),
      }),
    ]);

    // And the cancelled deadline, delivered late anyway, does nothing
    t.clock.advance(7 * DAY + 60_000);
    await settle(t);
    expect((await getInstance(t, i.id)).outcome).toBe('answered');
    // a withdrawal sent afterwards finds nobody waiting and is buffered
    expect((await send('renewal.withdraw', 'R-1', 'w-1')).body).toMatchObject({
      status: 'buffered',
      instanceId: null,
    });
  });

  it('takes the deadline when nothing came: both subscriptions removed, a late answer buffered', async () => {
    const i = await racing('R-2');
    t.clock.advance(7 * DAY + 60_000);
    await settle(t);
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('lapsed');
    const after = await rows(i.id);
    expect(after.timers).toEqual(['done']);
    expect(after.subscriptions.filter((s) => s.endsWith(':pending'))).toEqual([]);
    expect((await send('renewal.answer', 'R-2', 'a-2')).body).toMatchObject({
      status: 'buffered',
      instanceId: null,
    });
  });

  it('takes the withdrawal when it comes first', async () => {
    const i = await racing('R-3');
    await send('renewal.withdraw', 'R-3', 'w-3');
    expect((await untilStatus(t, i.id, 'completed')).outcome).toBe('withdrawn');
    expect((await rows(i.id)).timers).toEqual(['cancelled']);
  });

  it('takes an answer sent before the case reached the gateway at once, and only that one', async () => {
    const i = await startInstance(t, 'renewal-race', { ref: 'R-4' });
    // both messages come early, the answer first
    expect((await send('renewal.answer', 'R-4', 'a-4', { decision: 'lapse' })).body.status).toBe(
      'buffered',
    );
    expect((await send('renewal.withdraw', 'R-4', 'w-4')).body.status).toBe('buffered');
    const [prepare] = await tasksOf(t, i.id);
    await complete(t, prepare!.id, { ok: true });
    const done = await getInstance(t, i.id);
    expect(done).toMatchObject({
      status: 'completed',
      outcome: 'answered',
      variables: { decision: 'lapse' },
    });
    expect((await rows(i.id)).timers).toEqual(['cancelled']);
    // the withdrawal was not taken by the case: it is still buffered for whoever waits next
    const kept = await t.sql(`SELECT status FROM messages WHERE id = 'w-4'`);
    expect(kept.map((m) => m.status)).toEqual(['buffered']);
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
