/**
 * SLA conditions, one scenario each: every engine event an SLA condition can name
 * (instanceStarted, instanceCompleted, nodeEntered, nodeLeft, taskCreated, taskCompleted with a
 * form condition, messageReceived, variable), every transition (start, stop, pause, resume,
 * cancel, reset) and a target picked from case data. Each SLA below measures one thing on the
 * same claim process; each test starts its own claim and looks at its own SLA's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { DAY, HOUR, complete, history, settle, startInstance } from '../helpers/scenario.ts';
import { files } from '../fixtures/definitions.ts';
import { calendars, claimWithDocuments, sla, slaProbe } from '../fixtures/slas.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z'); // a Monday

// Given a claim that may wait for the customer's documents before an adjuster decides
const claim = claimWithDocuments();

const P30D = { duration: 'P30D' };
// And one SLA per condition under test, named after what it measures
const slas = [
  sla('whole-case', 'claim', { target: P30D, start: [{ event: 'instanceStarted' }] }),
  sla('in-decision', 'claim', {
    target: P30D,
    start: [{ event: 'nodeEntered', node: 'decide' }],
    stop: [{ event: 'nodeLeft', node: 'decide' }],
  }),
  sla('decision-offered', 'claim', {
    target: P30D,
    start: [{ event: 'taskCreated', node: 'decide' }],
  }),
  sla('complete-file', 'claim', {
    target: P30D,
    start: [{ event: 'instanceStarted' }],
    stop: [{ event: 'taskCompleted', node: 'intake', when: 'form.ok = true' }],
  }),
  sla('customer-time-excluded', 'claim', {
    target: P30D,
    start: [{ event: 'instanceStarted' }],
    pause: [{ event: 'nodeEntered', node: 'wait' }],
    resume: [{ event: 'messageReceived', message: 'documents' }],
  }),
  sla('high-severity', 'claim', {
    target: P30D,
    start: [{ event: 'variable', when: 'severity = "high"' }],
  }),
  sla('not-withdrawn', 'claim', {
    target: P30D,
    start: [{ event: 'instanceStarted' }],
    cancel: [{ event: 'instanceCompleted', when: 'withdrawn = true' }],
  }),
  sla('decide-task', 'claim', {
    scope: 'task',
    nodes: ['decide'],
    target: P30D,
    cancel: [{ event: 'taskCompleted', node: 'decide', when: 'form.decision = "no"' }],
  }),
  sla('answer-customer', 'claim', {
    target: { duration: 'PT10H' },
    start: [{ event: 'instanceStarted' }],
    reset: [{ event: 'messageReceived', message: 'documents' }],
    thresholds: [{ percent: 50 }],
  }),
  sla('by-severity', 'claim', {
    target: { expression: 'if severity = "high" then "P1D" else "P5D"' },
    start: [{ event: 'instanceStarted' }],
  }),
  sla('from-receipt', 'claim', {
    target: { duration: 'P3D' },
    startAt: 'receivedAt',
    start: [{ event: 'instanceStarted', when: 'receivedAt != null' }],
  }),
  sla('by-contract', 'claim', {
    target: { expression: 'contractTarget' },
    start: [{ event: 'instanceStarted', when: 'contractual = true' }],
  }),
];

let t: TestEngine;
beforeAll(async () => {
  const defs: Record<string, unknown> = { ...files(claim), ...calendars() };
  for (const s of slas) defs[`slas/${s.id}/v1.json`] = s;
  t = await startTestEngine({ start: new Date(T0).toISOString(), definitions: defs });
  expect(t.engine.registry.problems).toEqual([]);
  probe = slaProbe(t);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

let probe: ReturnType<typeof slaProbe>;
const clocks = (id: string) => probe.clocks(id);
const clockOf = (id: string, slaId: string) => probe.clock(id, slaId);
const openTask = (id: string, nodeId: string) => probe.openTask(id, nodeId);
const clockEvents = (clockId: string) => probe.events(clockId);
let messages = 0;
const sendDocuments = async (ref: string, payload: Record<string, unknown> = {}) => {
  const r = await t.api('POST', '/api/messages', {
    messageId: `docs-${ref}-${++messages}`,
    name: 'documents',
    correlationKey: ref,
    payload,
  });
  expect(r.body.status).toBe('correlated');
};
let refs = 0;
const newClaim = (variables: Record<string, unknown> = {}) =>
  startInstance(t, 'claim', { ref: `R-${++refs}`, ...variables });
/** Intake asks the customer for documents: the token goes to the message wait. */
const askForDocuments = async (id: string) =>
  complete(t, (await openTask(id, 'intake')).id, { ok: false });
