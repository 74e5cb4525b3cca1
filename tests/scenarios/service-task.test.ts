import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import type { ActionContext } from '../../engine/src/plugins/index.ts';
import { Redis } from 'ioredis';
import { REDIS_URL, dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start } from '../fixtures/definitions.ts';
import {
  HOUR,
  getInstance,
  history,
  historyTypes,
  isDelayed,
  jobsAt,
  settle,
  startInstance,
  untilStatus,
} from '../helpers/scenario.ts';

// Given a CRM plugin with a lookup that answers, one that fails until it is fixed, and one that hangs
const calls: { input: Record<string, unknown>; ctx: Omit<ActionContext, 'signal'> }[] = [];
let crmDown = true;
const actions = new ActionRegistry()
  .register('crm/lookup', (input, ctx) => {
    calls.push({
      input,
      ctx: { idempotencyKey: ctx.idempotencyKey, attempt: ctx.attempt, instanceId: ctx.instanceId },
    });
    return { tier: input.policyNo === 'P-1' ? 'gold' : 'basic', score: 7 };
  })
  .register('crm/flaky', () => {
    if (crmDown) throw new Error('crm unavailable');
    return { ok: true };
  })
  .register(
    'crm/hang',
    (_input, ctx) =>
      new Promise((_, reject) =>
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      ),
  );

const inline = process(
  'inline',
  [
    start(),
    service('prepare', 'set-variables', { input: { total: 'amount * 2', label: '"claim " + no' } }),
    end(),
  ],
  [
    ['start', 'prepare'],
    ['prepare', 'end'],
  ],
);
const lookup = process(
  'lookup',
  [
    start(),
    service('crm', 'crm/lookup', {
      input: { policyNo: 'policy', channel: '"web"' },
      output: { customerTier: 'result.tier', risk: 'result.score * 10' },
    }),
    end('done', 'looked-up'),
  ],
  [
    ['start', 'crm'],
    ['crm', 'done'],
  ],
);
const flaky = process(
  'flaky',
  [start(), service('sync', 'crm/flaky', { retry: { attempts: 3, backoff: 'PT1H' } }), end()],
  [
    ['start', 'sync'],
    ['sync', 'end'],
  ],
);
const hang = process(
  'hang',
  [start(), service('wait', 'crm/hang', { retry: { attempts: 1, timeout: 'PT0.2S' } }), end()],
  [
    ['start', 'wait'],
    ['wait', 'end'],
  ],
);

