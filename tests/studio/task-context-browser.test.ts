/**
 * The files of an earlier submission, in the task view (issue 16, item 1): an adjuster uploads a
 * photo and a PDF on a task's file field and completes it without claiming; the completed task
 * shows what was submitted, by whom and when, and names the adjuster as its worker (not
 * "Unassigned"); the intake clerk who reviews next sees the adjuster's submission beside the
 * review form and opens each file in the page (the picture drawn, the PDF in the browser's
 * viewer), each download recorded in the case history. In English, at desktop and phone width.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import type { TestEngine } from '../helpers/engine.ts';
import { history, startInstance, tasksOf } from '../helpers/scenario.ts';
import {
  addUser,
  closeStage,
  openStage,
  PHONE,
  screenshot,
  signedIn,
  type Stage,
} from './helpers/stage.ts';
import { open } from './helpers/studio.ts';

const PASSWORD = 'correct horse battery staple';

const receiptsForm = {
  id: 'receipts',
  version: 1,
  title: label('Hospital receipts', '醫院收據'),
  fields: [
    {
      key: 'receipts',
      type: 'file',
      accept: ['application/pdf', 'image/png'],
      maxFiles: 3,
      label: label('Receipts', '收據'),
    },
    { key: 'note', type: 'text', label: label('Note', '備註') },
  ],
};
const claim = process(
  'receipts-claim',
  [
    start(),
    userTask('fill', 'receipts', { name: label('Collect the receipts', '蒐集收據') }),
    userTask('review', 'ack', {
      name: label('Review the receipts', '審核收據'),
      candidateGroups: '["claims-intake"]',
    }),
    end(),
  ],
  [
    ['start', 'fill'],
    ['fill', 'review'],
    ['review', 'end'],
  ],
  { name: label('Receipts claim', '收據理賠') },
);
/** A one-page PDF with a line of text. */
const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj',
    '4 0 obj << /Length 44 >> stream',
    'BT /F1 18 Tf 20 70 Td (Receipt 1,234.00) Tj ET',
    'endstream endobj',
    '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
);

let stage: Stage;
let t: TestEngine;
let instanceId: string;
/** The receipt photo: a picture the browser draws (made by the browser itself). */
let photo: Buffer;

beforeAll(async () => {
  stage = await openStage({
    definitions: { ...files(claim), 'forms/receipts/v1.json': receiptsForm },
    start: '2026-11-20T02:00:00Z',
  });
  t = stage.t;
  expect(t.engine.registry.problems).toEqual([]);
  for (const [id, en, zh] of [
    ['adjusters', 'Adjusters', '理賠人員'],
    ['claims-intake', 'Claims intake', '理賠受理'],
  ] as const)
    expect((await t.api('PUT', `/api/groups/${id}`, { name: label(en, zh) })).status).toBe(201);
  for (const user of [
    { id: 'dawen', displayName: '陳大文', roles: ['staff'], groups: ['adjusters'] },
    { id: 'zhiming', displayName: '林志明', roles: ['staff'], groups: ['claims-intake'] },
  ])
    await addUser(t, { ...user, password: PASSWORD });
  const scratch = await stage.browser.newPage({ viewport: { width: 320, height: 160 } });
  await scratch.setContent(
    '<body style="margin:0;font:24px sans-serif;background:#fff8e1"><p style="padding:40px">Receipt ¥ 1,234.00</p></body>',
  );
  photo = await scratch.screenshot();
  await scratch.close();
  instanceId = (await startInstance(t, 'receipts-claim')).id;
}, 600_000);

afterAll(() => closeStage(stage));

/**
 * A browser context in English, signed in on the sign-in page, then on a task's page. (Through
 * the sign-in page's own address: in three of five full runs the sign-in that went on to
 * `?next=` the task never arrived there, which no run of this file alone showed; if that comes
 * back here, the failure now names the page it stopped on.)
 */
async function englishOn(user: string, taskId: string): Promise<Page> {
  const { page } = await signedIn(stage, { user, password: PASSWORD, lang: 'en' });
  const next = `/tasks/${encodeURIComponent(taskId)}`;
  await open(page, `${stage.studio.url}${next}`);
  expect(new URL(page.url()).pathname, 'the task page, signed in').toBe(next);
  return page;
}