const intakeDone = async (id: string) =>
  complete(t, (await openTask(id, 'intake')).id, { ok: true });

describe('conditions on engine events', () => {
  it('instanceStarted: the clock starts with the instance, due after its target', async () => {
    const before = t.clock.now();
    const { id } = await newClaim();
    const clock = (await clockOf(id, 'whole-case'))!;
    expect(clock).toMatchObject({ slaVersion: 1, state: 'running', target: 'P30D' });
    const startedAt = Date.parse(clock.startedAt);
    expect(startedAt).toBeGreaterThanOrEqual(before);
    expect(startedAt).toBeLessThanOrEqual(t.clock.now());
    expect(Date.parse(clock.dueAt!) - startedAt).toBe(30 * DAY);
    const [first] = await clockEvents(clock.id);
    expect(first!.type).toBe('start');
  });

  it('nodeEntered: the clock starts only when a token enters the named node', async () => {
    // Given a claim at intake: the decision node is not entered yet, so no clock
    const { id } = await newClaim();
    expect(await clockOf(id, 'in-decision')).toBeUndefined();
    // When intake finishes an hour later and the token enters `decide`
    t.clock.advance(HOUR);
    const entered = t.clock.now();
    await intakeDone(id);
    // Then the clock starts at that step
    const clock = (await clockOf(id, 'in-decision'))!;
    expect(clock.state).toBe('running');
    expect(Date.parse(clock.startedAt)).toBeGreaterThanOrEqual(entered);
  });

  it('nodeLeft: the clock stops (met) when the token leaves the named node', async () => {
    const { id } = await newClaim();
    await intakeDone(id);
    const decide = await openTask(id, 'decide');
    t.clock.advance(2 * HOUR);
    await complete(t, decide.id, { decision: 'yes' });
    const clock = (await clockOf(id, 'in-decision'))!;
    expect(clock.state).toBe('met');
    expect(clock.elapsedMs).toBe(Date.parse(clock.stoppedAt!) - Date.parse(clock.startedAt));
    expect(clock.elapsedMs).toBeGreaterThanOrEqual(2 * HOUR);
    expect((await clockEvents(clock.id)).map((e) => e.type)).toEqual(['start', 'stop']);
  });

  it('taskCreated: the clock starts when a task of the named node is created, not another', async () => {
    // Given a claim whose intake task exists: no clock, intake is not the named node
    const { id } = await newClaim();
    await openTask(id, 'intake');
    expect(await clockOf(id, 'decision-offered')).toBeUndefined();
    // When the decision task is created
    t.clock.advance(HOUR);
    await intakeDone(id);
    const decide = await openTask(id, 'decide');
    // Then the clock starts at the instant the task was created
    const clock = (await clockOf(id, 'decision-offered'))!;
    expect(clock).toMatchObject({ state: 'running', taskId: null });
    expect(Date.parse(clock.startedAt)).toBe(decide.created_at.getTime());
  });

  it('taskCompleted with a form condition: only the named outcome stops the clock', async () => {
    // Given a claim whose intake finds the file incomplete (ok = false)
    const { id } = await newClaim();
    const ref = `R-${refs}`;
    await askForDocuments(id);
    // Then that completion does not match `form.ok = true`: the clock runs on
    expect((await clockOf(id, 'complete-file'))!.state).toBe('running');
    // When the documents arrive and intake completes with ok = true
    await sendDocuments(ref);
    t.clock.advance(HOUR);
    await intakeDone(id);
    // Then the clock is met, stopped by that completion
    const clock = (await clockOf(id, 'complete-file'))!;
    expect(clock.state).toBe('met');
    expect((await clockEvents(clock.id)).map((e) => e.type)).toEqual(['start', 'stop']);
  });

  it('messageReceived: the named message resumes a clock paused while the customer is asked', async () => {
    // Given a claim waiting for the customer's documents for 4 days: the clock is paused
    const { id } = await newClaim();
    const ref = `R-${refs}`;
    t.clock.advance(HOUR);
    await askForDocuments(id);
    let clock = (await clockOf(id, 'customer-time-excluded'))!;
    expect(clock).toMatchObject({ state: 'paused', dueAt: null });
    const used = clock.elapsedMs;
    expect(used).toBeGreaterThanOrEqual(HOUR);
    t.clock.advance(4 * DAY);
    expect((await clockOf(id, 'customer-time-excluded'))!.elapsedMs).toBe(used);
    // When the documents message arrives
    await sendDocuments(ref);
    // Then the clock runs again, its deadline moved by the four days not counted
    clock = (await clockOf(id, 'customer-time-excluded'))!;
    expect(clock.state).toBe('running');
    const events = await clockEvents(clock.id);
    expect(events.map((e) => e.type)).toEqual(['start', 'pause', 'resume']);
    expect(Date.parse(clock.dueAt!)).toBe(events[2]!.at + 30 * DAY - used);
  });

  it('variable: a FEEL condition alone starts the clock after the step that makes it true', async () => {
    // Given a claim of low severity: no clock
    const { id } = await newClaim({ severity: 'low' });
    const ref = `R-${refs}`;
    expect(await clockOf(id, 'high-severity')).toBeUndefined();
    await askForDocuments(id);
    expect(await clockOf(id, 'high-severity')).toBeUndefined();
    // When the customer's documents raise the severity to high
    t.clock.advance(HOUR);
    const raised = t.clock.now();
    await sendDocuments(ref, { severity: 'high' });
    // Then the clock starts in that step
    const clock = (await clockOf(id, 'high-severity'))!;
    expect(clock.state).toBe('running');
    expect(Date.parse(clock.startedAt)).toBeGreaterThanOrEqual(raised);
  });

  it('instanceCompleted: a withdrawn claim cancels its clock instead of meeting it', async () => {
    // Given two claims, one the customer withdrew
    const kept = await newClaim({ withdrawn: false });
    const withdrawn = await newClaim({ withdrawn: true });
    // When both complete
    for (const { id } of [kept, withdrawn]) {
      await intakeDone(id);
      await complete(t, (await openTask(id, 'decide')).id, { decision: 'yes' });
    }
    // Then the kept claim's clock is met, the withdrawn claim's clock is cancelled
    expect((await clockOf(kept.id, 'not-withdrawn'))!.state).toBe('met');
    expect((await clockOf(withdrawn.id, 'not-withdrawn'))!.state).toBe('cancelled');
    // and without a condition, completing the instance stops (meets) its clocks
    expect((await clockOf(withdrawn.id, 'whole-case'))!.state).toBe('met');
  });
});

