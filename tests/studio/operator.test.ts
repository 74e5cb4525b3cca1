/**
 * An operations engineer in a real browser against a real engine with the http plugin and a
 * real REST peer (node:http) standing for the policy system (issue 23, acceptance): a case's
 * http step called a wrong URL and opened an incident; its screen shows the case and the
 * input; retrying it with the URL variable corrected moves the case on. Two other cases failed
 * alike while the peer was down for maintenance; once it is back, both are retried at once from
 * Operations. Takes the incident screenshots in both languages.
 */
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, files, label, process, service, start, userTask } from '../fixtures/definitions.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import {
  hydrated,
  launchChromium,
  open,
  startStudio,
  type RunningStudio,
} from './helpers/studio.ts';
import { STABLE, SCREENSHOTS } from './helpers/stage.ts';

const PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const DESKTOP = { width: 1280, height: 800 };

// Given the policy system: it registers policies, knows no other path, and is down for
// maintenance until `maintenance` is over
let maintenance = true;
const peer: Server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.url === '/policies/register') return reply(201, { registered: true });
    if (req.url === '/maintenance/register')
      return maintenance ? reply(409, { error: 'maintenance' }) : reply(201, { registered: true });
    reply(404, { error: 'no such path' });
  });
});

// And a process that registers each new policy with it (one try), then has it reviewed
const registration = {
  ...process(
    'policy-registration',
    [
      { ...start(), name: label('Policy issued', '保單已簽發') },
      {
        ...service('register', 'http/request', {
          input: { method: '"POST"', url: 'registerUrl', body: '{policy: policyNumber}' },
          output: { registered: 'result.body.registered' },
          retry: { attempts: 1 },
        }),
        name: label('Register with the policy system', '登錄至保單系統'),
      },
      {
        ...userTask('review', 'ack', { candidateGroups: '["operations"]' }),
        name: label('Review the registration', '覆核登錄'),
      },
      { ...end(), name: label('Registered', '已登錄') },
    ],
    [
      ['start', 'register'],
      ['register', 'review'],
      ['review', 'end'],
    ],
    { businessKey: 'policyNumber' },
  ),
  name: label('Policy registration', '保單登錄'),
};

let t: TestEngine;
let studio: RunningStudio;
let browser: Browser;
let page: Page;
let base: string;
const cases: Record<string, string> = {};

