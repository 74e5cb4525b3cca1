/**
 * The case index as processes declare it: parent and sub-cases are related; a variable a form
 * marks sensitive is indexed only as a digest (found by whole value, by the personal-data
 * role); the terms follow the variables when a task changes them; and after a data key
 * rotation the start-up backfill re-indexes under the new key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_DATA_KEYS,
  dropTestData,
  startTestEngine,
  type TestEngine,
} from '../helpers/engine.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, startInstance, tasksOf } from '../helpers/scenario.ts';

const subcase = process(
  'subcase',
  [start(), userTask('check', 'ack'), end()],
  [
    ['start', 'check'],
    ['check', 'end'],
  ],
  { search: { policyNumber: 'policyNo' } },
);
const dossier = process(
  'dossier',
  [
    start(),
    {
      id: 'sub',
      type: 'callActivity',
      process: { id: 'subcase' },
      input: { policyNo: 'policyNo' },
    },
    userTask('correct', 'correct'),
    end(),
  ],
  [
    ['start', 'sub'],
    ['sub', 'correct'],
    ['correct', 'end'],
  ],
  { search: { customerName: 'holder', idNumber: 'idNo', policyNumber: 'policyNo' } },
);
const forms = {
  // the policy number as corrected by staff
  'forms/correct/v1.json': {
    id: 'correct',
    version: 1,
    title: label('Correct'),
    fields: [{ key: 'policyNo', type: 'text', required: true, label: label('Policy') }],
  },
  // makes `holder` personal data wherever it appears
  'forms/holder/v1.json': {
    id: 'holder',
    version: 1,
    title: label('Holder'),
    fields: [{ key: 'holder', type: 'text', sensitive: true, label: label('Holder') }],
  },
};
// v2 also declares the claim it belongs to
const dossier2 = {
  ...dossier,
  version: 2,
  search: {
    customerName: 'holder',
    idNumber: 'idNo',
    policyNumber: 'policyNo',
    claimNumber: 'claimRef',
  },
};
const definitions = {
  ...files(subcase, dossier),
  'processes/dossier/v2.json': dossier2,
  ...forms,
};

let t: TestEngine;
let parent: string;
let child: string;
beforeAll(async () => {
  t = await startTestEngine({ definitions });
  parent = (
    await startInstance(
      t,
      'dossier',
      { holder: '王小明', idNo: 'A123456789', policyNo: 'PL-OLD' },
      { version: 1 },
    )
  ).id;
  child = (
    await t.sql<{ id: string }>(`SELECT id FROM instances WHERE parent_id = $1`, [parent])
  )[0]!.id;
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const search = async (q: string, kind: string, as: 'adjuster' | 'officer' | 'admin' = 'officer') =>
  (await t.api('POST', '/api/cases/search', { kind, q }, { as })).body as {
    items: { id: string }[];
    total: number;
  };

describe('the case index of declared variables', () => {
  it('relates a case and its sub-case', async () => {
    const fromParent = await t.api('GET', `/api/instances/${parent}/related`);
    expect(
      fromParent.body.items.map((i: { id: string; relations: string[] }) => [i.id, i.relations]),
    ).toEqual([[child, ['child', 'samePolicy']]]);
    const fromChild = await t.api('GET', `/api/instances/${child}/related`);
    expect(
      fromChild.body.items.map((i: { id: string; relations: string[] }) => [i.id, i.relations]),
    ).toEqual([[parent, ['parent', 'samePolicy']]]);
  });

  it('follows the variables when a task changes them', async () => {
    await complete(t, (await tasksOf(t, child))[0]!.id, { ok: true });
    const correct = await t.until(async () => (await tasksOf(t, parent))[0], 'the correct task');
    await complete(t, correct.id, { policyNo: 'PL-NEW' });
    expect((await search('PL-NEW', 'policyNumber')).items.map((i) => i.id)).toEqual([parent]);
    expect((await search('PL-OLD', 'policyNumber')).items.map((i) => i.id)).toEqual([child]);
  });
  it('indexes a variable a form marks sensitive as a digest only: whole value, personal-data role', async () => {
    // (the case is now visible to the adjusters through its completed task)
    const rows = await t.sql<{ value: string | null; digest: string | null }>(
      `SELECT value, digest FROM case_search_terms WHERE instance_id = $1 AND kind = 'customerName'`,
      [parent],
    );
    expect(rows).toEqual([{ value: null, digest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect((await search('王小明', 'customerName')).items.map((i) => i.id)).toEqual([parent]);
    expect((await search('王', 'customerName')).total).toBe(0); // no prefix of a digest
    expect((await search('王小明', 'customerName', 'adjuster')).total).toBe(0);
  });
});

describe('a migrated case', () => {
  it('is indexed under its new version’s declaration', async () => {
    const i = await startInstance(
      t,
      'dossier',
      { policyNo: 'PL-MIG', claimRef: 'CR-77' },
      { version: 1 },
    );
    expect((await search('CR-77', 'claimNumber', 'admin')).total).toBe(0); // v1 does not declare it
    const res = await t.api('POST', `/api/instances/${i.id}/migrate`, { targetVersion: 2 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await search('CR-77', 'claimNumber', 'admin')).items.map((c) => c.id)).toEqual([i.id]);
  });
});

describe('a data key rotation', () => {
  it('re-indexes every case under the new key at start-up; the old key still finds them meanwhile', async () => {
    const before = await t.sql<{ digest: string }>(
      `SELECT digest FROM case_search_terms WHERE instance_id = $1 AND kind = 'idNumber'`,
      [parent],
    );
    await t.close();
    const newKey = `t2:${Buffer.alloc(32, 9).toString('base64')}`;
    t = await startTestEngine({
      definitions,
      schema: t.schema,
      prefix: t.prefix,
      config: { dataKeys: `${newKey},${TEST_DATA_KEYS}` },
    });
    await t.until(
      async () =>
        (await t.sql(`SELECT 1 FROM case_search_state WHERE key_id <> 't2'`)).length === 0,
      're-indexing under t2',
    );
    const after = await t.sql<{ digest: string; key_id: string }>(
      `SELECT digest, key_id FROM case_search_terms WHERE instance_id = $1 AND kind = 'idNumber'`,
      [parent],
    );
    expect(after).toEqual([{ digest: expect.any(String), key_id: 't2' }]);
    expect(after[0]!.digest).not.toBe(before[0]!.digest);
    expect((await search('A123456789', 'idNumber')).items.map((i) => i.id)).toEqual([parent]);
  });
});
