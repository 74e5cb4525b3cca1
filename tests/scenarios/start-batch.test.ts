/**
 * Group commit of starts (engine/src/effects/commands/start-batch.ts): starts that arrive
 * together share a transaction, and nothing else changes. Their cases and history are those
 * of a case started alone; a start that fails in a shared transaction (a unique business key
 * already held, or taken by an earlier start of the same transaction; a step that loops without
 * waiting) fails alone and the others still start; an
 * idempotency key is honoured when its retries arrive together with other starts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine/src/access/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, service, userTask } from '../fixtures/definitions.ts';

// Given a process that runs to its end inside the start (three built-in service steps)
const straight = process(
  'straight',
  [
    { id: 'start', type: 'start' },
    service('a', 'noop', { input: { i: '1' } }),
    service('b', 'set-variables', { input: { doubled: 'n * 2' } }),
    service('c', 'noop'),
    end('end', 'done'),
  ],
  [
    ['start', 'a'],
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'end'],
  ],
  { businessKey: '"S-" + string(n)' },
);
// one whose key is unique among open cases, which waits at a task
const unique = process(
  'unique',
  [{ id: 'start', type: 'start' }, userTask('check'), end()],
  [
    ['start', 'check'],
    ['check', 'end'],
  ],
  { businessKey: { expression: '"U-" + string(n)', unique: true } },
);
// and one whose start step never waits when told to loop (CW_ERR_STEP_LIMIT)
const looping = process(
  'looping',
  [
    { id: 'start', type: 'start' },
    { id: 'g', type: 'exclusiveGateway', default: 'f3' },
    service('again', 'noop'),
    end(),
  ],
  [
    ['start', 'g'],
    ['g', 'end', 'loop != true'],
    ['g', 'again'],
    ['again', 'g'],
  ],
);

const admin: Actor = { id: 'admin', groups: [], roles: ['admin'], permissions: [] };

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(straight, unique, looping) });
  expect(t.engine.registry.problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** Starts submitted in one tick: the engine's two lanes take one each, the rest share one. */
const startTogether = (starts: { processId: string; variables: Record<string, unknown> }[]) =>
  Promise.allSettled(
    starts.map((s) => t.engine.executor.startInstance({ ...s, actor: admin, lang: 'en' })),
  );
const fulfilled = <T>(r: PromiseSettledResult<T>) => {
  if (r.status !== 'fulfilled') throw r.reason;
  return r.value;
};
/** How many transactions wrote these cases' rows (rows inserted together share their xmin). */
const transactions = async (ids: string[]) =>
  (
    await t.sql(`SELECT count(DISTINCT xmin::text)::int AS n FROM instances WHERE id = ANY($1)`, [
      ids,
    ])
  )[0].n as number;
/** A case's history as a start alone writes it: the case's own id and start data left out. */
const historyOf = async (id: string) =>
  (
    await t.sql(
      `SELECT seq, type, node_id, token_id, actor, data FROM history WHERE instance_id = $1 ORDER BY seq`,
      [id],
    )
  ).map((h) => ({
    ...h,
    token_id: (h.token_id as string | null)?.replace(id, '<case>') ?? null,
    data: h.type === 'instance.started' ? Object.keys(h.data ?? {}).sort() : h.data,
  }));

