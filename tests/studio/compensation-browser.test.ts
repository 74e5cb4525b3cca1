/**
 * Compensation in the process designer (issue 19), in a real browser against a real engine: a
 * designer gives a service task an undo action in its properties panel and adds a compensation
 * throw, drawn with BPMN's rewind mark; the draft the engine stored has the undo. In English at
 * 1280×800 and in Chinese at phone width, where the section fits the screen.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, screenshot } from './helpers/stage.ts';
import { designerStage } from './helpers/designer.ts';

interface Draft {
  body: { nodes: { id: string; type: string; compensation?: Record<string, unknown> }[] };
}

const designer = designerStage();
const { signInAt, node } = designer;

describe('Given a designer with a service task', () => {
  it('gives it an undo action and adds a compensation throw', async () => {
    await signInAt('en', DESKTOP, 'trip');
    await designer.page.getByRole('button', { name: 'Add a Compensation throw' }).click();
    await expect.poll(() => node('undo-1').count()).toBe(1);
    // BPMN's rewind mark inside a double circle
    expect(await node('undo-1').locator('.mark path').count()).toBe(1);
    await designer.page.getByRole('button', { name: 'Add a Service task' }).click();
    await expect.poll(() => node('service-1').count()).toBe(1);
    await node('service-1').click();
    const undo = designer.page.getByRole('group', { name: 'Undo (compensation)' });
    await undo.getByRole('button', { name: 'Add an undo action' }).click();
    const action = undo.getByRole('combobox', { name: 'Undo action' });
    await action.fill('set-variables');
    await action.press('Enter');
    await action.blur();
    const stored = await designer.t.until(async () => {
      const r = await designer.t.api<Draft>('GET', `/api/drafts/process/trip`, undefined, {
        as: 'designer',
      });
      const n = r.status === 200 ? r.body.body.nodes.find((x) => x.id === 'service-1') : undefined;
      return n?.compensation?.action === 'set-variables' ? n.compensation : null;
    }, 'the draft with the undo');
    expect(stored).toEqual({ action: 'set-variables' });
    await undo.scrollIntoViewIfNeeded();
    await screenshot(designer.page, 'compensation-en-desktop');
    await designer.close();
  });

  it('does the same in Chinese at phone width', async () => {
    await signInAt('zh-Hant', PHONE, 'trip-phone');
    await designer.page.getByRole('button', { name: '新增服務工作' }).click();
    await expect.poll(() => node('service-1').count()).toBe(1);
    await node('service-1').click();
    const undo = designer.page.getByRole('group', { name: '復原（補償）' });
    await undo.getByRole('button', { name: '新增復原動作' }).click();
    await expect.poll(() => undo.getByRole('combobox', { name: '復原動作' }).count()).toBe(1);
    await undo.scrollIntoViewIfNeeded();
    const box = (await undo.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(designer.page, 'compensation-zh-Hant-phone');
    await designer.close();
  });
});
