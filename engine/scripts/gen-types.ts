/**
 * Generates TypeScript types from the definition meta-schemas in definitions/schema/.
 * Run `npm run gen`; the output in engine/src/generated/ is committed, and
 * tests/meta/generated-types.test.ts fails when it is stale.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateTypes } from './gen-types-lib.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const files = await generateTypes(root);
for (const [path, content] of files) {
  await writeFile(path, content);
  console.log(`wrote ${path.slice(root.length)}`);
}
