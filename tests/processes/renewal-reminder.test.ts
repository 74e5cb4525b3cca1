/**
 * The shipped renewal reminder, version 4 (version 3 of issue 19, item 5, with texts in Simplified
 * Chinese for a customer who reads it: issue 21, item 7), through the HTTP API on the real
 * definitions and plugins folders with a real SMS gateway as the customer's phone:
 * - the customer's answer races each deadline at an event-based gateway (version 2 needed a
 *   child process for that);
 * - while the answer is awaited a text goes out every 7 days, three at most, with nobody's work
 *   (a timer cycle, `R3/P7D`, on the wait), and stops when the customer answers or at the
 *   deadline, so nothing is left open;
 * - Redis losing everything while a text is pending loses no text and sends none twice.
 * The timers are driven by the engine's ManualClock; Redis is a logical database of its own.
 */
import { env } from 'node:process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { customerInbox, SHIPPED_PLUGINS, type CustomerInbox } from '../helpers/notices.ts';
import {
  DAY,
  complete,
  history,
  jobsAt,
  settle,
  startInstance,
  untilAt,
  untilStatus,
} from '../helpers/scenario.ts';
import { slaProbe } from '../fixtures/slas.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
// A dedicated Redis logical database: FLUSHDB here cannot disturb test files running in parallel.
const REDIS_DB_URL = env.TEST_RENEWAL_REDIS_URL ?? 'redis://127.0.0.1:6379/12';
const T0 = '2026-03-02T01:00:00Z'; // Monday 09:00 in Beijing
const SECOND = 1000;
const MOBILE = '13812345678';

let t: TestEngine;
let inbox: CustomerInbox;
let redis: Redis;
let probe: ReturnType<typeof slaProbe>;
beforeAll(async () => {
  inbox = await customerInbox();
  t = await startTestEngine({
    definitions: SHIPPED,
    pluginsDir: SHIPPED_PLUGINS,
    start: T0,
    redisUrl: REDIS_DB_URL,
    reconcileIntervalMs: 500,
  });
  await inbox.configure(t);
  redis = new Redis(REDIS_DB_URL);
  probe = slaProbe(t);
});
afterAll(async () => {
  redis?.disconnect();
  await t?.close();
  await inbox?.close();
  if (t) await dropTestData(t.schema, t.prefix, REDIS_DB_URL);
});

// ---- small steps ------------------------------------------------------------------------

/** The Beijing calendar date `days` after the engine's now, as YYYY-MM-DD. */
const beijingDate = (days = 0) =>
  new Date(t.clock.now() + days * DAY + 8 * 3600_000).toISOString().slice(0, 10);
/** Moves the engine clock forward to an instant. */
const advanceTo = (at: number) => t.clock.advance(Math.max(0, at - t.clock.now()));

const policy = (policyNumber: string, expiryDate: string, extra: Record<string, unknown> = {}) => ({
  policyNumber,
  holderName: '李華',
  mobile: MOBILE,
  productName: '個人意外傷害保險',
  expiryDate,
  renewalPremium: 36_000,
  ...extra,
});
const reminder = (extra: Record<string, unknown> = {}) => ({
  channel: 'phone',
  remindedAt: new Date(t.clock.now()).toISOString(),
  contacted: true,
  customerIntent: 'undecided',
  ...extra,
});

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

const openTask = async (instanceId: string, nodeId: string) =>
  (await probe.openTask(instanceId, nodeId)).id;
const openTasks = async (instanceId: string) =>
  (
    await t.sql(`SELECT count(*)::int AS n FROM tasks WHERE instance_id = $1 AND status = 'open'`, [
      instanceId,
    ])
  )[0].n as number;
/** The reminder texts' timer rows (one per firing), oldest first. */
const cycle = (instanceId: string) =>
  t.sql<{ id: string; status: string; fire_count: number; due_at: Date }>(
    `SELECT id, status, fire_count, due_at FROM jobs WHERE instance_id = $1 AND node_id = 'remind-by-sms' ORDER BY due_at`,
    [instanceId],
  );
