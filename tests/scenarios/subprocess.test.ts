/**
 * Embedded subprocesses through the HTTP API (issue 19): a claim's review is a subprocess of two
 * checks done side by side, then a fraud decision. It completes when its inner tokens have
 * ended; its two-day deadline (an interrupting boundary timer) withdraws both checks; an error
 * end inside (`FRAUD`) takes the subprocess's error boundary; a one-day reminder beside it
 * (non-interrupting) leaves the checks open. With the real engine, PostgreSQL and Redis.
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
  jobsAt,
  settle,
  startInstance,
  tasksOf,
  untilAt,
  untilStatus,
} from '../helpers/scenario.ts';

const inReview = (node: Record<string, unknown> & { id: string; type: string }) => ({
  ...node,
  parent: 'review',
});

// Given a claim whose review holds two checks side by side, then a decision that may throw FRAUD
const claim = process(
  'claim-review',
  [
    start(),
    { id: 'review', type: 'subProcess', name: { 'zh-Hant': '審核', en: 'Review' } },
    inReview(start('review-start')),
    inReview({ id: 'fork', type: 'parallelGateway' }),
    inReview(userTask('check-policy')),
    inReview(userTask('check-damage')),
    inReview({ id: 'join', type: 'parallelGateway' }),
    inReview({ id: 'suspicion', type: 'exclusiveGateway', default: 'f10' }),
    inReview({ id: 'refuse', type: 'errorEnd', errorCode: 'FRAUD', message: 'suspected fraud' }),
    inReview(end('reviewed')),
    {
      id: 'late',
      type: 'boundaryTimer',
      attachedTo: 'review',
      timer: { duration: 'P2D' },
    },
    {
      id: 'nudge',
      type: 'boundaryTimer',
      attachedTo: 'review',
      interrupting: false,
      timer: { duration: 'P1D' },
    },
    {
      id: 'fraud',
      type: 'boundaryError',
      attachedTo: 'review',
      errorCode: 'FRAUD',
      output: { refusal: 'error.code' },
    },
    userTask('investigate'),
    userTask('remind'),
    end('paid', 'paid'),
    end('too-late', 'late'),
    end('investigated', 'investigated'),
    end('reminded'),
  ],
  [
    ['start', 'review'],
    ['review', 'paid'],
    ['review-start', 'fork'],
    ['fork', 'check-policy'],
    ['fork', 'check-damage'],
    ['check-policy', 'join'],
    ['check-damage', 'join'],
    ['join', 'suspicion'],
    ['suspicion', 'refuse', 'suspicious = true'],
    ['suspicion', 'reviewed'],
    ['late', 'too-late'],
    ['fraud', 'investigate'],
    ['investigate', 'investigated'],
    ['nudge', 'remind'],
    ['remind', 'reminded'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(claim) });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

const path = async (id: string) =>
  (await history(t, id)).map((h) => `${h.type}${h.nodeId ? `:${h.nodeId}` : ''}`);
const byNode = async (id: string, status = 'open') =>
  Object.fromEntries((await tasksOf(t, id, status)).map((k) => [k.node_id, k.id]));

describe('an embedded subprocess', () => {
  it('starts at its own start and completes once both checks are done', async () => {
    // When a claim starts
    const i = await startInstance(t, 'claim-review', { suspicious: false });

    // Then both checks wait inside the review, the review itself waiting on them
    expect(i.tokens.map((k) => `${k.nodeId}:${k.waitingFor}`).sort()).toEqual([
      'check-damage:task',
      'check-policy:task',
      'review:subProcess',
    ]);
    const open = await byNode(i.id);
    expect(Object.keys(open).sort()).toEqual(['check-damage', 'check-policy']);

    // And when one check is done, the review still waits for the other
    await complete(t, open['check-policy']!, { ok: true });
    expect((await getInstance(t, i.id)).status).toBe('active');
    expect(await path(i.id)).not.toContain('subProcess.completed:review');

    // And when the other is done, the review completes and the claim goes on to paid
    await complete(t, open['check-damage']!, { ok: true });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('paid');
    // its variables are the case's: the checks' data is there
    expect(done.variables).toMatchObject({ ok: true, suspicious: false });
    const steps = await path(i.id);
    expect(steps.indexOf('subProcess.completed:review')).toBeGreaterThan(
      steps.indexOf('node.left:reviewed'),
    );
    expect(steps).toContain('node.entered:paid');
    // its two boundary timers were cancelled with it, neither fired
    const timers = await t.sql(
      `SELECT node_id, status FROM jobs WHERE instance_id = $1 AND kind = 'timer' ORDER BY node_id`,
      [i.id],
    );
    expect(timers).toEqual([
      { node_id: 'late', status: 'cancelled' },
      { node_id: 'nudge', status: 'cancelled' },
    ]);
  });

  it('its interrupting deadline withdraws both checks and takes the late path', async () => {
    const i = await startInstance(t, 'claim-review', { suspicious: false });
    const open = await byNode(i.id);
    await complete(t, open['check-policy']!, { ok: true });

    // When two days pass with the damage check still open (the reminder fires on the way)
    t.clock.advance(DAY + 60_000);
    await settle(t);
    await untilAt(t, i.id, 'remind');
    t.clock.advance(DAY + 60_000);
    await settle(t);

    // Then the review is interrupted: the open check cancelled, the case on the late path
    await t.until(
      async () => (await path(i.id)).includes('node.interrupted:review') || null,
      'the review interrupted',
    );
    expect(await byNode(i.id, 'cancelled')).toHaveProperty('check-damage');
    const now = await getInstance(t, i.id);
    expect(now.tokens.map((k) => k.nodeId)).toEqual(['remind']);
    const interrupted = (await history(t, i.id)).find((h) => h.type === 'node.interrupted');
    expect(interrupted?.data).toMatchObject({
      by: 'late',
      // the open check, and the done one's token waiting at the join
      withdrawn: [
        expect.objectContaining({ nodeId: 'check-damage' }),
        expect.objectContaining({ nodeId: 'join' }),
      ],
    });
    expect((await jobsAt(t, i.id, 'late')).map((j) => j.status)).toEqual(['done']);

    // And the reminder beside it is still to be done; then the case ends
    await complete(t, (await byNode(i.id))['remind']!, { ok: true });
    expect((await untilStatus(t, i.id, 'completed')).outcome).toBe('late');
  });

  it('an error end inside is caught by its error boundary', async () => {
    // When the checks are done and the decision finds the claim suspicious
    const i = await startInstance(t, 'claim-review', { suspicious: true });
    const open = await byNode(i.id);
    await complete(t, open['check-policy']!, { ok: true });
    await complete(t, open['check-damage']!, { ok: true });

    // Then the review ends with FRAUD, caught by its boundary: an investigation task
    const at = await untilAt(t, i.id, 'investigate');
    expect(at.variables).toMatchObject({ refusal: 'FRAUD' });
    expect(at.tokens.map((k) => k.nodeId)).toEqual(['investigate']);
    const steps = await path(i.id);
    expect(steps).toEqual(
      expect.arrayContaining([
        'error.thrown:refuse',
        'error.caught:fraud',
        'node.interrupted:review',
      ]),
    );
    expect(steps).not.toContain('subProcess.completed:review');
    // the review's timers are cancelled, the case is not ended by the error
    expect((await jobsAt(t, i.id, 'late')).map((j) => j.status)).toEqual(['cancelled']);
    await complete(t, (await byNode(i.id))['investigate']!, { ok: true });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('investigated');
    expect((await history(t, i.id)).at(-1)?.data).not.toHaveProperty('error');
  });

  it('its non-interrupting reminder leaves the checks open', async () => {
    const i = await startInstance(t, 'claim-review', { suspicious: false });

    // When a day passes
    t.clock.advance(DAY + 60_000);
    await settle(t);
    await untilAt(t, i.id, 'remind');

    // Then a reminder task waits beside the review, both checks still open inside it
    expect(Object.keys(await byNode(i.id)).sort()).toEqual([
      'check-damage',
      'check-policy',
      'remind',
    ]);
    expect((await jobsAt(t, i.id, 'nudge')).map((j) => j.status)).toEqual(['done']);

    // And the review completes as before; the case once the reminder is done too
    const open = await byNode(i.id);
    await complete(t, open['check-policy']!, { ok: true });
    await complete(t, open['check-damage']!, { ok: true });
    await t.until(
      async () => (await path(i.id)).includes('subProcess.completed:review') || null,
      'the review completed',
    );
    expect((await getInstance(t, i.id)).status).toBe('active');
    await complete(t, open['remind']!, { ok: true });
    expect((await untilStatus(t, i.id, 'completed')).outcome).toBe('paid');
  });

  it('cancelling the case cancels the tasks inside', async () => {
    const i = await startInstance(t, 'claim-review', { suspicious: false });
    const res = await t.api('POST', `/api/instances/${i.id}/cancel`, { reason: 'withdrawn' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(await byNode(i.id, 'cancelled')).sort()).toEqual([
      'check-damage',
      'check-policy',
    ]);
    expect(await tasksOf(t, i.id)).toEqual([]);
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
