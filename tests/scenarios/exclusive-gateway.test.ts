import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, history, startInstance, tasksOf, untilStatus } from '../helpers/scenario.ts';

// Given a triage gateway: large claims to review, fraud flags to investigation, the rest (default) paid
const triage = process(
  'triage',
  [
    start(),
    { id: 'gw', type: 'exclusiveGateway', default: 'f4' },
    end('investigate', 'investigation'),
    end('review', 'review'),
    end('pay', 'paid'),
  ],
  [
    ['start', 'gw'],
    ['gw', 'investigate', 'fraud = true'],
    ['gw', 'review', 'amount > 10000'],
    ['gw', 'pay'],
  ],
);

const verdict = {
  id: 'verdict',
  version: 1,
  title: label('Verdict', '判定'),
  fields: [{ key: 'fraud', type: 'text', label: label('Fraud?', '詐欺？') }],
};

// Given a clerk's check before the same kind of gateway, whose answer the gateway reads as is
const afterTask = process(
  'triage-after-task',
  [
    start(),
    userTask('check', 'verdict'),
    { id: 'gw', type: 'exclusiveGateway', default: 'f4' },
    end('investigate', 'investigation'),
    end('pay', 'paid'),
  ],
  [
    ['start', 'check'],
    ['check', 'gw'],
    ['gw', 'investigate', 'fraud'],
    ['gw', 'pay'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(triage, afterTask), 'forms/verdict/v1.json': verdict },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function outcomeFor(variables: Record<string, unknown>) {
  const i = await startInstance(t, 'triage', variables);
  expect(i.status).toBe('completed');
  const h = await history(t, i.id);
  const entered = h.filter((x) => x.type === 'node.entered').map((x) => x.nodeId);
  return { outcome: i.outcome, entered };
}

describe('exclusive gateway', () => {
  it('takes the flow whose condition holds', async () => {
    expect(await outcomeFor({ fraud: false, amount: 50_000 })).toEqual({
      outcome: 'review',
      entered: ['start', 'gw', 'review'],
    });
  });

  it('takes the first flow in order when several conditions hold', async () => {
    expect(await outcomeFor({ fraud: true, amount: 50_000 })).toEqual({
      outcome: 'investigation',
      entered: ['start', 'gw', 'investigate'],
    });
  });

  it('takes the default flow when every condition is false', async () => {
    expect(await outcomeFor({ fraud: false, amount: 10 })).toEqual({
      outcome: 'paid',
      entered: ['start', 'gw', 'pay'],
    });
  });
});

describe('a gateway condition neither true nor false (issue 19, item 2)', () => {
  it('holds the case at the gateway with an incident showing the expression and what it read; a retry with the variable corrected moves on', async () => {
    // Given a claim started without its amount: `amount > 10000` gives null, not false
    const i = await startInstance(t, 'triage', { fraud: false, note: 'keep' });

    // Then the case waits at the gateway (not paid by default) with an open incident there
    expect(i.status).toBe('active');
    expect(i.tokens).toEqual([expect.objectContaining({ nodeId: 'gw' })]);
    const list = await t.api('GET', `/api/incidents?instanceId=${i.id}`);
    expect(list.body.items).toEqual([
      expect.objectContaining({ nodeId: 'gw', status: 'open', code: null }),
    ]);
    const [item] = list.body.items;
    expect(item.error).toBe(
      'CW_ERR_GATEWAY_CONDITION: flow f3: amount > 10000 gave null; it read amount',
    );
    const detail = await t.api('GET', `/api/incidents/${item.id}`);
    expect(detail.body.details).toEqual({
      condition: {
        code: 'CW_ERR_GATEWAY_CONDITION',
        flowId: 'f3',
        expression: 'amount > 10000',
        result: null,
        read: { amount: null },
      },
    });
    expect(detail.body.actions).toMatchObject({
      retry: true,
      retryWithVariables: true,
      skip: false,
    });
    expect((await history(t, i.id)).map((h) => h.type)).toContain('incident.opened');

    // When an operator retries without correcting anything, it is held again (next incident)
    expect((await t.api('POST', `/api/incidents/${item.id}/retry`)).status).toBe(202);
    const second = await t.until(async () => {
      const r = await t.api('GET', `/api/incidents?instanceId=${i.id}&status=open`);
      return r.body.items.find((x: { id: string }) => x.id !== item.id);
    }, 'second incident');
    expect(second).toMatchObject({ jobId: item.jobId, nodeId: 'gw' });

    // When the amount is corrected through the retry, the gateway decides again and moves on
    const fixed = await t.api('POST', `/api/incidents/${second.id}/retry`, {
      variables: { amount: 50_000 },
      reason: 'amount from the invoice',
    });
    expect(fixed.status).toBe(202);
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('review');
    const [job] = await t.sql(`SELECT kind, status FROM jobs WHERE id = $1`, [item.jobId]);
    expect(job).toEqual({ kind: 'gateway', status: 'done' });
  });

  it('after a task: the task completes and the case waits at the gateway with the incident', async () => {
    const i = await startInstance(t, 'triage-after-task', {});
    const [task] = await tasksOf(t, i.id);
    const after = await complete(t, task!.id, { fraud: 'perhaps' });
    expect(after.status).toBe('active');
    expect(after.tokens).toEqual([expect.objectContaining({ nodeId: 'gw' })]);
    expect(await tasksOf(t, i.id, 'completed')).toHaveLength(1);
    const list = await t.api('GET', `/api/incidents?instanceId=${i.id}`);
    expect(list.body.items[0].error).toMatch(
      /^CW_ERR_GATEWAY_CONDITION: flow f3: fraud gave "perhaps"/,
    );

    // Cancelling the case resolves the incident with it
    expect((await t.api('POST', `/api/instances/${i.id}/cancel`, { reason: 'test' })).status).toBe(
      200,
    );
    const [incident] = await t.sql(`SELECT status FROM incidents WHERE instance_id = $1`, [i.id]);
    expect(incident.status).toBe('resolved');
  });
});
