/**
 * Measures what a finger and an eye meet on a page at its current viewport: every visible
 * input, select, text area and button (in the page and in its header) must be at least 44 CSS
 * px tall, and their text and every form label at least 16 px. A check box or radio button is
 * tapped through its label, so the label is measured for it. Answers what was measured and
 * every control that falls short, so a test can say which.
 *
 * @example
 *   const m = await measureTouch(page);
 *   expect(m.short).toEqual([]);
 */
import type { Page } from 'playwright-core';

export interface TouchMeasure {
  /** How many controls were measured. */
  controls: number;
  /** The smallest height and text size among them (CSS px). */
  minHeight: number;
  minFont: number;
  /** Each control or label below 44 px tall or 16 px text: `what: why`. */
  short: string[];
}

export function measureTouch(page: Page): Promise<TouchMeasure> {
  return page.evaluate(() => {
    const short: string[] = [];
    let controls = 0;
    let minHeight = Infinity;
    let minFont = Infinity;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden';
    };
    const name = (el: Element) =>
      `<${el.tagName.toLowerCase()}${el.getAttribute('type') ? ` type=${el.getAttribute('type')}` : ''}> "${(
        el.getAttribute('aria-label') ??
        (el as HTMLElement).innerText ??
        el.id
      )
        .trim()
        .slice(0, 40)}"`;
    const check = (el: Element, target: Element) => {
      const height = target.getBoundingClientRect().height;
      const font = parseFloat(getComputedStyle(target).fontSize);
      controls++;
      minHeight = Math.min(minHeight, height);
      minFont = Math.min(minFont, font);
      if (height < 43.5) short.push(`${name(el)}: ${height.toFixed(1)} px tall`);
      if (font < 16) short.push(`${name(el)}: ${font} px text`);
    };
    for (const el of Array.from(
      document.querySelectorAll(
        'main input, main select, main textarea, main button, header button',
      ),
    )) {
      if (!visible(el)) continue;
      const type = el.getAttribute('type');
      if (type === 'checkbox' || type === 'radio') check(el, el.closest('label') ?? el);
      else check(el, el);
    }
    for (const label of Array.from(document.querySelectorAll('main label'))) {
      if (!visible(label)) continue;
      const font = parseFloat(getComputedStyle(label).fontSize);
      minFont = Math.min(minFont, font);
      if (font < 16) short.push(`${name(label)}: ${font} px label`);
    }
    return { controls, minHeight, minFont, short };
  });
}
