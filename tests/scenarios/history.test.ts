import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { DAY, complete, history, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given a two-step claim handled by an intake clerk and an adjuster on different days
const audited = process(
  'audited',
  [
    start(),
    userTask('register', 'ack', { candidateGroups: '["claims-intake"]' }),
    userTask('decide', 'approve'),
    end('done', 'closed'),
  ],
  [
    ['start', 'register'],
    ['register', 'decide'],
    ['decide', 'done'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(audited), start: '2026-02-02T09:00:00Z' });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const within = (iso: string, from: number, to: number) => {
  const at = Date.parse(iso);
  return at >= from && at <= to;
};

describe('instance history', () => {
  it('records who did what, when, with the submitted form data, in order', async () => {
    const t0 = t.clock.now();
    const i = await startInstance(t, 'audited', { policy: 'P-9' }, { as: 'intake' });
    const t1 = t.clock.now();
    const [register] = await tasksOf(t, i.id);
    await complete(t, register!.id, { ok: true }, 'intake');

    t.clock.advance(DAY);
    const t2 = t.clock.now();
    const [decide] = await tasksOf(t, i.id);
    expect(
      (await t.api('POST', `/api/tasks/${decide!.id}/claim`, undefined, { as: 'adjuster' })).status,
    ).toBe(204);
    expect(
      (await t.api('POST', `/api/tasks/${decide!.id}/unclaim`, undefined, { as: 'adjuster' }))
        .status,
    ).toBe(204);
    await complete(t, decide!.id, { decision: 'yes', amount: 900 }, 'adjuster2');
    const t3 = t.clock.now();

    const h = await history(t, i.id);
    expect(h.map((x) => x.seq)).toEqual(h.map((_, n) => n + 1));
    expect(h[0]).toMatchObject({
      type: 'instance.started',
      actor: 'ian',
      data: { variables: { policy: 'P-9' } },
    });
    expect(within(h[0]!.at, t0, t1)).toBe(true);

    const who = h.filter((x) => x.type.startsWith('task.')).map((x) => [x.type, x.nodeId, x.actor]);
    expect(who).toEqual([
      ['task.created', 'register', 'ian'],
      ['task.completed', 'register', 'ian'],
      ['task.created', 'decide', 'ian'],
      ['task.claimed', 'decide', 'alice'],
      ['task.unclaimed', 'decide', 'alice'],
      ['task.completed', 'decide', 'adam'],
    ]);
    const decided = h.find((x) => x.type === 'task.completed' && x.nodeId === 'decide')!;
    expect(decided.data).toEqual({
      taskId: decide!.id,
      form: { decision: 'yes', amount: 900 },
    });
    expect(within(decided.at, t2, t3)).toBe(true);
    const registered = h.find((x) => x.type === 'task.completed' && x.nodeId === 'register')!;
    expect(within(registered.at, t0, t2 - DAY + 1)).toBe(true);
    expect(h.at(-1)).toMatchObject({
      type: 'instance.completed',
      actor: 'adam',
      data: { outcome: 'closed' },
    });
    expect(h.every((x, n) => n === 0 || Date.parse(x.at) >= Date.parse(h[n - 1]!.at))).toBe(true);
  });

  it('is visible to those who started or may work on the instance and to administrators, 404 to others', async () => {
    const i = await startInstance(t, 'audited', {}, { as: 'intake' });
    expect(
      (await t.api('GET', `/api/instances/${i.id}/history`, undefined, { as: 'intake' })).status,
    ).toBe(200);
    expect(
      (await t.api('GET', `/api/instances/${i.id}/history`, undefined, { as: 'admin' })).status,
    ).toBe(200);
    // sue supervises the adjusters; the open task belongs to claims-intake
    const otherSupervisor = await t.api('GET', `/api/instances/${i.id}/history`, undefined, {
      as: 'supervisor',
    });
    expect(otherSupervisor.status).toBe(404);
    const outsider = await t.api('GET', `/api/instances/${i.id}/history`, undefined, {
      as: 'adjuster',
    });
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('CW_ERR_NOT_FOUND');
  });
});
