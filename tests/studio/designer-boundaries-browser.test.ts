/**
 * The shipped processes with boundary events in the process editor, as Chromium draws them (the
 * pure check is studio/src/lib/process/canvas-clearance.test.ts): no node's name, measured
 * around its text, covers another node's shape or name; an event carrying a boundary timer
 * writes its name above its circle. At 1280×800 in zh-Hant and English, and 390 px in English;
 * a screenshot of each boundary event's corner (docs/screenshots for two, the rest in the
 * system's temporary folder).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node, panTo } from './helpers/canvas.ts';
import {
  addUser,
  closeStage,
  DESKTOP,
  openStage,
  PHONE,
  screenshot,
  signedIn,
  STABLE,
  type Stage,
} from './helpers/stage.ts';
import { hydrated } from './helpers/studio.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const LOOK = join(tmpdir(), 'caseway-boundaries');

let stage: Stage;

beforeAll(async () => {
  stage = await openStage({ definitions: SHIPPED });
  expect(stage.t.engine.registry.problems).toEqual([]);
  await addUser(stage.t, {
    id: 'lin',
    displayName: '林設計',
    roles: ['designer'],
    password: PASSWORD,
  });
  mkdirSync(LOOK, { recursive: true });
}, 600_000);

afterAll(async () => {
  await closeStage(stage);
});

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every node's shape and the box around its name's text, as the browser lays them out. */
function drawn(page: Page) {
  return page.evaluate(() => {
    const rect = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
    return Array.from(document.querySelectorAll('.svelte-flow__node')).map((node) => {
      const el = node as HTMLElement;
      const name = el.querySelector('.node > .name');
      const range = document.createRange();
      if (name) range.selectNodeContents(name);
      return {
        id: el.dataset.id!,
        task: !!el.querySelector('.node.task'),
        above: !!name?.classList.contains('above'),
        shape: rect(el.querySelector('.node')!.getBoundingClientRect()),
        name: name ? rect(range.getBoundingClientRect()) : undefined,
      };
    });
  });
}

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const PROCESSES = {
  'policy-application': [
    'supplement-deadline',
    'consent-deadline',
    'payment-deadline',
    'check-period-over',
  ],
  'renewal-reminder': ['remind-by-sms'],
  'claim-intake': ['first-contact-reminder'],
  claim: ['advance-review', 'account-closed'],
} as const;
/** The message catches carrying a boundary timer. */
const EVENT_HOSTS: Record<string, string[]> = {
  'policy-application': ['await-supplement', 'await-payment'],
  'renewal-reminder': ['await-answer'],
};

describe('Given the shipped processes with boundary events', () => {
  for (const [lang, viewport, size] of [
    ['zh-Hant', DESKTOP, 'desktop'],
    ['en', DESKTOP, 'desktop'],
    ['en', PHONE, 'phone'],
  ] as const)
    it(`no name covers another node's shape or name in the editor (${lang}, ${size})`, async () => {
      const { context, page } = await signedIn(stage, {
        user: 'lin',
        password: PASSWORD,
        lang,
        viewport,
      });
      for (const [process, boundaries] of Object.entries(PROCESSES)) {
        await page.goto(`${stage.studio.url}/definitions/process/${process}/edit`);
        await hydrated(page);
        await expect.poll(() => node(page, boundaries[0]!).count()).toBe(1);
        const nodes = await drawn(page);
        const covered: string[] = [];
        for (const a of nodes) {
          if (!a.name || a.task) continue;
          for (const b of nodes) {
            if (b.id === a.id) continue;
            if (overlap(a.name, b.shape)) covered.push(`name of ${a.id} / ${b.id}`);
            if (b.name && !b.task && overlap(a.name, b.name))
              covered.push(`name of ${a.id} / name of ${b.id}`);
          }
        }
        expect(covered, process).toEqual([]);
        // a boundary event's name: whole, or cut within its two lines with "…", whole in its tooltip
        const names = await page.evaluate(() =>
          Array.from(document.querySelectorAll('.node > .name[data-side]')).map((e) => {
            const el = e as HTMLElement;
            return {
              shown: el.textContent ?? '',
              title: el.title,
              overflows: el.scrollHeight > el.clientHeight + 1,
            };
          }),
        );
        expect(names.length, process).toBeGreaterThan(0);
        for (const n of names) {
          expect(n.overflows, n.title).toBe(false);
          if (n.shown !== n.title) {
            expect(n.shown, n.title).toMatch(/…$/);
            expect(n.title.startsWith(n.shown.slice(0, -1).trimEnd()), n.shown).toBe(true);
          }
        }
        if (process === 'renewal-reminder' && lang === 'en')
          expect(names.map((n) => n.shown)).toEqual([expect.stringMatching(/^A text every.*…$/)]);
        for (const id of EVENT_HOSTS[process] ?? [])
          expect(nodes.find((n) => n.id === id)?.above, `${id}'s name above it`).toBe(true);
        for (const id of boundaries) {
          await panTo(page, id);
          const name = `${process}-${id}-${lang}-${size}`;
          if (
            (process === 'policy-application' &&
              id === 'payment-deadline' &&
              size === 'desktop' &&
              lang === 'zh-Hant') ||
            (process === 'renewal-reminder' && size === 'phone')
          )
            await screenshot(page, `boundary-${name}`);
          else await page.screenshot({ path: join(LOOK, `${name}.png`), ...STABLE });
        }
      }
      await context.close();
    });
});