/** The texts sent to the policy's mobile, oldest first (the inbox keeps one per message). */
const textsSent = async (instanceId: string) =>
  (
    await t.sql(
      `SELECT count(*)::int AS n FROM history WHERE instance_id = $1 AND type = 'node.entered' AND node_id = 'send-reminder'`,
      [instanceId],
    )
  )[0].n as number;
/** Fires the pending text of the cycle and waits for the n-th text of the case to be sent. */
async function nextText(instanceId: string, n: number) {
  const pending = (await cycle(instanceId)).filter((c) => c.status === 'pending');
  expect(pending).toHaveLength(1);
  advanceTo(pending[0]!.due_at.getTime() + SECOND);
  await t.until(
    async () =>
      (await jobsAt(t, instanceId, 'send-reminder')).filter((j) => j.status === 'done').length ===
        n || null,
    `text ${n} of ${instanceId}`,
  );
  return pending[0]!.due_at.getTime();
}

/** The history as `type@node` for the steps a business reader follows. */
const STEPS = new Set([
  'task.created',
  'task.completed',
  'timer.fired',
  'gateway.decided',
  'message.correlated',
  'instance.completed',
]);
const steps = async (instanceId: string) =>
  (await history(t, instanceId))
    .filter((h) => STEPS.has(h.type))
    .map((h) => (h.nodeId ? `${h.type}@${h.nodeId}` : h.type));

/** Starts a reminder for a policy expiring in 40 days, gives the first reminder, and waits. */
async function remindedOnce(policyNumber: string, extra: Record<string, unknown> = {}) {
  const expiryDate = beijingDate(40);
  const i = await startInstance(t, 'renewal-reminder', policy(policyNumber, expiryDate, extra));
  expect(i.processVersion).toBe(4);
  const expiry = Date.parse(`${expiryDate}T00:00:00+08:00`);
  const firstDue = expiry + 9 * 3600_000 - 30 * DAY;
  const secondDue = expiry + 9 * 3600_000 - 7 * DAY;
  advanceTo(firstDue + SECOND);
  const task = await openTask(i.id, 'first-reminder');
  const givenFrom = t.clock.now();
  await complete(t, task, reminder(), 'care');
  const waiting = await untilAt(t, i.id, 'await-answer');
  // (the test clock runs on at real speed besides its jumps: the wait began in this span)
  const began = [givenFrom, t.clock.now()] as const;
  return { i, waiting, expiryDate, secondDue, end: expiry + DAY, began };
}

// ---- the scenarios ----------------------------------------------------------------------

