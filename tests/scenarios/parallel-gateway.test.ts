import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { complete, history, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given a claim that needs a medical check and a police report in parallel before payment
const parallel = process(
  'parallel',
  [
    start(),
    { id: 'fork', type: 'parallelGateway' },
    userTask('medical'),
    userTask('police'),
    { id: 'join', type: 'parallelGateway' },
    userTask('pay'),
    end(),
  ],
  [
    ['start', 'fork'],
    ['fork', 'medical'],
    ['fork', 'police'],
    ['medical', 'join'],
    ['police', 'join'],
    ['join', 'pay'],
    ['pay', 'end'],
  ],
);
// and one whose three branches are inline service tasks that all reach the join in one step
const fan = process(
  'fan',
  [
    start(),
    { id: 'fork', type: 'parallelGateway' },
    service('a', 'set-variables', { input: { a: '1' } }),
    service('b', 'set-variables', { input: { b: '2' } }),
    service('c', 'noop'),
    { id: 'join', type: 'parallelGateway' },
    service('after', 'set-variables', { input: { sum: 'a + b' } }),
    end(),
  ],
  [
    ['start', 'fork'],
    ['fork', 'a'],
    ['fork', 'b'],
    ['fork', 'c'],
    ['a', 'join'],
    ['b', 'join'],
    ['c', 'join'],
    ['join', 'after'],
    ['after', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(parallel, fan) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('parallel gateway', () => {
  it('forks into both branches and joins only when both have arrived, once', async () => {
    const i = await startInstance(t, 'parallel');
    expect(i.tokens.map((x) => x.nodeId).sort()).toEqual(['medical', 'police']);
    const [medical, police] = await tasksOf(t, i.id);
    expect([medical!.node_id, police!.node_id]).toEqual(['medical', 'police']);

    // When only the medical branch is done
    const half = await complete(t, medical!.id, { ok: true });
    // Then one token waits at the join and the police task is still open
    expect(half.status).toBe('active');
    expect(half.tokens.map((x) => [x.nodeId, x.waitingFor]).sort()).toEqual([
      ['join', 'join'],
      ['police', 'task'],
    ]);
    expect(await tasksOf(t, i.id)).toEqual([expect.objectContaining({ node_id: 'police' })]);

    // When the police branch arrives too
    const joined = await complete(t, police!.id, { ok: true });
    // Then the join fires once and one payment task is created
    expect(joined.tokens).toEqual([expect.objectContaining({ nodeId: 'pay', waitingFor: 'task' })]);
    const h = await history(t, i.id);
    expect(h.filter((x) => x.type === 'gateway.joined')).toHaveLength(1);
    expect(h.filter((x) => x.type === 'node.entered' && x.nodeId === 'pay')).toHaveLength(1);
    expect(h.filter((x) => x.type === 'node.entered' && x.nodeId === 'join')).toHaveLength(2);
    const [pay] = await tasksOf(t, i.id);
    expect(pay!.node_id).toBe('pay');
    const done = await complete(t, pay!.id, { ok: true });
    expect(done.status).toBe('completed');
  });

  it('joins three branches that arrive in the same step exactly once', async () => {
    const i = await startInstance(t, 'fan');
    expect(i).toMatchObject({ status: 'completed', variables: { a: 1, b: 2, sum: 3 } });
    const h = await history(t, i.id);
    expect(h.filter((x) => x.type === 'gateway.joined')).toHaveLength(1);
    expect(h.filter((x) => x.type === 'node.entered' && x.nodeId === 'after')).toHaveLength(1);
    expect(h.filter((x) => x.type === 'instance.completed')).toHaveLength(1);
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
