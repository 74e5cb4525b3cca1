/**
 * The customer-care processes as shipped in definitions/: the new-policy visit inside the
 * cooling-off period, the renewal reminder before expiry, the satisfaction survey campaign and
 * a single survey response, and the follow-up visit. One engine on the real folder; every path
 * walked through the HTTP API as the customer-care staff (`care`) and the customer portal
 * (`portal`) would, with the timers driven by the engine's ManualClock.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import {
  DAY,
  complete,
  getInstance,
  history,
  jobsAt,
  startInstance,
  untilAt,
  untilStatus,
} from '../helpers/scenario.ts';
import { slaProbe, type ClockJson } from '../fixtures/slas.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const T0 = '2026-03-02T01:00:00Z'; // Monday 09:00 in Beijing
const SECOND = 1000;
const MOBILE = '13812345678';

let t: TestEngine;
let probe: ReturnType<typeof slaProbe>;
beforeAll(async () => {
  t = await startTestEngine({ definitions: SHIPPED, start: T0 });
  probe = slaProbe(t);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

// ---- small steps ------------------------------------------------------------------------

/** The Beijing calendar date `days` after the engine's now, as YYYY-MM-DD. */
const beijingDate = (days = 0) =>
  new Date(t.clock.now() + days * DAY + 8 * 3600_000).toISOString().slice(0, 10);
/** An instant given as a Beijing local date and time. */
const beijing = (date: string, time = '00:00:00') => Date.parse(`${date}T${time}+08:00`);
/** Moves the engine clock forward to an instant. */
const advanceTo = (at: number) => t.clock.advance(Math.max(0, at - t.clock.now()));

/** Waits for the open task of a node and returns its id. */
const openTask = async (instanceId: string, nodeId: string) =>
  (await probe.openTask(instanceId, nodeId)).id;

/** The history as `type@node` for the steps a business reader follows (SLA entries apart). */
const STEPS = new Set([
  'task.created',
  'task.completed',
  'timer.fired',
  'call.started',
  'call.completed',
  'message.correlated',
  'node.interrupted',
  'instance.completed',
]);
async function steps(instanceId: string): Promise<string[]> {
  return (await history(t, instanceId))
    .filter((h) => STEPS.has(h.type))
    .map((h) => (h.nodeId ? `${h.type}@${h.nodeId}` : h.type));
}

/** Waits until a clock of the instance satisfies a check and returns it. */
function untilClock(
  instanceId: string,
  slaId: string,
  check: (c: ClockJson) => boolean,
  what: string,
): Promise<ClockJson> {
  return t.until(async () => {
    const c = await probe.clock(instanceId, slaId);
    return c && check(c) ? c : null;
  }, `${slaId} ${what}`);
}

/** The SLA notifications of an instance: kind and recipient, oldest first. */
async function notifications(instanceId: string): Promise<string[]> {
  const rows = await t.sql(
    `SELECT kind, recipient_kind, recipient, data FROM notifications WHERE instance_id = $1 ORDER BY id`,
    [instanceId],
  );
  return rows.map((r) => `${r.kind} ${r.data.percent} ${r.recipient_kind}:${r.recipient}`);
}

const priorityOf = async (taskId: string) =>
  (await t.sql(`SELECT priority FROM tasks WHERE id = $1`, [taskId]))[0].priority as number;

/** Submits a task's form expecting a refusal; returns the JSON pointers of the problems. */
async function refused(taskId: string, data: Record<string, unknown>): Promise<string[]> {
  const res = await t.api('POST', `/api/tasks/${taskId}/complete`, { data }, { as: 'care' });
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
  return res.body.details.map((d: { pointer: string }) => d.pointer).sort();
}

/** Delivers the customer's renewal answer through the portal. */
const answer = (id: string, policyNumber: string, value: string) =>
  t.api(
    'POST',
    '/api/messages',
    {
      messageId: id,
      name: 'renewal-answer',
      correlationKey: policyNumber,
      payload: { answer: value },
    },
    { as: 'portal' },
  );

// ---- the definitions --------------------------------------------------------------------

const MINE =
  /^(processes|forms|slas)\/(new-policy-visit|renewal-reminder|satisfaction-survey|survey-response|follow-up-visit)/;

describe('the shipped customer-care definitions', () => {
  it('load without a problem', async () => {
    // Given the shipped definitions folder, when the engine has loaded it
    const problems = await t.api('GET', '/api/definitions/problems');
    // Then none of the customer-care files has a problem
    expect(problems.body.items.filter((p: { file: string }) => MINE.test(p.file))).toEqual([]);
    const ids = async (kind: string) =>
      (await t.api('GET', `/api/definitions?kind=${kind}`)).body.items.map(
        (d: { id: string }) => d.id,
      );
    expect(await ids('process')).toEqual(
      expect.arrayContaining([
        'new-policy-visit',
        'renewal-reminder',
        'renewal-reminder-answer',
        'satisfaction-survey',
        'survey-response',
        'follow-up-visit',
      ]),
    );
    expect(await ids('sla')).toEqual(
      expect.arrayContaining([
        'new-policy-visit-cooling-off',
        'renewal-reminder-first-notice',
        'renewal-reminder-second-notice',
        'survey-response-after-claim',
        'follow-up-visit-after-claim',
      ]),
    );
  });
});