describe('renewal reminder v4 續保提醒: the answer against each deadline, texts every 7 days', () => {
  it('loads with the shipped plugins without a problem, and refuses an expiry date not after today', async () => {
    const problems = await t.api('GET', '/api/definitions/problems');
    expect(
      problems.body.items.filter((p: { file: string }) => /renewal-reminder/.test(p.file)),
    ).toEqual([]);
    const res = await t.api('POST', '/api/instances', {
      processId: 'renewal-reminder',
      variables: policy('PL-300000', beijingDate(0)),
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
    expect(res.body.details.map((d: { pointer: string }) => d.pointer)).toEqual([
      '/variables/expiryDate',
    ]);
  });

  it('answered in time: two texts a week apart, then the customer renews; the texts stop and nothing stays open', async () => {
    // Given the first reminder was given 30 days before expiry (its clock met)
    const { i, waiting, expiryDate, secondDue, began } = await remindedOnce('PL-300001');
    expect((await probe.clock(i.id, 'renewal-reminder-first-notice'))?.state).toBe('met');
    // Then the case waits for the answer and the deadline at once, with the first text armed
    expect(waiting.tokens.map((k) => `${k.nodeId}:${k.waitingFor}`).sort()).toEqual([
      'await-answer:message',
      'seven-days-left:timer',
    ]);
    expect((await jobsAt(t, i.id, 'seven-days-left'))[0]!.due_at.getTime()).toBe(secondDue);
    const [armed] = await cycle(i.id);
    expect(armed!.due_at.getTime() - 7 * DAY).toBeGreaterThanOrEqual(began[0]);
    expect(armed!.due_at.getTime() - 7 * DAY).toBeLessThanOrEqual(began[1]);

    // When a week passes, and another, without an answer
    const firstText = await nextText(i.id, 1);
    await nextText(i.id, 2);
    // Then two texts reach the customer, in Chinese by default, with nobody's task
    const texts = await inbox.texts(t, 2);
    const [y, m, d] = expiryDate.split('-').map(Number);
    expect(texts.slice(-2).map((x) => x.text)).toEqual([
      `【安康保險】您的「個人意外傷害保險」保單（保單號碼 PL-300001）將於${y}年${m}月${d}日到期。如需續保或不再續保，請經客戶服務平台答覆，或致電客服熱線。`,
      expect.stringContaining('PL-300001'),
    ]);
    expect(texts.at(-1)!.to).toBe(`+86${MOBILE}`);
    expect(await openTasks(i.id)).toBe(0);
    const rows = await cycle(i.id);
    // each next text a week after the one before was sent (here a second after it was due)
    expect(rows[0]!.due_at.getTime()).toBe(firstText);
    for (let k = 1; k < 3; k++) {
      const gap = rows[k]!.due_at.getTime() - rows[k - 1]!.due_at.getTime();
      expect(gap).toBeGreaterThan(7 * DAY);
      expect(gap).toBeLessThan(7 * DAY + 60 * SECOND);
    }

    // When the customer answers "renew"
    const res = await answer('renew-300001', 'PL-300001', 'renew');
    expect(res.body).toMatchObject({ status: 'correlated', instanceId: i.id });

    // Then the case ends renewed; the third text and the deadline are withdrawn
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('renewed');
    expect(done.variables).toMatchObject({ renewalAnswer: 'renew', remindersSent: 2 });
    expect((await cycle(i.id)).map((r) => r.status)).toEqual(['done', 'done', 'cancelled']);
    expect((await jobsAt(t, i.id, 'seven-days-left'))[0]!.status).toBe('cancelled');
    expect(await openTasks(i.id)).toBe(0);
    expect(await steps(i.id)).toEqual([
      'timer.fired@until-first-reminder',
      'task.created@first-reminder',
      'task.completed@first-reminder',
      'timer.fired@remind-by-sms',
      'timer.fired@remind-by-sms',
      'gateway.decided@answer-or-second',
      'message.correlated@await-answer',
      'instance.completed',
    ]);
    // And weeks later no text follows
    advanceTo(secondDue + 7 * DAY);
    await settle(t);
    expect(await textsSent(i.id)).toBe(2);
  });

  it('three texts and no answer: 7 days before expiry customer care reminds again; an unknown answer is set aside; the customer lets it lapse', async () => {
    // Given a customer who reads English
    const { i, secondDue } = await remindedOnce('PL-300002', { language: 'en' });

    // When three weeks pass without an answer
    for (let n = 1; n <= 3; n++) await nextText(i.id, n);
    // Then three texts went out in English, and the cycle is spent: no fourth is armed
    const texts = (await inbox.texts(t, 3)).filter((x) => x.text.includes('PL-300002'));
    expect(texts).toHaveLength(3);
    expect(texts[0]!.text).toMatch(
      /^【安康保險】Your 個人意外傷害保險 policy PL-300002 expires on \d{1,2} [A-Z][a-z]{2} 2026\. Please tell us/,
    );
    expect((await cycle(i.id)).map((r) => r.status)).toEqual(['done', 'done', 'done']);

    // When the day 7 days before expiry comes
    advanceTo(secondDue + SECOND);
    const again = await openTask(i.id, 'second-reminder');
    // Then the first wait is withdrawn and customer care reminds the customer again
    const decided = (await history(t, i.id)).find((h) => h.type === 'gateway.decided');
    expect(decided?.data).toMatchObject({
      winner: 'seven-days-left',
      withdrawn: [expect.objectContaining({ nodeId: 'await-answer' })],
    });
    await complete(t, again, reminder({ customerIntent: 'will-lapse' }), 'care');
    await untilAt(t, i.id, 'await-final-answer');

    // When the customer first answers something the process does not know
    await answer('maybe-300002', 'PL-300002', 'maybe');
    // Then it is recorded and the final wait goes on (against the same expiry)
    const still = await t.until(async () => {
      const v = await untilAt(t, i.id, 'await-final-answer');
      return v.variables.unrecognisedAnswers === 1 ? v : null;
    }, 'the unknown answer set aside');
    expect(still.variables).toMatchObject({ unrecognisedAnswer: 'maybe' });
    expect((await jobsAt(t, i.id, 'policy-expires')).map((j) => j.status).sort()).toEqual([
      'cancelled',
      'pending',
    ]);

    // When the customer lets the policy lapse
    await answer('lapse-300002', 'PL-300002', 'lapse');
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('lapsed');
    expect(done.variables).toMatchObject({ renewalAnswer: 'lapse', remindersSent: 3 });
    expect(await openTasks(i.id)).toBe(0);
    expect(await textsSent(i.id)).toBe(3);
  });

  it('a customer who reads Simplified Chinese gets the texts in Simplified Chinese', async () => {
    // Given a customer whose language is zh-Hans (version 4's start form offers it)
    const { i } = await remindedOnce('PL-300004', { language: 'zh-Hans' });
    // When the first text goes out
    await nextText(i.id, 1);
    // Then it is the Traditional template converted by phrase, under the registered signature
    const text = await t.until(
      async () => (await inbox.texts(t, 0)).find((x) => x.text.includes('PL-300004')) ?? null,
      'the Simplified text',
    );
    expect(text.text).toMatch(/^【安康保險】您的/);
    expect(text.text).toContain('保单（保单号码 PL-300004）');
    expect(text.text).toContain('如需续保或不再续保');
    expect(text.text).not.toMatch(/保單|號碼|續保/);
  });

  it('Redis loses everything while each text is pending: each is sent once; nobody answers and the policy expires', async () => {
    const { i, secondDue, end } = await remindedOnce('PL-300003');

    for (let n = 1; n <= 3; n++) {
      // When Redis forgets everything while text n waits, and the clock reaches it
      expect(await redis.flushdb()).toBe('OK');
      const pending = (await cycle(i.id)).filter((c) => c.status === 'pending');
      expect(pending).toHaveLength(1);
      advanceTo(pending[0]!.due_at.getTime() + SECOND);
      await settle(t);
      // Then it is re-armed from PostgreSQL and sent once
      await t.until(
        async () =>
          (await jobsAt(t, i.id, 'send-reminder')).filter((j) => j.status === 'done').length ===
            n || null,
        `text ${n} after the flush`,
      );
    }
    expect((await cycle(i.id)).map((r) => r.fire_count)).toEqual([1, 1, 1]);

    // And after another flush the deadline still comes, and then the expiry
    await redis.flushdb();
    advanceTo(secondDue + SECOND);
    await settle(t);
    await complete(t, await openTask(i.id, 'second-reminder'), reminder(), 'care');
    await untilAt(t, i.id, 'policy-expires');
    advanceTo(end + SECOND);
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('expired');
    expect(done.variables.renewalAnswer ?? null).toBeNull();
    expect((await jobsAt(t, i.id, 'send-reminder')).map((j) => j.status)).toEqual([
      'done',
      'done',
      'done',
    ]);
    expect(await textsSent(i.id)).toBe(3);
    expect(await openTasks(i.id)).toBe(0);
    expect((await steps(i.id)).slice(-3)).toEqual([
      'gateway.decided@answer-or-expiry',
      'timer.fired@policy-expires',
      'instance.completed',
    ]);
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