// And a process of three queued lookups, the last two side by side
const chain = process(
  'chain',
  [
    start(),
    service('a', 'crm/lookup', { input: { policyNo: 'policy' }, output: { a: 'result.score' } }),
    { id: 'fork', type: 'parallelGateway' },
    service('b', 'crm/lookup', { input: { policyNo: 'policy' }, output: { b: 'result.score' } }),
    service('c', 'crm/lookup', { input: { policyNo: 'policy' }, output: { c: 'result.tier' } }),
    { id: 'join', type: 'parallelGateway' },
    end(),
  ],
  [
    ['start', 'a'],
    ['a', 'fork'],
    ['fork', 'b'],
    ['fork', 'c'],
    ['b', 'join'],
    ['c', 'join'],
    ['join', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(inline, lookup, flaky, hang, chain), actions });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('service task', () => {
  it('runs the built-in set-variables inline, in the same step, without a job', async () => {
    const i = await startInstance(t, 'inline', { amount: 21, no: 'C-1' });
    expect(i).toMatchObject({ status: 'completed', variables: { total: 42, label: 'claim C-1' } });
    expect(await t.sql(`SELECT id FROM jobs WHERE instance_id = $1`, [i.id])).toEqual([]);
  });

  it('records many results at once, each exactly once, two of one case in two transactions', async () => {
    // (results that arrive together are recorded in one transaction: jobs/service-batch.ts)
    const started = await Promise.all(
      Array.from({ length: 60 }, (_, n) => startInstance(t, 'chain', { policy: `P-${n % 2}` })),
    );
    const ids = started.map((i) => i.id);
    await t.until(
      async () =>
        (
          await t.sql(
            `SELECT count(*)::int AS n FROM instances WHERE id = ANY($1) AND status = 'completed'`,
            [ids],
          )
        )[0].n === ids.length,
      'every case completed',
      120_000,
    );
    const done = await Promise.all(ids.map((id) => getInstance(t, id)));
    for (const [n, d] of done.entries())
      expect(d.variables).toEqual({
        policy: `P-${n % 2}`,
        a: 7,
        b: 7,
        c: n % 2 === 1 ? 'gold' : 'basic',
      });
    const jobs = await t.sql(
      `SELECT status, fire_count, count(*)::int AS n FROM jobs
       WHERE instance_id = ANY($1) GROUP BY status, fire_count`,
      [ids],
    );
    expect(jobs).toEqual([{ status: 'done', fire_count: 1, n: 180 }]);
    const succeeded = await t.sql(
      `SELECT count(*)::int AS n FROM history WHERE instance_id = ANY($1) AND type = 'job.succeeded'`,
      [ids],
    );
    expect(succeeded[0].n).toBe(180);
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });

  it('runs a registered action as a BullMQ job with input and output mappings', async () => {
    const i = await startInstance(t, 'lookup', { policy: 'P-1' });
    expect(i.tokens).toEqual([expect.objectContaining({ nodeId: 'crm', waitingFor: 'job' })]);
    const done = await untilStatus(t, i.id, 'completed');
    expect(done).toMatchObject({
      outcome: 'looked-up',
      variables: { policy: 'P-1', customerTier: 'gold', risk: 70 },
    });
    const [job] = await jobsAt(t, i.id, 'crm');
    expect(job).toMatchObject({ status: 'done', fire_count: 1, attempt: 1 });
    const call = calls.find((c) => c.ctx.instanceId === i.id);
    expect(call).toEqual({
      input: { policyNo: 'P-1', channel: 'web' },
      ctx: { idempotencyKey: job!.id, attempt: 1, instanceId: i.id },
    });
    expect(await historyTypes(t, i.id)).toEqual(
      expect.arrayContaining(['job.scheduled', 'job.succeeded', 'instance.completed']),
    );
  });

  it('retries with exponential backoff, then opens an incident an operator can retry', async () => {
    crmDown = true;
    const i = await startInstance(t, 'flaky');
    const failed = (n: number) =>
      t.until(async () => {
        const h = await history(t, i.id);
        return h.filter((x) => x.type === 'job.failed' || x.type === 'incident.opened').length >= n;
      }, `${n} failures`);

    // attempt 1 fails at once; attempt 2 waits one hour of backoff, attempt 3 two more
    await failed(1);
    let [job] = await jobsAt(t, i.id, 'sync');
    expect(job).toMatchObject({ status: 'pending', attempt: 2 });
    t.clock.advance(HOUR - 60_000);
    await settle(t);
    expect(await isDelayed(t, job!.id, 2)).toBe(true);
    t.clock.advance(60_000);
    await failed(2);
    [job] = await jobsAt(t, i.id, 'sync');
    expect(job).toMatchObject({ status: 'pending', attempt: 3 });
    t.clock.advance(2 * HOUR - 60_000);
    await settle(t);
    expect(await isDelayed(t, job!.id, 3)).toBe(true);
    t.clock.advance(60_000);
    await failed(3);

    const incidents = await t.api('GET', `/api/incidents?instanceId=${i.id}`);
    expect(incidents.status).toBe(200);
    expect(incidents.body.items).toEqual([
      expect.objectContaining({ jobId: job!.id, nodeId: 'sync', status: 'open' }),
    ]);
    const incident = incidents.body.items[0];
    expect(incident.error).toMatch(/^CW_ERR_ACTION_FAILED/);
    const h = await history(t, i.id);
    expect(h.filter((x) => x.type === 'job.failed').map((x) => x.data?.attempt)).toEqual([1, 2]);
    expect(h.find((x) => x.type === 'incident.opened')?.data).toMatchObject({ attempt: 3 });
    expect((await t.sql(`SELECT status FROM instances WHERE id = $1`, [i.id]))[0].status).toBe(
      'active',
    );

    // staff may not retry; an operator does, once the CRM is back
    const staff = await t.api('POST', `/api/incidents/${incident.id}/retry`, undefined, {
      as: 'adjuster',
    });
    expect(staff.status).toBe(403);
    crmDown = false;
    const retry = await t.api('POST', `/api/incidents/${incident.id}/retry`);
    expect(retry.status).toBe(202);
    await untilStatus(t, i.id, 'completed');
    const again = await t.api('POST', `/api/incidents/${incident.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CW_ERR_INCIDENT_NOT_OPEN');
    const open = await t.api('GET', `/api/incidents?instanceId=${i.id}`);
    expect(open.body.items).toEqual([]);
    const types = await historyTypes(t, i.id);
    expect(types.filter((x) => x === 'incident.retried')).toHaveLength(1);
    expect(types.filter((x) => x === 'job.succeeded')).toHaveLength(1);
  });

  it('gives up on an action that exceeds its timeout and opens an incident', async () => {
    const i = await startInstance(t, 'hang');
    const incident = await t.until(async () => {
      const r = await t.api('GET', `/api/incidents?instanceId=${i.id}`);
      return r.body.items[0];
    }, 'timeout incident');
    expect(incident.error).toMatch(/^CW_ERR_ACTION_TIMEOUT/);
    expect(incident.nodeId).toBe('wait');
    expect((await jobsAt(t, i.id, 'wait'))[0]).toMatchObject({ status: 'failed' });
  });

  it('runs a row taken by an engine that died again when its claim ends, once, with the same key', async () => {
    // Given a second engine on the same tables whose CRM call never answers: its drain takes the
    // row as the case starts (no BullMQ job), then the engine is gone (jobs/service-drain.ts)
    const stuck: string[] = [];
    const ghost = await startTestEngine({
      definitions: files(inline, lookup, flaky, hang, chain),
      schema: t.schema,
      prefix: t.prefix,
      start: new Date(t.clock.now()).toISOString(),
      actions: new ActionRegistry().register('crm/lookup', (_input, ctx) => {
        stuck.push(ctx.idempotencyKey);
        return new Promise(() => undefined);
      }),
    });
    const i = await startInstance(ghost, 'lookup', { policy: 'P-1' });
    await t.until(async () => stuck.length === 1, 'the first engine called the CRM');
    await ghost.close();
    const [taken] = await jobsAt(t, i.id, 'crm');
    expect(taken).toMatchObject({ status: 'pending', attempt: 1 });
    // claimed for the action's timeout (30 s by default) and a margin of 10 s
    // (both engines' clocks run on from the same instant)
    const left = taken!.due_at.getTime() - t.clock.now();
    expect(left).toBeGreaterThan(35_000);
    expect(left).toBeLessThanOrEqual(40_000);

    // while the claim holds, no other engine takes the row, even after Redis lost everything
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${t.prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    redis.disconnect();
    t.clock.advance(left - 3_000);
    await settle(t);
    expect(calls.filter((c) => c.ctx.instanceId === i.id)).toEqual([]);
    expect((await jobsAt(t, i.id, 'crm'))[0]).toMatchObject({ status: 'pending' });

    // once it ends, the reconciler arms the row and this engine runs it, with the same key
    t.clock.advance(3_000);
    await settle(t);
    await untilStatus(t, i.id, 'completed');
    expect(calls.filter((c) => c.ctx.instanceId === i.id).map((c) => c.ctx)).toEqual([
      { idempotencyKey: taken!.id, attempt: 1, instanceId: i.id },
    ]);
    expect(stuck).toEqual([taken!.id]);
    expect((await jobsAt(t, i.id, 'crm'))[0]).toMatchObject({ status: 'done', fire_count: 1 });
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
