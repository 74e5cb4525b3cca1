/**
 * The studio reaches the engine only through calls typed by the OpenAPI document, and that
 * document says what every operation answers: a success response for each, so the generated
 * types (studio/src/lib/api-schema.d.ts) are the one description of the API and no page keeps
 * a hand-written copy of an answer.
 *
 * The lists below are what is still left to move; they may only shrink (an entry that is
 * done fails the test until it is removed here, so nothing slips back in unnoticed).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeApi } from '../../engine/src/http/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const studioSrc = join(root, 'studio/src');

/** Studio files that still call the untyped `api.request(method, path)`. */
const UNTYPED_LEFT: string[] = [];

/** Operations whose answer the OpenAPI document does not yet describe. */
const UNDESCRIBED_LEFT: string[] = [];

async function studioFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await studioFiles(p)));
    else if (/\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

describe("the studio's calls of the engine", () => {
  it('are typed by the OpenAPI document (api.get/post/put/delete), not the untyped helper', async () => {
    // Given every studio source file
    const untyped: string[] = [];
    for (const file of await studioFiles(studioSrc)) {
      const text = await readFile(file, 'utf8');
      // When one calls `.request(` or `.request<T>(` on the API client
      if (/\.request\s*(<[^;]*?>)?\s*\(/.test(text)) untyped.push(relative(studioSrc, file));
    }
    // Then it is one of those still left to move, and each of those still has such a call
    expect(untyped.sort(), 'studio files calling the untyped request helper').toEqual(
      [...UNTYPED_LEFT].sort(),
    );
  });
});

describe('every operation of the OpenAPI document', () => {
  it('declares what it answers on success', async () => {
    // Given the document `npm run gen` types the studio from
    const doc = await describeApi();
    const undescribed: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(
        ops as Record<string, { responses?: Record<string, object> }>,
      )) {
        // When no 2xx response says what comes back: a body's content, or 204's none (Fastify
        // documents a route without response schemas as 200 "Default Response", no content)
        if (
          !Object.entries(op.responses ?? {}).some(
            ([c, r]) => /^2\d\d$/.test(c) && (c === '204' || 'content' in r),
          )
        )
          undescribed.push(`${method.toUpperCase()} ${path}`);
      }
    // Then it is one of those still left to describe, and each of those is still undescribed
    expect(undescribed.sort(), 'operations without a success response').toEqual(
      [...UNDESCRIBED_LEFT].sort(),
    );
  });
});
