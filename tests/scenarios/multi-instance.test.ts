/**
 * Multi-instance activities through the HTTP API (issue 19): a review per insured person of a
 * policy application, all at once or one after another, with the reviews collected in the
 * order of the insureds; a quorum that ends the reviews early; an application without insureds
 * passing straight through; a two-day deadline on the reviews that withdraws every open one;
 * and insureds that are not a list, held with an incident until corrected. With the real
 * engine, PostgreSQL and Redis.
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
  untilStatus,
} from '../helpers/scenario.ts';

const INSUREDS = [{ name: 'Wang' }, { name: 'Lin' }, { name: 'Chen' }];

/** A review per insured (`insured`), its verdicts collected as `reviews`, a two-day deadline. */
const reviews = (id: string, multiInstance: Record<string, unknown> = {}) =>
  process(
    id,
    [
      start(),
      userTask('review', 'ack', {
        multiInstance: {
          collection: 'insureds',
          elementVariable: 'insured',
          outputCollection: 'reviews',
          outputElement: '{ name: insured.name, ok: ok }',
          ...multiInstance,
        },
      }),
      { id: 'late', type: 'boundaryTimer', attachedTo: 'review', timer: { duration: 'P2D' } },
      end('reviewed', 'reviewed'),
      end('too-late', 'late'),
    ],
    [
      ['start', 'review'],
      ['review', 'reviewed'],
      ['late', 'too-late'],
    ],
  );

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: files(
      reviews('parallel-reviews'),
      reviews('sequential-reviews', { mode: 'sequential', completionCondition: 'ok = false' }),
      reviews('quorum-reviews', { completionCondition: 'nrOfCompletedInstances >= 2' }),
    ),
  });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

const path = async (id: string) =>
  (await history(t, id)).map((h) => `${h.type}${h.nodeId ? `:${h.nodeId}` : ''}`);
const waits = (i: { tokens: { nodeId: string; waitingFor: string }[] }) =>
  i.tokens.map((k) => `${k.nodeId}:${k.waitingFor}`);

describe('a review per insured person, in parallel', () => {
  it('opens every review at once and collects the verdicts in the insureds’ order', async () => {
    // When an application with three insureds starts
    const i = await startInstance(t, 'parallel-reviews', { insureds: INSUREDS });

    // Then three reviews are open at once, the body waiting on them
    expect(waits(i)).toEqual(['review:multiInstance', ...INSUREDS.map(() => 'review:task')]);
    const open = await tasksOf(t, i.id);
    expect(open).toHaveLength(3);

    // When they are done last first
    await complete(t, open[2]!.id, { ok: false });
    await complete(t, open[0]!.id, { ok: true });
    expect((await getInstance(t, i.id)).status).toBe('active');
    await complete(t, open[1]!.id, { ok: true });

    // Then the verdicts stand in the insureds' order, and nothing of an instance leaks out
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('reviewed');
    expect(done.variables.reviews).toEqual([
      { name: 'Wang', ok: true },
      { name: 'Lin', ok: true },
      { name: 'Chen', ok: false },
    ]);
    expect(done.variables).not.toHaveProperty('ok');
    expect(done.variables).not.toHaveProperty('insured');
    // one deadline for the whole body, cancelled with it
    expect((await jobsAt(t, i.id, 'late')).map((j) => j.status)).toEqual(['cancelled']);
    const steps = await path(i.id);
    expect(steps.filter((s) => s === 'multiInstance.instanceCompleted:review')).toHaveLength(3);
    expect(steps).toContain('multiInstance.completed:review');
  });

  it('an application without insureds passes straight through', async () => {
    const i = await startInstance(t, 'parallel-reviews', { insureds: [] });
    expect(i.status).toBe('completed');
    expect(i.outcome).toBe('reviewed');
    expect(i.variables.reviews).toEqual([]);
    expect(await tasksOf(t, i.id)).toEqual([]);
    expect(await jobsAt(t, i.id, 'late')).toEqual([]);
  });

  it('the deadline withdraws every open review and takes the late path', async () => {
    const i = await startInstance(t, 'parallel-reviews', { insureds: INSUREDS });
    const open = await tasksOf(t, i.id);
    await complete(t, open[0]!.id, { ok: true });

    // When two days pass with two reviews still open
    t.clock.advance(2 * DAY + 60_000);
    await settle(t);

    // Then both are cancelled, the done one kept, and the case ends late
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('late');
    expect((await tasksOf(t, i.id, 'cancelled')).map((k) => k.id).sort()).toEqual(
      [open[1]!.id, open[2]!.id].sort(),
    );
    expect((await tasksOf(t, i.id, 'completed')).map((k) => k.id)).toEqual([open[0]!.id]);
    expect(done.variables).not.toHaveProperty('reviews');
    const interrupted = (await history(t, i.id)).find((h) => h.type === 'node.interrupted');
    expect(interrupted?.data).toMatchObject({ by: 'late' });
    expect((interrupted?.data?.withdrawn as unknown[]).length).toBe(2);
  });
});

