/**
 * Message boundary events through the HTTP API (issue 19): a customer's "withdraw my claim"
 * message interrupts the assessor's task it is attached to (the task cancelled, the deadline
 * timer cancelled, the reason kept) and the case ends on the withdrawal path; once the task is
 * done the case no longer listens (a late message is buffered, nothing happens); a message sent
 * before the task opened interrupts it as it opens; on an embedded subprocess it withdraws every
 * task inside. With the real engine, PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, getInstance, history, startInstance, tasksOf } from '../helpers/scenario.ts';

const withdrawal = (attachedTo: string) => ({
  id: 'withdrawal',
  type: 'boundaryMessage',
  attachedTo,
  message: 'claim-withdrawn',
  correlationKey: 'claimRef',
  output: { withdrawnBecause: 'message.reason' },
});

// Given an assessment the customer may withdraw the claim from, with a five-day deadline
const assessed = process(
  'assessed',
  [
    start(),
    userTask('assess'),
    withdrawal('assess'),
    { id: 'late', type: 'boundaryTimer', attachedTo: 'assess', timer: { duration: 'P5D' } },
    end('paid', 'paid'),
    end('withdrawn', 'withdrawn'),
    end('too-late', 'late'),
  ],
  [
    ['start', 'assess'],
    ['assess', 'paid'],
    ['withdrawal', 'withdrawn'],
    ['late', 'too-late'],
  ],
);

// And checks in a subprocess (documents and a site visit at once) the withdrawal stops
const inside = (n: Record<string, unknown> & { id: string; type: string }) => ({
  ...n,
  parent: 'checks',
});
const checked = process(
  'checked',
  [
    start(),
    { id: 'checks', type: 'subProcess' },
    inside(start('checks-start')),
    inside({ id: 'fork', type: 'parallelGateway' }),
    inside(userTask('documents')),
    inside(userTask('site-visit')),
    inside({ id: 'join', type: 'parallelGateway' }),
    inside(end('checks-end')),
    withdrawal('checks'),
    end('paid', 'paid'),
    end('withdrawn', 'withdrawn'),
  ],
  [
    ['start', 'checks'],
    ['checks', 'paid'],
    ['checks-start', 'fork'],
    ['fork', 'documents'],
    ['fork', 'site-visit'],
    ['documents', 'join'],
    ['site-visit', 'join'],
    ['join', 'checks-end'],
    ['withdrawal', 'withdrawn'],
  ],
);

let t: TestEngine;
let seq = 0;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(assessed, checked) });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

const claimRef = () => `CLM-${++seq}-${t.prefix}`;
const withdraw = (key: string, reason = 'repaired at my own cost') =>
  t.api('POST', '/api/messages', {
    messageId: `withdraw-${key}`,
    name: 'claim-withdrawn',
    correlationKey: key,
    payload: { reason },
  });
const subscriptions = (instanceId: string) =>
  t.sql<{ node_id: string; status: string }>(
    `SELECT node_id, status FROM subscriptions WHERE instance_id = $1 ORDER BY created_at, id`,
    [instanceId],
  );
const jobStatuses = async (instanceId: string) =>
  (
    await t.sql<{ status: string }>(`SELECT status FROM jobs WHERE instance_id = $1`, [instanceId])
  ).map((j) => j.status);

describe('a message boundary event on a user task', () => {
  it('listens while the task is open and, when the message comes, cancels the task and takes its path', async () => {
    const key = claimRef();
    const i = await startInstance(t, 'assessed', { claimRef: key });
    expect(await subscriptions(i.id)).toEqual([{ node_id: 'withdrawal', status: 'pending' }]);

    // When the customer withdraws the claim
    const res = await withdraw(key);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'correlated', instanceId: i.id });

    // Then the assessment is cancelled, its deadline too, and the case ends withdrawn
    const done = await getInstance(t, i.id);
    expect(done).toMatchObject({
      status: 'completed',
      outcome: 'withdrawn',
      variables: { claimRef: key, withdrawnBecause: 'repaired at my own cost' },
    });
    expect((await tasksOf(t, i.id, 'cancelled')).map((x) => x.node_id)).toEqual(['assess']);
    expect(await jobStatuses(i.id)).toEqual(['cancelled']);
    expect(await subscriptions(i.id)).toEqual([{ node_id: 'withdrawal', status: 'done' }]);
    const path = (await history(t, i.id)).map((h) => `${h.type}:${h.nodeId ?? ''}`);
    expect(path).toEqual(
      expect.arrayContaining([
        'message.awaited:withdrawal',
        'message.correlated:withdrawal',
        'node.interrupted:assess',
        'node.entered:withdrawal',
      ]),
    );
  });

  it('stops listening once the task is done: a late withdrawal is buffered and changes nothing', async () => {
    const key = claimRef();
    const i = await startInstance(t, 'assessed', { claimRef: key });
    const [task] = await tasksOf(t, i.id);
    const after = await complete(t, task!.id, { ok: true });
    expect(after).toMatchObject({ status: 'completed', outcome: 'paid' });
    expect(await subscriptions(i.id)).toEqual([{ node_id: 'withdrawal', status: 'cancelled' }]);

    const late = await withdraw(key);
    expect(late.body).toMatchObject({ status: 'buffered', instanceId: null });
    expect((await getInstance(t, i.id)).outcome).toBe('paid');
  });

  it('takes a withdrawal sent before the task opened as soon as it opens', async () => {
    const key = claimRef();
    expect((await withdraw(key, 'sent early')).body).toMatchObject({ status: 'buffered' });
    const i = await startInstance(t, 'assessed', { claimRef: key });
    const done = await getInstance(t, i.id);
    expect(done).toMatchObject({
      status: 'completed',
      outcome: 'withdrawn',
      variables: { withdrawnBecause: 'sent early' },
    });
    expect((await tasksOf(t, i.id, 'cancelled')).map((x) => x.node_id)).toEqual(['assess']);
  });
});

describe('a message boundary event on an embedded subprocess', () => {
  it('withdraws every task inside and takes its path', async () => {
    const key = claimRef();
    const i = await startInstance(t, 'checked', { claimRef: key });
    expect((await tasksOf(t, i.id)).map((x) => x.node_id).sort()).toEqual([
      'documents',
      'site-visit',
    ]);
    // one of the checks is done already
    const documents = (await tasksOf(t, i.id)).find((x) => x.node_id === 'documents')!;
    await complete(t, documents.id, { ok: true });

    expect((await withdraw(key)).body).toMatchObject({ status: 'correlated', instanceId: i.id });
    const done = await getInstance(t, i.id);
    expect(done).toMatchObject({ status: 'completed', outcome: 'withdrawn', tokens: [] });
    expect((await tasksOf(t, i.id, 'cancelled')).map((x) => x.node_id)).toEqual(['site-visit']);
    const interrupted = (await history(t, i.id)).find((h) => h.type === 'node.interrupted');
    expect(interrupted).toMatchObject({
      nodeId: 'checks',
      data: { by: 'withdrawal', withdrawn: expect.arrayContaining([expect.anything()]) },
    });
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
