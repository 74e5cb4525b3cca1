/**
 * Compensation (issue 19): a trip whose hotel booking and card charge each name an undo. When
 * the case reaches a compensation throw (or end), the charge is refunded first and the booking
 * cancelled after, each a job of its own; a refund that fails is retried, then an incident an
 * operator retries; a compensation whose undo was taken by an engine that died runs it once,
 * with the same idempotency key, and nothing is undone twice. Through the HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import {
  complete,
  history,
  jobsAt,
  settle,
  startInstance,
  tasksOf,
  untilAt,
  untilStatus,
} from '../helpers/scenario.ts';

// Given a hotel and a card company that record what they are asked, the refunds sometimes down
interface Call {
  action: string;
  instanceId: string;
  input: Record<string, unknown>;
  key: string;
}
const calls: Call[] = [];
let refundsDown = false;
const record =
  (action: string) =>
  (input: Record<string, unknown>, ctx: { idempotencyKey: string; instanceId: string }) => {
    calls.push({ action, instanceId: ctx.instanceId, input, key: ctx.idempotencyKey });
  };
const registry = (
  refund: (
    input: Record<string, unknown>,
    ctx: { idempotencyKey: string; instanceId: string },
  ) => unknown,
) =>
  new ActionRegistry()
    .register('hotel/book', (input) => ({ ref: `H-${String(input.guest)}` }))
    .register('hotel/cancel', (input, ctx) => {
      record('hotel/cancel')(input, ctx);
      return {};
    })
    .register('card/charge', (input) => ({ chargeId: `C-${String(input.amount)}` }))
    .register('card/refund', refund);
const actions = registry((input, ctx) => {
  if (refundsDown) throw new Error('card company unavailable');
  record('card/refund')(input, ctx);
  return {};
});

// And a trip that books, charges, waits for a review, then undoes both and asks to confirm
const steps = [
  start(),
  service('book', 'hotel/book', {
    input: { guest: 'guest' },
    output: { bookingRef: 'result.ref' },
    compensation: { action: 'hotel/cancel', input: { ref: 'bookingRef' } },
  }),
  service('charge', 'card/charge', {
    input: { amount: 'amount' },
    output: { chargeId: 'result.chargeId' },
    compensation: {
      action: 'card/refund',
      input: { chargeId: 'result.chargeId', amount: 'amount' },
      retry: { attempts: 2, backoff: 'PT0S' },
    },
  }),
  userTask('review'),
];
const chain: [string, string][] = [
  ['start', 'book'],
  ['book', 'charge'],
  ['charge', 'review'],
  ['review', 'undo'],
];
const trip = process(
  'trip',
  [...steps, { id: 'undo', type: 'compensateThrow' }, userTask('confirm'), end()],
  [...chain, ['undo', 'confirm'], ['confirm', 'end']],
);
// And one that ends with the undoing (a withdrawn trip)
const withdrawn = process(
  'trip-withdrawn',
  [...steps, { id: 'undo', type: 'compensateEnd', outcome: 'withdrawn' }],
  chain,
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(trip, withdrawn), actions });
  expect(t.engine.registry.problems).toEqual([]);
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

/** Starts a trip and completes its review: the compensation begins. */
async function reviewed(engine: TestEngine, processId: string, guest: string, amount: number) {
  const i = await startInstance(engine, processId, { guest, amount });
  await untilAt(engine, i.id, 'review');
  const [task] = await tasksOf(engine, i.id);
  await complete(engine, task!.id, { ok: true });
  return i;
}
/** What the instance asked for, as `action input` (the input's keys sorted, as stored). */
const callsOf = (instanceId: string) =>
  calls
    .filter((c) => c.instanceId === instanceId)
    .map((c) => `${c.action} ${JSON.stringify(c.input, Object.keys(c.input).sort())}`);
const undone = async (instanceId: string) =>
  (await history(t, instanceId))
    .filter((h) => h.type === 'compensation.undone')
    .map((h) => h.data?.undoing);
const incidentsOf = async (instanceId: string) =>
  (await t.api('GET', `/api/incidents?instanceId=${instanceId}`)).body.items as {
    id: string;
    nodeId: string;
    status: string;
  }[];

