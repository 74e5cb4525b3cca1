/**
 * A supervisor of the complaints group in a real browser against a real engine with the
 * shipped definitions, plus escalated grievances (a sync with the back office that fails until
 * fixed, beside the investigation) under a 15-day decision clock from receipt, and a probe
 * process whose service task fails until fixed. Complaints are run through the API (closed ones
 * with time spent per step, one near its 15-day decision SLA and one past it).
 *
 * The issue's acceptance (23): on the deadline worklist, the grievance stuck at an incident and
 * due tonight stands above the one due next week; from its row the supervisor reassigns its
 * open task to a person allowed to work it (the picker offers no one else) and raises its
 * priority; once the back office is fixed and the step retried, the case's next task keeps the
 * priority; the notification inbox shows the breach notice of another grievance and opens its
 * case. Then the running cases, the open incident (retried), the pending timers, and the
 * dashboards' figures, heat map and CSV. Takes the worklist, operations and dashboards
 * screenshots.
 */
import { cp, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { ensureUser } from '../../engine/src/identity/index.ts';
import { end, files, label, process, service, start, userTask } from '../fixtures/definitions.ts';
import { sla } from '../fixtures/slas.ts';
import {
  dropTestData,
  startTestEngine,
  writeDefinitions,
  type TestEngine,
} from '../helpers/engine.ts';
import {
  hydrated,
  launchChromium,
  open,
  startStudio,
  type RunningStudio,
} from './helpers/studio.ts';
import { STABLE, SCREENSHOTS } from './helpers/stage.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const SHIPPED_PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const CHEN_TOKEN = 'chen-complaints-token';
const MEI_TOKEN = 'mei-supervisor-token';
/** The figures the engine gives the supervisor herself (her scope), to compare with her pages. */
const asMei = { headers: { authorization: `Bearer ${MEI_TOKEN}` } };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/**
 * 09:00 in Shanghai on today's UTC date: the engine's clock stands there, so "tonight" and "next
 * week" fall alike on every run, and the dashboards' default range (the last 30 days to
 * tomorrow, by the browser's clock) holds everything the test does.
 */
const T0 = `${new Date().toISOString().slice(0, 10)}T01:00:00.000Z`;

// Given a sync action that fails until the back office is fixed, behind a one-try service task
let backOfficeDown = true;
let grievanceBackOfficeDown = true;
const actions = new ActionRegistry()
  .register('probe/sync', () => {
    if (backOfficeDown) throw new Error('back office unavailable');
    return { ok: true };
  })
  .register('grievance/sync', () => {
    if (grievanceBackOfficeDown) throw new Error('back office unreachable');
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

// Given escalated grievances: triaged, then synced with the back office (one try) while being
// investigated, then answered; decided within 15 days of receipt, the complaints group warned at
// 80% and told of a breach
const complaintsGroup = '["complaints"]';
const named = <N extends { id: string; type: string }>(node: N, en: string, zh: string) => ({
  ...node,
  name: label(en, zh),
});
const grievance = {
  ...process(
    'grievance',
    [
      named(start(), 'Received', '收到投訴'),
      named(userTask('triage', 'ack', { candidateGroups: complaintsGroup }), 'Triage', '分流'),
      named({ id: 'fork', type: 'parallelGateway' }, 'Sync and investigate', '同步並調查'),
      named(
        service('sync', 'grievance/sync', { retry: { attempts: 1 } }),
        'Sync with the back office',
        '同步至後台系統',
      ),
      named(
        userTask('investigate', 'ack', { candidateGroups: complaintsGroup }),
        'Investigate',
        '調查',
      ),
      named({ id: 'join', type: 'parallelGateway' }, 'Both done', '兩者完成'),
      named(
        userTask('resolve', 'ack', { candidateGroups: complaintsGroup }),
        'Answer the complainant',
        '答覆投訴人',
      ),
      named(end(), 'Answered', '已答覆'),
    ],
    [
      ['start', 'triage'],
      ['triage', 'fork'],
      ['fork', 'sync'],
      ['fork', 'investigate'],
      ['sync', 'join'],
      ['investigate', 'join'],
      ['join', 'resolve'],
      ['resolve', 'end'],
    ],
    { businessKey: 'grievanceNumber' },
  ),
  name: label('Escalated grievance', '升級投訴'),
};
const grievanceDecision = sla('grievance-decision', 'grievance', {
  name: label('Grievance decided (15 days)', '升級投訴處理決定（15日）'),
  target: { duration: 'P15D' },
  startAt: 'receivedAt',
  start: [{ event: 'instanceStarted' }],
  stop: [{ event: 'taskCompleted', node: 'resolve' }],
  thresholds: [
    {
      percent: 80,
      actions: [{ type: 'notify', to: [{ kind: 'group', id: 'complaints' }] }],
    },
  ],
  breach: { actions: [{ type: 'notify', to: [{ kind: 'group', id: 'complaints' }] }] },
});

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

interface Classified {
  category: string;
  businessCategory: string;
  region: string;
  /** A major complaint: its root cause, summarised after it closes. */
  rootCauseArea?: string;
}

/**
 * A complaint classified, investigated (the longest step), resolved and accepted; a major one
 * then summarised with its root cause.
 */
async function closeComplaint(c: Classified) {
  const id = await startComplaint();
  const major = c.rootCauseArea !== undefined;
  await work(id, 'classify', 10, {
    category: c.category,
    businessCategory: c.businessCategory,
    region: c.region,
    severity: major ? 'major' : 'general',
    department: 'customer-service',
    ...(major ? { majorReason: '涉及多名客戶' } : {}),
  });
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
  if (major)
    await work(id, 'summarise', 0, {
      rootCause: '理賠系統未核對收款賬戶，退款未通知客戶。',
      rootCauseArea: c.rootCauseArea,
      improvementActions: [
        { action: '付款前核對賬戶並於退回時通知客戶。', owner: '理賠部', dueOn: '2027-01-31' },
      ],
      lastingMechanism: '每月抽查退回款項的通知紀錄。',
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

/** A grievance whose 15 days end at `due` (received 15 days before). */
async function startGrievance(grievanceNumber: string, due: number): Promise<string> {
  const res = await t.api(
    'POST',
    '/api/instances',
    {
      processId: 'grievance',
      variables: { grievanceNumber, receivedAt: new Date(due - 15 * DAY).toISOString() },
    },
    { as: 'complaints' },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

let stuck: string;
let nextWeek: string;
let breached: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'caseway-ops-'));
  await cp(SHIPPED, dir, { recursive: true });
  await writeDefinitions(
    Object.fromEntries(
      Object.entries({
        ...files(probe, grievance),
        'slas/grievance-decision/v1.json': grievanceDecision,
      }).filter(([path]) => !path.includes('/approve/')),
    ),
    dir,
  );
  // a copy of the shipped definitions calls the shipped plugins, as the folder itself does
  t = await startTestEngine({ definitions: dir, pluginsDir: SHIPPED_PLUGINS, actions, start: T0 });
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
  expect(
    (await t.api('PUT', '/api/groups/claims', { name: { 'zh-Hant': '理賠', en: 'Claims' } }))
      .status,
  ).toBeLessThan(300);
  // who may be given a complaint (陳志明, of the group) and who may not (a claims adjuster)
  for (const u of [
    { id: 'chen', displayName: '陳志明', roles: ['staff'], groups: ['complaints'] },
    { id: 'wang', displayName: '王大同', roles: ['staff'], groups: ['claims'] },
  ]) {
    const res = await t.api('POST', '/api/users', { ...u, password: PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  await ensureUser(
    t.engine.db,
    { id: 'chen', displayName: '陳志明', roles: ['staff'], groups: ['complaints'] },
    CHEN_TOKEN,
  );
  await ensureUser(
    t.engine.db,
    {
      id: 'mei',
      displayName: '陳美玲',
      roles: ['supervisor'],
      groups: ['complaints', 'customer-care'],
    },
    MEI_TOKEN,
  );

  // closed complaints: two about service, one about claims, and a major one about claims
  // summarised with its root cause
  await closeComplaint({ category: 'service', businessCategory: 'life', region: 'east-china' });
  await closeComplaint({ category: 'service', businessCategory: 'health', region: 'north-china' });
  await closeComplaint({ category: 'claims', businessCategory: 'motor', region: 'east-china' });
  await closeComplaint({
    category: 'claims',
    businessCategory: 'life',
    region: 'east-china',
    rootCauseArea: 'claims-handling',
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

  // grievances: one stuck at its failed sync, due tonight; one due next week; one breached
  const t0 = Date.parse(T0);
  stuck = await startGrievance('GRV-2026-0001', t0 + 12 * HOUR); // 21:00 tonight in Shanghai
  await work(stuck, 'triage', 0, { ok: true });
  await t.until(
    async () => (await t.sql(`SELECT 1 FROM incidents WHERE instance_id = $1`, [stuck])).length > 0,
    'the stuck grievance’s incident',
  );
  nextWeek = await startGrievance('GRV-2026-0002', t0 + 6 * DAY);
  breached = await startGrievance('GRV-2026-0003', t0 - DAY);
  await t.until(
    async () =>
      (
        await t.sql(`SELECT 1 FROM notifications WHERE instance_id = $1 AND kind = 'sla.breach'`, [
          breached,
        ])
      ).length > 0,
    'the breach notice',
  );

  [studio, browser] = await Promise.all([startStudio(t.url), launchChromium()]);
  const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  page = await context.newPage();
  await mkdir(SCREENSHOTS, { recursive: true });
  // a generous bound: the first run builds the studio, and helpers share two cores
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  if (t) {
    await t.close();
    await dropTestData(t.schema, t.prefix);
  }
});

describe('Given a supervisor of the complaints group and complaints worked through the API', () => {
  it('when she signs in to Operations, then the worklist shows the case stuck at an incident due tonight above the one due next week', async () => {
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
    await page.getByRole('heading', { name: '期限工作清單', level: 2 }).waitFor();

    // grouped by when they fall due: the stuck grievance today, the other next week
    const tonight = page.getByTestId('worklist-today').locator(`tr[data-case="${stuck}"]`);
    const week = page.getByTestId('worklist-week').locator(`tr[data-case="${nextWeek}"]`);
    await tonight.waitFor();
    await week.waitFor();
    const order = await page
      .locator('tr[data-case]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case')));
    expect(order.indexOf(stuck)).toBeLessThan(order.indexOf(nextWeek));
    // the breached one stands above both, under "overdue"
    expect(order.indexOf(breached)).toBeLessThan(order.indexOf(stuck));
    expect(
      await page.getByTestId('worklist-overdue').locator(`tr[data-case="${breached}"]`).count(),
    ).toBe(1);
    // the row: reference, SLA name, time left, percent used, what it waits on (the incident)
    const text = (await tonight.textContent()) ?? '';
    expect(text).toContain('GRV-2026-0001');
    expect(text).toContain('升級投訴處理決定（15日）');
    expect(text).toMatch(/剩 \d+:\d{2}:\d{2}/);
    expect(text).toMatch(/已用 9\d(\.\d)?%/);
    expect(text).toContain('異常：同步至後台系統');
    expect(
      await tonight.getByRole('link', { name: /開啟案件 GRV-2026-0001/ }).getAttribute('href'),
    ).toBe(`/cases/${encodeURIComponent(stuck)}`);
    expect(await page.getByTestId('worklist-counts').textContent()).toContain('今天到期（1）');
    await page.screenshot({ path: `${SCREENSHOTS}worklist.png`, ...STABLE });
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { name: 'Deadline worklist', level: 2 }).waitFor();
    expect(await tonight.textContent()).toMatch(/\d+:\d{2}:\d{2} left/);
    await page.screenshot({ path: `${SCREENSHOTS}worklist-en.png`, ...STABLE });
    await page.getByTestId('lang-zh-Hant').click();
    await page.getByRole('heading', { name: '期限工作清單', level: 2 }).waitFor();
  });

  it('when she reassigns the stuck case from its row, then only people allowed to work it are offered', async () => {
    const row = page.getByTestId('worklist-today').locator(`tr[data-case="${stuck}"]`);
    await row.getByRole('button', { name: '處理 GRV-2026-0001' }).click();
    const actions = page.getByTestId('row-actions');
    await actions.waitFor();
    expect(await actions.textContent()).toContain('任務：調查');
    const picker = actions.getByLabel('改派給');
    await expect
      .poll(async () => picker.locator('option').allTextContents())
      .toContainEqual(expect.stringMatching(/^陳志明（投訴；\d+ 件待辦）$/));
    const offered = await picker.locator('option').allTextContents();
    expect(offered.some((o) => o.startsWith('王大同'))).toBe(false);
    await picker.selectOption({ label: offered.find((o) => o.startsWith('陳志明'))! });
    await actions.getByLabel('原因（選填）').first().fill('美玲休假，改由志明處理。');
    await actions.getByRole('button', { name: '改派', exact: true }).click();
    await page.getByTestId('worklist-status').filter({ hasText: '已改派給 陳志明。' }).waitFor();
    await expect.poll(async () => row.textContent()).toContain('陳志明');
    const [task] = await t.sql(
      `SELECT assignee FROM tasks WHERE instance_id = $1 AND node_id = 'investigate' AND status = 'open'`,
      [stuck],
    );
    expect(task.assignee).toBe('chen');
  });

  it('when she raises its priority from the row, then the case’s next task keeps it', async () => {
    const row = page.getByTestId('worklist-today').locator(`tr[data-case="${stuck}"]`);
    await row.getByRole('button', { name: '處理 GRV-2026-0001' }).click();
    const actions = page.getByTestId('row-actions');
    await actions.getByLabel('優先順序（0–100）').fill('90');
    await actions.getByRole('button', { name: '提高', exact: true }).click();
    await page
      .getByTestId('worklist-status')
      .filter({ hasText: '案件優先順序已提高為 90。' })
      .waitFor();
    await expect.poll(async () => row.textContent()).toContain('優先順序 90');

    // the investigation done and the back office fixed: the sync retried, the case answers next
    const investigate = await t.sql(
      `SELECT id, priority FROM tasks WHERE instance_id = $1 AND node_id = 'investigate' AND status = 'open'`,
      [stuck],
    );
    expect(investigate[0].priority).toBe(90);
    const done = await t.api(
      'POST',
      `/api/tasks/${investigate[0].id}/complete`,
      { data: { ok: true } },
      { headers: { authorization: `Bearer ${CHEN_TOKEN}` } },
    );
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    grievanceBackOfficeDown = false;
    const [incident] = await t.sql(
      `SELECT id FROM incidents WHERE instance_id = $1 AND status = 'open'`,
      [stuck],
    );
    expect((await t.api('POST', `/api/incidents/${incident.id}/retry`)).status).toBe(202);
    const resolve = await t.until(
      async () =>
        (
          await t.sql(
            `SELECT priority FROM tasks WHERE instance_id = $1 AND node_id = 'resolve' AND status = 'open'`,
            [stuck],
          )
        )[0],
      'the answer task',
    );
    expect(resolve.priority).toBe(90);
  });

  it('when she opens the notification inbox, then it shows the breach notice of another case and opens it', async () => {
    await open(page, `${studio.url}/operations`);
    const badge = page.getByTestId('notification-badge');
    const unreadBefore = Number(await badge.locator('.badge').textContent());
    expect(unreadBefore).toBeGreaterThan(0);
    await badge.click();
    await page.waitForURL(`${studio.url}/notifications`);
    await page.getByRole('heading', { name: '通知', level: 1 }).waitFor();
    expect(await page.getByTestId('unread-counts').textContent()).toMatch(
      /未讀 \d+ 則：逾時 [1-9]/,
    );
    const notice = page.locator(`[data-kind="sla.breach"]`, {
      has: page.locator(`a[href$="?case=${encodeURIComponent(breached)}"]`),
    });
    expect(await notice.count()).toBe(1);
    expect(await notice.textContent()).toContain('升級投訴');
    expect(await notice.textContent()).toContain('未讀');
    // to whom: the group by its name, not its id
    expect(await notice.textContent()).toContain('發給：群組 投訴');
    const noticeId = Number(await notice.getAttribute('data-notice'));
    await page.screenshot({ path: `${SCREENSHOTS}notifications.png`, ...STABLE });
    // the studio's server marks it read and sends the browser on: a new tab or a page whose
    // script has not run yet reads it as well
    await notice.getByRole('link', { name: '開啟案件 GRV-2026-0003' }).click();
    await page.waitForURL(`${studio.url}/cases/${encodeURIComponent(breached)}`);
    await hydrated(page);
    const [read] = await t.sql(
      `SELECT read_at FROM notification_reads WHERE notification_id = $1`,
      [noticeId],
    );
    expect(read, `notice ${noticeId} read`).toBeDefined();
    await expect
      .poll(async () => Number((await badge.locator('.badge').textContent()) ?? 0))
      .toBe(unreadBefore - 1);

    // the link takes a notice's number and a case id, nothing else, and asks for a session
    for (const bad of [
      'abc/open?case=x',
      '0/open?case=x',
      '99999999999999999/open?case=x',
      '1/open',
      `1/open?case=${encodeURIComponent('https://evil.example/')}`,
      `1/open?case=${encodeURIComponent('../../api/auth/logout')}`,
    ]) {
      const res = await fetch(`${studio.url}/notifications/${bad}`, { redirect: 'manual' });
      expect(res.status, bad).toBe(404);
      expect((await res.json()).message, bad).toBe('找不到此頁面。');
    }
    // a browser gets a page, in the language chosen in the studio
    const page404 = await fetch(`${studio.url}/notifications/abc/open?case=x`, {
      headers: { accept: 'text/html', cookie: 'lang=en' },
    });
    expect(page404.status).toBe(404);
    expect(await page404.text()).toContain('<p role="alert">This page does not exist.</p>');
    const signedOut = await fetch(
      `${studio.url}/notifications/${noticeId}/open?case=${encodeURIComponent(breached)}`,
      { redirect: 'manual' },
    );
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(
      `/login?next=${encodeURIComponent(`/notifications/${noticeId}/open?case=${encodeURIComponent(breached)}`)}`,
    );
  });

  it('then Operations lists the running cases and the open incident, opened on its own screen', async () => {
    await open(page, `${studio.url}/operations`);
    // two complaints, the probe and three grievances still run
    const instances = page.getByTestId('instances');
    expect(await instances.locator('tbody tr').count()).toBe(6);
    expect(await instances.textContent()).toContain('客戶投訴處理');

    const incident = page.getByTestId('incidents').locator('tbody tr[data-incident]');
    expect(await incident.count()).toBe(1);
    expect(await incident.textContent()).toContain('CW_ERR_ACTION_FAILED');
    await incident.getByRole('link', { name: /開啟異常/ }).click();
    await page.waitForURL(/\/operations\/incidents\//);
    await hydrated(page);
    expect(await page.getByTestId('incident-summary').textContent()).toContain('probe/sync');
    expect(await page.getByTestId('incident-error').textContent()).toContain(
      'back office unavailable',
    );
    await open(page, `${studio.url}/operations`);
    await page.screenshot({
      path: `${SCREENSHOTS}operations.png`,
      fullPage: true,
      ...STABLE,
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

    // cycle time of the four closed complaints: 100 minutes each (and a few real seconds)
    const cycle = page.getByTestId('chart-cycle-process');
    await cycle.getByRole('img', { name: /各流程的週期時間/ }).waitFor();
    await cycle.getByText('以表格檢視資料').click();
    const row = cycle.getByRole('row', { name: /客戶投訴處理/ });
    // medians from receipt and from creation, their p90s, how many (labelled which)
    expect(await cycle.locator('thead th').allTextContents()).toEqual([
      '流程',
      '中位數（自受理起）',
      '中位數（自建立起）',
      'P90（自受理起）',
      'P90（自建立起）',
      '已完成件數',
    ]);
    const [fromReceipt, median, , , count] = await row.locator('td').allTextContents();
    expect(median).toBe('1 小時 40 分');
    expect(fromReceipt).toBe('1 小時 40 分'); // received when recorded
    expect(count).toBe('4');

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

    // workload of the complaints group, by its name: the open tasks of the open complaints and the probe
    const groups = page
      .getByTestId('chart-workload-group')
      .locator('tbody tr', { hasText: '投訴' });
    expect(Number((await groups.locator('td').first().textContent()) ?? 0)).toBeGreaterThanOrEqual(
      4,
    );

    // SLA compliance: three met decision clocks, one breached
    const sla = page.getByTestId('chart-sla').locator('table tbody');
    expect(await sla.textContent()).toContain('3');
    // its percentage on the chart, as in the table: met of the clocks decided
    const report = await t.api(
      'GET',
      `/api/slas/report?from=${new Date(Date.now() - 30 * DAY).toISOString()}&to=${new Date(Date.now() + DAY).toISOString()}&period=week&timeZone=Asia/Shanghai`,
      undefined,
      asMei,
    );
    const decided = report.body.items.filter(
      (r: { met: number; breached: number }) => r.met + r.breached > 0,
    );
    expect(decided.length).toBeGreaterThan(0);
    const onChart = await page.getByTestId('chart-sla').locator('text.value').allTextContents();
    for (const r of decided as { met: number; breached: number }[])
      expect(onChart).toContainEqual(
        expect.stringContaining(
          `達成率 ${Math.round((r.met / (r.met + r.breached)) * 1000) / 10}%`,
        ),
      );

    // clocks past their SLA, case-level ones too, and the age of open cases: as the engine counts
    // them for her
    const figures = async (path: string) =>
      (await t.api('GET', path, undefined, asMei)).body.items as Record<string, number | string>[];
    const past = (await figures('/api/analytics/past-sla')).find(
      (r) => r.processId === 'complaint',
    )!;
    expect(past.caseClocks).toBeGreaterThan(0);
    const pastRow = page
      .getByTestId('chart-past-sla')
      .locator('tbody tr', { hasText: '客戶投訴處理' });
    expect(await pastRow.locator('td').allTextContents()).toEqual([
      String(past.caseClocks),
      String(past.taskClocks),
      String(past.cases),
    ]);
    const ages = (await figures('/api/analytics/ageing')).find((r) => r.processId === 'complaint')!;
    const ageRow = page
      .getByTestId('chart-ageing')
      .locator('tbody tr', { hasText: '客戶投訴處理' });
    expect((await ageRow.locator('td').allTextContents()).slice(0, 6)).toEqual(
      ['upTo1d', 'upTo3d', 'upTo7d', 'upTo15d', 'upTo30d', 'over30d'].map((k) => String(ages[k])),
    );
    // throughput per person, by name
    expect(
      await page.getByTestId('chart-throughput-group').locator('tbody th').allTextContents(),
    ).toContain('投訴');
    // ratings wherever they are recorded: the two claim surveys' scores, all sources together
    const ratings = page.getByTestId('chart-ratings').locator('tbody tr', { hasText: '全部來源' });
    expect((await ratings.locator('td').allTextContents()).slice(0, 2)).toEqual(['4.00', '2']);

    // readable: chart labels and heat-map names at 11 px or more, nothing clipped by the page
    const smallest = await page.evaluate(() =>
      Math.min(
        ...Array.from(document.querySelectorAll('figure svg text')).map((el) =>
          parseFloat(getComputedStyle(el).fontSize),
        ),
      ),
    );
    expect(smallest).toBeGreaterThanOrEqual(11);
    const heatText = await page
      .getByTestId('heat-map')
      .locator('[data-node="investigate"] text')
      .first()
      .evaluate((el) => el.getBoundingClientRect().height);
    expect(heatText).toBeGreaterThanOrEqual(11);

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
      ...STABLE,
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
    expect(csv).toMatch(/^complaint,4,/m);
  });

  it('when she opens the monthly complaints report, then it counts by line of business and region, with root causes, as CSV and printable', async () => {
    await page.getByRole('link', { name: '投訴統計報表' }).click();
    await page.waitForURL(/\/reports\/complaints/);
    await hydrated(page);
    await page.getByRole('heading', { name: '投訴統計報表', level: 1 }).waitFor();
    const cells = (table: string, name: string) =>
      page
        .getByTestId(table)
        .locator('tbody tr', { has: page.getByRole('rowheader', { name, exact: true }) })
        .locator('td')
        .allTextContents();
    // received, within 15 days, extended, overdue, open, major, average handling time
    expect(await cells('report-categories', '壽險')).toEqual([
      '2',
      '2',
      '0',
      '0',
      '0',
      '1',
      expect.stringMatching(/^1 小時 4\d 分$/),
    ]);
    expect((await cells('report-categories', '健康險')).slice(0, 6)).toEqual([
      '1',
      '1',
      '0',
      '0',
      '0',
      '0',
    ]);
    expect((await cells('report-regions', '華東')).slice(0, 2)).toEqual(['3', '3']);
    expect((await cells('report-regions', '華北')).slice(0, 2)).toEqual(['1', '1']);
    expect(await cells('report-root-causes', '理賠處理')).toEqual(['1']);
    // the total row adds up the rows
    const received = await page
      .getByTestId('report-categories')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.querySelector('td')!.textContent)));
    const total = page.getByTestId('report-categories').locator('tfoot td').first();
    expect(Number(await total.textContent())).toBe(received.reduce((a, b) => a + b, 0));
    await page.screenshot({ path: `${SCREENSHOTS}complaints-report.png`, ...STABLE });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^complaints-\d{4}-\d{2}-summary\.csv$/);
    const csv = (await readFile((await download.path())!, 'utf8')).split('\n');
    expect(csv[0]).toBe(
      'period,category,categoryName,region,regionName,received,closedWithin15Days,extendedTo30Days,overdue,open,major,decided,averageHandlingMs',
    );
    expect(csv.some((l) => l.includes(',life,壽險,east-china,華東,2,'))).toBe(true);

    // printed: the report alone, without the studio's header and the controls
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '列印' }).isVisible()).toBe(false);
    expect(await page.getByTestId('report-categories').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { name: 'Complaints report', level: 1 }).waitFor();
    expect((await cells('report-categories', 'Life insurance')).slice(0, 2)).toEqual(['2', '2']);
    await page.screenshot({
      path: `${SCREENSHOTS}complaints-report-en.png`,
      ...STABLE,
    });
    await page.getByTestId('lang-zh-Hant').click();
    await page.getByRole('heading', { name: '投訴統計報表', level: 1 }).waitFor();
  });
  it('at phone width, in Chinese and in English, every supervision page fits the screen', async () => {
    const [incident] = await t.sql(`SELECT id FROM incidents ORDER BY created_at LIMIT 1`);
    const pages = [
      ['worklist', '/operations'],
      ['incident', `/operations/incidents/${encodeURIComponent(incident.id)}`],
      ['notifications', '/notifications'],
      ['dashboards', '/dashboards'],
      ['complaints-report', '/reports/complaints'],
      ['case', `/cases/${encodeURIComponent(stuck)}`],
    ] as const;
    const shots = new Set(['worklist', 'incident', 'dashboards', 'complaints-report']);
    await page.setViewportSize(PHONE);
    const wide: string[] = [];
    try {
      for (const lang of ['zh-Hant', 'en'] as const) {
        await page.context().addCookies([{ name: 'lang', value: lang, url: studio.url }]);
        for (const [name, path] of pages) {
          await open(page, `${studio.url}${path}`);
          await hydrated(page);
          await page.locator('main h1').first().waitFor();
          // what sticks out of the page (boxes that scroll sideways on their own may be wider)
          const out = await page.evaluate(() => {
            const inner = window.innerWidth;
            if (document.documentElement.scrollWidth <= inner) return [];
            return Array.from(document.querySelectorAll('main *'))
              .filter((e) => e.getBoundingClientRect().right > inner + 1)
              .filter((e) => {
                for (let p = e.parentElement; p; p = p.parentElement)
                  if (/(auto|scroll)/.test(getComputedStyle(p).overflowX)) return false;
                return true;
              })
              .slice(0, 5)
              .map(
                (e) =>
                  `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`,
              );
          });
          for (const o of out) wide.push(`${path} ${lang}: ${o}`);
          if (shots.has(name))
            await page.screenshot({
              path: `${SCREENSHOTS}${name}-phone${lang === 'en' ? '-en' : ''}.png`,
              ...STABLE,
            });
        }
      }
    } finally {
      await page.context().addCookies([{ name: 'lang', value: 'zh-Hant', url: studio.url }]);
      await page.setViewportSize(DESKTOP);
    }
    expect(wide).toEqual([]);
  });
});