// ---- new-policy visit -------------------------------------------------------------------

describe('new-policy visit 新單回訪: inside the cooling-off period', () => {
  const holder = (policyNumber: string, extra: Record<string, unknown> = {}) => ({
    policyNumber,
    holderName: '王小明',
    mobile: MOBILE,
    receiptDate: beijingDate(),
    productName: '終身壽險',
    ...extra,
  });
  const call = (extra: Record<string, unknown>) => ({
    callTime: new Date(t.clock.now()).toISOString(),
    ...extra,
  });
  const failedCall = (reason = 'no-answer') => call({ reached: false, failureReason: reason });

  it('refuses a start without a mainland mobile number or a receipt date', async () => {
    // When the visit is started with a landline number and no receipt date
    const res = await t.api('POST', '/api/instances', {
      processId: 'new-policy-visit',
      variables: { ...holder('NPV-000001', { mobile: '02112345678' }), receiptDate: undefined },
    });
    // Then it is refused field by field, and nothing starts
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
    expect(res.body.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual([
      '/variables/mobile',
      '/variables/receiptDate',
    ]);
    expect(await t.sql(`SELECT id FROM instances WHERE business_key = 'NPV-NPV-000001'`)).toEqual(
      [],
    );
  });

  it('confirmed: the holder is reached on the first call, the clock is met', async () => {
    // Given a policy received today
    const i = await startInstance(t, 'new-policy-visit', holder('PL-100001'));
    expect(i.status).toBe('active');
    expect(i.variables).toMatchObject({
      attempts: 0,
      maxAttempts: 3,
      coolingOffEnds: beijingDate(15),
      visitLog: [],
    });
    // And the holder's mobile is personal data: masked in the response
    expect(i.variables.mobile).toBe('1*********8');
    const clock = await untilClock(i.id, 'new-policy-visit-cooling-off', () => true, 'started');
    expect(clock).toMatchObject({ state: 'running', target: 'P15D', thresholdsFired: [] });
    expect(Date.parse(clock.dueAt!) - Date.parse(clock.startedAt)).toBe(15 * DAY);
    const visit = await openTask(i.id, 'visit-call');
    const [task] = await t.sql(`SELECT due_at, candidate_groups FROM tasks WHERE id = $1`, [visit]);
    expect(task.candidate_groups).toEqual(['customer-care']);
    expect(task.due_at.getTime()).toBe(beijing(beijingDate(15)));

    // When the call is recorded as failed without a reason, or as reached without the answers
    expect(await refused(visit, call({ reached: false }))).toEqual(['/data/failureReason']);
    expect(await refused(visit, call({ reached: true, failureReason: 'busy' }))).toEqual([
      '/data/failureReason',
      '/data/policyReceived',
      '/data/termsUnderstood',
      '/data/wantsCancel',
    ]);
    // And someone outside customer care tries to record it
    const outsider = await t.api(
      'POST',
      `/api/tasks/${visit}/complete`,
      { data: failedCall() },
      { as: 'adjuster' },
    );
    expect(outsider.status).toBe(404);

    // When the holder is reached, has the policy, needed an explanation and keeps it
    const done = await complete(
      t,
      visit,
      call({
        reached: true,
        policyReceived: true,
        termsUnderstood: false,
        explanationGiven: '講解了猶豫期及責任免除條款',
        wantsCancel: false,
      }),
      'care',
    );

    // Then the visit ends confirmed after one attempt, and the clock is met
    expect(done).toMatchObject({ status: 'completed', outcome: 'confirmed' });
    expect(done.variables).toMatchObject({ attempts: 1, reached: true, termsUnderstood: false });
    expect(done.variables.visitLog).toEqual([
      expect.objectContaining({ attempt: 1, reached: true, failureReason: null }),
    ]);
    expect(await steps(i.id)).toEqual([
      'task.created@visit-call',
      'task.completed@visit-call',
      'instance.completed',
    ]);
    expect(await probe.clock(i.id, 'new-policy-visit-cooling-off')).toMatchObject({
      state: 'met',
      thresholdsFired: [],
      breachedAt: null,
    });
  });

  it('cancelled in the cooling-off period: a failed call is recorded and retried the next day', async () => {
    // Given a visit whose first call is not answered
    const i = await startInstance(t, 'new-policy-visit', holder('PL-100002'));
    const first = await openTask(i.id, 'visit-call');
    const afterFirst = await complete(t, first, failedCall('no-answer'), 'care');
    // Then the call is recorded and the next one waits a day
    expect(afterFirst.variables).toMatchObject({ attempts: 1, reached: false });
    expect(afterFirst.tokens).toEqual([
      expect.objectContaining({ nodeId: 'wait-next-day', waitingFor: 'timer' }),
    ]);
    const [timer] = await jobsAt(t, i.id, 'wait-next-day');
    expect(timer!.due_at.getTime() - t.clock.now()).toBeGreaterThan(DAY - 60 * SECOND);

    // When the next day comes, the holder is reached and asks to cancel
    advanceTo(timer!.due_at.getTime() + SECOND);
    const second = await openTask(i.id, 'visit-call');
    expect(second).not.toBe(first);
    expect(await priorityOf(second)).toBe(60);
    expect(
      await refused(
        second,
        call({ reached: true, policyReceived: true, termsUnderstood: true, wantsCancel: true }),
      ),
    ).toEqual(['/data/cancelReason']);
    const done = await complete(
      t,
      second,
      call({
        reached: true,
        policyReceived: true,
        termsUnderstood: true,
        wantsCancel: true,
        cancelReason: '保費超出預算',
      }),
      'care',
    );

    // Then it ends cancelled in the cooling-off period, with both calls in the log
    expect(done).toMatchObject({ status: 'completed', outcome: 'cancelled-in-cooling-off' });
    expect(done.variables.attempts).toBe(2);
    expect(done.variables.visitLog).toEqual([
      expect.objectContaining({ attempt: 1, reached: false, failureReason: 'no-answer' }),
      expect.objectContaining({ attempt: 2, reached: true }),
    ]);
    expect(await steps(i.id)).toEqual([
      'task.created@visit-call',
      'task.completed@visit-call',
      'timer.fired@wait-next-day',
      'task.created@visit-call',
      'task.completed@visit-call',
      'instance.completed',
    ]);
    expect((await probe.clock(i.id, 'new-policy-visit-cooling-off'))?.state).toBe('met');
  });

  it('unreachable: three failed calls on three days end the visit', async () => {
    // Given a visit with the default three attempts
    const i = await startInstance(t, 'new-policy-visit', holder('PL-100003'));
    const reasons = ['busy', 'switched-off', 'no-answer'];
    let last = i;
    for (const [n, reason] of reasons.entries()) {
      // When each call fails
      const task = await openTask(i.id, 'visit-call');
      last = await complete(t, task, failedCall(reason), 'care');
      if (n < reasons.length - 1) {
        // Then the next one follows a day later
        const pending = (await jobsAt(t, i.id, 'wait-next-day')).find(
          (j) => j.status === 'pending',
        );
        advanceTo(pending!.due_at.getTime() + SECOND);
      }
    }

    // Then after the third failure the holder is recorded as unreachable
    expect(last).toMatchObject({ status: 'completed', outcome: 'unreachable' });
    expect(last.variables.attempts).toBe(3);
    expect(
      (last.variables.visitLog as { failureReason: string }[]).map((v) => v.failureReason),
    ).toEqual(reasons);
    const h = await steps(i.id);
    expect(h.filter((s) => s === 'task.completed@visit-call')).toHaveLength(3);
    expect(h.filter((s) => s === 'timer.fired@wait-next-day')).toHaveLength(2);
    expect(h.at(-1)).toBe('instance.completed');
    expect((await probe.clock(i.id, 'new-policy-visit-cooling-off'))?.state).toBe('met');
  });

  it('late: warnings at 50 % and 80 % of the cooling-off period, then the breach escalates', async () => {
    // Given a visit nobody has made
    const i = await startInstance(t, 'new-policy-visit', holder('PL-100004'));
    const visit = await openTask(i.id, 'visit-call');
    const started = Date.parse(
      (await untilClock(i.id, 'new-policy-visit-cooling-off', () => true, 'started')).startedAt,
    );

    // When half the cooling-off period has passed, customer care is warned
    advanceTo(started + 7.5 * DAY + SECOND);
    await untilClock(
      i.id,
      'new-policy-visit-cooling-off',
      (c) => c.thresholdsFired.length === 1,
      '50 %',
    );
    expect(await priorityOf(visit)).toBe(50);
    const inbox = await t.api('GET', '/api/notifications', undefined, { as: 'care' });
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({ instanceId: i.id, kind: 'sla.warning' }),
    );

    // And at 80 % the task moves up the inbox
    advanceTo(started + 12 * DAY + SECOND);
    await untilClock(
      i.id,
      'new-policy-visit-cooling-off',
      (c) => c.thresholdsFired.length === 2,
      '80 %',
    );
    expect(await priorityOf(visit)).toBe(80);

    // And when the 15 days have passed, the supervisors are told and the priority is raised again
    advanceTo(started + 15 * DAY + SECOND);
    const breached = await untilClock(
      i.id,
      'new-policy-visit-cooling-off',
      (c) => c.state === 'breached',
      'breach',
    );
    expect(breached.breachedAt).toBe(new Date(started + 15 * DAY).toISOString());
    expect(await priorityOf(visit)).toBe(95);
    expect(await notifications(i.id)).toEqual([
      'sla.warning 50 group:customer-care',
      'sla.warning 80 group:customer-care',
      'sla.breach 100 role:supervisor',
    ]);

    // Then the visit can still be made, and the clock keeps the breach
    const done = await complete(
      t,
      visit,
      call({ reached: true, policyReceived: true, termsUnderstood: true, wantsCancel: false }),
      'care',
    );
    expect(done.outcome).toBe('confirmed');
    expect(await probe.clock(i.id, 'new-policy-visit-cooling-off')).toMatchObject({
      state: 'breached',
      thresholdsFired: [50, 80],
    });
    const types = (await history(t, i.id)).map((h) => h.type).filter((x) => x.startsWith('sla.'));
    expect(types.filter((x) => x !== 'sla.action')).toEqual([
      'sla.started',
      'sla.warning',
      'sla.warning',
      'sla.breached',
      'sla.stopped',
    ]);
  });
});

