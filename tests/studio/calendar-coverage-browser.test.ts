/**
 * Calendars that never run out silently, in a real browser (issue 21, item 8). Two complaints
 * arrive on Monday 2026-12-21 under a 50-working-day resolution SLA in the mainland calendar,
 * which knows 2026 only: their task view and case page say the deadline rests on 2027, whose
 * holidays are unknown. Once version 2 (knowing 2027) is published, an administrator reads the
 * calendar's line on the operations page, previews the replay (each clock's due instant before
 * and after, by how much, why) and applies it. Desktop in Chinese, phone width in English;
 * takes the calendar-coverage screenshots.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { mainland2027, publishCalendar, shippedCalendar, sla } from '../fixtures/slas.ts';
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

const complaint = process(
  'complaint',
  [start(), userTask('resolve'), end()],
  [
    ['start', 'resolve'],
    ['resolve', 'end'],
  ],
);
const resolution = sla('resolution', 'complaint', {
  calendar: { id: 'cn-mainland' },
  target: { duration: 'P50D' },
  start: [{ event: 'instanceStarted' }],
  stop: [{ event: 'instanceCompleted' }],
  thresholds: [{ percent: 50 }],
});
// version 2, knowing 2027 (a test's holidays: the State Council's notice is not out)
const v2 = mainland2027();

let t: TestEngine;
let stage: Stage;
let context: BrowserContext;
let page: Page;
const cases: string[] = [];
let taskId: string;

beforeAll(async () => {
  stage = await openStage({
    start: '2026-12-21T01:00:00.000Z', // Monday 09:00 in Shanghai
    definitions: {
      ...files(complaint),
      ...shippedCalendar('cn-mainland'),
      'slas/resolution/v1.json': resolution,
    },
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
  // business keys, not the engine's random references, head the pages the screenshots show
  for (const key of ['CMP-2026-0001', 'CMP-2026-0002'])
    cases.push((await startInstance(t, 'complaint', {}, { businessKey: key })).id);
  taskId = (await t.sql(`SELECT id FROM tasks WHERE instance_id = $1`, [cases[0]]))[0].id;
  // a viewer in Shanghai: the studio shows every time in the viewer's zone
  context = await stage.browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
}, 300_000);

afterAll(() => closeStage(stage));

describe('Given complaints whose resolution deadline falls in 2027, unknown to the calendar', () => {
  it('when an administrator opens a task, then its clock says it rests on 2027', async () => {
    await signIn(page, stage.studio.url, { user: 'ada', password: PASSWORD }, `/tasks/${taskId}`);
    const note = page.getByTestId('calendar-gap');
    await note.waitFor();
    const text = (await note.textContent()) ?? '';
    expect(text).toContain('cn-mainland 只涵蓋 2026 年：此時鐘依賴 2027 年');
    expect(text).toContain('期限 2027年3月1日');
    await page.screenshot({ path: `${SCREENSHOTS}calendar-gap-task.png`, ...STABLE });
  });

  it('and the case page explains it beside the clock', async () => {
    await open(page, `${stage.studio.url}/cases/${cases[0]}`);
    await page.getByTestId('case-clocks').getByTestId('calendar-gap').waitFor();
  });

  it('when version 2 is published, then operations offer the replay and show what moves', async () => {
    await publishCalendar(t, v2);
    await open(page, `${stage.studio.url}/operations`);
    const line = page.getByTestId('coverage-cn-mainland');
    await line.waitFor();
    expect(await line.textContent()).toContain(
      'cn-mainland 涵蓋 2026–2027 年；2 個進行中的時鐘仍按不知道 2027 年假期的舊版本計算：請重新計算',
    );
    await line.getByRole('button', { name: '預覽重新計算' }).click();
    const report = page.getByTestId('replay-report');
    await report.waitFor();
    expect(await report.getAttribute('data-applied')).toBe('false');
    expect(await report.locator('tbody tr').count()).toBe(2);
    expect(await report.textContent()).toContain('行事曆 cn-mainland 版本 1 → 2');
    await report.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}calendar-replay-preview.png`,
      ...STABLE,
    });
  });

  it('at phone width in English, then the report reads in English and the replay applies', async () => {
    await context.addCookies([{ name: 'lang', value: 'en', url: stage.studio.url }]);
    await page.setViewportSize(PHONE);
    await page.reload();
    await hydrated(page);
    const line = page.getByTestId('coverage-cn-mainland');
    await line.waitFor();
    expect(await line.textContent()).toContain(
      'cn-mainland covers 2026–2027; 2 running clocks still count in an older version that does not know 2027: replay them',
    );
    await line.getByRole('button', { name: 'Preview replay' }).click();
    const report = page.getByTestId('replay-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('calendar cn-mainland v1 → v2');
    await report.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}calendar-replay-preview-phone-en.png`,
      ...STABLE,
    });
    await report.getByRole('button', { name: 'Apply replay' }).click();
    await page.locator('[data-testid="replay-report"][data-applied="true"]').waitFor();
    expect(await page.getByTestId('replay-report').textContent()).toContain(
      "2 clocks replayed, each recorded in its case's history.",
    );
    expect(
      await t.sql(`SELECT count(*)::int AS n FROM history WHERE type = 'sla.replayed'`),
    ).toEqual([{ n: 2 }]);
    // and the task no longer rests on unknown holidays
    await open(page, `${stage.studio.url}/tasks/${taskId}`);
    await page.getByRole('heading', { name: 'Service levels' }).waitFor();
    expect(await page.getByTestId('calendar-gap').count()).toBe(0);
  });
});
