/**
 * Process timers and task due dates on a calendar that runs out, in a real browser (issue 21,
 * item 8): a review started on Monday 2026-12-21 is due, and escalates, after 30 working days on
 * the mainland calendar, which knows 2026 only, so its due date and its boundary timer fall in
 * 2027. The task view and the case page say so; once version 2 (knowing 2027) is published,
 * operations count the timer and the task, the replay's preview lists both by name (due before
 * and after, by how much, why) and applying it moves them. Desktop in Simplified and Traditional
 * Chinese, phone width in English and Traditional Chinese; the inbox flags the task in its row;
 * takes the calendar-timer screenshots.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { mainland2027, publishCalendar, shippedCalendar } from '../fixtures/slas.ts';
import type { TestEngine } from '../helpers/engine.ts';
import { startInstance } from '../helpers/scenario.ts';
import { hydrated, open, signIn } from './helpers/studio.ts';
import {
  addUser,
  clockAt,
  closeStage,
  DESKTOP,
  openStage,
  PHONE,
  SCREENSHOTS,
  STABLE,
  type Stage,
} from './helpers/stage.ts';

const PASSWORD = 'correct horse battery staple';

const review = process(
  'review',
  [
    start(),
    userTask('review', 'ack', {
      name: { 'zh-Hant': '審核理賠', en: 'Review the claim' },
      dueDate: { duration: 'P30D', calendar: 'cn-mainland' },
    }),
    {
      id: 'late',
      type: 'boundaryTimer',
      attachedTo: 'review',
      name: { 'zh-Hant': '逾期升級', en: 'Escalate when late' },
      timer: { duration: 'P30D', calendar: 'cn-mainland' },
    },
    end(),
    end('escalated', 'escalated'),
  ],
  [
    ['start', 'review'],
    ['review', 'end'],
    ['late', 'escalated'],
  ],
);
// version 2, knowing 2027 (a test's holidays: the State Council's notice is not out)
const v2 = mainland2027();

let t: TestEngine;
let stage: Stage;
let context: BrowserContext;
let page: Page;
let caseId: string;
let taskId: string;

beforeAll(async () => {
  stage = await openStage({
    start: '2026-12-21T01:00:00.000Z', // Monday 09:00 in Shanghai
    definitions: { ...files(review), ...shippedCalendar('cn-mainland') },
  });
  t = stage.t;
  await addUser(t, {
    id: 'ada',
    displayName: 'Ada',
    roles: ['admin'],
    password: PASSWORD,
  });
  // opened at 09:05 however long the stage took to open (the screenshots show the times)
  clockAt(t, '2026-12-21T01:05:00.000Z');
  // a business key, not the engine's random reference, heads the pages the screenshots show
  caseId = (await startInstance(t, 'review', {}, { businessKey: 'REV-2026-0001' })).id;
  taskId = (await t.sql(`SELECT id FROM tasks WHERE instance_id = $1`, [caseId]))[0].id;
  context = await stage.browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
}, 300_000);

afterAll(() => closeStage(stage));

describe('Given a review whose escalation timer falls in 2027, unknown to the calendar', () => {
  it('when a mainland administrator opens the task, then the timer is flagged in Simplified Chinese', async () => {
    await signIn(page, stage.studio.url, { user: 'ada', password: PASSWORD }, `/tasks/${taskId}`);
    await context.addCookies([{ name: 'lang', value: 'zh-Hans', url: stage.studio.url }]);
    await page.reload();
    await hydrated(page);
    const note = page.getByTestId('timer-calendar-gap');
    await note.waitFor();
    const text = (await note.textContent()) ?? '';
    expect(text).toContain('计时器“逾期升级”按 cn-mainland 计算，该日历只涵盖 2026 年');
    expect(text).toContain('期限 2027年2月1日');
    // the task's own due date, counted on the same calendar
    const due = page.getByTestId('task-due-calendar-gap');
    expect(await due.textContent()).toContain(
      '任务“审核理赔”的期限按 cn-mainland 计算，该日历只涵盖 2026 年：期限落在 2027 年',
    );
    await note.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}calendar-timer-task-zh-Hans.png`,
      ...STABLE,
    });
  });

  it('and the case page says it beside the clocks', async () => {
    await open(page, `${stage.studio.url}/cases/${caseId}`);
    const note = page.getByTestId('case-clocks').getByTestId('timer-calendar-gap');
    await note.waitFor();
    expect(await note.textContent()).toContain('计时器“逾期升级”');
    expect(
      await page.getByTestId('case-clocks').getByTestId('task-due-calendar-gap').textContent(),
    ).toContain('任务“审核理赔”的期限');
    // and in Traditional Chinese
    await context.addCookies([{ name: 'lang', value: 'zh-Hant', url: stage.studio.url }]);
    await open(page, `${stage.studio.url}/cases/${caseId}`);
    const due = page.getByTestId('case-clocks').getByTestId('task-due-calendar-gap');
    await due.waitFor();
    expect(await due.textContent()).toContain(
      '任務「審核理賠」的期限按 cn-mainland 計算，該行事曆只涵蓋 2026 年',
    );
    await due.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}calendar-task-case-zh-Hant.png`,
      ...STABLE,
    });
    await context.addCookies([{ name: 'lang', value: 'zh-Hans', url: stage.studio.url }]);
  });

  it('and the inbox flags the task in its row, in words with an accessible name', async () => {
    // zh-Hans (the context's language after the case page)
    await open(page, `${stage.studio.url}/inbox?scope=all`);
    const row = page.getByTestId(`task-${taskId}`);
    await row.waitFor();
    expect(await row.getByTestId('task-due-calendar-flag').textContent()).toContain(
      '期限落在未涵盖的 2027 年',
    );
    // Traditional Chinese at desktop width: the flag's name is the task page's whole note
    await context.addCookies([{ name: 'lang', value: 'zh-Hant', url: stage.studio.url }]);
    await open(page, `${stage.studio.url}/inbox?scope=all`);
    const flag = page.getByTestId(`task-${taskId}`).getByRole('note', {
      name: '任務「審核理賠」的期限按 cn-mainland 計算，該行事曆只涵蓋 2026 年：期限落在 2027 年，這些年份的假期尚未輸入，只按每週工作時間計算。',
    });
    await flag.waitFor();
    expect(await flag.textContent()).toContain('期限落在未涵蓋的 2027 年');
    await page.screenshot({
      path: `${SCREENSHOTS}calendar-task-inbox-zh-Hant.png`,
      ...STABLE,
    });
    // English at phone width, the row a card
    await context.addCookies([{ name: 'lang', value: 'en', url: stage.studio.url }]);
    await page.setViewportSize(PHONE);
    await open(page, `${stage.studio.url}/inbox?scope=all`);
    const card = page.getByTestId(`task-${taskId}`);
    const en = card.getByRole('note', {
      name: /^Task “Review the claim” has its due date counted on cn-mainland, which covers 2026 only: it falls in 2027/,
    });
    await en.waitFor();
    expect(await en.textContent()).toContain('Due in 2027, beyond its calendar');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}calendar-task-inbox-phone-en.png`,
      ...STABLE,
    });
    await page.setViewportSize(DESKTOP);
    await context.addCookies([{ name: 'lang', value: 'zh-Hans', url: stage.studio.url }]);
  });

  it('when version 2 is published, then operations count the timer and the preview lists it', async () => {
    await publishCalendar(t, v2);
    await open(page, `${stage.studio.url}/operations`);
    const line = page.getByTestId('coverage-cn-mainland');
    await line.waitFor();
    expect(await line.textContent()).toContain(
      'cn-mainland 涵盖 2026–2027 年；1 个待触发的计时器和 1 个未完成任务的期限仍按不知道 2027 年假期的旧版本计算：请重新计算',
    );
    expect(await line.textContent()).toContain('待触发计时器 1');
    expect(await line.textContent()).toContain('任务期限 1');
    // the pending timers list flags it too
    const pending = page.locator('tr[data-kind="boundary"]');
    expect(await pending.getAttribute('data-calendar-gap')).toBe('2027');
    expect(await pending.textContent()).toContain('按 cn-mainland v1 计算，落在尚未涵盖的 2027 年');
    await line.getByRole('button', { name: '预览重新计算' }).click();
    const report = page.getByTestId('replay-report');
    await report.waitFor();
    expect(await report.textContent()).toContain(
      '另有 1 个待触发的计时器，其中 1 个到期时间会移动',
    );
    expect(await report.textContent()).toContain('另有 1 个任务的期限，其中 1 个会移动');
    // timers and tasks by their step's name, the id beside it
    const row = report.getByTestId('replay-timer');
    expect(await row.textContent()).toContain('计时器“逾期升级”（late）');
    expect(await row.textContent()).toContain('日历 cn-mainland 版本 1 → 2');
    const task = report.getByTestId('replay-task');
    expect(await task.textContent()).toContain('任务“审核理赔”（review）的期限');
    // each case by its business key, the engine's reference beside it
    const caseCell = task.locator('td').first();
    expect(await caseCell.getByRole('link').textContent()).toBe('REV-2026-0001');
    expect(await caseCell.locator('.reference').textContent()).toMatch(
      /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/,
    );
    expect(await task.textContent()).toContain('1 天');
    await report.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}calendar-timer-replay-zh-Hans.png`,
      ...STABLE,
    });
  });

  it('at phone width in Traditional Chinese, then the preview names the task and the timer', async () => {
    await context.addCookies([{ name: 'lang', value: 'zh-Hant', url: stage.studio.url }]);
    await page.setViewportSize(PHONE);
    await open(page, `${stage.studio.url}/operations`);
    const line = page.getByTestId('coverage-cn-mainland');
    await line.waitFor();
    await line.getByRole('button', { name: '預覽重新計算' }).click();
    const report = page.getByTestId('replay-report');
    await report.waitFor();
    expect(await report.getByTestId('replay-task').textContent()).toContain(
      '任務「審核理賠」（review）的期限',
    );
    expect(await report.getByTestId('replay-timer').textContent()).toContain(
      '計時器「逾期升級」（late）',
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await report.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}calendar-task-replay-phone-zh-Hant.png`,
      ...STABLE,
    });
  });

  it('at phone width in English, then the preview reads in English and the replay applies', async () => {
    await context.addCookies([{ name: 'lang', value: 'en', url: stage.studio.url }]);
    await page.setViewportSize(PHONE);
    await open(page, `${stage.studio.url}/tasks/${taskId}`);
    const note = page.getByTestId('timer-calendar-gap');
    await note.waitFor();
    expect(await note.textContent()).toContain(
      'Timer “Escalate when late” counts on cn-mainland, which covers 2026 only',
    );
    expect(await page.getByTestId('task-due-calendar-gap').textContent()).toContain(
      'Task “Review the claim” has its due date counted on cn-mainland, which covers 2026 only',
    );
    await note.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}calendar-timer-task-phone-en.png`,
      ...STABLE,
    });
    await open(page, `${stage.studio.url}/operations`);
    const line = page.getByTestId('coverage-cn-mainland');
    await line.waitFor();
    await line.getByRole('button', { name: 'Preview replay' }).click();
    const report = page.getByTestId('replay-report');
    await report.waitFor();
    expect(await report.getByTestId('replay-timer').textContent()).toContain(
      'calendar cn-mainland v1 → v2',
    );
    expect(await report.getByTestId('replay-task').textContent()).toContain(
      'due date of task “Review the claim” (review)',
    );
    await report.getByRole('button', { name: 'Apply replay' }).click();
    await page.locator('[data-testid="replay-report"][data-applied="true"]').waitFor();
    expect(await page.getByTestId('replay-report').textContent()).toContain(
      "1 timer replayed, each recorded in its case's history.",
    );
    expect(await page.getByTestId('replay-report').textContent()).toContain(
      "1 task due date recounted, each recorded in its case's history.",
    );
    // the report's table scrolls in its box: the page itself never scrolls sideways
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await page.getByTestId('replay-report').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}calendar-timer-replay-phone-en.png`,
      ...STABLE,
    });
    expect(
      await t.sql(`SELECT count(*)::int AS n FROM history WHERE type = 'timer.replayed'`),
    ).toEqual([{ n: 1 }]);
    expect(
      await t.sql(`SELECT count(*)::int AS n FROM history WHERE type = 'task.dueReplayed'`),
    ).toEqual([{ n: 1 }]);
    // and the task no longer rests on unknown holidays
    await open(page, `${stage.studio.url}/tasks/${taskId}`);
    await page.getByRole('heading', { name: 'Service levels' }).waitFor();
    expect(await page.getByTestId('timer-calendar-gap').count()).toBe(0);
    expect(await page.getByTestId('task-due-calendar-gap').count()).toBe(0);
    // nor does its inbox row
    await open(page, `${stage.studio.url}/inbox?scope=all`);
    await page.getByTestId(`task-${taskId}`).waitFor();
    expect(await page.getByTestId('task-due-calendar-flag').count()).toBe(0);
  });
});