// ---- renewal reminder -------------------------------------------------------------------

describe('renewal reminder 續保提醒 v2: 30 and 7 days before expiry', () => {
  const policy = (policyNumber: string, expiryDate: string) => ({
    policyNumber,
    holderName: '李華',
    mobile: MOBILE,
    productName: '個人意外傷害保險',
    expiryDate,
    renewalPremium: 36_000,
  });
  const reminder = (extra: Record<string, unknown> = {}) => ({
    channel: 'phone',
    remindedAt: new Date(t.clock.now()).toISOString(),
    contacted: true,
    customerIntent: 'undecided',
    ...extra,
  });
  /** Starts a reminder for a policy expiring in 40 days and returns the key instants. */
  async function started(policyNumber: string) {
    const expiryDate = beijingDate(40);
    // version 2's paths (its cases still run; version 3 is walked in renewal-reminder.test.ts)
    const i = await startInstance(t, 'renewal-reminder', policy(policyNumber, expiryDate), {
      version: 2,
    });
    expect((await t.api('GET', `/api/instances/${i.id}`)).body.businessKey).toBe(
      `RNW-${policyNumber}`,
    );
    const expiry = beijing(expiryDate);
    return {
      i,
      firstDue: expiry + 9 * 3600_000 - 30 * DAY,
      secondDue: expiry + 9 * 3600_000 - 7 * DAY,
      end: expiry + DAY,
    };
  }
  const childOf = async (parentId: string, status = 'active') =>
    (
      await t.until(
        async () =>
          (
            await t.sql(
              `SELECT id FROM instances WHERE parent_id = $1 AND status = $2 ORDER BY started_at DESC, id DESC`,
              [parentId, status],
            )
          )[0],
        `${status} child of ${parentId}`,
      )
    ).id as string;

  it('renewed: the first reminder 30 days before expiry, then the customer renews', async () => {
    // Given a policy expiring in 40 days
    const { i, firstDue, secondDue } = await started('PL-200001');
    expect(i.tokens).toEqual([
      expect.objectContaining({ nodeId: 'until-first-reminder', waitingFor: 'timer' }),
    ]);
    const [timer] = await jobsAt(t, i.id, 'until-first-reminder');
    expect(timer!.due_at.getTime()).toBe(firstDue);

    // When the day 30 days before expiry comes, customer care reminds the customer
    advanceTo(firstDue + SECOND);
    const remind = await openTask(i.id, 'first-reminder');
    const clock = await untilClock(i.id, 'renewal-reminder-first-notice', () => true, 'started');
    expect(clock).toMatchObject({ state: 'running', target: 'P3D', taskId: remind });
    expect(
      await refused(remind, reminder({ channel: 'pigeon', customerIntent: undefined })),
    ).toEqual(['/data/channel', '/data/customerIntent']);
    await complete(t, remind, reminder({ customerIntent: 'will-renew' }), 'care');
    expect((await probe.clock(i.id, 'renewal-reminder-first-notice'))?.state).toBe('met');

    // And the case waits for the customer's answer, with the second reminder armed
    const child = await childOf(i.id);
    await untilAt(t, child, 'await-answer');
    const [second] = await jobsAt(t, i.id, 'seven-days-left');
    expect(second).toMatchObject({ status: 'pending' });
    expect(second!.due_at.getTime()).toBe(secondDue);

    // When the customer answers "renew" through the portal
    const res = await answer('renew-200001', 'PL-200001', 'renew');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'correlated', instanceId: child });

    // Then the reminder ends renewed and the second reminder is withdrawn
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('renewed');
    expect(done.variables).toMatchObject({ renewalAnswer: 'renew', customerIntent: 'will-renew' });
    expect((await jobsAt(t, i.id, 'seven-days-left'))[0]!.status).toBe('cancelled');
    expect(await steps(i.id)).toEqual([
      'timer.fired@until-first-reminder',
      'task.created@first-reminder',
      'task.completed@first-reminder',
      'call.started@await-answer',
      'call.completed@await-answer',
      'instance.completed',
    ]);
    expect((await getInstance(t, child)).outcome).toBe('renew');
  });

  it('lapsed: no answer by 7 days before expiry brings the second reminder; an unknown answer is set aside', async () => {
    // Given a reminder given 30 days before expiry
    const { i, firstDue, secondDue } = await started('PL-200002');
    advanceTo(firstDue + SECOND);
    await complete(
      t,
      await openTask(i.id, 'first-reminder'),
      reminder({ channel: 'sms', contacted: false, customerIntent: undefined }),
      'care',
    );
    const firstChild = await childOf(i.id);

    // When 7 days before expiry there is still no answer
    advanceTo(secondDue + SECOND);
    const again = await openTask(i.id, 'second-reminder');
    // Then the first wait is withdrawn and customer care reminds the customer again
    await untilStatus(t, firstChild, 'cancelled');
    expect(await priorityOf(again)).toBe(70);
    const clock = await untilClock(i.id, 'renewal-reminder-second-notice', () => true, 'started');
    expect(clock).toMatchObject({ state: 'running', target: 'P1D' });
    await complete(t, again, reminder({ customerIntent: 'will-lapse' }), 'care');
    expect((await probe.clock(i.id, 'renewal-reminder-second-notice'))?.state).toBe('met');
    const finalChild = await childOf(i.id);
    expect(finalChild).not.toBe(firstChild);
    await untilAt(t, finalChild, 'await-answer');

    // When the customer first answers something the process does not know
    const unknown = await answer('maybe-200002', 'PL-200002', 'maybe');
    expect(unknown.body).toMatchObject({ status: 'correlated', instanceId: finalChild });
    // Then it is recorded and the wait goes on
    const stillWaiting = await untilAt(t, finalChild, 'await-answer');
    expect(stillWaiting.variables).toMatchObject({ answer: 'maybe', unrecognisedAnswers: 1 });
    expect((await getInstance(t, i.id)).status).toBe('active');

    // When the customer lets the policy lapse
    await answer('lapse-200002', 'PL-200002', 'lapse');
    // Then the reminder ends lapsed
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('lapsed');
    expect(done.variables.renewalAnswer).toBe('lapse');
    expect(await steps(i.id)).toEqual([
      'timer.fired@until-first-reminder',
      'task.created@first-reminder',
      'task.completed@first-reminder',
      'call.started@await-answer',
      'timer.fired@seven-days-left',
      'node.interrupted@await-answer',
      'task.created@second-reminder',
      'task.completed@second-reminder',
      'call.started@await-final-answer',
      'call.completed@await-final-answer',
      'instance.completed',
    ]);
  });

  it('expired: a late first reminder breaches its SLA, and with no answer by expiry the policy expires', async () => {
    // Given the first reminder due and nobody giving it
    const { i, firstDue, secondDue, end } = await started('PL-200003');
    advanceTo(firstDue + SECOND);
    const remind = await openTask(i.id, 'first-reminder');
    const first = await untilClock(i.id, 'renewal-reminder-first-notice', () => true, 'started');
    const from = Date.parse(first.startedAt);

    // When 80 % of the 3 days have passed, the task moves up; after 3 days the breach escalates
    advanceTo(from + 2.4 * DAY + SECOND);
    await untilClock(
      i.id,
      'renewal-reminder-first-notice',
      (c) => c.thresholdsFired.length === 2,
      '80 %',
    );
    expect(await priorityOf(remind)).toBe(80);
    advanceTo(from + 3 * DAY + SECOND);
    await untilClock(
      i.id,
      'renewal-reminder-first-notice',
      (c) => c.state === 'breached',
      'breach',
    );
    expect(await priorityOf(remind)).toBe(95);
    expect(await notifications(i.id)).toEqual([
      'sla.warning 50 group:customer-care',
      'sla.warning 80 group:customer-care',
      'sla.breach 100 role:supervisor',
    ]);
    await complete(t, remind, reminder(), 'care');
    expect(await probe.clock(i.id, 'renewal-reminder-first-notice')).toMatchObject({
      state: 'breached',
      thresholdsFired: [50, 80],
    });

    // And the second reminder is given in time
    advanceTo(secondDue + SECOND);
    await complete(t, await openTask(i.id, 'second-reminder'), reminder(), 'care');
    const finalChild = await childOf(i.id);
    const [expiry] = await jobsAt(t, i.id, 'policy-expires');
    expect(expiry!.due_at.getTime()).toBe(end);

    // When the policy's last day ends without an answer
    advanceTo(end + SECOND);
    // Then the reminder ends expired and the wait is withdrawn
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('expired');
    expect(done.variables.renewalAnswer ?? null).toBeNull();
    await untilStatus(t, finalChild, 'cancelled');
    const h = await steps(i.id);
    expect(h.slice(-3)).toEqual([
      'timer.fired@policy-expires',
      'node.interrupted@await-final-answer',
      'instance.completed',
    ]);
    expect((await probe.clock(i.id, 'renewal-reminder-second-notice'))?.state).toBe('met');
  });
});

