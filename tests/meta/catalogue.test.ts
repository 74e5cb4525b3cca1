import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../engine/scripts/gen-catalogue.ts';

const root = new URL('../../', import.meta.url);

describe('docs/catalogue.md', () => {
  it('is what `npm run gen` writes from the shipped definitions', async () => {
    // Given the definitions folder as it is now, when the catalogue is generated in memory
    const expected = await catalogue(fileURLToPath(new URL('definitions', root)));

    // Then the committed page has exactly that content, every shipped process included
    const actual = await readFile(new URL('docs/catalogue.md', root), 'utf8');
    expect(actual === expected, 'docs/catalogue.md is stale: run npm run gen').toBe(true);
    expect(actual).toContain('`claim-intake` v2');
  });
});
