import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../engine/src/index.ts';

/** Code -> HTTP status from the rows of docs/errors.md's table (`| \`CW_ERR_X\` | 409 | …`). */
async function documentedCodes(): Promise<Map<string, number>> {
  const page = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = page.matchAll(/^\|\s*`(CW_ERR_[A-Z0-9_]+)`\s*\|\s*(\d{3})\s*\|/gm);
  return new Map([...rows].map((m) => [m[1]!, Number(m[2])]));
}

describe('docs/errors.md', () => {
  it('documents every registered error code with its HTTP status', async () => {
    const documented = await documentedCodes();
    for (const [code, { status }] of Object.entries(ErrorCodes)) {
      expect(documented.get(code), `${code} in docs/errors.md: run npm run gen`).toBe(status);
    }
  });

  it('lists no code the registry does not have', async () => {
    const unknown = [...(await documentedCodes()).keys()].filter((c) => !(c in ErrorCodes));
    expect(unknown, 'codes documented but not in engine/src/errors.ts: run npm run gen').toEqual(
      [],
    );
  });
});
