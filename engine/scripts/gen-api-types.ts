/**
 * Writes the studio's API types (studio/src/lib/api-schema.d.ts) from the engine's OpenAPI
 * document, last of `npm run gen`; tests/meta/generated-types.test.ts fails when it is stale.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateApiTypes } from './gen-api-types-lib.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
for (const [path, content] of await generateApiTypes(root)) {
  await writeFile(path, content);
  console.log(`wrote ${path.slice(root.length)}`);
}
