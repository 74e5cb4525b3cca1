/**
 * User tasks whose due date counts on a business calendar that runs out (issue 21, item 8): a
 * task with `dueDate: { duration: "P50D", calendar: "cn-mainland" }` opened on Monday 2026-12-21,
 * when the calendar knows 2026 only, is due in 2027. The task row records how it was counted
 * (calendar version, the instant it counts from, the duration: a duration expression's value
 * then), so it is flagged in the task API, the case read and operations coverage, and the
 * calendar's replay recounts it once a version that knows 2027 is published (dry run, then
 * applied with a history entry per task; the inbox's order follows). Timers and tasks armed
 * before anything was recorded get their basis from their definition at the next start, where
 * that is unambiguous. `GET /api/timers` flags calendar timers too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { mainland2027, publishCalendar, shippedCalendar } from '../fixtures/slas.ts';
import { complete, startInstance } from '../helpers/scenario.ts';

const bj = (local: string) => Date.parse(`${local}+08:00`);
const at = (local: string) => new Date(bj(local)).toISOString();
// the engine clock runs on at real speed after each move: instants are compared to the minute
const minute = (iso: string) =>
  new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000).toISOString();

const name = (en: string, zh: string) => ({ 'zh-Hant': zh, en });
const oneTask = (id: string, task: string, extra: Record<string, unknown>) =>
  process(
    id,
    [start(), userTask(task, 'ack', extra), end()],
    [
      ['start', task],
      [task, 'end'],
    ],
  );
// Given an assessment due 50 working days after it opens, on the mainland calendar
const assessment = oneTask('assessment', 'assess', {
  name: name('Assess the claim', '評估理賠'),
  dueDate: { duration: 'P50D', calendar: 'cn-mainland' },
});
// And a call-back due after as many working days as the case says (a duration expression)
const callBack = oneTask('call-back', 'call', {
  name: name('Call the customer back', '回電客戶'),
  dueDate: { durationExpression: 'days', calendar: 'cn-mainland' },
});
// And a check due 74 natural days after it opens (2027-03-05): no calendar, nothing to recount
const check = oneTask('check', 'check', { dueDate: { duration: 'P74D' } });
// And a follow-up timer of 50 working days, armed (as the test makes it) before timers recorded how
const followUp = process(
  'follow-up',
  [
    start(),
    {
      id: 'wait',
      type: 'timer',
      name: name('Wait fifty working days', '等候五十個工作天'),
      timer: { duration: 'P50D', calendar: 'cn-mainland' },
    },
    userTask('call'),
    end(),
  ],
  [
    ['start', 'wait'],
    ['wait', 'call'],
    ['call', 'end'],
  ],
);
const v2 = mainland2027();

let t: TestEngine;
let assessing: string;
let calling: string;
let checking: string;
let waiting: string;
let oldAssess: string;
let oldCall: string;
const taskOf = async (instanceId: string) =>
  (await t.sql(`SELECT id FROM tasks WHERE instance_id = $1`, [instanceId]))[0].id as string;
const task = async (instanceId: string) => {
  const r = await t.api('GET', `/api/tasks/${await taskOf(instanceId)}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const coverage = async () => {
  const r = await t.api('GET', '/api/calendars/coverage');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items.find((i: { calendar: { id: string } }) => i.calendar.id === 'cn-mainland');
};
const defs = {
  ...files(assessment, callBack, check, followUp),
  ...shippedCalendar('cn-mainland'),
};

beforeAll(async () => {
  // When each starts on Monday 2026-12-21 at 09:00 in Beijing
  t = await startTestEngine({
    start: new Date(bj('2026-12-21T09:00:00')).toISOString(),
    definitions: defs,
  });
  assessing = (await startInstance(t, 'assessment')).id;
  calling = (await startInstance(t, 'call-back', { days: 'P30D' })).id;
  checking = (await startInstance(t, 'check')).id;
  waiting = (await startInstance(t, 'follow-up')).id;
  oldAssess = (await startInstance(t, 'assessment')).id;
  oldCall = (await startInstance(t, 'call-back', { days: 'P30D' })).id;
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('a task due beyond the known years', () => {
  it('records how its due date was counted, and is flagged in the task API', async () => {
    const a = await task(assessing);
    expect(minute(a.dueAt)).toBe(at('2027-03-01T09:00:00'));
    expect(a.dueCalendar).toMatchObject({ id: 'cn-mainland', version: 1, duration: 'P50D' });
    expect(minute(a.dueCalendar.countedFrom)).toBe(at('2026-12-21T09:00:00'));
    expect(a.dueCalendarGap).toMatchObject({
      calendar: { id: 'cn-mainland', version: 1 },
      knownYears: { from: 2026, to: 2026 },
      years: [2027],
      beyond: [{ percent: 100, at: a.dueAt, year: 2027 }],
      newerVersion: null,
    });
    // a duration expression: its value when the task opened is what counts again
    const c = await task(calling);
    expect(c.dueCalendar).toMatchObject({ version: 1, duration: 'P30D' });
    expect(minute(c.dueAt)).toBe(at('2027-02-01T09:00:00'));
    // natural time: nothing to flag or recount
    const n = await task(checking);
    expect(minute(n.dueAt)).toBe(at('2027-03-05T09:00:00'));
    expect(n).toMatchObject({ dueCalendar: null, dueCalendarGap: null });
  });

  it('is flagged in the inbox list, each item as the task API flags it', async () => {
    const r = await t.api('GET', '/api/tasks?scope=all&limit=50');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const item = (id: string) =>
      r.body.items.find((i: { instanceId: string }) => i.instanceId === id);
    expect(item(assessing).dueCalendarGap).toEqual((await task(assessing)).dueCalendarGap);
    expect(item(assessing).dueCalendarGap).toMatchObject({ years: [2027] });
    expect(item(checking).dueCalendarGap).toBeNull();
  });

  it('is flagged on the case page', async () => {
    const r = await t.api('GET', `/api/cases/${assessing}`);
    expect(r.status).toBe(200);
    expect(r.body.calendarTasks).toEqual([
      expect.objectContaining({
        nodeId: 'assess',
        duration: 'P50D',
        calendar: { id: 'cn-mainland', version: 1 },
        calendarGap: expect.objectContaining({ years: [2027] }),
      }),
    ]);
    expect((await t.api('GET', `/api/cases/${checking}`)).body.calendarTasks).toEqual([]);
  });
});

describe('timers and tasks armed before their basis was recorded', () => {
  beforeAll(async () => {
    // as migration 030 found them: no basis, marked to be read at the next start
    await t.sql(
      `UPDATE jobs SET payload = (payload - 'calendar') || '{"calendarUnrecorded": true}' WHERE instance_id = $1 AND kind = 'timer'`,
      [waiting],
    );
    await t.sql(`UPDATE tasks SET due_basis = '{"unrecorded": true}' WHERE instance_id = ANY($1)`, [
      [oldAssess, oldCall, checking],
    ]);
  });

  it('go unflagged until the engine has read them', async () => {
    expect((await t.api('GET', `/api/instances/${waiting}/slas`)).body.timers).toEqual([]);
    expect(await task(oldAssess)).toMatchObject({ dueCalendar: null, dueCalendarGap: null });
  });

  it('get it from their definition at the next start, where a literal duration says it', async () => {
    const { schema, prefix } = t;
    const now = t.clock.now();
    await t.close();
    t = await startTestEngine({
      start: new Date(now).toISOString(),
      definitions: defs,
      schema,
      prefix,
    });
    await t.engine.backfilled();
    const [timer] = (await t.api('GET', `/api/instances/${waiting}/slas`)).body.timers;
    expect(timer).toMatchObject({
      nodeId: 'wait',
      duration: 'P50D',
      calendar: { id: 'cn-mainland', version: 1 },
      calendarGap: { years: [2027] },
    });
    expect(minute(timer.armedAt)).toBe(at('2026-12-21T09:00:00'));
    expect(await task(oldAssess)).toMatchObject({
      dueCalendar: { id: 'cn-mainland', version: 1, duration: 'P50D' },
      dueCalendarGap: { years: [2027] },
    });
    // a duration expression's value then is not known now: left unrecorded, and unflagged
    expect(await task(oldCall)).toMatchObject({ dueCalendar: null, dueCalendarGap: null });
    // natural time has nothing to record; no row keeps its mark
    expect(await task(checking)).toMatchObject({ dueCalendar: null });
    expect(
      await t.sql(
        `SELECT (SELECT count(*)::int FROM tasks WHERE due_basis ? 'unrecorded') AS tasks,
                (SELECT count(*)::int FROM jobs WHERE payload ? 'calendarUnrecorded') AS timers`,
      ),
    ).toEqual([{ tasks: 0, timers: 0 }]);
  });
});

describe('operations', () => {
  it('count the tasks with the clocks and timers: cn-mainland covers 2026; 3 open tasks depend on 2027', async () => {
    const c = await coverage();
    expect(c).toMatchObject({
      calendar: { id: 'cn-mainland', version: 1 },
      state: 'runsOutSoon',
      liveClocks: 0,
      beyond: 4,
      byYear: [{ year: 2027, clocks: 4 }],
      olderVersion: 0,
      timers: { pending: 1, beyond: 1, olderVersion: 0 },
      tasks: { open: 3, beyond: 3, olderVersion: 0 },
    });
    expect(c.message.en).toMatch(
      /^cn-mainland covers 2026; 1 pending timer and 3 open tasks depend on 2027; it runs out in \d+ days/,
    );
    expect(c.message['zh-Hant']).toContain('1 個待觸發的計時器和 3 個未完成任務的期限依賴 2027 年');
    expect(c.message['zh-Hans']).toContain('1 个待触发的计时器和 3 个未完成任务的期限依赖 2027 年');
  });

  it('see the calendar flag among the pending timers, also in CSV', async () => {
    const r = await t.api('GET', '/api/timers?kind=timer');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const wait = r.body.items.find((i: { instanceId: string }) => i.instanceId === waiting);
    expect(wait).toMatchObject({
      calendar: { id: 'cn-mainland', version: 1 },
      calendarGap: { years: [2027], knownYears: { from: 2026, to: 2026 } },
    });
    const res = await fetch(`${t.url}/api/timers?kind=timer&format=csv`, {
      headers: { authorization: `Bearer ${t.token('admin')}` },
    });
    const [header, ...lines] = (await res.text()).trimEnd().split('\n');
    expect(header).toMatch(/,calendar,calendarBeyond$/);
    expect(lines.find((l) => l.includes(waiting))).toMatch(/,cn-mainland v1,2027$/);
  });
});

describe('a replay against the version that knows 2027', () => {
  let dryRun: any;
  const inboxOrder = async () => {
    const r = await t.api('GET', '/api/tasks?scope=all&sort=due&limit=50');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items
      .filter((i: { instanceId: string }) => [assessing, checking].includes(i.instanceId))
      .map((i: { nodeId: string }) => i.nodeId);
  };

  beforeAll(async () => {
    // When a week later the designer publishes version 2
    t.clock.advance(Math.max(0, bj('2026-12-28T08:00:00') - t.clock.now()));
    await publishCalendar(t, v2);
  });

  it('is offered: the task says a newer version exists; operations count it as older', async () => {
    expect((await task(assessing)).dueCalendarGap.newerVersion).toBe(2);
    expect(await coverage()).toMatchObject({
      olderVersion: 4,
      tasks: { open: 3, beyond: 3, olderVersion: 3 },
    });
  });

  it('reports each task in the dry run by its name: before, after, the difference and why', async () => {
    // the assessment due 03-01 comes before the natural check due 03-05
    expect(await inboxOrder()).toEqual(['assess', 'check']);
    const r = await t.api('POST', '/api/sla-clocks/replay', { calendarId: 'cn-mainland' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    dryRun = r.body;
    expect(dryRun).toMatchObject({ applied: false, items: [], skipped: [] });
    const byCase = Object.fromEntries(dryRun.tasks.map((x: any) => [x.instanceId, x]));
    expect(Object.keys(byCase).sort()).toEqual([assessing, calling, oldAssess].sort());
    // 50 working days: New Year, the Spring Festival week off, Saturday Feb 13 worked
    expect(byCase[assessing]).toMatchObject({
      processId: 'assessment',
      nodeId: 'assess',
      nodeName: { en: 'Assess the claim', 'zh-Hant': '評估理賠' },
      duration: 'P50D',
      from: { calendar: { id: 'cn-mainland', version: 1 } },
      to: { calendar: { id: 'cn-mainland', version: 2 } },
      reasons: [{ kind: 'calendar', id: 'cn-mainland', from: 1, to: 2 }],
      moves: true,
    });
    expect(minute(byCase[assessing].countedFrom)).toBe(at('2026-12-21T09:00:00'));
    expect(minute(byCase[assessing].from.dueAt)).toBe(at('2027-03-01T09:00:00'));
    expect(minute(byCase[assessing].to.dueAt)).toBe(at('2027-03-08T09:00:00'));
    expect(Math.round(byCase[assessing].differenceMs / 60_000)).toBe(7 * 24 * 60);
    // 30 working days from the expression's value: New Year's Day off, one day later
    expect(minute(byCase[calling].to.dueAt)).toBe(at('2027-02-02T09:00:00'));
    // timers are named too, their id kept
    expect(dryRun.timers).toEqual([
      expect.objectContaining({
        nodeId: 'wait',
        nodeName: { en: 'Wait fifty working days', 'zh-Hant': '等候五十個工作天' },
      }),
    ]);
    // nothing written
    expect(
      await t.sql(`SELECT DISTINCT due_basis->>'version' AS v FROM tasks WHERE due_basis ? 'id'`),
    ).toEqual([{ v: '1' }]);
    expect(await t.sql(`SELECT 1 FROM history WHERE type = 'task.dueReplayed'`)).toEqual([]);
  });

  it('applies as reported: each task moved with a history entry, the inbox in the new order', async () => {
    const r = await t.api('POST', '/api/sla-clocks/replay', {
      calendarId: 'cn-mainland',
      apply: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const byTask = (report: any) =>
      Object.fromEntries(report.tasks.map((x: any) => [x.taskId, [x.to.dueAt, x.moves]]));
    expect(byTask(r.body)).toEqual(byTask(dryRun));
    const history = await t.sql(
      `SELECT instance_id, node_id, actor, data FROM history WHERE type = 'task.dueReplayed'`,
    );
    expect(history).toHaveLength(3);
    expect(history.find((h) => h.instance_id === assessing)).toMatchObject({
      node_id: 'assess',
      actor: 'admin',
      data: {
        taskId: await taskOf(assessing),
        from: { calendar: { version: 1 } },
        to: { calendar: { version: 2 } },
        reasons: [{ kind: 'calendar', id: 'cn-mainland', from: 1, to: 2 }],
      },
    });
    const a = await task(assessing);
    expect(minute(a.dueAt)).toBe(at('2027-03-08T09:00:00'));
    expect(a).toMatchObject({ dueCalendar: { version: 2 }, dueCalendarGap: null });
    // the check due 03-05 now comes first
    expect(await inboxOrder()).toEqual(['check', 'assess']);
    expect(await t.sql(`SELECT data FROM audit_log WHERE action = 'clocks.replayed'`)).toEqual([
      { data: { clocks: 0, timers: 1, tasks: 3 } },
    ]);
    expect(await coverage()).toMatchObject({ beyond: 0, olderVersion: 0, message: null });
    const again = await t.api('POST', '/api/sla-clocks/replay', { calendarId: 'cn-mainland' });
    expect(again.body.tasks).toEqual([]);
    expect(
      again.body.skipped.filter((s: { taskId?: string }) => s.taskId).map((s: any) => s.reason),
    ).toEqual(['same-versions', 'same-versions', 'same-versions']);
  });

  it('leaves a completed task alone', async () => {
    const id = await taskOf(calling);
    await complete(t, id, { ok: true });
    const r = await t.api('POST', '/api/sla-clocks/replay', { calendarId: 'cn-mainland' });
    expect(r.body.skipped.map((s: { taskId?: string }) => s.taskId)).not.toContain(id);
  });
});
