/**
 * Multi-instance service tasks and call activities through the HTTP API (issue 19, item 1; user
 * tasks are in multi-instance.test.ts, subprocesses in faults/multi-instance-kill.test.ts): a
 * quote per garage computed at once or one after another with a completion condition, results
 * collected in the garages' order; an appraisal case called per damaged item, answered out of
 * order and collected in order; a called case's error end taking the activity's error boundary
 * and withdrawing the other called cases. With the real engine, PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import {
  complete,
  getInstance,
  history,
  startInstance,
  tasksOf,
  untilStatus,
} from '../helpers/scenario.ts';

const GARAGES = [
  { name: 'North', base: 120 },
  { name: 'East', base: 60 },
  { name: 'South', base: 90 },
];

/** A quote per garage (`garage`), its price computed by set-variables, collected as `quotes`. */
const quotes = (id: string, multiInstance: Record<string, unknown> = {}) =>
  process(
    id,
    [
      start(),
      service('quote', 'set-variables', {
        input: { price: 'garage.base * 2' },
        multiInstance: {
          collection: 'garages',
          elementVariable: 'garage',
          outputCollection: 'quotes',
          outputElement: '{ garage: garage.name, price: price, at: loopCounter }',
          ...multiInstance,
        },
      }),
      end('quoted', 'quoted'),
    ],
    [
      ['start', 'quote'],
      ['quote', 'quoted'],
    ],
  );

// An appraisal case per damaged item; an item that cannot be appraised ends in an error
const appraisal = process(
  'appraisal',
  [
    start(),
    { id: 'known', type: 'exclusiveGateway', default: 'f3' },
    {
      id: 'unknown-item',
      type: 'errorEnd',
      errorCode: 'UNKNOWN_ITEM',
      message: 'No such item on the policy',
      details: { item: 'item' },
    },
    userTask('appraise'),
    end('appraised', 'appraised'),
  ],
  [
    ['start', 'known'],
    ['known', 'unknown-item', 'item = "piano"'],
    ['known', 'appraise'],
    ['appraise', 'appraised'],
  ],
);
const claim = process(
  'appraised-claim',
  [
    start(),
    {
      id: 'appraise-items',
      type: 'callActivity',
      process: { id: 'appraisal' },
      input: { item: 'item' },
      output: { ok: 'child.ok' },
      multiInstance: {
        collection: 'items',
        elementVariable: 'item',
        outputCollection: 'appraisals',
        outputElement: '{ item: item, ok: ok }',
      },
    },
    {
      id: 'unknown',
      type: 'boundaryError',
      attachedTo: 'appraise-items',
      errorCode: 'UNKNOWN_ITEM',
    },
    end('appraised', 'appraised'),
    end('refused', 'refused'),
  ],
  [
    ['start', 'appraise-items'],
    ['appraise-items', 'appraised'],
    ['unknown', 'refused'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: files(
      quotes('parallel-quotes'),
      quotes('sequential-quotes', { mode: 'sequential', completionCondition: 'price > 200' }),
      appraisal,
      claim,
    ),
  });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

/** How many instances of the multi-instance activity finished. */
const finished = async (instanceId: string) =>
  (await history(t, instanceId)).filter((h) => h.type === 'multiInstance.instanceCompleted').length;

/** The cases a claim called, with the item each was given, in the items' order. */
async function children(parentId: string, items: string[]) {
  const rows = await t.sql<{ id: string }>(`SELECT id FROM instances WHERE parent_id = $1`, [
    parentId,
  ]);
  const called = await Promise.all(rows.map(async (r) => getInstance(t, r.id)));
  const out = called.map((c) => ({ id: c.id, status: c.status, item: c.variables.item as string }));
  return out.sort((a, b) => items.indexOf(a.item) - items.indexOf(b.item));
}

describe('a multi-instance service task', () => {
  it('runs a quote per garage at once and collects them in the garages’ order', async () => {
    const i = await startInstance(t, 'parallel-quotes', { garages: GARAGES });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.variables.quotes).toEqual([
      { garage: 'North', price: 240, at: 1 },
      { garage: 'East', price: 120, at: 2 },
      { garage: 'South', price: 180, at: 3 },
    ]);
    // each instance's price stayed its own: the case has none
    expect(done.variables).not.toHaveProperty('price');
    expect(await finished(i.id)).toBe(3);
  });

  it('one after another, stops at the first quote over 200: the rest are never asked', async () => {
    const i = await startInstance(t, 'sequential-quotes', { garages: GARAGES });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.variables.quotes).toEqual([{ garage: 'North', price: 240, at: 1 }, null, null]);
    expect(await finished(i.id)).toBe(1);
    const completed = (await history(t, i.id)).find((h) => h.type === 'multiInstance.completed');
    expect(completed?.nodeId).toBe('quote');
  });
});

describe('a multi-instance call activity', () => {
  it('calls an appraisal per item, answered out of order, collected in the items’ order', async () => {
    const items = ['sofa', 'tv', 'bike'];
    const i = await startInstance(t, 'appraised-claim', { items });
    const called = await children(i.id, items);
    expect(called.map((c) => c.item)).toEqual(['sofa', 'tv', 'bike']);

    // When the appraisers answer bike, then sofa, then tv
    const answer = async (item: string, ok: boolean) => {
      const child = called.find((c) => c.item === item)!;
      const [task] = await tasksOf(t, child.id);
      await complete(t, task!.id, { ok });
    };
    await answer('bike', true);
    await answer('sofa', false);
    expect((await getInstance(t, i.id)).status).toBe('active');
    await answer('tv', true);

    // Then the claim goes on once all three are in, with them in the items' order
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('appraised');
    expect(done.variables.appraisals).toEqual([
      { item: 'sofa', ok: false },
      { item: 'tv', ok: true },
      { item: 'bike', ok: true },
    ]);
    expect(done.variables).not.toHaveProperty('ok');
  });

  it('a called case’s error end takes the activity’s error boundary and withdraws the other calls', async () => {
    const items = ['sofa', 'piano', 'tv'];
    const i = await startInstance(t, 'appraised-claim', { items });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('refused');
    expect(done.variables).toMatchObject({ item: 'piano' });
    // the other calls are withdrawn by their cancel-instance jobs, after the claim's step
    const called = await t.until(async () => {
      const c = await children(i.id, items);
      return c.every((x) => x.status !== 'active') ? c : null;
    }, 'the other appraisals withdrawn');
    expect(called.map((c) => [c.item, c.status])).toEqual([
      ['sofa', 'cancelled'],
      ['piano', 'completed'],
      ['tv', 'cancelled'],
    ]);
    const caught = (await history(t, i.id)).find((h) => h.type === 'error.caught');
    expect(caught).toMatchObject({ nodeId: 'unknown', data: { code: 'UNKNOWN_ITEM' } });
    const open = await t.sql(
      `SELECT count(*)::int AS n FROM tasks WHERE instance_id = ANY($1) AND status = 'open'`,
      [called.map((c) => c.id)],
    );
    expect(open[0].n).toBe(0);
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
