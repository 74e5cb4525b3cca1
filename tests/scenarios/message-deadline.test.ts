/**
 * Boundary timers on a message wait: a reminder while the customer has not answered
 * (non-interrupting) and a deadline after which the case stops waiting (interrupting).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start } from '../fixtures/definitions.ts';
import {
  DAY,
  HOUR,
  getInstance,
  historyTypes,
  settle,
  startInstance,
  untilStatus,
} from '../helpers/scenario.ts';

// Given a case that waits for the customer's answer, reminds after a day and gives up after three
const awaitAnswer = process(
  'await-answer',
  [
    start(),
    { id: 'wait', type: 'messageCatch', message: 'answer', correlationKey: 'ref' },
    {
      id: 'nudge',
      type: 'boundaryTimer',
      attachedTo: 'wait',
      interrupting: false,
      timer: { duration: 'P1D' },
    },
    { id: 'giveUp', type: 'boundaryTimer', attachedTo: 'wait', timer: { duration: 'P3D' } },
    service('remind', 'set-variables', { input: { reminded: 'true' } }),
    end('reminded'),
    end('answered', 'answered'),
    end('noAnswer', 'no-answer'),
  ],
  [
    ['start', 'wait'],
    ['wait', 'answered'],
    ['nudge', 'remind'],
    ['remind', 'reminded'],
    ['giveUp', 'noAnswer'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(awaitAnswer), start: '2026-04-01T09:00:00Z' });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const answer = (ref: string, id: string) =>
  t.api('POST', '/api/messages', {
    messageId: id,
    name: 'answer',
    correlationKey: ref,
    payload: { ok: true },
  });
const jobStatus = async (instanceId: string, nodeId: string) =>
  (
    await t.sql(`SELECT status FROM jobs WHERE instance_id = $1 AND node_id = $2`, [
      instanceId,
      nodeId,
    ])
  ).map((r) => r.status as string);

describe('a message wait with a reminder and a deadline', () => {
  it('reminds once, keeps waiting, and withdraws the deadline when the answer comes', async () => {
    const i = await startInstance(t, 'await-answer', { ref: 'R-1' });
    t.clock.advance(DAY + HOUR);
    await settle(t);
    const reminded = await t.until(async () => {
      const now = await getInstance(t, i.id);
      return now.variables.reminded ? now : undefined;
    }, 'reminder');
    expect(reminded.tokens).toEqual([
      expect.objectContaining({ nodeId: 'wait', waitingFor: 'message' }),
    ]);
    const res = await answer('R-1', 'a-1');
    expect(res.body).toMatchObject({ status: 'correlated', instanceId: i.id });
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('answered');
    expect(done.variables).toMatchObject({ reminded: true, ok: true });
    expect(await jobStatus(i.id, 'giveUp')).toEqual(['cancelled']);
    expect(await jobStatus(i.id, 'nudge')).toEqual(['done']);
  });

  it('stops waiting at the deadline; a late answer finds no one and is buffered', async () => {
    const i = await startInstance(t, 'await-answer', { ref: 'R-2' });
    t.clock.advance(3 * DAY + HOUR);
    await settle(t);
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('no-answer');
    const types = await historyTypes(t, i.id);
    expect(types).toContain('node.interrupted');
    const subs = await t.sql(`SELECT status FROM subscriptions WHERE instance_id = $1`, [i.id]);
    expect(subs.map((s) => s.status)).not.toContain('open');
    const late = await answer('R-2', 'a-2');
    expect(late.body).toMatchObject({ status: 'buffered', instanceId: null });
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
