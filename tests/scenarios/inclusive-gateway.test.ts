/**
 * Inclusive gateways (issue 19): a glass claim asks for each review its report calls for (a
 * police report when there was a theft, a photo check when photos came, a repairer's quote when
 * the glass is to be replaced), a plain check when it calls for none, and pays once every review
 * asked for is in: never waiting for one not asked for, nor for one withdrawn by its deadline.
 * Through the HTTP API with the real engine.
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
  untilAt,
} from '../helpers/scenario.ts';

// Given a claim whose reviews are asked for by its report, and whose quote has a 3-day deadline
const claim = process(
  'glass-reviews',
  [
    start(),
    { id: 'reviews', type: 'inclusiveGateway', default: 'f5' },
    userTask('police'),
    userTask('photos'),
    userTask('quote'),
    userTask('plain-check'),
    { id: 'quote-late', type: 'boundaryTimer', attachedTo: 'quote', timer: { duration: 'P3D' } },
    end('no-quote', 'no-quote'),
    { id: 'all-in', type: 'inclusiveGateway' },
    userTask('pay'),
    end('paid', 'paid'),
  ],
  [
    ['start', 'reviews'], // f1
    ['reviews', 'police', 'theft'], // f2
    ['reviews', 'photos', 'count(photos) > 0'], // f3
    ['reviews', 'quote', 'replace'], // f4
    ['reviews', 'plain-check'], // f5: the default
    ['police', 'all-in'],
    ['photos', 'all-in'],
    ['quote', 'all-in'],
    ['plain-check', 'all-in'],
    ['all-in', 'pay'],
    ['pay', 'paid'],
    ['quote-late', 'no-quote'],
  ],
);
// And one whose reviews have neither a default nor a flow without a condition (it could stop there)
const strict = process(
  'strict-reviews',
  [start(), { id: 'reviews', type: 'inclusiveGateway' }, userTask('police'), end()],
  [
    ['start', 'reviews'],
    ['reviews', 'police', 'theft'],
    ['police', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(claim, strict) });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

const open = async (id: string) => (await tasksOf(t, id)).map((x) => x.node_id).sort();
const taskAt = async (id: string, node: string) =>
  (await tasksOf(t, id)).find((x) => x.node_id === node)!;

describe('an inclusive gateway', () => {
  it('asks for every review the report calls for, and pays once all of them are in', async () => {
    // When a theft with photos and no replacement is reported
    const i = await startInstance(t, 'glass-reviews', {
      theft: true,
      photos: ['a.jpg'],
      replace: false,
    });

    // Then the police report and the photo check are asked for, nothing else
    expect(await open(i.id)).toEqual(['photos', 'police']);
    const forked = (await history(t, i.id)).find((h) => h.type === 'gateway.forked');
    expect(forked?.data).toEqual({ flows: ['f2', 'f3'] });

    // And when the police report is in, the claim waits for the photo check only
    await complete(t, (await taskAt(i.id, 'police')).id, { ok: true });
    expect((await getInstance(t, i.id)).tokens.map((x) => [x.nodeId, x.waitingFor])).toEqual(
      expect.arrayContaining([
        ['photos', 'task'],
        ['all-in', 'join'],
      ]),
    );
    expect(await open(i.id)).toEqual(['photos']);

    // And once the photo check is in too, payment is asked for, once
    await complete(t, (await taskAt(i.id, 'photos')).id, { ok: true });
    expect(await open(i.id)).toEqual(['pay']);
    const joined = (await history(t, i.id)).filter((h) => h.type === 'gateway.joined');
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({ nodeId: 'all-in' });
  });

  it('takes the default when the report calls for no review', async () => {
    const i = await startInstance(t, 'glass-reviews', { theft: false, photos: [], replace: false });
    expect(await open(i.id)).toEqual(['plain-check']);
    await complete(t, (await taskAt(i.id, 'plain-check')).id, { ok: true });
    expect(await open(i.id)).toEqual(['pay']);
  });

  it('stops waiting for a quote withdrawn by its deadline', async () => {
    // Given a theft whose glass is to be replaced: the police report and a quote
    const i = await startInstance(t, 'glass-reviews', { theft: true, photos: [], replace: true });
    expect(await open(i.id)).toEqual(['police', 'quote']);
    await complete(t, (await taskAt(i.id, 'police')).id, { ok: true });
    expect(await open(i.id)).toEqual(['quote']);

    // When the quote's three days pass
    t.clock.advance(3 * DAY + 60_000);
    await settle(t);
    await untilAt(t, i.id, 'pay');

    // Then the quote is withdrawn, its branch ends, and payment is asked for without it
    expect(await open(i.id)).toEqual(['pay']);
    const [quote] = await tasksOf(t, i.id, 'cancelled');
    expect(quote?.node_id).toBe('quote');
    const steps = (await history(t, i.id)).map((h) => `${h.type}:${h.nodeId}`);
    expect(steps.indexOf('node.left:no-quote')).toBeGreaterThan(-1);
    expect(steps.indexOf('node.left:no-quote')).toBeLessThan(
      steps.indexOf('gateway.joined:all-in'),
    );
  });

  it('holds a report whose photos are missing at the fork with an incident, not the default; corrected, it forks', async () => {
    // When the report has no photos at all: count(photos) > 0 gives null, not false
    const i = await startInstance(t, 'glass-reviews', { theft: true, replace: false });

    // Then nothing is asked for, not even the police report whose condition holds
    expect(await open(i.id)).toEqual([]);
    expect(i.tokens).toEqual([expect.objectContaining({ nodeId: 'reviews' })]);
    const list = await t.api('GET', `/api/incidents?instanceId=${i.id}`);
    expect(list.body.items).toEqual([
      expect.objectContaining({ nodeId: 'reviews', status: 'open' }),
    ]);
    const [item] = list.body.items;
    const detail = await t.api('GET', `/api/incidents/${item.id}`);
    expect(detail.body.details.condition).toMatchObject({
      code: 'CW_ERR_GATEWAY_CONDITION',
      flowId: 'f3',
      expression: 'count(photos) > 0',
      read: { photos: null },
    });

    // When the photos are given through the retry, the gateway forks on every true condition
    const fixed = await t.api('POST', `/api/incidents/${item.id}/retry`, {
      variables: { photos: ['b.jpg'] },
      reason: 'photos from the e-mail',
    });
    expect(fixed.status).toBe(202);
    await t.until(async () => ((await open(i.id)).length ? true : null), 'the reviews asked for');
    expect(await open(i.id)).toEqual(['photos', 'police']);
  });

  it('is refused at load when its conditions may all fail with no default', async () => {
    const res = await t.api('POST', '/api/instances', {
      processId: 'strict-reviews',
      variables: { theft: false },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CW_ERR_DEF_NOT_LOADED');
    const problems = (await t.api('GET', '/api/definitions/problems')).body;
    expect(JSON.stringify(problems)).toContain('CW_ERR_DEF_GATEWAY_NOT_EXHAUSTIVE');
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
