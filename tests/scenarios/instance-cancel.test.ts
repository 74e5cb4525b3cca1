import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { DAY, history, jobsAt, settle, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given a claim waiting at once for a review (with an escalation timer), a cooling-off
// timer and the customer's documents
const busy = process(
  'busy',
  [
    start(),
    { id: 'fork', type: 'parallelGateway' },
    userTask('review'),
    { id: 'late', type: 'boundaryTimer', attachedTo: 'review', timer: { duration: 'P2D' } },
    { id: 'coolOff', type: 'timer', timer: { duration: 'P1D' } },
    { id: 'docs', type: 'messageCatch', message: 'docs.received', correlationKey: 'no' },
    { id: 'join', type: 'parallelGateway' },
    end(),
    end('lateEnd'),
  ],
  [
    ['start', 'fork'],
    ['fork', 'review'],
    ['fork', 'coolOff'],
    ['fork', 'docs'],
    ['review', 'join'],
    ['coolOff', 'join'],
    ['docs', 'join'],
    ['join', 'end'],
    ['late', 'lateEnd'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(busy) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('instance cancel', () => {
  it('cancels its tasks, timers and subscriptions; nothing fires afterwards', async () => {
    const i = await startInstance(t, 'busy', { no: 'C-77' });
    expect(i.tokens.map((x) => x.waitingFor).sort()).toEqual(['message', 'task', 'timer']);
    const [task] = await tasksOf(t, i.id);

    // staff may not cancel
    const staff = await t.api('POST', `/api/instances/${i.id}/cancel`, {}, { as: 'adjuster' });
    expect(staff.status).toBe(403);

    const res = await t.api(
      'POST',
      `/api/instances/${i.id}/cancel`,
      { reason: 'duplicate claim' },
      { as: 'supervisor' },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', tokens: [] });

    expect((await t.sql(`SELECT status FROM tasks WHERE id = $1`, [task!.id]))[0].status).toBe(
      'cancelled',
    );
    const timers = [...(await jobsAt(t, i.id, 'late')), ...(await jobsAt(t, i.id, 'coolOff'))];
    expect(timers.map((x) => x.status)).toEqual(['cancelled', 'cancelled']);
    const subs = await t.sql(`SELECT status FROM subscriptions WHERE instance_id = $1`, [i.id]);
    expect(subs).toEqual([{ status: 'cancelled' }]);

    // When time passes every due instant and Redis is re-armed from PostgreSQL
    t.clock.advance(3 * DAY);
    await t.engine.queue.reconcile(true);
    await settle(t);
    // and the stale BullMQ jobs of the cancelled rows are delivered anyway
    for (const timer of timers) {
      const job = await t.engine.queue.queue.getJob(`${timer.id}#1`);
      expect(job).toBeDefined();
      await job!.promote();
      await t.until(
        async () => !(await t.engine.queue.queue.getJob(`${timer.id}#1`)),
        `late delivery of ${timer.id} handled`,
      );
    }
    // Then no timer fires and no message is taken
    const after = [...(await jobsAt(t, i.id, 'late')), ...(await jobsAt(t, i.id, 'coolOff'))];
    expect(after.map((x) => [x.status, x.fire_count])).toEqual([
      ['cancelled', 0],
      ['cancelled', 0],
    ]);
    const msg = await t.api('POST', '/api/messages', {
      messageId: 'after-cancel',
      name: 'docs.received',
      correlationKey: 'C-77',
    });
    expect(msg.body.status).toBe('buffered');

    const h = await history(t, i.id);
    expect(h.at(-1)).toMatchObject({
      type: 'instance.cancelled',
      actor: 'sue',
      data: { reason: 'duplicate claim' },
    });
    expect(h.some((x) => x.type === 'timer.fired')).toBe(false);

    const again = await t.api('POST', `/api/instances/${i.id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CW_ERR_INSTANCE_NOT_ACTIVE');
    const late = await t.api(
      'POST',
      `/api/tasks/${task!.id}/complete`,
      { data: { ok: true } },
      { as: 'adjuster' },
    );
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CW_ERR_TASK_NOT_OPEN');
  });

  it('answers 404 for an unknown instance', async () => {
    const res = await t.api('POST', `/api/instances/nope/cancel`, {});
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CW_ERR_NOT_FOUND');
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
