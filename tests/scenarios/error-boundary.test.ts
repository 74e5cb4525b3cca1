/**
 * Error boundary events (issue 19): a bank that refuses a transfer with a code routes the case
 * to the path its process draws for that code (a correction task for a closed account), or to a
 * catch-all, instead of an incident; the job is done with its code kept, the history shows the
 * path, and a code no boundary catches is still an incident; a subprocess around the transfer
 * catches with its own boundary what the task has none for. Through the HTTP API, with the
 * bank-transfer plugin against a local bank over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANK_TRANSFER_ONLY, startBank, type Bank } from '../fixtures/fake-bank.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import {
  complete,
  history,
  startInstance,
  tasksOf,
  untilAt,
  untilStatus,
} from '../helpers/scenario.ts';

const pay = service('pay', 'bank-transfer/pay', {
  input: { account: 'account', amount: 'amount' },
  output: { transferId: 'result.transferId' },
});

// Given a payment whose closed accounts go to a correction task and any other refusal to a review
const payout = process(
  'payout-routed',
  [
    start(),
    pay,
    {
      id: 'account-closed',
      type: 'boundaryError',
      attachedTo: 'pay',
      errorCode: 'ACCOUNT_CLOSED',
      output: { closedOn: 'error.details.closedOn', refusal: 'error.code' },
    },
    { id: 'refused', type: 'boundaryError', attachedTo: 'pay' },
    userTask('correct-account'),
    end('paid', 'paid'),
    end('corrected', 'corrected'),
    end('not-paid', 'refused'),
  ],
  [
    ['start', 'pay'],
    ['pay', 'paid'],
    ['account-closed', 'correct-account'],
    ['correct-account', 'corrected'],
    ['refused', 'not-paid'],
  ],
);

// And one that routes only closed accounts
const named = process(
  'payout-named',
  [
    start(),
    pay,
    { id: 'account-closed', type: 'boundaryError', attachedTo: 'pay', errorCode: 'ACCOUNT_CLOSED' },
    end('paid', 'paid'),
    end('closed', 'closed'),
  ],
  [
    ['start', 'pay'],
    ['pay', 'paid'],
    ['account-closed', 'closed'],
  ],
);

// And one whose payment step is a subprocess: its boundary catches what the transfer has none for
const wrapped = process(
  'payout-wrapped',
  [
    start(),
    { id: 'payment', type: 'subProcess' },
    { ...start('payment-start'), parent: 'payment' },
    { ...pay, parent: 'payment' },
    { ...end('payment-done'), parent: 'payment' },
    {
      id: 'closed',
      type: 'boundaryError',
      attachedTo: 'payment',
      errorCode: 'ACCOUNT_CLOSED',
      output: { refusal: 'error.code' },
    },
    userTask('correct-account'),
    end('paid', 'paid'),
    end('corrected', 'corrected'),
  ],
  [
    ['start', 'payment'],
    ['payment-start', 'pay'],
    ['pay', 'payment-done'],
    ['payment', 'paid'],
    ['closed', 'correct-account'],
    ['correct-account', 'corrected'],
  ],
);

let bank: Bank;
let t: TestEngine;
beforeAll(async () => {
  bank = await startBank();
  t = await startTestEngine({
    definitions: files(payout, named, wrapped),
    pluginsDir: BANK_TRANSFER_ONLY.pluginsDir,
    config: { logLevel: 'warn', pluginPackages: BANK_TRANSFER_ONLY.pluginPackages },
  });
  const config = await t.api('PUT', '/api/plugins/bank-transfer/config', {
    config: { baseUrl: bank.url },
  });
  expect(config.status).toBe(204);
  const secrets = await t.api('PUT', '/api/plugins/bank-transfer/secrets', {
    secrets: { apiKey: 'k-0123456789abcdef' },
  });
  expect(secrets.status).toBe(204);
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
  await bank?.close();
});

const incidentsOf = async (instanceId: string) =>
  (await t.api('GET', `/api/incidents?instanceId=${instanceId}`)).body.items as unknown[];
const serviceJob = async (instanceId: string) =>
  (
    await t.sql(
      `SELECT status, fire_count, last_error_code FROM jobs WHERE instance_id = $1 AND kind = 'service'`,
      [instanceId],
    )
  )[0];

describe('an error boundary on a service task', () => {
  it('takes the path for the code: a closed account goes to the correction task', async () => {
    // When the bank refuses the transfer because the account is closed
    const i = await startInstance(t, 'payout-routed', { account: '9001-0001', amount: 10 });
    const waiting = await untilAt(t, i.id, 'correct-account');

    // Then the case waits at the correction task with what the bank said, and no incident
    expect(waiting.variables).toMatchObject({ closedOn: '2026-11-30', refusal: 'ACCOUNT_CLOSED' });
    expect(await incidentsOf(i.id)).toEqual([]);
    expect(await serviceJob(i.id)).toEqual({
      status: 'done',
      fire_count: 1,
      last_error_code: 'ACCOUNT_CLOSED',
    });
    const path = (await history(t, i.id)).map((h) => `${h.type}${h.nodeId ? `:${h.nodeId}` : ''}`);
    expect(path).toEqual(
      expect.arrayContaining([
        'job.scheduled:pay',
        'error.caught:account-closed',
        'node.interrupted:pay',
        'node.entered:account-closed',
        'node.entered:correct-account',
        'task.created:correct-account',
      ]),
    );
    expect(path.indexOf('error.caught:account-closed')).toBeLessThan(
      path.indexOf('node.entered:correct-account'),
    );
    const caught = (await history(t, i.id)).find((h) => h.type === 'error.caught');
    expect(caught?.data).toMatchObject({ code: 'ACCOUNT_CLOSED', attachedTo: 'pay' });
    // the bank was asked once: a business error is not retried
    expect(bank.requests.filter((r) => r.body.account === '9001-0001')).toHaveLength(1);

    // And when the clerk has corrected it, the case ends on the correction path
    const [task] = await tasksOf(t, i.id);
    await complete(t, task!.id, { ok: true });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('corrected');
  });

  it('takes the catch-all for any other code', async () => {
    const i = await startInstance(t, 'payout-routed', { account: '123-001', amount: 5000 });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('refused');
    // without an output mapping, the error's details are the case's
    expect(done.variables).toMatchObject({ limit: 1000 });
    const caught = (await history(t, i.id)).find((h) => h.type === 'error.caught');
    expect(caught).toMatchObject({
      nodeId: 'refused',
      data: { code: 'LIMIT_EXCEEDED', catchAll: true },
    });
    expect(await incidentsOf(i.id)).toEqual([]);
  });

  it('does not stand in the way of a transfer that goes through', async () => {
    const i = await startInstance(t, 'payout-routed', { account: '123-002', amount: 10 });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('paid');
    expect(done.variables).toMatchObject({ transferId: expect.any(String) });
    expect((await history(t, i.id)).map((h) => h.type)).not.toContain('error.caught');
  });

  it('leaves a code no boundary names to an incident, the case waiting at the task', async () => {
    const i = await startInstance(t, 'payout-named', { account: '123-003', amount: 5000 });
    const incident = await t.until(async () => (await incidentsOf(i.id))[0], 'an incident');
    expect(incident).toMatchObject({ code: 'LIMIT_EXCEEDED', nodeId: 'pay' });
    expect((await serviceJob(i.id))?.status).toBe('failed');

    // while a closed account on the same process takes its boundary
    const j = await startInstance(t, 'payout-named', { account: '9001-0002', amount: 10 });
    expect((await untilStatus(t, j.id, 'completed')).outcome).toBe('closed');
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});

describe('an error boundary on a subprocess around the transfer', () => {
  it('catches the code the task has no boundary for: the subprocess ends, the correction task opens', async () => {
    const i = await startInstance(t, 'payout-wrapped', { account: '9001-0003', amount: 10 });
    const waiting = await untilAt(t, i.id, 'correct-account');
    expect(waiting.variables).toMatchObject({ refusal: 'ACCOUNT_CLOSED' });
    expect(waiting.tokens.map((k) => k.nodeId)).toEqual(['correct-account']);
    expect(await incidentsOf(i.id)).toEqual([]);
    expect((await serviceJob(i.id))?.status).toBe('done');
    const h = await history(t, i.id);
    expect(h.find((x) => x.type === 'error.thrown')).toMatchObject({
      nodeId: 'pay',
      data: { code: 'ACCOUNT_CLOSED', caughtBy: 'closed' },
    });
    expect(h.find((x) => x.type === 'error.caught')).toMatchObject({ nodeId: 'closed' });
  });

  it('leaves a code neither the task nor the subprocess catches to an incident at the task', async () => {
    const i = await startInstance(t, 'payout-wrapped', { account: '123-004', amount: 5000 });
    const incident = await t.until(async () => (await incidentsOf(i.id))[0], 'an incident');
    expect(incident).toMatchObject({ code: 'LIMIT_EXCEEDED', nodeId: 'pay' });
    const held = await t.api('GET', `/api/instances/${i.id}`);
    expect(held.body.status).toBe('active');
    expect(held.body.tokens.map((k: { nodeId: string }) => k.nodeId)).toContain('pay');
    expect((await history(t, i.id)).map((x) => x.type)).not.toContain('error.caught');
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