describe('transitions', () => {
  it('cancel: an explicit cancel condition on the task completion wins over the implicit stop', async () => {
    // Given two claims at decision, each with a task clock
    const a = await newClaim();
    const b = await newClaim();
    for (const { id } of [a, b]) await intakeDone(id);
    // When one is decided yes and the other no
    await complete(t, (await openTask(a.id, 'decide')).id, { decision: 'yes' });
    await complete(t, (await openTask(b.id, 'decide')).id, {
      decision: 'no',
      note: 'referred to the other insurer',
    });
    const taskClock = async (id: string) =>
      (await clocks(id)).find((c) => c.slaId === 'decide-task')!;
    // Then "yes" meets the clock and "no" cancels it, with no timers left pending
    expect((await taskClock(a.id)).state).toBe('met');
    const cancelled = await taskClock(b.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', dueAt: null });
    const pending = await t.sql(
      `SELECT id FROM jobs WHERE kind = 'sla' AND status = 'pending' AND payload->>'clockId' = $1`,
      [cancelled.id],
    );
    expect(pending).toEqual([]);
  });

  it('cancel: cancelling the instance cancels its running and paused clocks', async () => {
    const { id } = await newClaim();
    await askForDocuments(id);
    expect((await clockOf(id, 'customer-time-excluded'))!.state).toBe('paused');
    const r = await t.api('POST', `/api/instances/${id}/cancel`, { reason: 'duplicate claim' });
    expect(r.status).toBe(200);
    const all = await clocks(id);
    expect(all.length).toBeGreaterThan(0);
    expect(all.map((c) => [c.slaId, c.state]).filter(([, s]) => s !== 'cancelled')).toEqual([]);
    const pending = await t.sql(
      `SELECT id FROM jobs WHERE kind = 'sla' AND status = 'pending' AND instance_id = $1`,
      [id],
    );
    expect(pending).toEqual([]);
  });

  it('reset: the clock starts over from zero and its warning fires again, its breach only after the new target', async () => {
    // Given a 10-hour answer clock with a 50% warning, which has warned after 6 hours
    const { id } = await newClaim();
    const ref = `R-${refs}`;
    const started = Date.parse((await clockOf(id, 'answer-customer'))!.startedAt);
    t.clock.advance(6 * HOUR);
    await t.until(
      async () => (await clockOf(id, 'answer-customer'))!.thresholdsFired.length === 1,
      'first warning',
    );
    await askForDocuments(id);
    t.clock.advance(2 * HOUR);

    // When the customer answers 8 hours in, the clock resets
    await sendDocuments(ref);
    let clock = (await clockOf(id, 'answer-customer'))!;
    const resetAt = (await clockEvents(clock.id)).at(-1)!;
    expect(resetAt.type).toBe('reset');
    // Then elapsed time is back to zero, the warning is forgotten and the deadline is 10 h on
    expect(clock).toMatchObject({ state: 'running', thresholdsFired: [], targetMs: 10 * HOUR });
    expect(clock.elapsedMs).toBeLessThan(HOUR);
    expect(Date.parse(clock.dueAt!)).toBe(resetAt.at + 10 * HOUR);

    // When the first deadline passes (4 h after the reset: 12 h after the start)
    t.clock.advance(4 * HOUR);
    expect(t.clock.now()).toBeGreaterThan(started + 10 * HOUR);
    await settle(t);
    // Then nothing fires: the old cycle's timers are gone, 4 h is not yet 50% of the new target
    clock = (await clockOf(id, 'answer-customer'))!;
    expect(clock).toMatchObject({ state: 'running', thresholdsFired: [], breachedAt: null });

    // When 50% of the new target passes, the warning fires again; at 100% the clock breaches
    t.clock.advance(2 * HOUR);
    await t.until(
      async () => (await clockOf(id, 'answer-customer'))!.thresholdsFired.length === 1,
      'second warning',
    );
    t.clock.advance(5 * HOUR);
    clock = await t.until(async () => {
      const c = (await clockOf(id, 'answer-customer'))!;
      return c.state === 'breached' ? c : null;
    }, 'breach after the reset');
    expect(Date.parse(clock.breachedAt!)).toBe(resetAt.at + 10 * HOUR);
    expect((await clockEvents(clock.id)).map((e) => e.type)).toEqual([
      'start',
      'warning',
      'reset',
      'warning',
      'breach',
    ]);
    const warnings = await t.sql(
      `SELECT data->>'percent' AS p FROM history WHERE instance_id = $1 AND type = 'sla.warning' AND data->>'slaId' = 'answer-customer' ORDER BY seq`,
      [id],
    );
    expect(warnings.map((w) => w.p)).toEqual(['50', '50']);
  });
});

describe('a target picked from case data', () => {
  it('gives a high-severity claim one day and any other five', async () => {
    const high = await newClaim({ severity: 'high' });
    const normal = await newClaim({ severity: 'medium' });
    const unknown = await newClaim();
    const due = async (id: string) => {
      const c = (await clockOf(id, 'by-severity'))!;
      return { target: c.target, ms: Date.parse(c.dueAt!) - Date.parse(c.startedAt) };
    };
    expect(await due(high.id)).toEqual({ target: 'P1D', ms: DAY });
    expect(await due(normal.id)).toEqual({ target: 'P5D', ms: 5 * DAY });
    expect(await due(unknown.id)).toEqual({ target: 'P5D', ms: 5 * DAY });
  });
});

describe('a target expression that gives no duration', () => {
  it('starts the case anyway, without that clock, and says so in the history', async () => {
    // Given an SLA whose target comes from the case's contract
    const agreed = await newClaim({ contractual: true, contractTarget: 'PT8H' });
    expect((await clockOf(agreed.id, 'by-contract'))?.target).toBe('PT8H');

    // When a case arrives without a contract target
    const missing = await newClaim({ contractual: true });

    // Then the case runs with its other clocks; the broken one is recorded, not started
    expect(missing.status).toBe('active');
    expect(await clockOf(missing.id, 'by-contract')).toBeUndefined();
    expect(await clockOf(missing.id, 'by-severity')).toBeDefined();
    const failed = (await history(t, missing.id)).filter((h) => h.type === 'sla.failed');
    expect(failed).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ slaId: 'by-contract', code: 'CW_ERR_EXPRESSION_FAILED' }),
      }),
    ]);
  });
});

describe('a clock that counts from a recorded instant', () => {
  it('starts at the date in the case (received before it was recorded), not at the event', async () => {
    // Given a claim received a day before it is recorded
    const now = t.clock.now();
    const received = new Date(now - DAY).toISOString();
    const c = await newClaim({ receivedAt: received });
    const clock = (await clockOf(c.id, 'from-receipt'))!;
    expect(Date.parse(clock.startedAt)).toBe(now - DAY);
    expect(Date.parse(clock.dueAt!)).toBe(now + 2 * DAY);

    // And a date in the future is not believed: the clock counts from the event
    const later = await newClaim({ receivedAt: new Date(now + DAY).toISOString() });
    const fromNow = (await clockOf(later.id, 'from-receipt'))!;
    expect(Date.parse(fromNow.dueAt!) - Date.parse(fromNow.startedAt)).toBe(3 * DAY);
    expect(Date.parse(fromNow.startedAt)).toBeGreaterThanOrEqual(now);
  });
});
