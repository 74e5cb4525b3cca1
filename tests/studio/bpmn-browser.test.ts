/**
 * BPMN in and out in the studio (issue 20): a designer picks a .bpmn file drawn in Camunda
 * Modeler on the definitions page; the draft opens in the process editor with every element that
 * did not carry listed (element, line, what happened) and its nodes where the diagram had them;
 * on a process's page, Export BPMN downloads the version as XML with its diagram. In English and
 * Chinese, at 1280×800 and at phone width, with the screenshots for docs/studio.md.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDefinitions } from '../helpers/engine.ts';
import { end, forms, process, start, userTask } from '../fixtures/definitions.ts';
import {
  addUser,
  closeStage,
  DESKTOP,
  openStage,
  PHONE,
  schemaFiles,
  screenshot,
  signedIn,
  type Stage,
} from './helpers/stage.ts';
import { refusedImport } from './helpers/import-file.ts';
import { hydrated, open } from './helpers/studio.ts';

const PASSWORD = 'correct horse battery staple';
const BPMN = fileURLToPath(
  new URL('../fixtures/bpmn/caseway/windscreen-claim.bpmn', import.meta.url),
);

const review = process(
  'review',
  [start(), userTask('check', 'ack'), end()],
  [
    ['start', 'check'],
    ['check', 'end'],
  ],
);

let stage: Stage;
beforeAll(async () => {
  const dir = await writeDefinitions({
    ...(await schemaFiles()),
    'forms/ack/v1.json': forms.ack,
    'processes/review/v1.json': review,
  });
  stage = await openStage({ definitions: dir, start: '2026-11-20T01:30:00Z' });
  await addUser(stage.t, {
    id: 'mei',
    displayName: '陳美玲',
    roles: ['designer'],
    password: PASSWORD,
  });
}, 240_000);
afterAll(() => closeStage(stage));

const runs = [
  {
    lang: 'en' as const,
    size: 'desktop',
    viewport: DESKTOP,
    heading: 'Imported from BPMN: 3 elements',
  },
  {
    lang: 'zh-Hant' as const,
    size: 'desktop',
    viewport: DESKTOP,
    heading: '自 BPMN 匯入：3 個元素',
  },
  {
    lang: 'en' as const,
    size: 'phone',
    viewport: PHONE,
    heading: 'Imported from BPMN: 3 elements',
  },
  { lang: 'zh-Hant' as const, size: 'phone', viewport: PHONE, heading: '自 BPMN 匯入：3 個元素' },
];

describe('Import BPMN', () => {
  it.each(runs)(
    'opens the draft with its problems listed ($lang, $size)',
    async ({ lang, size, viewport, heading }) => {
      const { context, page } = await signedIn(stage, {
        user: 'mei',
        password: PASSWORD,
        lang,
        viewport,
      });
      try {
        await open(page, `${stage.studio.url}/definitions?kind=process`);
        await page.locator('#import-bpmn-file').setInputFiles({
          name: 'windscreen-claim.bpmn',
          mimeType: 'application/xml',
          buffer: readFileSync(BPMN),
        });
        await page.waitForURL(/\/definitions\/process\/windscreen-claim(-\d+)?\/edit$/);
        await hydrated(page);
        const list = page.getByTestId('import-problems');
        await list.getByRole('heading', { name: heading }).waitFor();
        const rows = list.getByTestId('import-problem');
        expect(await rows.count()).toBe(3);
        expect(await rows.first().locator('th').innerText()).toContain('await-docs');
        // the diagram's nodes, the script task standing in as a service task among them
        await page.locator('.svelte-flow__node[data-id="log"]').waitFor();
        expect(await page.locator('.svelte-flow__node').count()).toBeGreaterThanOrEqual(12);
        await screenshot(page, `bpmn-import-${lang}-${size}`);
        // the draft the engine keeps is the imported process
        const id = new URL(page.url()).pathname.split('/')[3]!;
        const draft = await stage.t.api('GET', `/api/drafts/process/${id}`, undefined, {
          as: 'designer',
        });
        expect(draft.status).toBe(200);
        expect(draft.body.body.nodes.find((n: { id: string }) => n.id === 'assess').form).toEqual({
          id: 'claim-assessment',
        });
        // dismissed, the list is gone and stays gone
        await list.getByRole('button').click();
        await list.waitFor({ state: 'detached' });
        await page.reload();
        await hydrated(page);
        expect(await page.getByTestId('import-problems').count()).toBe(0);
      } finally {
        await context.close();
      }
    },
    120_000,
  );

  it('says why a file is refused', async () => {
    const said = await refusedImport(stage, { user: 'mei', password: PASSWORD }, 'process', {
      name: 'notes.bpmn',
      buffer: Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'),
    });
    expect(said).toContain('A document type declaration or entity is not accepted');
  });
});

describe('Export BPMN', () => {
  it.each(['en', 'zh-Hant'] as const)(
    'downloads a version as BPMN XML with its diagram (%s)',
    async (lang) => {
      const { context, page } = await signedIn(stage, { user: 'mei', password: PASSWORD, lang });
      try {
        await open(page, `${stage.studio.url}/definitions/process/review`);
        const link = page.getByTestId('export-bpmn-1');
        expect(await link.innerText()).toBe(
          lang === 'en' ? 'Export v1 as BPMN' : '匯出 v1 為 BPMN',
        );
        await screenshot(page, `bpmn-export-${lang}-desktop`);
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        expect(download.suggestedFilename()).toBe('review-v1.bpmn');
        const xml = readFileSync((await download.path())!, 'utf8');
        expect(xml).toContain('<bpmn:process id="review"');
        expect(xml).toContain('<bpmndi:BPMNShape id="check_di" bpmnElement="check">');
      } finally {
        await context.close();
      }
    },
  );
});