describe('a compensation throw', () => {
  it('refunds the charge, then cancels the booking, one after the other, then goes on', async () => {
    const i = await reviewed(t, 'trip', 'chen', 120);
    await untilAt(t, i.id, 'confirm');
    expect(callsOf(i.id)).toEqual([
      'card/refund {"amount":120,"chargeId":"C-120"}',
      'hotel/cancel {"ref":"H-chen"}',
    ]);
    expect(await undone(i.id)).toEqual(['charge', 'book']);
    // each undo a job of its own at the throw, done once
    const jobs = await jobsAt(t, i.id, 'undo');
    expect(jobs.map((j) => [j.status, j.fire_count])).toEqual([
      ['done', 1],
      ['done', 1],
    ]);
    expect(await incidentsOf(i.id)).toEqual([]);
  });
});

describe('a compensation end', () => {
  it('undoes both, then ends the case with its outcome', async () => {
    const i = await reviewed(t, 'trip-withdrawn', 'lin', 80);
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('withdrawn');
    expect(callsOf(i.id)).toEqual([
      'card/refund {"amount":80,"chargeId":"C-80"}',
      'hotel/cancel {"ref":"H-lin"}',
    ]);
  });
});

describe('an undo that fails', () => {
  it('is retried, becomes an incident at the throw, and once retried the rest runs', async () => {
    refundsDown = true;
    const i = await reviewed(t, 'trip', 'wu', 50);
    const [incident] = await t.until(async () => {
      const open = await incidentsOf(i.id);
      return open.length ? open : undefined;
    }, 'an incident');
    expect(incident).toMatchObject({ nodeId: 'undo', status: 'open' });
    const [refund] = await jobsAt(t, i.id, 'undo');
    expect(refund).toMatchObject({ status: 'failed', attempt: 2 });
    // the booking is not cancelled while the refund has not gone through
    expect(callsOf(i.id)).toEqual([]);
    // an undo's input was fixed when the charge completed: it cannot be evaluated again
    const evaluate = await t.api('POST', `/api/incidents/${incident!.id}/retry`, {
      input: 'evaluate',
    });
    expect(evaluate.status).toBe(409);
    expect(evaluate.body.code).toBe('CW_ERR_INCIDENT_INPUT_NOT_MAPPED');

    // When the card company is back and the operator retries
    refundsDown = false;
    expect((await t.api('POST', `/api/incidents/${incident!.id}/retry`)).status).toBe(202);
    await untilAt(t, i.id, 'confirm');
    expect(callsOf(i.id)).toEqual([
      'card/refund {"amount":50,"chargeId":"C-50"}',
      'hotel/cancel {"ref":"H-wu"}',
    ]);
    expect(await undone(i.id)).toEqual(['charge', 'book']);
  });
});

describe('an engine that dies during a compensation', () => {
  it('leaves the undo it took to another engine: run once, with the same key, nothing twice', async () => {
    // Given a second engine whose refund never answers: it takes the refund as the review is
    // completed there, then it is gone
    const stuck: string[] = [];
    const ghost = await startTestEngine({
      definitions: files(trip, withdrawn),
      schema: t.schema,
      prefix: t.prefix,
      start: new Date(t.clock.now()).toISOString(),
      actions: registry((_input, ctx) => {
        stuck.push(ctx.idempotencyKey);
        return new Promise(() => undefined);
      }),
    });
    const i = await reviewed(ghost, 'trip', 'ho', 30);
    await t.until(async () => stuck.length === 1, 'the dead engine called the card company');
    await ghost.close();
    const [taken] = await jobsAt(t, i.id, 'undo');
    expect(taken).toMatchObject({ status: 'pending', attempt: 1 });

    // When its claim ends, this engine runs the refund, then the cancellation
    t.clock.advance(taken!.due_at.getTime() - t.clock.now());
    await settle(t);
    await untilAt(t, i.id, 'confirm');
    const mine = calls.filter((c) => c.instanceId === i.id);
    expect(mine.map((c) => c.action)).toEqual(['card/refund', 'hotel/cancel']);
    expect(mine[0]!.key).toBe(taken!.id);
    expect(stuck).toEqual([taken!.id]);
    expect(await undone(i.id)).toEqual(['charge', 'book']);
    const entered = (await history(t, i.id)).filter((h) => h.type === 'compensation.started');
    expect(entered).toHaveLength(1);
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
