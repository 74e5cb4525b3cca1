/**
 * SLA clocks in business calendars: a pause over a weekend, a pause over a public holiday, and
 * a clock that runs on a make-up working Saturday of the mainland China calendar. Business
 * time paused never counts; a deadline moves by working time, not by wall-clock time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { HOUR, complete, settle, startInstance } from '../helpers/scenario.ts';
import { files } from '../fixtures/definitions.ts';
import {
  calendars,
  claimWithDocuments,
  shippedCalendar,
  sla,
  slaProbe,
  type ClockJson,
} from '../fixtures/slas.ts';

/**
 * The test clock runs at real speed between two jumps: an instant taken inside working time
 * (a pause at 12:00) lands a few milliseconds later. Deadlines that depend on one are checked
 * to within this much; those that depend only on instants outside working time are exact.
 */
const SLACK = 10_000;

// Given claims that wait for the customer's documents, one measured in office hours
// (Monday-Friday 09:00-17:00 UTC), one in the mainland China business calendar
const officeClaim = claimWithDocuments('office-claim');
const cnClaim = claimWithDocuments('cn-claim');
// And a reply SLA on each that does not count the customer's time, warning at 50%
const customerTimeExcluded = {
  start: [{ event: 'instanceStarted' }],
  pause: [{ event: 'nodeEntered', node: 'wait' }],
  resume: [{ event: 'nodeLeft', node: 'wait' }],
  thresholds: [{ percent: 50 }],
};
const officeReply = sla('office-reply', 'office-claim', {
  ...customerTimeExcluded,
  calendar: { id: 'office' },
  target: { duration: 'P2D' },
});
const cnReply = sla('cn-reply', 'cn-claim', {
  ...customerTimeExcluded,
  calendar: { id: 'cn-mainland' },
  target: { duration: 'PT4H' },
});

