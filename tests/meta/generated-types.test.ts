import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateApiTypes } from '../../engine/scripts/gen-api-types-lib.ts';
import { generateTypes } from '../../engine/scripts/gen-types-lib.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const generatedDir = join(root, 'engine/src/generated');

describe('generated types', () => {
  it('match what `npm run gen` would write from definitions/schema', async () => {
    // Given the meta-schemas as they are now, when the generator runs in memory
    const expected = await generateTypes(root);

    // Then every generated file is committed with exactly that content
    for (const [path, content] of expected) {
      const name = relative(root, path);
      const actual = await readFile(path, 'utf8').catch(() => undefined);
      expect(actual, `${name} is missing: run npm run gen`).toBeDefined();
      expect(actual === content, `${name} is stale: run npm run gen`).toBe(true);
    }
    // And no file is left over from a meta-schema that no longer exists
    const extra = (await readdir(generatedDir))
      .map((f) => join(generatedDir, f))
      .filter((p) => !expected.has(p))
      .map((p) => relative(root, p));
    expect(extra, `left-over generated files (run npm run gen and delete them)`).toEqual([]);
  });

  it("of the studio's API client match what `npm run gen` would write from /openapi.json", async () => {
    // Given the routes' schemas as they are now, when the generator describes the API in memory
    const expected = await generateApiTypes(root);

    // Then the studio's API types are committed with exactly that content
    for (const [path, content] of expected) {
      const name = relative(root, path);
      const actual = await readFile(path, 'utf8').catch(() => undefined);
      expect(actual, `${name} is missing: run npm run gen`).toBeDefined();
      expect(actual === content, `${name} is stale: run npm run gen`).toBe(true);
    }
  });
});
