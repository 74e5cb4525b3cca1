/** The process editor's canvas in a browser test: find a node, pan to it as a designer does. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** A node on the process editor's canvas, by its id. */
export const node = (page: Page, id: string) => page.locator(`.svelte-flow__node[data-id="${id}"]`);

/**
 * Pans the canvas the way a designer does (scrolling over it: a swipe on a phone, the trackpad
 * on a desktop) until the node is near its middle, clear of the minimap and the zoom buttons.
 * A long process opens at a readable 80 % from its start (8f46c99), so most of it is out of
 * view at first; a node out of view cannot be clicked.
 */
export async function panTo(page: Page, id: string) {
  await page.locator('section.canvas').scrollIntoViewIfNeeded();
  const canvas = (await page.locator('section.canvas').boundingBox())!;
  const middle = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
  const offset = async () => {
    const box = (await node(page, id).boundingBox())!;
    return { x: box.x + box.width / 2 - middle.x, y: box.y + box.height / 2 - middle.y };
  };
  await page.mouse.move(middle.x, canvas.y + 40);
  for (let i = 0; i < 20; i++) {
    const { x, y } = await offset();
    if (Math.abs(x) < 40 && Math.abs(y) < 40) break;
    // Svelte Flow pans half the scrolled distance
    await page.mouse.wheel(2 * x, 2 * y);
    await expect.poll(offset).not.toEqual({ x, y });
  }
  const { x, y } = await offset();
  expect(Math.abs(x) < 40 && Math.abs(y) < 40, `${id} in the middle of the canvas`).toBe(true);
}
