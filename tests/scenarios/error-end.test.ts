/**
 * Error end events and error boundaries on call activities (issue 19): a payment case that ends
 * with a business error (an error end, `ACCOUNT_CLOSED`) takes the claim's path for that code at
 * the call activity (a correction task), another code takes a catch-all, a code nothing catches
 * is an incident at the call activity that a migration to a version catching it repairs, and a
 * case started on its own just ends with its error. Through the HTTP API with the real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import {
  complete,
  getInstance,
  history,
  startInstance,
  tasksOf,
  untilAt,
  untilStatus,
} from '../helpers/scenario.ts';

// Given a payment that ends with ACCOUNT_CLOSED or LIMIT_EXCEEDED when the bank check says so,
// while a reminder about it is still open
const payment = process(
  'payment',
  [
    start(),
    { id: 'fork', type: 'parallelGateway' },
    userTask('remind'),
    { id: 'check', type: 'exclusiveGateway', default: 'f6' },
    {
      id: 'closed',
      type: 'errorEnd',
      errorCode: 'ACCOUNT_CLOSED',
      message: 'the account is closed',
      details: { closedOn: '"2026-11-30"', account: 'account' },
    },
    { id: 'limit', type: 'errorEnd', errorCode: 'LIMIT_EXCEEDED' },
    end('paid', 'paid'),
  ],
  [
    ['start', 'fork'],
    ['fork', 'remind'],
    ['fork', 'check'],
    ['check', 'closed', 'bank = "closed"'],
    ['check', 'limit', 'bank = "limit"'],
    ['check', 'paid'],
    ['remind', 'paid'],
  ],
);

const pay = (extra: Record<string, unknown> = {}) => ({
  id: 'pay',
  type: 'callActivity',
  process: { id: 'payment' },
  input: { bank: 'bank', account: 'account' },
  ...extra,
});

// And a claim that sends closed accounts to a correction task and any other error to a review
const claim = process(
  'claim-paid',
  [
    start(),
    pay(),
    {
      id: 'account-closed',
      type: 'boundaryError',
      attachedTo: 'pay',
      errorCode: 'ACCOUNT_CLOSED',
      output: { closedOn: 'error.details.closedOn', refusal: 'error.code', why: 'error.message' },
    },
    { id: 'refused', type: 'boundaryError', attachedTo: 'pay' },
    { id: 'late', type: 'boundaryTimer', attachedTo: 'pay', timer: { duration: 'P30D' } },
    userTask('correct-account'),
    end('done', 'paid'),
    end('corrected', 'corrected'),
    end('not-paid', 'refused'),
    end('too-late', 'late'),
  ],
  [
    ['start', 'pay'],
    ['pay', 'done'],
    ['account-closed', 'correct-account'],
    ['correct-account', 'corrected'],
    ['refused', 'not-paid'],
    ['late', 'too-late'],
  ],
);

// And one whose v1 catches only closed accounts, and whose v2 catches any error too
const strictV1 = process(
  'claim-strict',
  [
    start(),
    pay(),
    { id: 'account-closed', type: 'boundaryError', attachedTo: 'pay', errorCode: 'ACCOUNT_CLOSED' },
    end('done', 'paid'),
    end('closed', 'closed'),
  ],
  [
    ['start', 'pay'],
    ['pay', 'done'],
    ['account-closed', 'closed'],
  ],
);
const strictV2 = process(
  'claim-strict',
  [...strictV1.nodes, { id: 'refused', type: 'boundaryError', attachedTo: 'pay' }, end('other')],
  [
    ['start', 'pay'],
    ['pay', 'done'],
    ['account-closed', 'closed'],
    ['refused', 'other'],
  ],
  {},
  2,
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(payment, claim, strictV1, strictV2) });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

const childOf = async (id: string) =>
  (await t.sql(`SELECT id FROM instances WHERE parent_id = $1`, [id]))[0]!.id as string;
const incidentsOf = async (instanceId: string) =>
  (await t.api('GET', `/api/incidents?instanceId=${instanceId}`)).body.items as {
    id: string;
    nodeId: string;
    error: string;
  }[];
const path = async (id: string) =>
  (await history(t, id)).map((h) => `${h.type}${h.nodeId ? `:${h.nodeId}` : ''}`);

describe('an error end in a called case', () => {
  it('takes the call activity’s boundary for its code: the correction task, with the error', async () => {
    // When the bank check says the account is closed
    const i = await startInstance(t, 'claim-paid', { bank: 'closed', account: '9001-0001' });
    const waiting = await untilAt(t, i.id, 'correct-account');

    // Then the claim waits at the correction task with what the payment said
    expect(waiting.variables).toMatchObject({
      closedOn: '2026-11-30',
      refusal: 'ACCOUNT_CLOSED',
      why: 'the account is closed',
    });
    // and the payment case ended at once, its open reminder withdrawn
    const child = await getInstance(t, await childOf(i.id));
    expect(child).toMatchObject({ status: 'completed', tokens: [] });
    const [remind] = await tasksOf(t, child.id, 'cancelled');
    expect(remind?.node_id).toBe('remind');
    expect((await path(child.id)).slice(-3)).toEqual([
      'node.left:closed',
      'error.thrown:closed',
      'instance.completed',
    ]);
    // the claim's deadline on the call was cancelled, and no incident opened
    const timers = await t.sql(
      `SELECT status FROM jobs WHERE instance_id = $1 AND kind = 'timer'`,
      [i.id],
    );
    expect(timers.map((r) => r.status)).toEqual(['cancelled']);
    expect(await incidentsOf(i.id)).toEqual([]);
    const steps = await path(i.id);
    expect(steps).toEqual(
      expect.arrayContaining([
        'error.caught:account-closed',
        'node.interrupted:pay',
        'node.entered:correct-account',
      ]),
    );
    const caught = (await history(t, i.id)).find((h) => h.type === 'error.caught');
    expect(caught?.data).toMatchObject({
      childId: child.id,
      code: 'ACCOUNT_CLOSED',
      attachedTo: 'pay',
    });

    // And when the clerk has corrected the account, the claim ends on that path
    const [task] = await tasksOf(t, i.id);
    await complete(t, task!.id, { ok: true });
    expect((await untilStatus(t, i.id, 'completed')).outcome).toBe('corrected');
  });

  it('takes the catch-all for any other code', async () => {
    const i = await startInstance(t, 'claim-paid', { bank: 'limit', account: '123-001' });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('refused');
    const caught = (await history(t, i.id)).find((h) => h.type === 'error.caught');
    expect(caught).toMatchObject({
      nodeId: 'refused',
      data: { code: 'LIMIT_EXCEEDED', catchAll: true },
    });
  });

  it('does not stand in the way of a payment that ends normally', async () => {
    const i = await startInstance(t, 'claim-paid', { bank: 'ok', account: '123-002' });
    const child = await childOf(i.id);
    const [remind] = await tasksOf(t, child);
    await complete(t, remind!.id, { ok: true });
    expect((await untilStatus(t, i.id, 'completed')).outcome).toBe('paid');
    expect(await path(i.id)).not.toContain('error.caught:refused');
  });

  it('leaves a code no boundary catches to an incident at the call, repaired by a migration', async () => {
    // When the payment ends with a code the claim's v1 does not catch
    const i = await startInstance(
      t,
      'claim-strict',
      { bank: 'limit', account: '123-003' },
      { version: 1 },
    );
    const incident = await t.until(async () => (await incidentsOf(i.id))[0], 'an incident');

    // Then the claim has an incident at the call activity naming the code, and still waits there
    expect(incident.nodeId).toBe('pay');
    expect(incident.error).toMatch(/^CW_ERR_ERROR_NOT_CAUGHT: .*LIMIT_EXCEEDED/);
    expect(await getInstance(t, i.id)).toMatchObject({
      status: 'active',
      tokens: [{ nodeId: 'pay', waitingFor: 'call' }],
    });
    expect((await getInstance(t, await childOf(i.id))).status).toBe('completed');

    // And when it is moved to v2, which catches any error, a retry takes that boundary
    const moved = await t.api(
      'POST',
      `/api/instances/${i.id}/migrate`,
      { targetVersion: 2 },
      { as: 'designer' },
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await t.api('POST', `/api/incidents/${incident.id}/retry`)).status).toBe(202);
    expect((await untilStatus(t, i.id, 'completed')).outcome).toBeNull();
    expect(await path(i.id)).toContain('error.caught:refused');
  });

  it('ends a case started on its own with its error in the history', async () => {
    const i = await startInstance(t, 'payment', { bank: 'closed', account: '123-004' });
    const done = await getInstance(t, i.id);
    expect(done).toMatchObject({ status: 'completed', outcome: null, tokens: [] });
    const completed = (await history(t, i.id)).at(-1);
    expect(completed).toMatchObject({
      type: 'instance.completed',
      data: { error: 'ACCOUNT_CLOSED' },
    });
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
