/**
 * Bad input, generated (fast-check): mutated definitions, form submissions, API payloads and
 * query strings. The engine answers each with a 2xx or a 4xx carrying a registered code; never
 * a 5xx, never a partial write.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, forms, process, start, userTask } from '../fixtures/definitions.ts';
import { startInstance, tasksOf } from '../helpers/scenario.ts';

const decide = process(
  'decide',
  [start(), userTask('approve', 'approve'), end('done', 'decided')],
  [
    ['start', 'approve'],
    ['approve', 'done'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(decide) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** A response is acceptable: success, or a 4xx with a registered code and no 5xx. */
function acceptable(res: { status: number; body: any }, what: string): void {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
  if (res.status >= 400) expect(Object.keys(ErrorCodes), what).toContain(res.body?.code);
}

/** Replaces one value somewhere in a JSON tree (a mutation of a valid document). */
function mutate(tree: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || tree === null || typeof tree !== 'object') return value;
  const entries = Array.isArray(tree) ? tree.map((v, i) => [i, v] as const) : Object.entries(tree);
  if (!entries.length) return value;
  const [key, child] = entries[path[0]! % entries.length]!;
  const copy: any = Array.isArray(tree) ? [...tree] : { ...tree };
  copy[key] = mutate(child, path.slice(1), value);
  return copy;
}

const runs = { numRuns: 150 };

describe('generated bad input', () => {
  it('validating mutated definitions answers with problems, never a failure', async () => {
    const valid = [
      { kind: 'process', body: { ...decide, id: 'x' } },
      { kind: 'form', body: { ...forms.approve, id: 'y' } },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...valid),
        fc.array(fc.nat(20), { maxLength: 6 }),
        fc.jsonValue({ maxDepth: 2 }),
        async (def, path, value) => {
          const res = await t.api('POST', '/api/definitions/validate', {
            kind: def.kind,
            body: mutate(def.body, path, value),
          });
          acceptable(res, 'validate');
          if (res.status === 200)
            for (const p of res.body.problems) expect(Object.keys(ErrorCodes)).toContain(p.code);
        },
      ),
      runs,
    );
  });

  it('refused form submissions change nothing', async () => {
    const i = await startInstance(t, 'decide');
    const [task] = await tasksOf(t, i.id);
    const before = (
      await t.sql(`SELECT count(*)::int AS n FROM history WHERE instance_id = $1`, [i.id])
    )[0].n;
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('decision', 'amount', 'note', 'extra', '__proto__', 'constructor'),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        async (data) => {
          if (data.decision === 'yes' || data.decision === 'no') data.decision = 'maybe'; // keep it invalid
          const res = await t.api(
            'POST',
            `/api/tasks/${task!.id}/complete`,
            { data },
            { as: 'adjuster' },
          );
          acceptable(res, 'complete');
          expect(res.status).toBe(400);
        },
      ),
      runs,
    );
    const [row] = await t.sql(`SELECT status FROM tasks WHERE id = $1`, [task!.id]);
    expect(row.status).toBe('open');
    const after = (
      await t.sql(`SELECT count(*)::int AS n FROM history WHERE instance_id = $1`, [i.id])
    )[0].n;
    expect(after).toBe(before);
  });

  it('random API payloads and query strings never get a 5xx', async () => {
    const body = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.object({ maxDepth: 2 }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/instances',
          '/api/messages',
          '/api/definitions/validate',
          '/api/auth/tokens',
          '/api/slas/preview',
        ),
        body,
        async (path, payload) => acceptable(await t.api('POST', path, payload), `POST ${path}`),
      ),
      runs,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/tasks',
          '/api/instances',
          '/api/incidents',
          '/api/slas/report',
          '/api/definitions',
        ),
        fc.dictionary(
          fc.constantFrom(
            'limit',
            'offset',
            'sort',
            'status',
            'processId',
            'kind',
            'from',
            'to',
            'scope',
            'x',
          ),
          fc.string(),
        ),
        async (path, query) =>
          acceptable(await t.api('GET', `${path}?${new URLSearchParams(query)}`), `GET ${path}`),
      ),
      runs,
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), async (id) => {
        const enc = encodeURIComponent(id);
        acceptable(await t.api('GET', `/api/instances/${enc}`), 'GET instance');
        acceptable(await t.api('GET', `/api/tasks/${enc}`), 'GET task');
        acceptable(await t.api('POST', `/api/tasks/${enc}/claim`), 'claim');
      }),
      runs,
    );
  });
});