// ---- satisfaction survey ----------------------------------------------------------------

describe('satisfaction survey 客戶滿意度調查: plan, design, conduct, analyse, improve', () => {
  const plan = () => ({
    purpose: '了解客戶對產品、服務和理賠的滿意程度',
    audience: ['claimants', 'new-policy-holders'],
    method: 'questionnaire',
    sampleSize: 500,
    periodStart: beijingDate(),
    periodEnd: beijingDate(14),
  });
  const q = (topic: string, text: string, answerType = 'rating') => ({ topic, text, answerType });
  const questionnaire = [
    q('products', '您對所購保險產品的保障範圍是否滿意？'),
    q('service', '客服人員的服務態度如何？'),
    q('claims', '理賠處理速度是否令您滿意？'),
    q('claims', '您對理賠有何建議？', 'text'),
  ];

  /** Plans and designs a campaign with a complete questionnaire; returns the instance id. */
  async function planned(code: string): Promise<string> {
    const i = await startInstance(t, 'satisfaction-survey', {
      campaignCode: code,
      campaignName: '2026 年度客戶滿意度調查',
    });
    await complete(t, await openTask(i.id, 'plan'), plan(), 'care');
    return i.id;
  }

  it('improved: a questionnaire missing the claims questions is redesigned; the results lead to actions', async () => {
    // Given a planned campaign
    const id = await planned('SSC-2026-1');
    const periodEnd = (await getInstance(t, id)).variables.periodEnd as string;

    // When the questionnaire has fewer than three questions, it is refused
    const design = await openTask(id, 'design');
    expect(await refused(design, { questions: questionnaire.slice(0, 2) })).toEqual([
      '/data/questions',
    ]);
    // And when it asks nothing about claims, it goes back for redesign
    const partial = await complete(
      t,
      design,
      { questions: [questionnaire[0], questionnaire[1], q('service', '您會推薦本公司嗎？')] },
      'care',
    );
    expect(partial.variables).toMatchObject({ coversAllTopics: false, designRounds: 1 });
    const redesign = await openTask(id, 'design');
    expect(redesign).not.toBe(design);
    const designed = await complete(
      t,
      redesign,
      { introduction: '感謝您撥冗填寫', questions: questionnaire },
      'care',
    );
    expect(designed.variables).toMatchObject({ coversAllTopics: true, designRounds: 2 });

    // Then the survey runs until the end of its last day
    expect(designed.tokens).toEqual([
      expect.objectContaining({ nodeId: 'conduct', waitingFor: 'timer' }),
    ]);
    const [conduct] = await jobsAt(t, id, 'conduct');
    expect(conduct!.due_at.getTime()).toBe(beijing(periodEnd) + DAY);

    // When the period is over, the results are analysed
    advanceTo(conduct!.due_at.getTime() + SECOND);
    const analyse = await openTask(id, 'analyse');
    expect(
      await refused(analyse, {
        responsesCount: 412,
        averageRating: 6,
        summary: '…',
        improvementNeeded: true,
      }),
    ).toEqual(['/data/averageRating']);
    await complete(
      t,
      analyse,
      {
        responsesCount: 412,
        averageRating: 3.6,
        topicRatings: { products: 4.1, service: 3.8, claims: 2.9 },
        summary: '理賠速度評分最低，客戶反映補件次數多。',
        improvementNeeded: true,
      },
      'care',
    );

    // And the improvement actions close the campaign
    const done = await complete(
      t,
      await openTask(id, 'improve'),
      {
        actions: [
          { area: 'claims', action: '一次性補件清單', owner: '理賠部', dueDate: beijingDate(60) },
          { area: 'service', action: '客服話術培訓', owner: '客服中心', dueDate: beijingDate(30) },
        ],
      },
      'care',
    );
    expect(done).toMatchObject({ status: 'completed', outcome: 'improved' });
    expect(await steps(id)).toEqual([
      'task.created@plan',
      'task.completed@plan',
      'task.created@design',
      'task.completed@design',
      'task.created@design',
      'task.completed@design',
      'timer.fired@conduct',
      'task.created@analyse',
      'task.completed@analyse',
      'task.created@improve',
      'task.completed@improve',
      'instance.completed',
    ]);
  });

  it('no action needed: a good result ends the campaign after the analysis', async () => {
    // Given a campaign designed at the first attempt
    const id = await planned('SSC-2026-2');
    await complete(t, await openTask(id, 'design'), { questions: questionnaire }, 'care');
    const [conduct] = await jobsAt(t, id, 'conduct');

    // When the period is over and the analysis finds nothing to improve
    advanceTo(conduct!.due_at.getTime() + SECOND);
    const done = await complete(
      t,
      await openTask(id, 'analyse'),
      { responsesCount: 380, averageRating: 4.6, summary: '整體滿意。', improvementNeeded: false },
      'care',
    );

    // Then the campaign ends without improvement actions
    expect(done).toMatchObject({ status: 'completed', outcome: 'no-action-needed' });
    expect((await steps(id)).filter((s) => s.includes('@improve'))).toEqual([]);
  });
});

