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

// Given an assessment sub-process called by a claim with input and output mappings
const assessment = process(
  'assessment',
  [
    start(),
    userTask('assess', 'approve'),
    { id: 'gw', type: 'exclusiveGateway', default: 'f4' },
    end('ok', 'approved'),
    end('ko', 'refused'),
  ],
  [
    ['start', 'assess'],
    ['assess', 'gw'],
    ['gw', 'ok', 'decision = "yes"'],
    ['gw', 'ko'],
  ],
  { businessKey: '"ASM-" + claimNo' },
);
const claim = process(
  'claim',
  [
    start(),
    {
      id: 'callAssess',
      type: 'callActivity',
      process: { id: 'assessment' },
      input: { claimNo: 'no', limit: 'amount * 2' },
      output: { assessed: 'child.amount', assessment: 'outcome' },
    },
    userTask('notify'),
    end(),
  ],
  [
    ['start', 'callAssess'],
    ['callAssess', 'notify'],
    ['notify', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(assessment, claim) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function childOf(parentId: string) {
  const rows = await t.sql(`SELECT id FROM instances WHERE parent_id = $1`, [parentId]);
  expect(rows).toHaveLength(1);
  return getInstance(t, rows[0].id);
}

describe('call activity', () => {
  it('starts the child with the input mapping and resumes the parent with its output and outcome', async () => {
    const parent = await startInstance(t, 'claim', { no: 'C-1', amount: 400, secret: 'x' });
    expect(parent.tokens).toEqual([
      expect.objectContaining({ nodeId: 'callAssess', waitingFor: 'call' }),
    ]);
    const child = await childOf(parent.id);
    expect(child).toMatchObject({
      status: 'active',
      parentId: parent.id,
      businessKey: 'ASM-C-1', // computed by the child's own process, as for a start over the API
      variables: { claimNo: 'C-1', limit: 800 },
    });
    expect(child.variables).not.toHaveProperty('secret');

    const [task] = await tasksOf(t, child.id);
    const childDone = await complete(t, task!.id, { decision: 'yes', amount: 350 });
    expect(childDone).toMatchObject({ status: 'completed', outcome: 'approved' });

    const resumed = await t.until(async () => {
      const p = await getInstance(t, parent.id);
      return p.tokens.some((x) => x.nodeId === 'notify') ? p : null;
    }, 'parent resumed');
    expect(resumed.variables).toMatchObject({ assessed: 350, assessment: 'approved' });
    const h = await history(t, parent.id);
    expect(h.find((x) => x.type === 'call.started')?.data).toEqual({
      childId: child.id,
      processId: 'assessment',
    });
    expect(h.filter((x) => x.type === 'call.completed')).toEqual([
      expect.objectContaining({ data: { childId: child.id, outcome: 'approved' } }),
    ]);
  });

  it('cancels the child (and its tasks) when the parent is cancelled', async () => {
    const parent = await startInstance(t, 'claim', { no: 'C-2', amount: 10 });
    const child = await childOf(parent.id);
    const [task] = await tasksOf(t, child.id);

    const res = await t.api('POST', `/api/instances/${parent.id}/cancel`, { reason: 'withdrawn' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    await untilStatus(t, child.id, 'cancelled');
    const [row] = await t.sql(`SELECT status FROM tasks WHERE id = $1`, [task!.id]);
    expect(row.status).toBe('cancelled');
    const late = await t.api('POST', `/api/tasks/${task!.id}/complete`, {
      data: { decision: 'yes' },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CW_ERR_TASK_NOT_OPEN');
    expect((await history(t, child.id)).at(-1)).toMatchObject({
      type: 'instance.cancelled',
      actor: 'system',
    });
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
