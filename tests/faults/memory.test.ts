/**
 * Memory under bad input (issue 14, item 12): the engine's resident memory after 10,000
 * fuzzed requests stays within 64 MB of what it was before them. Measured on an engine
 * process of its own (the README's start script, shipped definitions and plugins), after a
 * full garbage collection each time (a heap snapshot, asked for with a signal, collects
 * first), so what is compared is what the engine keeps, not garbage it has not yet
 * collected. The fuzz mixes every hostile class of the edge with mutated definitions,
 * starts, intakes, searches, queries and play-mode runs of autosaved drafts (each draft a
 * new form schema: ajv kept every compiled schema for good, about 12 KB a request, and
 * FEEL's memos kept every expression text).
 */
import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData } from '../helpers/engine.ts';
import { spawnEngine, type EngineProcess } from '../helpers/engine-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REQUESTS = 10_000;
const BOUND_MB = 64;
/** The engine's largest JSON body (engine/src/http/edge.ts). */
const BODY_LIMIT = 1024 * 1024;

const id = randomBytes(4).toString('hex');
const token = `memory-admin-${id}`;
let engine: EngineProcess;
let snapshots: string;

type Json = Record<string, any>;
const shipped = async (kind: string, name: string): Promise<Json> =>
  JSON.parse(await readFile(join(ROOT, 'definitions', kind, name, 'v1.json'), 'utf8'));