// ---- survey response --------------------------------------------------------------------

describe('survey response 客戶滿意度答卷: one customer, ratings 1 to 5', () => {
  const customer = (policyNumber: string, extra: Record<string, unknown>) => ({
    customerName: '張偉',
    mobile: MOBILE,
    policyNumber,
    ...extra,
  });
  const afterClaim = (policyNumber: string) =>
    customer(policyNumber, {
      surveyKind: 'claim',
      claimNumber: 'CLM-2026-0001',
      claimClosedDate: beijingDate(),
    });

  it('recorded: a survey after a closed claim answered within 7 days', async () => {
    // Given a claim closed today
    const i = await startInstance(t, 'survey-response', afterClaim('PL-300001'));
    const clock = await untilClock(i.id, 'survey-response-after-claim', () => true, 'started');
    expect(clock).toMatchObject({ state: 'running', target: 'P7D' });
    const task = await openTask(i.id, 'record-answers');

    // When the answers are out of range or miss the claims rating, they are refused
    expect(
      await refused(task, { answered: true, productRating: 0, serviceRating: 4, overallRating: 6 }),
    ).toEqual(['/data/claimsRating', '/data/overallRating', '/data/productRating']);

    // When the customer rates the service well two days later
    advanceTo(Date.parse(clock.startedAt) + 2 * DAY);
    const done = await complete(
      t,
      task,
      {
        answered: true,
        productRating: 4,
        serviceRating: 5,
        claimsRating: 4,
        overallRating: 4,
        comments: '理賠很快',
      },
      'care',
    );

    // Then the answers are recorded and the 7-day clock is met
    expect(done).toMatchObject({ status: 'completed', outcome: 'recorded' });
    expect(done.variables).toMatchObject({ claimsRating: 4, overallRating: 4 });
    expect(await probe.clock(i.id, 'survey-response-after-claim')).toMatchObject({
      state: 'met',
      thresholdsFired: [],
    });
  });

  it('followed up: a campaign answer rated 2 or less is followed up, without the claim clock', async () => {
    // Given a campaign survey (no claim: no 7-day clock)
    const i = await startInstance(
      t,
      'survey-response',
      customer('PL-300002', { surveyKind: 'campaign', campaignCode: 'SSC-2026-1' }),
    );
    expect(await probe.clocks(i.id)).toEqual([]);

    // When the customer is dissatisfied
    const rated = await complete(
      t,
      await openTask(i.id, 'record-answers'),
      { answered: true, productRating: 2, serviceRating: 1, overallRating: 2, comments: '等太久' },
      'care',
    );
    expect(rated.tokens).toEqual([expect.objectContaining({ nodeId: 'follow-up' })]);

    // Then customer care follows it up
    const follow = await openTask(i.id, 'follow-up');
    expect(await priorityOf(follow)).toBe(70);
    const done = await complete(
      t,
      follow,
      { customerContacted: true, actionTaken: '致電致歉並說明改進', referredToComplaints: false },
      'care',
    );
    expect(done).toMatchObject({ status: 'completed', outcome: 'followed-up' });
    expect(await steps(i.id)).toEqual([
      'task.created@record-answers',
      'task.completed@record-answers',
      'task.created@follow-up',
      'task.completed@follow-up',
      'instance.completed',
    ]);
  });

  it('declined late: a claim survey not done in 7 days breaches; the customer then declines', async () => {
    // Given a claim survey nobody does
    const i = await startInstance(t, 'survey-response', afterClaim('PL-300003'));
    const task = await openTask(i.id, 'record-answers');
    const from = Date.parse(
      (await untilClock(i.id, 'survey-response-after-claim', () => true, 'started')).startedAt,
    );

    // When the 7 days pass
    advanceTo(from + 7 * DAY + SECOND);
    await untilClock(i.id, 'survey-response-after-claim', (c) => c.state === 'breached', 'breach');
    expect(await priorityOf(task)).toBe(95);
    expect(await notifications(i.id)).toEqual([
      'sla.warning 50 group:customer-care',
      'sla.warning 80 group:customer-care',
      'sla.breach 100 role:supervisor',
    ]);

    // And the customer declines to answer
    const done = await complete(t, task, { answered: false, declineReason: '沒有時間' }, 'care');

    // Then the survey ends declined, the clock keeping its breach
    expect(done).toMatchObject({ status: 'completed', outcome: 'declined' });
    expect((await probe.clock(i.id, 'survey-response-after-claim'))?.state).toBe('breached');
  });
});

