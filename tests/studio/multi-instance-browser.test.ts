/**
 * Multi-instance in the process designer (issue 19), in a real browser against a real engine: a
 * designer makes a user task run once per item (its properties panel's multi-instance section),
 * switches it to sequential and names the item; the node shows BPMN's three bars, upright then
 * lying, and the draft the engine stored has the settings; in English at 1280×800 and in
 * Chinese at phone width, where the section fits the screen.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, screenshot } from './helpers/stage.ts';
import { designerStage } from './helpers/designer.ts';

const PROCESS = 'per-insured';

interface Draft {
  body: { nodes: { id: string; type: string; multiInstance?: Record<string, unknown> }[] };
}

const designer = designerStage(PROCESS);
const { signInAt, node } = designer;

describe('Given a designer with a user task', () => {
  it('makes it run once per insured person, one after another, and sees the marker', async () => {
    await signInAt('en', DESKTOP);
    await designer.page.getByRole('button', { name: 'Add a User task' }).click();
    await expect.poll(() => node('task-1').count()).toBe(1);
    await node('task-1').click();
    await designer.page
      .getByLabel('Run once per item of a list (e.g. one review per insured person)')
      .check();
    const marker = node('task-1').locator('.multi-instance');
    await expect.poll(() => marker.getAttribute('data-mode')).toBe('parallel');
    await designer.page.getByLabel('One after another (sequential)').check();
    await expect.poll(() => marker.getAttribute('data-mode')).toBe('sequential');
    // the names are one-line fields as tall as the panel's others (not 44 px touch targets)
    const element = designer.page.getByLabel('Name of each instance’s item');
    const nameBox = (await element.boundingBox())!;
    const other = (await designer.page.getByLabel('Results list variable').boundingBox())!;
    expect(nameBox.height).toBeLessThan(36);
    expect(other.height).toBe(nameBox.height);
    await designer.page.getByLabel('Name of each instance’s item').fill('insured');
    await designer.page.getByLabel('Name of each instance’s item').blur();
    const stored = await designer.t.until(async () => {
      const r = await designer.t.api<Draft>('GET', `/api/drafts/process/${PROCESS}`, undefined, {
        as: 'designer',
      });
      const mi = r.status === 200 ? r.body.body.nodes.find((n) => n.id === 'task-1') : undefined;
      return mi?.multiInstance?.elementVariable === 'insured' ? mi.multiInstance : null;
    }, 'the draft with the multi-instance task');
    expect(stored).toMatchObject({ collection: 'items', mode: 'sequential' });
    await designer.page.locator('.multi-instance').first().scrollIntoViewIfNeeded();
    await screenshot(designer.page, 'multi-instance-en-desktop');
    await designer.close();
  });

  it('does the same in Chinese at phone width', async () => {
    await signInAt('zh-Hant', PHONE, `${PROCESS}-phone`);
    await designer.page.getByRole('button', { name: '新增使用者工作' }).click();
    await expect.poll(() => node('task-1').count()).toBe(1);
    await node('task-1').click();
    await designer.page
      .getByLabel('對清單中的每一項各執行一次（例如每位被保險人一份審核）')
      .check();
    await expect.poll(() => node('task-1').locator('.multi-instance').count()).toBe(1);
    const fieldset = designer.page.locator('fieldset.multi-instance');
    await fieldset.scrollIntoViewIfNeeded();
    const box = (await fieldset.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(designer.page, 'multi-instance-zh-Hant-phone');
    await designer.close();
  });
});