describe('a review per insured person, one after another', () => {
  it('opens the next review only when the one before is done, in the insureds’ order', async () => {
    const i = await startInstance(t, 'sequential-reviews', { insureds: INSUREDS });
    expect(waits(i)).toEqual(['review:multiInstance', 'review:task']);
    for (let n = 0; n < 3; n++) {
      const open = await tasksOf(t, i.id);
      expect(open).toHaveLength(1);
      await complete(t, open[0]!.id, { ok: true });
    }
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.variables.reviews).toEqual(INSUREDS.map((p) => ({ name: p.name, ok: true })));
  });

  it('stops at the first refusal (completion condition), leaving the rest unreviewed', async () => {
    const i = await startInstance(t, 'sequential-reviews', { insureds: INSUREDS });
    await complete(t, (await tasksOf(t, i.id))[0]!.id, { ok: false });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.variables.reviews).toEqual([{ name: 'Wang', ok: false }, null, null]);
    expect(await tasksOf(t, i.id, 'completed')).toHaveLength(1);
    expect(await tasksOf(t, i.id, 'cancelled')).toEqual([]);
  });
});

describe('a quorum of reviews', () => {
  it('ends once two are done, the third withdrawn', async () => {
    const i = await startInstance(t, 'quorum-reviews', { insureds: INSUREDS });
    const open = await tasksOf(t, i.id);
    await complete(t, open[1]!.id, { ok: true });
    await complete(t, open[2]!.id, { ok: true });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('reviewed');
    expect(done.variables.reviews).toEqual([
      null,
      { name: 'Lin', ok: true },
      { name: 'Chen', ok: true },
    ]);
    expect((await tasksOf(t, i.id, 'cancelled')).map((k) => k.id)).toEqual([open[0]!.id]);
    // the withdrawn review can no longer be completed
    const late = await t.api(
      'POST',
      `/api/tasks/${open[0]!.id}/complete`,
      { data: { ok: true } },
      { as: 'adjuster' },
    );
    expect(late.status).toBe(409);
  });
});

describe('insureds that are not a list', () => {
  it('hold the case with an incident naming what they are, until corrected and retried', async () => {
    // Given an application whose insureds came as one name
    const i = await startInstance(t, 'parallel-reviews', { insureds: 'Wang' });
    expect(waits(i)).toEqual(['review:gateway']);
    expect(await tasksOf(t, i.id)).toEqual([]);
    const list = await t.api('GET', `/api/incidents?instanceId=${i.id}`);
    const [item] = list.body.items;
    expect(item).toMatchObject({ nodeId: 'review', status: 'open' });
    expect(item.error).toBe(
      'CW_ERR_MULTI_INSTANCE_COLLECTION: collection insureds gave string "Wang", not a list; it read insureds',
    );
    const detail = await t.api('GET', `/api/incidents/${item.id}`);
    expect(detail.body.details).toEqual({
      condition: {
        code: 'CW_ERR_MULTI_INSTANCE_COLLECTION',
        expression: 'insureds',
        result: 'Wang',
        valueType: 'string',
        read: { insureds: 'Wang' },
      },
    });

    // When an operator corrects the insureds through the retry
    const fixed = await t.api('POST', `/api/incidents/${item.id}/retry`, {
      variables: { insureds: INSUREDS.slice(0, 2) },
      reason: 'two insureds on the paper form',
    });
    expect(fixed.status).toBe(202);

    // Then a review per insured opens
    const reviewsOpen = await t.until(async () => {
      const open = await tasksOf(t, i.id);
      return open.length === 2 ? open : null;
    }, 'two reviews');
    for (const k of reviewsOpen) await complete(t, k.id, { ok: true });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.variables.reviews).toEqual([
      { name: 'Wang', ok: true },
      { name: 'Lin', ok: true },
    ]);
  });

  it('a list over the limit is held with its size', async () => {
    const i = await startInstance(t, 'parallel-reviews', {
      insureds: Array.from({ length: 1001 }, (_, n) => ({ name: `p${n}` })),
    });
    expect(waits(i)).toEqual(['review:gateway']);
    const list = await t.api('GET', `/api/incidents?instanceId=${i.id}`);
    expect(list.body.items[0].error).toContain('a list of 1001 items, over the limit');
    expect(await tasksOf(t, i.id)).toEqual([]);
  });
});

it('keeps the durability invariants', async () => {
  expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
});