describe('Given a case whose adjuster collects receipts and whose intake clerk reviews them', () => {
  it('when the adjuster uploads a photo and a PDF and completes the task without claiming it, then the task shows what was submitted, by whom and when', async () => {
    const [fill] = await tasksOf(t, instanceId);
    const page = await englishOn('dawen', fill!.id);
    await page.getByRole('heading', { name: 'Collect the receipts', level: 1 }).waitFor();
    expect((await page.getByTestId('assignee').textContent())?.trim()).toBe('Unassigned');
    await page.getByLabel('Receipts', { exact: true }).setInputFiles([
      { name: 'receipt.png', mimeType: 'image/png', buffer: photo },
      { name: 'receipt.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);
    await page.getByRole('link', { name: 'receipt.pdf' }).waitFor();
    await page.getByRole('link', { name: 'receipt.png' }).waitFor();
    await page.getByLabel('Note').fill('Both receipts from the hospital.');
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByTestId('task-done').waitFor();

    const own = page.getByTestId('own-submission');
    await own.getByRole('heading', { name: 'What was submitted' }).waitFor();
    expect(await own.textContent()).toContain('Both receipts from the hospital.');
    await own.getByRole('link', { name: 'receipt.png' }).waitFor();
    // completed without claiming: the worker is who completed it, by name
    expect((await page.getByTestId('assignee').textContent())?.trim()).toBe('陳大文');
    expect(await page.getByTestId('completed-by').textContent()).toMatch(/^Sent by 陳大文 on /);
    await page.context().close();
  });

  it('when the intake clerk opens the review, then the adjuster’s submission is beside the form and each of its files opens in the page', async () => {
    const review = await t.until(
      async () => (await tasksOf(t, instanceId)).find((x) => x.node_id === 'review'),
      'the review task',
    );
    const page = await englishOn('zhiming', review.id);
    await page.getByRole('heading', { name: 'Review the receipts', level: 1 }).waitFor();
    const earlier = page.getByTestId('case-context').getByTestId('submission-fill');
    expect(await earlier.locator('summary').textContent()).toMatch(
      /Collect the receipts\s*Sent by 陳大文 on /,
    );
    expect(await earlier.textContent()).toContain('Both receipts from the hospital.');

    // the photo: drawn in a dialog over the task, from the engine's download
    await earlier.getByRole('button', { name: 'Preview receipt.png' }).click();
    const picture = page.getByRole('dialog', { name: 'receipt.png' });
    const img = picture.getByRole('img', { name: 'receipt.png' });
    await img.waitFor();
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
      .toBe(320);
    expect(await picture.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'task-file-preview-en');
    await picture.getByRole('button', { name: 'Close the preview' }).click();
    await picture.waitFor({ state: 'hidden' });

    // the PDF: in the browser's viewer, from the same bytes
    await earlier.getByRole('button', { name: 'Preview receipt.pdf' }).click();
    const pdf = page.getByRole('dialog', { name: 'receipt.pdf' });
    const frame = pdf.locator('iframe[title="receipt.pdf"]');
    await frame.waitFor();
    const src = (await frame.getAttribute('src'))!;
    expect(src).toMatch(/^blob:/);
    const bytes = await page.evaluate(async (url) => {
      const blob = await (await fetch(url)).blob();
      return { type: blob.type, head: await blob.slice(0, 5).text(), size: blob.size };
    }, src);
    expect(bytes).toEqual({ type: 'application/pdf', head: '%PDF-', size: PDF.length });
    expect(await pdf.getByRole('alert').count()).toBe(0);
    await pdf.getByRole('button', { name: 'Close the preview' }).click();

    // at phone width the case comes first, then the form
    await page.setViewportSize(PHONE);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'task-file-preview-phone-en');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );

    // each look at a document is recorded: who, which, through which route
    const downloads = (await history(t, instanceId)).filter(
      (h) => h.type === 'personalData.downloaded',
    );
    expect(downloads.map((h) => h.actor)).toEqual(['zhiming', 'zhiming']);
    await page.context().close();
  });
});