describe('starts that arrive together', () => {
  it('share transactions and write what a start alone writes', async () => {
    // Given a case started alone
    const alone = await t.api('POST', '/api/instances', {
      processId: 'straight',
      variables: { n: 0 },
    });
    expect(alone.status).toBe(201);

    // When 40 start at once
    const settled = await startTogether(
      Array.from({ length: 40 }, (_, i) => ({ processId: 'straight', variables: { n: i + 1 } })),
    );
    const rows = settled.map(fulfilled);

    // Then each was answered with its completed case, as committed
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(40);
    for (const [i, r] of rows.entries()) {
      expect(r).toMatchObject({ status: 'completed', outcome: 'done', business_key: `S-${i + 1}` });
      expect(r.state.variables).toMatchObject({ n: i + 1, doubled: 2 * (i + 1) });
      const [stored] = await t.sql(
        `SELECT status, outcome, business_key, revision, history_seq, state FROM instances WHERE id = $1`,
        [r.id],
      );
      expect(stored).toEqual({
        status: r.status,
        outcome: r.outcome,
        business_key: r.business_key,
        revision: r.revision,
        history_seq: r.history_seq,
        state: r.state,
      });
    }
    // in fewer transactions than cases (one lane took the first, the other the second)
    expect(await transactions(ids)).toBeLessThanOrEqual(3);
    // with the history, search terms and row of a case started alone
    const reference = await historyOf(alone.body.id);
    for (const id of ids) expect(await historyOf(id)).toEqual(reference);
    const terms = await t.sql(
      `SELECT instance_id, kind, value FROM case_search_terms WHERE instance_id = ANY($1) AND kind = 'businessKey'`,
      [ids],
    );
    expect(terms).toHaveLength(40);
    const indexed = await t.sql(
      `SELECT count(*)::int AS n FROM case_search_state WHERE instance_id = ANY($1)`,
      [ids],
    );
    expect(indexed[0].n).toBe(40);
    const found = await t.api('POST', '/api/cases/search', { q: 'S-17', kind: 'businessKey' });
    expect(found.status).toBe(200);
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([ids[16]]);
  });

  it('lets a start that fails in a shared transaction fail alone', async () => {
    // Given a case holding the unique key U-1
    const holder = await t.api('POST', '/api/instances', {
      processId: 'unique',
      variables: { n: 1 },
    });
    expect(holder.status).toBe(201);

    // When starts arrive together with one taking that key and one that loops for ever
    const starts = [
      ...Array.from({ length: 10 }, (_, i) => ({ processId: 'unique', variables: { n: 100 + i } })),
      { processId: 'unique', variables: { n: 1 } },
      { processId: 'looping', variables: { loop: true } },
      ...Array.from({ length: 10 }, (_, i) => ({
        processId: 'straight',
        variables: { n: 500 + i },
      })),
      { processId: 'looping', variables: { loop: false } },
    ];
    const settled = await startTogether(starts);

    // Then those two are refused with their own errors, and nothing of them is written
    expect(settled[10]).toMatchObject({
      status: 'rejected',
      reason: { code: 'CW_ERR_BUSINESS_KEY_TAKEN' },
    });
    expect(settled[11]).toMatchObject({
      status: 'rejected',
      reason: { code: 'CW_ERR_STEP_LIMIT' },
    });
    const keyHolders = await t.sql(
      `SELECT id FROM instances WHERE process_id = 'unique' AND business_key = 'U-1'`,
    );
    expect(keyHolders).toEqual([{ id: holder.body.id }]);
    const loops = await t.sql(
      `SELECT state->'variables'->'loop' AS loop FROM instances WHERE process_id = 'looping'`,
    );
    expect(loops).toEqual([{ loop: false }]);

    // And every other start is committed, each case with its own task or end
    const others = settled.filter((_, i) => i !== 10 && i !== 11).map(fulfilled);
    expect(others).toHaveLength(21);
    for (const r of others) {
      const [stored] = await t.sql(`SELECT status, revision FROM instances WHERE id = $1`, [r.id]);
      expect(stored).toEqual({ status: r.status, revision: r.revision });
    }
    const tasks = await t.sql(
      `SELECT count(*)::int AS n FROM tasks WHERE instance_id = ANY($1) AND status = 'open'`,
      [others.filter((r) => r.process_id === 'unique').map((r) => r.id)],
    );
    expect(tasks[0].n).toBe(10);
  });

  it('refuses the second of two starts taking one unique key in one transaction', async () => {
    // When two starts want the same key, free until now, among others that all succeed
    const settled = await startTogether([
      ...Array.from({ length: 6 }, (_, i) => ({
        processId: 'straight',
        variables: { n: 600 + i },
      })),
      { processId: 'unique', variables: { n: 2 } },
      { processId: 'unique', variables: { n: 2 } },
    ]);

    // Then one holds it and the other is refused
    const pair = settled.slice(6);
    expect(pair.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(pair.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'CW_ERR_BUSINESS_KEY_TAKEN' },
    });
    const u2 = await t.sql(`SELECT count(*)::int AS n FROM instances WHERE business_key = 'U-2'`);
    expect(u2[0].n).toBe(1);
    // and the others started
    for (const r of settled.slice(0, 6)) expect(fulfilled(r).status).toBe('completed');
  });

  it('honours an idempotency key whose retries arrive together with other starts', async () => {
    // Given a client retrying one start eight times at once, among 24 other clients' starts
    const key = randomUUID();
    const body = { processId: 'straight', variables: { n: 7000 } };
    const calls = [
      ...Array.from({ length: 8 }, () =>
        t.api('POST', '/api/instances', body, { headers: { 'idempotency-key': key } }),
      ),
      ...Array.from({ length: 24 }, (_, i) =>
        t.api(
          'POST',
          '/api/instances',
          { processId: 'straight', variables: { n: 8000 + i } },
          { headers: { 'idempotency-key': randomUUID() } },
        ),
      ),
      // and the same key sent with another request
      t.api(
        'POST',
        '/api/instances',
        { processId: 'straight', variables: { n: 9999 } },
        { headers: { 'idempotency-key': key } },
      ),
    ];
    const answers = await Promise.all(calls);

    // Then one of the two requests under the key made one case, and each of its retries got
    // that case; the other request was refused, having done nothing
    const underKey = [...answers.slice(0, 8), answers[32]!];
    const sent = (i: number) => (i < 8 ? 7000 : 9999);
    const wonAt = underKey.findIndex((a) => a.status === 201);
    const wonN = sent(wonAt);
    for (const [i, a] of underKey.entries())
      if (sent(i) === wonN) {
        expect(a.status).toBe(201);
        expect(a.body.id).toBe(underKey[wonAt]!.body.id);
      } else {
        expect(a.status).toBe(422);
        expect(a.body.code).toBe('CW_ERR_IDEMPOTENCY_KEY_REUSED');
      }
    const casesWith = async (n: number) =>
      (
        await t.sql(
          `SELECT count(*)::int AS n FROM instances WHERE process_id = 'straight' AND state->'variables'->'n' = to_jsonb($1::int)`,
          [n],
        )
      )[0].n as number;
    expect(await casesWith(wonN)).toBe(1);
    expect(await casesWith(wonN === 7000 ? 9999 : 7000)).toBe(0);
    // and every other client's start made a case of its own
    const others = answers.slice(8, 32);
    for (const a of others) expect(a.status).toBe(201);
    expect(new Set(others.map((a) => a.body.id)).size).toBe(24);
  });
});
