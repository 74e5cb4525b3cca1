/**
 * A supervisor of the complaints group in a real browser against a real engine with the
 * shipped definitions (plus a probe process whose service task fails until fixed): complaints
 * are run through the API (closed ones with time spent per step, one near its 15-day decision
 * SLA and one past it), then the supervisor signs in, sees the running cases, the clocks near
 * breach and the open incident on Operations, opens its details and retries it, and on
 * Dashboards sees the figures, the heat map of time per node on the complaint graph, and
 * downloads a CSV. Takes the operations and dashboards screenshots.
 */
import { cp, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import {
  dropTestData,
  startTestEngine,
  writeDefinitions,
  type TestEngine,
} from '../helpers/engine.ts';
import { launchChromium, open, startStudio, type RunningStudio } from './helpers/studio.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// Given a sync action that fails until the back office is fixed, behind a one-try service task
let backOfficeDown = true;
const actions = new ActionRegistry().register('probe/sync', () => {
  if (backOfficeDown) throw new Error('back office unavailable');
  return { ok: true };
});
const probe = process(
  'ops-probe',
  [
    start(),
    { id: 'fork', type: 'parallelGateway' },
    userTask('watch', 'ack', { candidateGroups: '["complaints"]' }),
    service('sync', 'probe/sync', { retry: { attempts: 1 } }),
    end('watched'),
    end('synced'),
  ],
  [
    ['start', 'fork'],
    ['fork', 'watch'],
    ['fork', 'sync'],
    ['watch', 'watched'],
    ['sync', 'synced'],
  ],
);

let t: TestEngine;
let studio: RunningStudio;
let browser: Browser;
let page: Page;
let seq = 0;

const record = (receivedAt: number) => ({
  complaintNumber: `CMP-2026-${String(++seq).padStart(4, '0')}`,
  channel: 'phone',
  receivedAt: new Date(receivedAt).toISOString(),
  complainantName: '王小明',
  mobile: '13812345678',
  content: '理賠款項遲遲未到賬。',
});

async function startComplaint(receivedAt = t.clock.now()): Promise<string> {
  const res = await t.api(
    'POST',
    '/api/instances',
    { processId: 'complaint', variables: record(receivedAt) },
    { as: 'complaints' },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** Completes the open task of a node as complaints staff, after `minutes` spent on it. */
async function work(instanceId: string, nodeId: string, minutes: number, data: object) {
  const task = await t.until(
    async () =>
      (
        await t.sql(
          `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = $2 AND status = 'open'`,
          [instanceId, nodeId],
        )
      )[0] as { id: string } | undefined,
    `${nodeId} of ${instanceId}`,
  );
  t.clock.advance(minutes * MINUTE);
  const res = await t.api('POST', `/api/tasks/${task.id}/complete`, { data }, { as: 'complaints' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** A general complaint classified, investigated (the longest step), resolved and accepted. */
async function closeComplaint(category: string) {
  const id = await startComplaint();
  await work(id, 'classify', 10, { category, severity: 'general', department: 'customer-service' });
  await work(id, 'investigate', 60, {
    findings: '核實客服熱線當日排隊超時。',
    substantiated: 'partly',
    evidence: [{ title: '通話記錄', source: 'call-recording' }],
    extended: false,
  });
  await work(id, 'resolve', 20, { plan: '重新支付並致電道歉。', remedies: ['apology'] });
  await work(id, 'feedback', 10, {
    notifiedVia: 'phone',
    notifiedAt: new Date(t.clock.now()).toISOString(),
    resultSummary: '款項已重新支付。',
    customerResponse: 'accepted',
  });
}

/** A satisfaction survey after a claim, answered with an overall rating or declined (null). */
async function surveyed(overall: number | null) {
  const res = await t.api(
    'POST',
    '/api/instances',
    {
      processId: 'survey-response',
      variables: {
        surveyKind: 'claim',
        customerName: '張偉',
        mobile: '13800138000',
        policyNumber: `PL-5000${++seq}`,
        claimNumber: `CLM-2026-10${seq}`,
        claimClosedDate: '2026-10-01',
      },
    },
    { as: 'care' },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const [task] = await t.sql(`SELECT id FROM tasks WHERE instance_id = $1 AND status = 'open'`, [
    res.body.id,
  ]);
  const data =
    overall === null
      ? { answered: false, declineReason: '沒有時間' }
      : {
          answered: true,
          productRating: 4,
          serviceRating: 4,
          claimsRating: 4,
          overallRating: overall,
        };
  const done = await t.api('POST', `/api/tasks/${task.id}/complete`, { data }, { as: 'care' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'caseway-ops-'));
  await cp(SHIPPED, dir, { recursive: true });
  await writeDefinitions(
    Object.fromEntries(
      Object.entries(files(probe)).filter(([path]) => !path.includes('/approve/')),
    ),
    dir,
  );
  t = await startTestEngine({ definitions: dir, actions });
  expect(
    (
      await t.api('PUT', '/api/groups/complaints', {
        name: { 'zh-Hant': '投訴', en: 'Complaints' },
      })
    ).status,
  ).toBeLessThan(300);
  expect(
    (
      await t.api('PUT', '/api/groups/customer-care', {
        name: { 'zh-Hant': '客戶關懷', en: 'Customer care' },
      })
    ).status,
  ).toBeLessThan(300);
  const mei = await t.api('POST', '/api/users', {
    id: 'mei',
    displayName: '陳美玲',
    roles: ['supervisor'],
    // the surveys are customer care's work: she oversees that group too (dashboards are scoped)
    groups: ['complaints', 'customer-care'],
    password: PASSWORD,
  });
  expect(mei.status).toBe(201);

  // closed complaints: two about service, one about claims
  for (const category of ['service', 'service', 'claims']) await closeComplaint(category);
  // a major one still open, at investigation
  const major = await startComplaint();
  await work(major, 'classify', 10, {
    category: 'claims',
    severity: 'major',
    department: 'claims',
    majorReason: '涉及多名客戶',
  });
  // one received 13 days ago (past 80% of its 15 days) and one 16 days ago (breached)
  await startComplaint(t.clock.now() - 13 * DAY);
  await startComplaint(t.clock.now() - 16 * DAY);
  await t.until(async () => {
    const res = await t.api('GET', '/api/tasks?scope=all&slaState=breached');
    return res.body.total >= 1;
  }, 'a breached complaint task');
  // two claim surveys answered (overall 5 and 3: no follow-up) and one declined
  for (const overall of [5, 3, null]) await surveyed(overall);
  // the probe: its sync fails at once and opens an incident
  const p = await t.api('POST', '/api/instances', { processId: 'ops-probe', variables: {} });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  await t.until(
    async () => (await t.api('GET', '/api/incidents')).body.items.length === 1,
    'incident',
  );

  [studio, browser] = await Promise.all([startStudio(t.url), launchChromium()]);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  if (t) {
    await t.close();
    await dropTestData(t.schema, t.prefix);
  }
});

describe('Given a supervisor of the complaints group and complaints worked through the API', () => {
  it('when she signs in to Operations, then she sees running cases, clocks near breach and the incident', async () => {
    await open(page, `${studio.url}/operations`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('使用者名稱').fill('mei');
    await page.getByLabel('密碼').fill(PASSWORD);
    await page.getByRole('button', { name: '登入' }).click();
    await page.waitForURL(`${studio.url}/operations`);
    await page.getByRole('heading', { name: '營運監控', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: '營運監控' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await page.getByRole('link', { name: '儀表板' }).waitFor();

    // four complaints and the probe still run
    const instances = page.getByTestId('instances');
    expect(await instances.locator('tbody tr').count()).toBe(4);
    expect(await instances.textContent()).toContain('客戶投訴處理');
    // the 16-day-old complaint is breached, the 13-day-old one warning, most urgent first
    const clocks = page.getByTestId('clocks').locator('tbody tr');
    expect(await clocks.count()).toBe(2);
    expect(await clocks.nth(0).getAttribute('data-sla-state')).toBe('breached');
    expect(await clocks.nth(1).getAttribute('data-sla-state')).toBe('warning');
    expect(await clocks.nth(0).textContent()).toContain('投訴分類');

    const incident = page.getByTestId('incidents').locator('tbody tr[data-incident]');
    expect(await incident.count()).toBe(1);
    expect(await incident.textContent()).toContain('CW_ERR_ACTION_FAILED');
    await incident.getByRole('button', { name: '詳情' }).click();
    const detail = page.getByTestId('incident-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('probe/sync');
    expect(await detail.textContent()).toContain('1 / 1');
    expect(await detail.textContent()).toContain('back office unavailable');
    await page.screenshot({
      path: `${SCREENSHOTS}operations.png`,
      fullPage: true,
      animations: 'disabled',
    });
  });

  it('then the pending timers are listed soonest first, SLA thresholds named, and export as CSV', async () => {
    const expected = await t.api('GET', '/api/timers?limit=500');
    expect(expected.status).toBe(200);
    const rows = page.getByTestId('timers').locator('tbody tr');
    expect(await rows.count()).toBe(expected.body.total);
    expect(await page.getByRole('heading', { name: /待觸發的計時器/ }).textContent()).toBe(
      `待觸發的計時器（${expected.body.total}）`,
    );
    const dues = await rows
      .locator('time')
      .evaluateAll((ts) => ts.map((x) => x.getAttribute('datetime')!));
    expect(dues).toEqual(expected.body.items.map((x: { dueAt: string }) => x.dueAt));
    // the 16-day-old complaint's decision clock: its breach fired, nothing of it is pending;
    // the open ones wait for their 80% warning and their breach
    const sla = rows.and(page.locator('[data-kind="sla"]'));
    expect(await sla.count()).toBeGreaterThan(0);
    expect(await sla.first().textContent()).toMatch(/SLA 門檻.*(達 \d+%|逾時)/);
    expect(await page.locator('[data-overdue="true"]').count()).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('timers-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('pending-timers.csv');
    const csv = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\n');
    expect(csv[0]).toMatch(
      /^id,instanceId,businessKey,processId,processVersion,nodeId,kind,dueAt,/,
    );
    expect(csv).toHaveLength(1 + expected.body.total);
  });

  it('when the back office is fixed and she retries the incident, then it is gone', async () => {
    backOfficeDown = false;
    const incident = page.getByTestId('incidents').locator('tbody tr[data-incident]');
    await incident.getByRole('button', { name: '重試' }).click();
    await page.getByRole('status').filter({ hasText: '已重新執行異常' }).waitFor();
    await t.until(
      async () => (await t.api('GET', '/api/incidents')).body.items.length === 0,
      'resolved',
    );
    await page.reload();
    await page.getByText('沒有待處理的異常。').waitFor();
  });

  it('when she opens Dashboards, then she sees the figures, the heat map, and can download a CSV', async () => {
    await page.getByRole('link', { name: '儀表板' }).click();
    await page.waitForURL(`${studio.url}/dashboards`);
    await page.getByRole('heading', { name: '儀表板', level: 1 }).waitFor();

    // cycle time of the three closed complaints: 100 minutes each (and a few real seconds), three done
    const cycle = page.getByTestId('chart-cycle-process');
    await cycle.getByRole('img', { name: /各流程的週期時間/ }).waitFor();
    await cycle.getByText('以表格檢視資料').click();
    const row = cycle.getByRole('row', { name: /客戶投訴處理/ });
    expect(await row.locator('td').allTextContents()).toEqual([
      '1 小時 40 分',
      '1 小時 40 分',
      '3',
    ]);

    // complaints by category and severity, labelled from the classification form (the two
    // complaints not classified yet have neither)
    const complaints = page.getByTestId('chart-complaints').locator('table');
    const cells = (category: string) =>
      complaints.locator('tbody tr', { hasText: category }).locator('td').allTextContents();
    expect(await complaints.locator('thead th').allTextContents()).toEqual([
      '類別',
      '一般性投訴',
      '重大投訴',
      '（未填）',
    ]);
    expect(await cells('服務')).toEqual(['2', '–', '–']);
    expect(await cells('理賠')).toEqual(['1', '1', '–']);
    expect(await cells('（未填）')).toEqual(['–', '–', '2']);

    // workload of the complaints group: the open tasks of the open complaints and the probe
    const groups = page
      .getByTestId('chart-workload-group')
      .locator('tbody tr', { hasText: 'complaints' });
    expect(Number((await groups.locator('td').first().textContent()) ?? 0)).toBeGreaterThanOrEqual(
      4,
    );

    // SLA compliance: three met decision clocks, one breached
    const sla = page.getByTestId('chart-sla').locator('table tbody');
    expect(await sla.textContent()).toContain('3');

    // the heat map: investigation took the largest share of the complaint's time
    const heat = page.getByTestId('heat-map');
    await heat.getByRole('img', { name: /各節點花費時間熱度圖：客戶投訴處理/ }).waitFor();
    const share = async (node: string) =>
      parseInt((await heat.locator(`[data-node="${node}"]`).getAttribute('data-share')) ?? '0', 10);
    expect(await share('investigate')).toBeGreaterThan(await share('resolve'));
    expect(await share('resolve')).toBeGreaterThan(await share('classify'));
    expect(await heat.locator('[data-node="review"]').getAttribute('data-share')).toBeNull();
    // satisfaction: the claim surveys of this week, averaged 4 over two scores, one declined
    const satisfaction = page.getByTestId('chart-satisfaction');
    await satisfaction.getByRole('img', { name: /整體滿意度平均分/ }).waitFor();
    const surveyRow = satisfaction.locator('tbody tr');
    expect(await surveyRow.count()).toBe(1);
    expect(await surveyRow.locator('th').textContent()).toMatch(/^理賠結案調查（.+）$/);
    expect(await surveyRow.locator('td').allTextContents()).toEqual(['4.00', '2']);
    const response = page.getByTestId('chart-satisfaction-response').locator('tbody tr td');
    expect(await response.allTextContents()).toEqual(['3', '2', '1', '66.7%']);
    const distribution = page.getByTestId('chart-satisfaction-distribution').locator('tbody tr td');
    expect(await distribution.allTextContents()).toEqual(['0', '0', '1', '0', '1']);

    await page.screenshot({
      path: `${SCREENSHOTS}dashboards.png`,
      fullPage: true,
      animations: 'disabled',
    });

    // the per-process cycle-time CSV comes from the engine through the studio's /api proxy
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      cycle.getByRole('link', { name: /匯出 CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('cycle-times.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'processId,count,medianMs,p90Ms,totalMs,medianFromStartMs,p90FromStartMs,totalFromStartMs',
    );
    expect(csv).toMatch(/^complaint,3,/m);
  });
});
