import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import type { ActionContext } from '../../engine/src/plugins/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start } from '../fixtures/definitions.ts';
import {
  HOUR,
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

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(inline, lookup, flaky, hang), actions });
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

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
