/**
 * An embedded subprocess in the process designer (issue 19), in a real browser against a real
 * engine: a designer adds a subprocess from the palette (a thin box with BPMN's ⊞ marker),
 * opens it onto its inside (its own start joined to an end, a path back at the top left), adds
 * a user task there and finds it inside the subprocess in the draft the engine stored; in
 * English at 1280×800 and in Chinese at phone width, where the palette is two columns above
 * the diagram (screenshots for docs/studio.md).
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, screenshot } from './helpers/stage.ts';
import { designerStage } from './helpers/designer.ts';

const PROCESS = 'scoped-claim';

interface Draft {
  body: { nodes: { id: string; type: string; parent?: string }[] };
}

const designer = designerStage(PROCESS);
const { signInAt, node } = designer;

describe('Given a designer on an empty process', () => {
  it('adds a subprocess, opens it and puts a task inside it', async () => {
    await signInAt('en', DESKTOP);
    await designer.page.getByRole('button', { name: 'Add a Subprocess' }).click();
    await expect.poll(() => node('subprocess-1').count()).toBe(1);
    // the process level shows the box alone, not its inside
    expect(await node('start-1').count()).toBe(0);
    await screenshot(designer.page, 'subprocess-box-en-desktop');

    await node('subprocess-1').dblclick();
    await expect.poll(() => node('start-1').count()).toBe(1);
    expect(await node('end-1').count()).toBe(1);
    expect(await node('subprocess-1').count()).toBe(0);
    await expect
      .poll(() => designer.page.locator('.scope-path').textContent())
      .toMatch(/›\s*Subprocess/);

    await node('start-1').click();
    await designer.page.getByRole('button', { name: 'Add a User task' }).click();
    await expect.poll(() => node('task-1').count()).toBe(1);
    await screenshot(designer.page, 'subprocess-inside-en-desktop');
    const stored = await designer.t.until(async () => {
      const r = await designer.t.api<Draft>('GET', `/api/drafts/process/${PROCESS}`, undefined, {
        as: 'designer',
      });
      return r.status === 200 && r.body.body.nodes.some((n) => n.id === 'task-1') ? r.body : null;
    }, 'the draft with the task');
    expect(stored.body.nodes.find((n) => n.id === 'task-1')?.parent).toBe('subprocess-1');

    // back to the process: the box again
    await designer.page.locator('.scope-path button').first().click();
    await expect.poll(() => node('subprocess-1').count()).toBe(1);
    expect(await node('task-1').count()).toBe(0);
    await designer.close();
  });

  it('does the same in Chinese at phone width', async () => {
    await signInAt('zh-Hant', PHONE, `${PROCESS}-phone`);
    // the palette above the diagram in two columns, so the diagram is a short scroll away
    const palette = designer.page.getByRole('region', { name: '元件' });
    const box = (await palette.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(PHONE.width);
    const columns = await palette
      .getByRole('button')
      .evaluateAll((bs) => new Set(bs.map((b) => Math.round(b.getBoundingClientRect().left))).size);
    expect(columns).toBe(2);
    await designer.page.getByRole('button', { name: '新增內嵌子流程' }).click();
    await expect.poll(() => node('subprocess-1').count()).toBe(1);
    await screenshot(designer.page, 'subprocess-box-zh-Hant-phone');
    await node('subprocess-1').dblclick();
    await expect.poll(() => node('start-1').count()).toBe(1);
    await expect
      .poll(() => designer.page.locator('.scope-path').textContent())
      .toMatch(/›\s*內嵌子流程/);
    await node('start-1').click();
    await designer.page.getByRole('button', { name: '新增使用者工作' }).click();
    await expect.poll(() => node('task-1').count()).toBe(1);
    await screenshot(designer.page, 'subprocess-inside-zh-Hant-phone');
    await designer.page.locator('.scope-path button').first().click();
    await expect.poll(() => node('subprocess-1').count()).toBe(1);
    await designer.close();
  });
});
