/**
 * Writes docs/errors.md from the registry in engine/src/errors.ts (run by `npm run gen`).
 * The page is committed; tests/meta/error-docs.test.ts fails when a code is missing from it
 * or when it lists a code the registry does not have.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { ErrorCodes } from '../src/errors.ts';

const intro = `# Error codes

Every error the engine reports carries a stable code from one registry,
\`engine/src/errors.ts\`: HTTP error responses (\`{ code, message, details }\`, see
[api.md](api.md)), definition load problems (each with a file and a JSON pointer, see
[definitions.md](definitions.md)) and incidents (see [runtime.md](runtime.md)). Clients and
tests rely on the code, never on the message text. The message is in the caller's language:
\`Accept-Language\` (q-values honoured) chooses it: zh-CN, zh-SG or zh-Hans gives Simplified Chinese
(the zh-Hant message converted phrase by phrase, see [definitions.md](definitions.md#languages)),
zh, zh-TW, zh-HK or zh-Hant Traditional Chinese, anything else English.
A response may carry a more precise message than the default below, and \`details[]\` entries
carry their own codes (for example one \`CW_ERR_FORM_INVALID\` per rejected field).

This page is generated from the registry by \`npm run gen\` (\`engine/scripts/gen-error-docs.ts\`);
a test fails when it and the registry disagree. To add a code, add it to \`ErrorCodes\` with both
messages and run \`npm run gen\`.
`;

/** The Markdown page for the current registry, formatted as Prettier would. */
export async function errorDocs(): Promise<string> {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = Object.entries(ErrorCodes).map(
    ([code, e]) => `| \`${code}\` | ${e.status} | ${cell(e.message)} | ${cell(e.zh)} |`,
  );
  const table = [
    '| Code | HTTP status | Meaning | 說明 |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  return format(`${intro}\n${table}\n`, { parser: 'markdown', singleQuote: true, printWidth: 100 });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = fileURLToPath(new URL('../../docs/errors.md', import.meta.url));
  await writeFile(path, await errorDocs());
  console.log('wrote docs/errors.md');
}