async function register(policyNumber: string, path: string) {
  const res = await t.api('POST', '/api/instances', {
    processId: 'policy-registration',
    variables: { policyNumber, registerUrl: `${base}${path}` },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  cases[policyNumber] = res.body.id;
}

const openIncidents = async () =>
  (await t.api('GET', '/api/incidents?status=open')).body.items as {
    id: string;
    instanceId: string;
  }[];
const waitsAtReview = (id: string) =>
  t.until(
    async () =>
      (await t.sql(`SELECT 1 FROM tasks WHERE instance_id = $1 AND node_id = 'review'`, [id]))
        .length > 0,
    `${id} at its review`,
  );

beforeAll(async () => {
  peer.listen(0, '127.0.0.1');
  await once(peer, 'listening');
  base = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
  t = await startTestEngine({
    definitions: files(registration),
    pluginsDir: PLUGINS,
  });
  const lin = await t.api('POST', '/api/users', {
    id: 'lin',
    displayName: '林志遠',
    roles: ['admin'],
    password: PASSWORD,
  });
  expect(lin.status, JSON.stringify(lin.body)).toBe(201);
  // one case registered at a wrong path, two while the policy system was down
  await register('PL-2026-0101', '/policy/register');
  await register('PL-2026-0102', '/maintenance/register');
  await register('PL-2026-0103', '/maintenance/register');
  await t.until(async () => (await openIncidents()).length === 3, 'three incidents');

  [studio, browser] = await Promise.all([startStudio(t.url), launchChromium()]);
  page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  if (t) {
    await t.close();
    await dropTestData(t.schema, t.prefix);
  }
  peer.closeAllConnections();
  peer.close();
});

describe('Given cases whose http step failed', () => {
  it('when the operator opens the incident of the wrong URL, then it shows its case and input', async () => {
    await open(page, `${studio.url}/operations`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('使用者名稱').fill('lin');
    await page.getByLabel('密碼').fill(PASSWORD);
    await page.getByRole('button', { name: '登入' }).click();
    await page.waitForURL(`${studio.url}/operations`);
    await hydrated(page);
    const rows = page.getByTestId('incidents').locator('tbody tr[data-incident]');
    expect(await rows.count()).toBe(3);
    await page.getByRole('link', { name: '開啟異常 PL-2026-0101' }).click();
    await page.waitForURL(/\/operations\/incidents\//);
    await hydrated(page);

    await page.getByRole('heading', { name: '異常：登錄至保單系統', level: 1 }).waitFor();
    const summary = page.getByTestId('incident-summary');
    expect(await summary.getByRole('link', { name: 'PL-2026-0101' }).getAttribute('href')).toBe(
      `/cases/${encodeURIComponent(cases['PL-2026-0101']!)}`,
    );
    expect(await summary.textContent()).toContain('保單登錄 v1');
    expect(await summary.textContent()).toContain('http/request');
    expect(await page.getByTestId('incident-error').textContent()).toMatch(
      /POST http:\/\/127\.0\.0\.1:\d+\/policy\/register answered 404/,
    );
    // the input it was called with, and where on the graph the case stopped
    const input = JSON.parse((await page.getByTestId('incident-input').textContent()) ?? '{}');
    expect(input).toMatchObject({ method: 'POST', url: `${base}/policy/register` });
    expect(await page.getByRole('img', { name: /登錄至保單系統/ }).count()).toBe(1);
    expect(await page.getByTestId('incident-attempts').textContent()).toContain('404');
    await page.screenshot({ path: `${SCREENSHOTS}incident.png`, ...STABLE });
    await page.getByTestId('lang-en').click();
    await page
      .getByRole('heading', { name: 'Incident: Register with the policy system' })
      .waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}incident-en.png`, ...STABLE });
    await page.getByTestId('lang-zh-Hant').click();
    await page.getByRole('heading', { name: '異常：登錄至保單系統' }).waitFor();
  });

  it('when she retries it with the URL variable corrected, then the case moves on', async () => {
    await page.getByLabel('registerUrl').fill(`${base}/policies/register`);
    await page.getByLabel('原因（選填）').first().fill('網址少了 s。');
    await page.getByRole('button', { name: '以修正後的變數重試' }).click();
    await page.getByTestId('incident-result').filter({ hasText: '已重新執行' }).waitFor();
    await waitsAtReview(cases['PL-2026-0101']!);
    const done = await t.api('GET', `/api/instances/${cases['PL-2026-0101']}`);
    expect(done.body.variables).toMatchObject({
      registerUrl: `${base}/policies/register`,
      registered: true,
    });
    // recorded: the previous value and the reason
    const [edit] = await t.sql(
      `SELECT actor, data FROM history WHERE instance_id = $1 AND type = 'variables.edited'`,
      [cases['PL-2026-0101']],
    );
    expect(edit.actor).toBe('lin');
    expect(JSON.stringify(edit.data)).toContain('/policy/register');
    expect(JSON.stringify(edit.data)).toContain('網址少了 s。');
    await expect.poll(async () => page.getByTestId('incident-status').textContent()).toBe('已解決');
  });

  it('when the policy system is back, then both incidents of its maintenance are retried at once', async () => {
    maintenance = false;
    await open(page, `${studio.url}/operations`);
    const alike = page.getByTestId('incident-groups').locator('tbody tr');
    expect(await alike.count()).toBe(1);
    expect(await alike.textContent()).toContain('保單登錄');
    expect(await alike.textContent()).toMatch(/maintenance\/register answered 409/);
    await alike.getByRole('button', { name: '重試 2 件' }).click();
    await page.getByRole('status').filter({ hasText: '已重試 2 件，0 件未能重試。' }).waitFor();
    await waitsAtReview(cases['PL-2026-0102']!);
    await waitsAtReview(cases['PL-2026-0103']!);
    expect(await openIncidents()).toEqual([]);
    await page.getByText('沒有待處理的異常。').waitFor();
  });
});