beforeAll(async () => {
  snapshots = await mkdtemp(join(tmpdir(), 'caseway-heap-'));
  engine = await spawnEngine({
    schema: `m_${id}`,
    prefix: `m_${id}`,
    definitionsDir: join(ROOT, 'definitions'),
    adminToken: token,
    extra: {
      PLUGINS_DIR: join(ROOT, 'plugins'),
      PUBLIC_RATE_LIMIT: '1000000',
      LOGIN_RATE_LIMIT: '1000000',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGWINCH --diagnostic-dir=${snapshots}`,
    },
  });
}, 120_000);
afterAll(async () => {
  await engine?.kill();
  await dropTestData(`m_${id}`, `m_${id}`);
  await rm(snapshots, { recursive: true, force: true });
});

/** The engine's resident memory in MB, after a full collection. */
async function collectedRss(): Promise<number> {
  const before = (await readdir(snapshots)).length;
  engine.child.kill('SIGWINCH');
  // the snapshot's file appears when writing starts; writing holds the event loop, so the
  // next answer comes after it is complete
  for (;;) {
    if ((await readdir(snapshots)).length > before) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  expect((await fetch(`${engine.url}/api/health`)).status).toBe(200);
  for (const f of await readdir(snapshots)) await rm(join(snapshots, f));
  const status = await readFile(`/proc/${engine.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Replaces one value somewhere in a JSON tree. */
function mutate(tree: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || tree === null || typeof tree !== 'object') return value;
  const entries = Array.isArray(tree) ? tree.map((v, i) => [i, v] as const) : Object.entries(tree);
  if (!entries.length) return value;
  const [key, child] = entries[path[0]! % entries.length]!;
  const copy: any = Array.isArray(tree) ? [...tree] : { ...tree };
  copy[key] = mutate(child, path.slice(1), value);
  return copy;
}

describe('memory under bad input', () => {
  it(`keeps the engine within ${BOUND_MB} MB of its start after ${REQUESTS} fuzzed requests`, async () => {
    const complaint = await shipped('processes', 'complaint');
    const record = await shipped('forms', 'complaint-record');
    const claimForm = await shipped('forms', 'claim-report');
    // the complaint played with its start form's draft (named without a version)
    const played = {
      ...complaint,
      nodes: complaint.nodes.map((n: Json) =>
        n.type === 'start' ? { ...n, form: { id: 'complaint-record' } } : n,
      ),
    };
    const statuses: Record<string, number> = {};
    let sent = 0;
    const call = async (what: string, method: string, path: string, body?: string, auth = true) => {
      let res: Response;
      try {
        res = await fetch(`${engine.url}${path}`, {
          method,
          headers: {
            ...(auth ? { authorization: `Bearer ${token}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body } : {}),
        });
      } catch (e) {
        // A body over the limit is refused (413) from its Content-Length, before it is read, and
        // the connection is closed: a client still writing the megabyte may see the close
        // instead of the answer. That is a refusal too; anything else is a failure.
        const cause = String((e as { cause?: unknown }).cause ?? e);
        if (!(body && body.length > BODY_LIMIT && /EPIPE|ECONNRESET/.test(cause))) throw e;
        sent++;
        statuses[`${what} closed`] = (statuses[`${what} closed`] ?? 0) + 1;
        return;
      }
      await res.arrayBuffer();
      sent++;
      const k = `${what} ${res.status}`;
      statuses[k] = (statuses[k] ?? 0) + 1;
    };
    const rng = fc.sample(fc.nat(), { numRuns: 1, seed: 14 })[0]!;
    const gen = <T>(a: fc.Arbitrary<T>, i: number): T =>
      fc.sample(a, { numRuns: 1, seed: rng + i })[0]!;
    const data = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }));
    const kinds: ((i: number) => Promise<void>)[] = [
      (i) =>
        call(
          'validate',
          'POST',
          '/api/definitions/validate',
          JSON.stringify({
            kind: i % 2 ? 'process' : 'form',
            body: mutate(
              i % 2 ? complaint : claimForm,
              gen(fc.array(fc.nat(30), { maxLength: 6 }), i),
              gen(fc.jsonValue({ maxDepth: 2 }), i),
            ),
          }),
        ),
      (i) =>
        call(
          'start',
          'POST',
          '/api/instances',
          JSON.stringify({ processId: 'complaint', variables: gen(data, i) }),
        ),
      (i) =>
        call(
          'intake',
          'POST',
          '/api/public/intake/complaint',
          JSON.stringify({ data: gen(data, i) }),
          false,
        ),
      (i) =>
        call(
          'hostile',
          'POST',
          '/api/public/intake/complaint',
          [
            `{"data":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
            `{"data":{"a":"x\\u0000${i}"}}`,
            `{"data":{"a":"\\ud800${i}"}}`,
            `{"data":{"a":1e309}}`,
            '{"data":',
            `{"data":{"a":"${'x'.repeat(1024 * 1024)}"}}`,
          ][i % 6],
          false,
        ),
      (i) =>
        call(
          'query',
          'GET',
          `/api/tasks?${new URLSearchParams(gen(fc.dictionary(fc.constantFrom('limit', 'offset', 'sort', 'status', 'processId', 'customer', 'x'), fc.string()), i))}`,
        ),
      (i) =>
        call(
          'search',
          'POST',
          '/api/cases/search',
          JSON.stringify({ q: gen(fc.string(), i), kind: 'any' }),
        ),
      // a designer's autosave then a play of it: a new form schema, a new expression
      async (i) => {
        const compute = `string length("${i}${'a'.repeat(2000)}") + ${i}`;
        const draft = {
          ...record,
          fields: [
            ...record.fields,
            { key: 'calc', type: 'number', label: { 'zh-Hant': '計', en: 'c' }, compute },
            // a designer's form grows field by field: each save a larger schema
            ...Array.from({ length: 30 }, (_, j) => ({
              key: `note${j}`,
              type: 'text',
              label: { 'zh-Hant': `備註${j}`, en: `Note ${j}` },
              pattern: `^[a-z]{1,${j + 10}}$`,
              maxLength: 100 + i,
            })),
          ],
        };
        await call(
          'draft',
          'PUT',
          '/api/drafts/form/complaint-record',
          JSON.stringify({ body: draft, baseVersion: 1 }),
        );
        await call(
          'play',
          'POST',
          '/api/plays',
          JSON.stringify({ processId: 'complaint', body: played, data: gen(data, i) }),
        );
      },
    ];
    // four clients at once, as a fuzzer would run
    const run = (n: number) =>
      Promise.all(
        [0, 1, 2, 3].map(async (w) => {
          for (let i = w; sent < n; i += 4) await kinds[i % kinds.length]!(i);
        }),
      );

    // Given an engine warmed up by every kind of request
    await run(500);
    const start = await collectedRss();
    sent = 0;
    for (const k of Object.keys(statuses)) delete statuses[k];

    // When it answers 10,000 more
    await run(REQUESTS);
    const end = await collectedRss();

    // Then none failed and it keeps no more than the bound
    const failures = Object.entries(statuses).filter(([k]) => Number(k.split(' ').pop()) >= 500);
    expect(failures, JSON.stringify(statuses)).toEqual([]);
    expect(statuses['draft 200'], 'the drafts were saved').toBeGreaterThan(1000);
    expect(end - start, `RSS ${start.toFixed(0)} MB -> ${end.toFixed(0)} MB`).toBeLessThan(
      BOUND_MB,
    );
  }, 900_000);
});
