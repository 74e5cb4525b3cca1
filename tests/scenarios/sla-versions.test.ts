/**
 * Changed SLA versions: a clock keeps the version it started under (its target, thresholds and
 * conditions) after a new version is loaded, even once that version's file is gone; clocks
 * started afterwards follow the new version.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  writeDefinitions,
  type TestEngine,
} from '../helpers/engine.ts';
import { HOUR, complete, settle, startInstance } from '../helpers/scenario.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { calendars, sla, slaProbe } from '../fixtures/slas.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');

// Given a ticket someone answers
const ticket = process(
  'ticket',
  [start(), userTask('answer', 'ack'), end()],
  [
    ['start', 'answer'],
    ['answer', 'end'],
  ],
);
// And a first-response SLA v1: 8 hours, a warning at 50%
const v1 = sla('first-response', 'ticket', {
  target: { duration: 'PT8H' },
  start: [{ event: 'instanceStarted' }],
  thresholds: [{ percent: 50 }],
});
// And its v2: 4 hours, a warning at 25%, and an answer that is not ok cancels the clock
const v2 = sla(
  'first-response',
  'ticket',
  {
    target: { duration: 'PT4H' },
    start: [{ event: 'instanceStarted' }],
    cancel: [{ event: 'taskCompleted', node: 'answer', when: 'form.ok = false' }],
    thresholds: [{ percent: 25 }],
  },
  2,
);

let t: TestEngine;
let probe: ReturnType<typeof slaProbe>;
beforeAll(async () => {
  t = await startTestEngine({
    start: new Date(T0).toISOString(),
    definitions: { ...files(ticket), ...calendars(), 'slas/first-response/v1.json': v1 },
  });
  probe = slaProbe(t);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const clockOf = async (id: string) => (await probe.clock(id, 'first-response'))!;
const slaJobs = (clockId: string) =>
  t.sql<{ percent: string; status: string }>(
    `SELECT payload->>'percent' AS percent, status FROM jobs WHERE kind = 'sla' AND payload->>'clockId' = $1 ORDER BY (payload->>'percent')::int`,
    [clockId],
  );

describe('a new SLA version while clocks run', () => {
  it('keeps the running clock on v1 (target, thresholds, conditions) and starts new clocks on v2', async () => {
    // Given a ticket whose clock started under v1
    const old = await startInstance(t, 'ticket');
    const before = await clockOf(old.id);
    expect(before).toMatchObject({ slaVersion: 1, target: 'PT8H', targetMs: 8 * HOUR });

    // When v2 is loaded and another ticket starts
    await writeDefinitions({ 'slas/first-response/v2.json': v2 }, t.definitionsDir);
    expect((await t.engine.reloadDefinitions()).problems).toEqual([]);
    const fresh = await startInstance(t, 'ticket');

    // Then the new ticket's clock follows v2, the old one is unchanged
    const next = await clockOf(fresh.id);
    expect(next).toMatchObject({ slaVersion: 2, target: 'PT4H', targetMs: 4 * HOUR });
    expect(Date.parse(next.dueAt!) - Date.parse(next.startedAt)).toBe(4 * HOUR);
    expect(await clockOf(old.id)).toMatchObject({
      slaVersion: 1,
      target: 'PT8H',
      dueAt: before.dueAt,
    });
    // and each is armed with its own version's thresholds
    expect(await slaJobs(before.id)).toEqual([
      { percent: '50', status: 'pending' },
      { percent: '100', status: 'pending' },
    ]);
    expect(await slaJobs(next.id)).toEqual([
      { percent: '25', status: 'pending' },
      { percent: '100', status: 'pending' },
    ]);

    // When 3 hours pass, only the v2 clock has warned (25% of 4 h); v1 has no 25% warning
    t.clock.advance(3 * HOUR);
    await t.until(async () => (await clockOf(fresh.id)).thresholdsFired.length === 1, 'v2 25%');
    await settle(t);
    expect((await clockOf(old.id)).thresholdsFired).toEqual([]);

    // When 5 hours have passed, v1 warns at 50% and v2 has breached at its 4 hours
    t.clock.advance(2 * HOUR);
    await t.until(async () => (await clockOf(old.id)).thresholdsFired.length === 1, 'v1 50%');
    const breached = await t.until(async () => {
      const c = await clockOf(fresh.id);
      return c.state === 'breached' ? c : null;
    }, 'v2 breach');
    expect(breached.breachedAt).toBe(next.dueAt);
    expect(await clockOf(old.id)).toMatchObject({ state: 'running', thresholdsFired: [50] });
  });

  it('applies the pinned version conditions, even once its file is removed', async () => {
    // Given a v1 and a v2 clock, and the v1 file removed from the definitions folder
    const [old, fresh] = (
      await t.sql<{ id: string; sla_version: number }>(
        `SELECT instance_id AS id, sla_version FROM sla_clocks ORDER BY sla_version`,
      )
    ).map((r) => r.id);
    await rm(join(t.definitionsDir, 'slas/first-response/v1.json'));
    expect((await t.engine.reloadDefinitions()).problems).toEqual([]);

    // When both answers are not ok
    for (const id of [old!, fresh!])
      await complete(t, (await probe.openTask(id, 'answer')).id, { ok: false });

    // Then v1 (no cancel condition) meets the clock, v2 cancels it
    expect(await clockOf(old!)).toMatchObject({ slaVersion: 1, state: 'met' });
    expect(await clockOf(fresh!)).toMatchObject({ slaVersion: 2, state: 'cancelled' });
    // and a new ticket still gets v2
    expect(await clockOf((await startInstance(t, 'ticket')).id)).toMatchObject({
      slaVersion: 2,
    });
  });
});
