/**
 * A file a designer picks in the definitions page's import (BPMN for processes, DMN for decision
 * tables), and what the page says when it refuses it: the alert's text, the page still the list
 * it was picked on (nothing opened, no draft).
 *
 * ```ts
 * const said = await refusedImport(stage, { user: 'mei', password }, 'decision', {
 *   name: 'literal-expression.dmn',
 *   buffer: dmn('dmn-js/literal-expression.dmn'),
 * });
 * expect(said).toContain('no decision table Caseway can import');
 * ```
 */
import { expect } from 'vitest';
import { signedIn, type Stage } from './stage.ts';
import { open } from './studio.ts';

/** The import input of each kind's list on the definitions page. */
const INPUT = { process: '#import-bpmn-file', decision: '#import-dmn-file' } as const;

/** Picks `file` on the `kind` list in English as `who`; answers the refusal's text. */
export async function refusedImport(
  stage: Stage,
  who: { user: string; password: string },
  kind: keyof typeof INPUT,
  file: { name: string; buffer: Buffer },
): Promise<string> {
  const { context, page } = await signedIn(stage, { ...who, lang: 'en' });
  try {
    await open(page, `${stage.studio.url}/definitions?kind=${kind}`);
    await page.locator(INPUT[kind]).setInputFiles({ ...file, mimeType: 'application/xml' });
    const alert = page.getByTestId('import-error');
    await alert.waitFor();
    expect(page.url()).toContain(`/definitions?kind=${kind}`);
    return await alert.innerText();
  } finally {
    await context.close();
  }
}
