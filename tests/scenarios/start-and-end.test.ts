import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, userTask } from '../fixtures/definitions.ts';
import { history, startInstance } from '../helpers/scenario.ts';

// Given a process whose start event collects the approve form, and one that ends at once
const intake = process(
  'intake',
  [
    { id: 'start', type: 'start', form: { id: 'approve' } },
    userTask('check'),
    { id: 'gw', type: 'exclusiveGateway', default: 'f3' },
    end('accepted', 'accepted'),
    end('declined', 'declined'),
  ],
  [
    ['start', 'check'],
    ['check', 'gw'],
    ['gw', 'declined'],
    ['gw', 'accepted', 'decision = "yes"'],
  ],
);
const instant = process(
  'instant',
  [{ id: 'start', type: 'start' }, end('done', 'filed')],
  [['start', 'done']],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(intake, instant) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('start event with a form', () => {
  it('refuses bad start variables with pointers under /variables and starts nothing', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM instances`);
    const bad = await t.api(
      'POST',
      '/api/instances',
      { processId: 'intake', variables: { decision: 'maybe', amount: 'ten', stray: true } },
      { lang: 'zh-TW' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CW_ERR_FORM_INVALID');
    expect(bad.body.message).toBe('表單資料無效。');
    const pointers = bad.body.details.map((d: { pointer: string }) => d.pointer).sort();
    expect(pointers).toEqual(['/variables/amount', '/variables/decision', '/variables/stray']);

    const missing = await t.api('POST', '/api/instances', { processId: 'intake', variables: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([
      expect.objectContaining({ code: 'CW_ERR_FORM_INVALID', pointer: '/variables/decision' }),
    ]);

    const requiredIf = await t.api('POST', '/api/instances', {
      processId: 'intake',
      variables: { decision: 'no' },
    });
    expect(requiredIf.status).toBe(400);
    expect(requiredIf.body.details.map((d: { pointer: string }) => d.pointer)).toEqual([
      '/variables/note',
    ]);

    const after = await t.sql(`SELECT count(*)::int AS n FROM instances`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('starts with valid variables and records them in the history', async () => {
    const i = await startInstance(t, 'intake', { decision: 'yes', amount: 1200 }, { as: 'intake' });
    expect(i).toMatchObject({
      status: 'active',
      variables: { decision: 'yes', amount: 1200 },
      tokens: [{ nodeId: 'check', waitingFor: 'task' }],
    });
    const h = await history(t, i.id);
    expect(h[0]).toMatchObject({
      type: 'instance.started',
      actor: 'ian',
      data: { variables: { decision: 'yes', amount: 1200 } },
    });
  });
});

describe('end event with an outcome', () => {
  it('completes the instance with the outcome of the end it reached', async () => {
    const i = await startInstance(t, 'instant');
    expect(i).toMatchObject({ status: 'completed', outcome: 'filed', tokens: [] });
    expect(i.variables).toEqual({});
    const h = await history(t, i.id);
    expect(h.map((x) => [x.type, x.nodeId])).toEqual([
      ['instance.started', null],
      ['node.entered', 'start'],
      ['node.left', 'start'],
      ['node.entered', 'done'],
      ['node.left', 'done'],
      ['instance.completed', null],
    ]);
    expect(h.at(-1)!.data).toEqual({ outcome: 'filed' });
    const row = await t.sql(`SELECT outcome, ended_at FROM instances WHERE id = $1`, [i.id]);
    expect(row[0].outcome).toBe('filed');
    expect(row[0].ended_at).not.toBeNull();
  });
});
