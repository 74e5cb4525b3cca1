/**
 * One masking rule for every response (issue 14, item 11): a customer's name, ID number and
 * phone number never leave the engine in clear, whichever route carries them, unless a holder
 * of the personal-data role reveals them, which the case's history records. The routes are
 * taken from /openapi.json, so a new route that carries case data is checked without anyone
 * remembering to.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { complete, untilAt } from '../helpers/scenario.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const NAME = '王小明';
const ID_NUMBER = '110105198001011238';
const MOBILE = '13812345678';

let t: TestEngine;
let instanceId = '';
let taskId = '';
let token = '';
beforeAll(async () => {
  t = await startTestEngine({ definitions: SHIPPED, start: '2026-03-02T01:00:00Z' });
  // Given a claim a customer filed online, which intake has looked at
  const res = await fetch(`${t.url}/api/public/intake/claim`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      data: {
        policyNumber: 'PL-770001',
        claimantName: NAME,
        idNumber: ID_NUMBER,
        mobile: MOBILE,
        relationToInsured: 'self',
        incidentDate: '2026-02-27',
        incidentPlace: '上海市浦東新區世紀大道100號',
        incidentDescription: '騎車時被汽車撞倒，右腿骨折。',
        claimType: 'accident',
        // (an injured person's name is a form field's to mark sensitive: not the customer's identity)
        injuredPersons: [{ name: '李美玲', idNumber: ID_NUMBER, injuryDetails: '右腿脛骨骨折' }],
        documents: [{ documentType: 'claim-form', fileReference: 'DOC-1' }],
        amountClaimed: 2_000_000,
        paymentMethod: 'cheque',
      },
    }),
  });
  expect(res.status).toBe(201);
  token = ((await res.json()) as { token: string }).token;
  instanceId = (
    await t.sql(`SELECT instance_id FROM tracking_tokens WHERE token_hash = $1`, [
      createHash('sha256').update(token).digest('hex'),
    ])
  )[0].instance_id;
  const [check] = await t.sql(
    `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = 'receipt-check'`,
    [instanceId],
  );
  await complete(t, check.id, { receiptComplete: true }, 'intake');
  await untilAt(t, instanceId, 'accept');
  taskId = (
    await t.sql(`SELECT id FROM tasks WHERE instance_id = $1 AND status = 'open'`, [instanceId])
  )[0].id;
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const CLEAR = [NAME, ID_NUMBER, MOBILE];
/** Path parameters filled with this case's ids; routes needing others are left out. */
function fill(path: string): string | null {
  const values: Record<string, string> = {
    '/api/instances/{id}': instanceId,
    '/api/tasks/{id}': taskId,
    '/api/public/track/{token}': token,
  };
  for (const [prefix, value] of Object.entries(values))
    if (path.startsWith(prefix)) path = path.replace(/\{[a-z]+\}/i, value);
  return path.includes('{') ? null : path;
}

describe('one masking rule for every response', () => {
  it("never answers a customer's name, ID or phone number in clear, on any route", async () => {
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const gets = Object.keys(doc.paths).filter(
      (p) => doc.paths[p]!.get && p !== '/api/events' && !p.startsWith('/api/attachments/'),
    );
    const reached: string[] = [];
    for (const path of gets) {
      const filled = fill(path);
      if (filled === null) continue;
      const res = await t.api('GET', filled);
      if (res.status !== 200) continue;
      reached.push(path);
      const text = JSON.stringify(res.body);
      // (and the private tracking link the process keeps for its notices: it opens the case)
      for (const clear of [...CLEAR, token])
        expect(text, `${path} carries ${clear}`).not.toContain(clear);
    }
    // the routes that carry this case's data were among them
    expect(reached).toEqual(
      expect.arrayContaining([
        '/api/instances',
        '/api/instances/{id}',
        '/api/instances/{id}/history',
        '/api/instances/{id}/related',
        '/api/tasks',
        '/api/tasks/{id}',
      ]),
    );
    // and case search, which lists the customer's name
    const found = await t.api('POST', '/api/cases/search', { q: '王' });
    expect(found.body.items.map((c: { customerName: string }) => c.customerName)).toEqual([
      '王*明',
    ]);
    const view = await t.api('GET', `/api/instances/${instanceId}`);
    // the same rule, the same way: the name as search shows it
    expect(view.body.variables).toMatchObject({ claimantName: '王*明', mobile: '1*********8' });
  });

  it('reveals on request to the personal-data role only, and records each read', async () => {
    // the officer works the claim's task, as staff who hold the role do
    await t.sql(`UPDATE tasks SET candidate_groups = '{adjusters}' WHERE id = $1`, [taskId]);
    for (const path of [
      `/api/instances/${instanceId}?reveal=true`,
      `/api/tasks/${taskId}?reveal=true`,
    ]) {
      const refused = await t.api('GET', path, undefined, { as: 'adjuster' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('CW_ERR_REVEAL_FORBIDDEN');
      const read = await t.api('GET', path, undefined, { as: 'officer' });
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).toContain(NAME);
    }
    const found = await t.api(
      'POST',
      '/api/cases/search',
      { q: '王', kind: 'customerName', reveal: true },
      { as: 'officer' },
    );
    expect(found.body.items.map((c: { customerName: string }) => c.customerName)).toEqual([NAME]);
    const reads = (
      await t.sql(
        `SELECT actor, data FROM history WHERE instance_id = $1 AND type = 'personalData.read' ORDER BY seq`,
        [instanceId],
      )
    ).map((r) => `${r.actor} ${r.data.route}`);
    expect(reads).toEqual([
      'olga GET /api/instances/:id',
      'olga GET /api/tasks/:id',
      'olga POST /api/cases/search',
    ]);
  });
});
