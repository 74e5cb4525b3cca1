import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start } from '../fixtures/definitions.ts';
import { history, startInstance } from '../helpers/scenario.ts';

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

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(triage) });
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

  it('takes the default flow when no condition holds (also when a variable is missing)', async () => {
    expect(await outcomeFor({ fraud: false, amount: 10 })).toEqual({
      outcome: 'paid',
      entered: ['start', 'gw', 'pay'],
    });
    expect(await outcomeFor({})).toMatchObject({ outcome: 'paid' });
  });
});