let t: TestEngine;
let probe: ReturnType<typeof slaProbe>;
beforeAll(async () => {
  t = await startTestEngine({
    start: '2026-03-02T00:00:00Z',
    definitions: {
      ...files(officeClaim, cnClaim),
      ...calendars(),
      ...shippedCalendar('cn-mainland'),
      'slas/office-reply/v1.json': officeReply,
      'slas/cn-reply/v1.json': cnReply,
    },
  });
  expect(t.engine.registry.problems).toEqual([]);
  probe = slaProbe(t);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** Moves the test clock to an instant (ISO 8601 with its offset). */
const at = (iso: string) => t.clock.advance(Date.parse(iso) - t.clock.now());
const ms = (iso: string | null) => (iso === null ? NaN : Date.parse(iso));
let refs = 0;
async function claimAt(processId: string, iso: string) {
  at(iso);
  const ref = `R-${++refs}`;
  const { id } = await startInstance(t, processId, { ref });
  return { id, ref };
}
const askForDocuments = async (id: string) =>
  complete(t, (await probe.openTask(id, 'intake')).id, { ok: false });
async function documentsArrive(ref: string) {
  const r = await t.api('POST', '/api/messages', {
    messageId: `docs-${ref}`,
    name: 'documents',
    correlationKey: ref,
    payload: {},
  });
  expect(r.body.status).toBe('correlated');
}
const untilState = (id: string, slaId: string, state: ClockJson['state']) =>
  t.until(async () => {
    const c = (await probe.clock(id, slaId))!;
    return c.state === state ? c : null;
  }, `${slaId} ${state}`);

describe('office hours: a pause over the weekend', () => {
  it('counts only working hours while running, nothing while paused, and breaches at the moved deadline', async () => {
    // Given a claim started on Thursday before office hours: two business days end Monday 09:00
    const { id, ref } = await claimAt('office-claim', '2026-03-05T08:00:00Z');
    let clock = (await probe.clock(id, 'office-reply'))!;
    expect(clock).toMatchObject({ state: 'running', targetMs: 16 * HOUR });
    expect(clock.dueAt).toBe('2026-03-09T09:00:00.000Z');
    // and its 50% warning is armed for the end of Thursday (8 working hours), not 20:00
    const [warn] = await t.sql(
      `SELECT due_at FROM jobs WHERE kind = 'sla' AND payload->>'clockId' = $1 AND payload->>'percent' = '50'`,
      [clock.id],
    );
    expect(warn.due_at.toISOString()).toBe('2026-03-05T17:00:00.000Z');

    // When intake asks the customer for documents on Friday at 12:00
    at('2026-03-06T12:00:00Z');
    await t.until(
      async () => (await probe.clock(id, 'office-reply'))!.thresholdsFired.length,
      '50%',
    );
    await askForDocuments(id);
    // Then the clock pauses with 11 working hours used (Thursday 8, Friday 3)
    clock = (await probe.clock(id, 'office-reply'))!;
    expect(clock.state).toBe('paused');
    const used = clock.elapsedMs;
    expect(Math.abs(used - 11 * HOUR)).toBeLessThan(SLACK);

    // And while paused over the weekend and past the original deadline nothing counts
    at('2026-03-09T12:00:00Z');
    await settle(t);
    expect(await probe.clock(id, 'office-reply')).toMatchObject({
      state: 'paused',
      elapsedMs: used,
      breachedAt: null,
    });

    // When the documents arrive on Tuesday at 09:30, 5 working hours remain: due 14:30
    at('2026-03-10T09:30:00Z');
    await documentsArrive(ref);
    clock = (await probe.clock(id, 'office-reply'))!;
    expect(clock.state).toBe('running');
    const due = ms(clock.dueAt);
    expect(Math.abs(due - Date.parse('2026-03-10T14:30:00Z'))).toBeLessThan(SLACK);

    // Then it has not breached a minute before, and breaches at that deadline
    at('2026-03-10T14:29:00Z');
    await settle(t);
    expect((await probe.clock(id, 'office-reply'))!.state).toBe('running');
    at('2026-03-10T14:31:00Z');
    clock = await untilState(id, 'office-reply', 'breached');
    expect(ms(clock.breachedAt)).toBe(due);
    expect((await probe.events(clock.id)).map((e) => e.type)).toEqual([
      'start',
      'warning',
      'pause',
      'resume',
      'breach',
    ]);
  });
});

describe('mainland China calendar', () => {
  it('a pause over the National Day holiday: resumed on a holiday, the clock counts from 8 October', async () => {
    // Given a claim started before office hours on Wednesday 30 September: due at 14:00
    const { id, ref } = await claimAt('cn-claim', '2026-09-30T08:00:00+08:00');
    let clock = (await probe.clock(id, 'cn-reply'))!;
    expect(clock.dueAt).toBe(new Date('2026-09-30T14:00:00+08:00').toISOString());

    // When intake asks for documents at 10:00 (one working hour used)
    at('2026-09-30T10:00:00+08:00');
    await askForDocuments(id);
    const used = (await probe.clock(id, 'cn-reply'))!.elapsedMs;
    expect(Math.abs(used - HOUR)).toBeLessThan(SLACK);

    // And the documents arrive on Monday 5 October, inside the 1-7 October holiday
    at('2026-10-05T10:00:00+08:00');
    await settle(t);
    expect((await probe.clock(id, 'cn-reply'))!).toMatchObject({
      state: 'paused',
      elapsedMs: used,
    });
    await documentsArrive(ref);

    // Then the 3 remaining hours are counted from Thursday 8 October 09:00: due 12:00
    clock = (await probe.clock(id, 'cn-reply'))!;
    const due = ms(clock.dueAt);
    expect(due).toBe(Date.parse('2026-10-08T12:00:00+08:00') - (used - HOUR));
    // and the rest of the holiday adds nothing
    at('2026-10-07T20:00:00+08:00');
    await settle(t);
    expect((await probe.clock(id, 'cn-reply'))!).toMatchObject({
      state: 'running',
      elapsedMs: used,
      thresholdsFired: [],
    });

    // When the deadline passes on 8 October, the warning and then the breach fire
    at('2026-10-08T12:01:00+08:00');
    clock = await untilState(id, 'cn-reply', 'breached');
    expect(ms(clock.breachedAt)).toBe(due);
    expect(clock.thresholdsFired).toEqual([50]);
  });

  it('a month and a day is a calendar month, then one business day (counted once)', async () => {
    // Given a draft SLA on the mainland calendar, previewed from Monday 2 November 10:00
    const breach = async (duration: string) => {
      const r = await t.api('POST', '/api/slas/preview', {
        sla: { ...cnReply, id: 'cn-month', target: { duration } },
        startAt: '2026-11-02T10:00:00+08:00',
      });
      expect(r.status).toBe(200);
      return r.body.events.find((e: { kind: string }) => e.kind === 'breach').at;
    };
    // Then P1M1D is Thursday 3 December 10:00 (2 December, then one business day), not the 4th
    expect(await breach('P1M1D')).toBe(new Date('2026-12-03T10:00:00+08:00').toISOString());
    // And P1MT13H is 13 working hours after 2 December 10:00: Thursday 16:00
    expect(await breach('P1MT13H')).toBe(new Date('2026-12-03T16:00:00+08:00').toISOString());
  });

  it('the make-up Saturday 10 October counts: the deadline falls on it, not on Monday', async () => {
    // Given a claim started before office hours on Friday 9 October, paused at 10:00
    const { id, ref } = await claimAt('cn-claim', '2026-10-09T08:00:00+08:00');
    at('2026-10-09T10:00:00+08:00');
    await askForDocuments(id);
    const used = (await probe.clock(id, 'cn-reply'))!.elapsedMs;
    expect(Math.abs(used - HOUR)).toBeLessThan(SLACK);

    // When the documents arrive on Friday evening, after office hours
    at('2026-10-09T19:00:00+08:00');
    await documentsArrive(ref);

    // Then the 3 remaining hours run on the make-up Saturday 09:00-12:00 (not Monday 12 Oct)
    let clock = (await probe.clock(id, 'cn-reply'))!;
    const due = ms(clock.dueAt);
    expect(due).toBe(Date.parse('2026-10-10T12:00:00+08:00') - (used - HOUR));

    // And the 50% warning (2 working hours) fires on Saturday at 10:00, not earlier
    at('2026-10-10T09:30:00+08:00');
    await settle(t);
    expect((await probe.clock(id, 'cn-reply'))!.thresholdsFired).toEqual([]);
    at('2026-10-10T10:30:00+08:00');
    await t.until(async () => (await probe.clock(id, 'cn-reply'))!.thresholdsFired.length, '50%');
    const warning = (await probe.events(clock.id)).find((e) => e.type === 'warning')!;
    expect(warning.at).toBeGreaterThanOrEqual(Date.parse('2026-10-10T10:00:00+08:00') - SLACK);

    // And the clock breaches on Saturday at 12:00
    at('2026-10-10T12:01:00+08:00');
    clock = await untilState(id, 'cn-reply', 'breached');
    expect(ms(clock.breachedAt)).toBe(due);
  });
});
