/**
 * Message boundary events in the process designer (issue 19), in a real browser against a real
 * engine: a designer selects a user task, adds a message boundary from the palette (drawn small
 * on the task's bottom border with BPMN's envelope), reads that it interrupts the task, names the
 * message and its correlation key; the draft the engine stored has them. In English at 1280×800
 * and in Chinese at phone width, where the properties fit the screen.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, screenshot } from './helpers/stage.ts';
import { designerStage } from './helpers/designer.ts';

interface Draft {
  body: { nodes: ({ id: string; type: string } & Record<string, unknown>)[] };
}

const designer = designerStage();
const { signInAt, node } = designer;

/** The draft's boundary node once `ok` holds for it. */
const storedBoundary = (processId: string, ok: (n: Record<string, unknown>) => boolean) =>
  designer.t.until(async () => {
    const r = await designer.t.api<Draft>('GET', `/api/drafts/process/${processId}`, undefined, {
      as: 'designer',
    });
    const n =
      r.status === 200 ? r.body.body.nodes.find((x) => x.type === 'boundaryMessage') : undefined;
    return n && ok(n) ? n : null;
  }, 'the draft with the message boundary');

describe('Given a designer with a user task', () => {
  it('attaches a message boundary to it, names the message and its key', async () => {
    await signInAt('en', DESKTOP, 'withdrawable');
    await designer.page.getByRole('button', { name: 'Add a User task' }).click();
    await expect.poll(() => node('task-1').count()).toBe(1);
    const add = designer.page.getByRole('button', { name: 'Add a Message boundary' });
    await node('task-1').click();
    await expect.poll(() => add.getAttribute('aria-disabled')).toBe('false');
    await add.click();
    await expect.poll(() => node('interrupt-1').count()).toBe(1);

    // drawn with BPMN's envelope, small on the task's bottom border
    expect(await node('interrupt-1').locator('.mark rect').count()).toBe(1);
    const task = (await node('task-1').boundingBox())!;
    const boundary = (await node('interrupt-1').boundingBox())!;
    expect(boundary.width).toBeLessThan(task.width / 2);
    const middle = boundary.y + boundary.height / 2;
    expect(Math.abs(middle - (task.y + task.height))).toBeLessThan(boundary.height / 2 + 2);

    // its properties say it interrupts the task, and take the message and the key
    await node('interrupt-1').click();
    const panel = designer.page.getByRole('region', { name: 'Properties' });
    await expect
      .poll(() => panel.getByText(/when it comes, the activity is interrupted/).count())
      .toBe(1);
    const message = panel.getByRole('combobox', { name: 'Message name' });
    await message.fill('claim-withdrawn');
    await message.press('Enter');
    await message.blur();
    const key = panel.getByLabel('Correlation key (FEEL)');
    await key.fill('claimRef');
    await key.blur();
    const stored = await storedBoundary(
      'withdrawable',
      (n) => n.message === 'claim-withdrawn' && n.correlationKey === 'claimRef',
    );
    expect(stored).toMatchObject({ id: 'interrupt-1', attachedTo: 'task-1' });
    await screenshot(designer.page, 'message-boundary-en-desktop');
    await designer.close();
  });

  it('does the same in Chinese at phone width', async () => {
    await signInAt('zh-Hant', PHONE, 'withdrawable-phone');
    await designer.page.getByRole('button', { name: '新增使用者工作' }).click();
    await expect.poll(() => node('task-1').count()).toBe(1);
    await node('task-1').click();
    await designer.page.getByRole('button', { name: '新增訊息邊界事件' }).click();
    await expect.poll(() => node('interrupt-1').count()).toBe(1);
    await node('interrupt-1').click();
    const panel = designer.page.getByRole('region', { name: '屬性' });
    const help = panel.getByText(/訊息一到即中斷工作/);
    await expect.poll(() => help.count()).toBe(1);
    const key = panel.getByLabel('關聯鍵（FEEL）');
    await key.fill('claimRef');
    await key.blur();
    await storedBoundary('withdrawable-phone', (n) => n.correlationKey === 'claimRef');
    await help.scrollIntoViewIfNeeded();
    const box = (await help.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(designer.page, 'message-boundary-zh-Hant-phone');
    await designer.close();
  });
});
