/**
 * Terminate end events (issue 19): a claim withdrawn by the customer ends the whole case while
 * an assessment, a reminder timer and a called child case are still open; each is withdrawn in
 * the same transaction, and the case completes with the terminate end's outcome. Through the
 * HTTP API with the real engine.
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
  untilStatus,
} from '../helpers/scenario.ts';

// Given a claim whose assessment, reminder and medical review run beside the customer's choice
const claim = process(
  'withdrawable',
  [
    start(),
    { id: 'fork', type: 'parallelGateway' },
    userTask('assess'),
    userTask('withdraw'),
    { id: 'wait', type: 'timer', timer: { duration: 'P30D' } },
    { id: 'review', type: 'callActivity', process: { id: 'medical' } },
    { id: 'withdrawn', type: 'terminateEnd', outcome: 'withdrawn' },
    end(),
  ],
  [
    ['start', 'fork'],
    ['fork', 'assess'],
    ['fork', 'withdraw'],
    ['fork', 'wait'],
    ['fork', 'review'],
    ['assess', 'end'],
    ['wait', 'end'],
    ['review', 'end'],
    ['withdraw', 'withdrawn'],
  ],
);
const medical = process(
  'medical',
  [start(), userTask('examine'), end()],
  [
    ['start', 'examine'],
    ['examine', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(claim, medical) });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

describe('a terminate end', () => {
  it('ends the whole case: open tasks, timers and child cases withdrawn', async () => {
    const i = await startInstance(t, 'withdrawable');
    const open = await tasksOf(t, i.id);
    expect(open.map((x) => x.node_id).sort()).toEqual(['assess', 'withdraw']);
    const [child] = await t.sql(`SELECT id FROM instances WHERE parent_id = $1`, [i.id]);

    // When the customer withdraws the claim
    const withdraw = open.find((x) => x.node_id === 'withdraw')!;
    await complete(t, withdraw.id, { ok: true });

    // Then the case has completed as withdrawn, with nothing of it left open
    const done = await getInstance(t, i.id);
    expect(done).toMatchObject({ status: 'completed', outcome: 'withdrawn', tokens: [] });
    const assess = open.find((x) => x.node_id === 'assess')!;
    const [task] = await t.sql(`SELECT status FROM tasks WHERE id = $1`, [assess.id]);
    expect(task.status).toBe('cancelled');
    const timers = await t.sql(
      `SELECT status FROM jobs WHERE instance_id = $1 AND kind = 'timer'`,
      [i.id],
    );
    expect(timers.map((r) => r.status)).toEqual(['cancelled']);
    // the called case is cancelled by its own job, after this step
    expect((await untilStatus(t, child.id, 'cancelled')).status).toBe('cancelled');

    const types = (await history(t, i.id)).map((h) => `${h.type}${h.nodeId ? `:${h.nodeId}` : ''}`);
    expect(types.slice(-3)).toEqual([
      'node.left:withdrawn',
      'instance.terminated:withdrawn',
      'instance.completed',
    ]);
    const terminated = (await history(t, i.id)).find((h) => h.type === 'instance.terminated');
    expect(
      (terminated?.data?.withdrawn as { nodeId: string }[]).map((w) => w.nodeId).sort(),
    ).toEqual(['assess', 'review', 'wait']);
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