// ---- follow-up visit --------------------------------------------------------------------

describe('follow-up visit 客戶回訪: new policy, claim, business', () => {
  const visitor = (policyNumber: string, extra: Record<string, unknown>) => ({
    customerName: '陳靜',
    mobile: MOBILE,
    policyNumber,
    purpose: '了解客戶對服務的意見',
    ...extra,
  });
  const record = (extra: Record<string, unknown>) => ({
    visitDate: beijingDate(),
    channel: 'phone',
    result: 'satisfied',
    satisfaction: 5,
    followUpNeeded: false,
    ...extra,
  });

  it('refuses a claim visit without its claim number', async () => {
    // When a visit after a claim is asked for without naming the claim
    const res = await t.api('POST', '/api/instances', {
      processId: 'follow-up-visit',
      variables: visitor('PL-400000', { visitKind: 'claim' }),
    });
    // Then the claim number is the one field refused
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
    expect(res.body.details.map((d: { pointer: string }) => d.pointer)).toEqual([
      '/variables/claimNumber',
    ]);
  });

  it('completed: a claim visit within 7 days with nothing to follow up', async () => {
    // Given a visit after a closed claim
    const i = await startInstance(
      t,
      'follow-up-visit',
      visitor('PL-400001', { visitKind: 'claim', claimNumber: 'CLM-2026-0002' }),
    );
    expect((await t.api('GET', `/api/instances/${i.id}`)).body.businessKey).toBe('FUV-PL-400001');
    const clock = await untilClock(i.id, 'follow-up-visit-after-claim', () => true, 'started');
    expect(clock).toMatchObject({ state: 'running', target: 'P7D' });

    // When the customer is satisfied and nothing is left to do
    const done = await complete(t, await openTask(i.id, 'visit'), record({}), 'care');

    // Then the visit is complete and its clock met
    expect(done).toMatchObject({ status: 'completed', outcome: 'completed' });
    expect((await probe.clock(i.id, 'follow-up-visit-after-claim'))?.state).toBe('met');
  });

  it('followed up: a new-policy visit whose follow-up needs a second round', async () => {
    // Given a visit after a new policy (no claim clock)
    const i = await startInstance(
      t,
      'follow-up-visit',
      visitor('PL-400002', { visitKind: 'new-policy' }),
    );
    expect(await probe.clocks(i.id)).toEqual([]);
    const visit = await openTask(i.id, 'visit');

    // When the customer raises an issue without the feedback being written down, it is refused
    expect(await refused(visit, record({ result: 'issues-raised', followUpNeeded: true }))).toEqual(
      ['/data/feedback', '/data/followUpItem'],
    );
    await complete(
      t,
      visit,
      record({
        result: 'issues-raised',
        satisfaction: 2,
        feedback: '保單寄送地址有誤',
        followUpNeeded: true,
        followUpItem: '更正地址並重寄保單',
      }),
      'care',
    );

    // And the first follow-up leaves something to do, the second finishes it
    const first = await openTask(i.id, 'follow-up');
    await complete(
      t,
      first,
      {
        followUpDate: beijingDate(),
        actionTaken: '已更正地址',
        furtherFollowUpNeeded: true,
        nextStep: '確認客戶收到保單',
      },
      'care',
    );
    const second = await openTask(i.id, 'follow-up');
    expect(second).not.toBe(first);
    const done = await complete(
      t,
      second,
      { followUpDate: beijingDate(), actionTaken: '客戶確認已收到', furtherFollowUpNeeded: false },
      'care',
    );

    // Then the visit ends followed up, after two rounds
    expect(done).toMatchObject({ status: 'completed', outcome: 'followed-up' });
    expect(await steps(i.id)).toEqual([
      'task.created@visit',
      'task.completed@visit',
      'task.created@follow-up',
      'task.completed@follow-up',
      'task.created@follow-up',
      'task.completed@follow-up',
      'instance.completed',
    ]);
  });

  it('late claim visit: warnings and breach after 7 days; an unreachable customer is followed up', async () => {
    // Given a claim visit nobody makes
    const i = await startInstance(
      t,
      'follow-up-visit',
      visitor('PL-400003', { visitKind: 'claim', claimNumber: 'CLM-2026-0003' }),
    );
    const visit = await openTask(i.id, 'visit');
    const from = Date.parse(
      (await untilClock(i.id, 'follow-up-visit-after-claim', () => true, 'started')).startedAt,
    );

    // When half the time has passed, then all of it
    advanceTo(from + 3.5 * DAY + SECOND);
    await untilClock(
      i.id,
      'follow-up-visit-after-claim',
      (c) => c.thresholdsFired.length === 1,
      '50 %',
    );
    expect(await priorityOf(visit)).toBe(50);
    advanceTo(from + 7 * DAY + SECOND);
    await untilClock(i.id, 'follow-up-visit-after-claim', (c) => c.state === 'breached', 'breach');
    expect(await priorityOf(visit)).toBe(95);

    // And the customer cannot be reached, so a follow-up is set
    await complete(
      t,
      visit,
      record({
        channel: 'online',
        result: 'unreachable',
        satisfaction: undefined,
        followUpNeeded: true,
        followUpItem: '改以面訪',
      }),
      'care',
    );
    const done = await complete(
      t,
      await openTask(i.id, 'follow-up'),
      { followUpDate: beijingDate(), actionTaken: '面訪完成', furtherFollowUpNeeded: false },
      'care',
    );

    // Then the visit ends followed up and its clock keeps the breach
    expect(done.outcome).toBe('followed-up');
    expect(await probe.clock(i.id, 'follow-up-visit-after-claim')).toMatchObject({
      state: 'breached',
      thresholdsFired: [50, 80],
    });
  });
});
