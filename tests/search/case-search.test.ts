/**
 * Case search and related cases over the shipped insurance processes: staff find a claim by
 * its business key, policy number or customer name; only those with the personal-data role
 * find it by ID or phone number, through a blind index that never holds the number in clear;
 * a complaint shows the claim behind it; retention erases the blind index with the data.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../engine/src/index.ts';
import { SEARCH_RATE_LIMIT } from '../../engine/src/http/routes/cases.route.ts';
import { backfillCaseIndex } from '../../engine/src/search/index.ts';
import {
  TEST_DATA_KEYS,
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import { startInstance } from '../helpers/scenario.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const YEAR = 365 * 24 * 3600_000;

let t: TestEngine;
const logLines: string[] = [];
/** Users besides the standard ones: claims intake staff who may (irene) or may not (ian) see personal data. */
const EXTRA = {
  irene: { id: 'irene', roles: ['staff', 'personal-data'], groups: ['claims-intake'] },
};
/** Searches as the user holding this API token. */
const searcher = (token: string) => async (body: Record<string, unknown>) => {
  const res = await fetch(`${t.url}/api/cases/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
/** Searches as a standard test user (admin by default). */
const search = (body: Record<string, unknown>, opts: { as?: UserName; lang?: string } = {}) =>
  t.api('POST', '/api/cases/search', body, opts);
let irene: ReturnType<typeof searcher>;

const report = (extra: Record<string, unknown>) => ({
  claimantName: '陳大文',
  idNumber: 'A123456789',
  phone: '+86 138 1234 5678',
  incidentDate: '2026-11-20',
  claimType: 'medical',
  amountClaimed: 250000,
  ...extra,
});
const ids = { claimA: '', claimB: '', claimC: '', complaint: '' };

beforeAll(async () => {
  t = await startTestEngine({
    definitions: SHIPPED,
    config: { logLevel: 'info' },
    logStream: { write: (line: string) => void logLines.push(line) },
  });
  await ensureUser(t.engine.db, EXTRA.irene, `irene-${t.prefix}`);
  irene = searcher(`irene-${t.prefix}`);
  // Given two claims of one customer (the ID number typed two ways), a claim of another, and
  // a complaint about the first claim
  ids.claimA = (await startInstance(t, 'claim-intake', report({ policyNumber: 'PL-123456' }))).id;
  ids.claimB = (
    await startInstance(
      t,
      'claim-intake',
      report({ policyNumber: 'PL-777777', idNumber: 'a123 456 789', phone: '0912-999-000' }),
    )
  ).id;
  ids.claimC = (
    await startInstance(
      t,
      'claim-intake',
      report({
        policyNumber: 'PL-999999',
        claimantName: '林美玲',
        idNumber: 'B223456789',
        phone: '0933 111 222',
      }),
    )
  ).id;
  ids.complaint = (
    await startInstance(t, 'complaint', {
      complaintNumber: 'CMP-2026-0001',
      channel: 'phone',
      receivedAt: new Date(t.clock.now()).toISOString(),
      complainantName: '陳大文',
      mobile: '13812345678',
      policyNumber: 'PL-123456',
      claimNumber: 'CLM-PL-123456',
      content: '理賠款項遲遲未到賬。',
      request: '盡快支付',
    })
  ).id;
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id).sort();

describe('case search', () => {
  it('finds the claims of a customer by ID number however it was typed, for the personal-data role', async () => {
    const res = await irene({ kind: 'idNumber', q: ' a-123456789 ' });
    expect(res.status).toBe(200);
    expect(idsOf(res.body)).toEqual([ids.claimA, ids.claimB].sort());
    expect(res.body.total).toBe(2);
    const a = res.body.items.find((i: { id: string }) => i.id === ids.claimA);
    expect(a).toMatchObject({
      processId: 'claim-intake',
      processName: { en: expect.any(String), 'zh-Hant': expect.any(String) },
      businessKey: 'CLM-PL-123456',
      status: 'active',
      // the name is personal data: masked for them too, unless they reveal it
      customerName: '陳*文',
      matched: ['idNumber'],
    });
    expect(a.currentSteps.length).toBeGreaterThan(0);
    // the lookup is recorded in each case found, as reading personal data is
    const h = await t.api('GET', `/api/instances/${ids.claimB}/history`);
    expect(
      h.body.items.filter((e: { type: string }) => e.type === 'personalData.searched'),
    ).toEqual([
      expect.objectContaining({
        actor: 'irene',
        data: { kinds: ['idNumber'], route: 'POST /api/cases/search' },
      }),
    ]);
    expect(a.openTasks.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toContain('A123456789');

    // and revealed on request, each case listed recording who read which fields
    const revealed = await irene({ kind: 'idNumber', q: 'A123456789', reveal: true });
    expect(revealed.body.items.map((i: { customerName: string }) => i.customerName)).toEqual([
      '陳大文',
      '陳大文',
    ]);
    const after = await t.api('GET', `/api/instances/${ids.claimA}/history`);
    expect(
      after.body.items.filter((e: { type: string }) => e.type === 'personalData.read'),
    ).toEqual([
      expect.objectContaining({
        actor: 'irene',
        data: { fields: ['customerName'], route: 'POST /api/cases/search' },
      }),
    ]);
    const refused = await search({ q: 'CLM', reveal: true }, { as: 'intake' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CW_ERR_REVEAL_FORBIDDEN');

    // and by phone number, domestic or international form
    const phone = await irene({ kind: 'phone', q: '138-1234-5678' });
    // a search of every kind includes ID numbers for them
    const any = await irene({ q: 'A123456789' });
    expect(idsOf(any.body)).toEqual([ids.claimA, ids.claimB].sort());
    expect(any.body.items[0].matched).toEqual(['idNumber']);
    // (the complaint of the same number is not intake's to see)
    expect(idsOf(phone.body)).toEqual([ids.claimA]);
    expect(phone.body.items[0].matched).toEqual(['phone']);
  });

  it('refuses an ID-number search to staff without the personal-data role, in their language', async () => {
    const res = await search(
      { kind: 'idNumber', q: 'A123456789' },
      {
        as: 'intake',
        lang: 'zh-Hant',
      },
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CW_ERR_SEARCH_PERSONAL_DATA');
    expect(res.body.details[0].pointer).toBe('/kind');
    expect(res.body.message).toMatch(/身分證號/);
    const phone = await search(
      { kind: 'phone', q: '0912345678' },
      {
        as: 'supervisor',
      },
    );
    expect(phone.status).toBe(403);
    // a search of every kind does not look at ID numbers for them
    const any = await search({ q: 'A123456789' }, { as: 'intake' });
    expect(any.status).toBe(200);
    expect(any.body.items).toEqual([]);
    // and a refused or plain search records nothing
    const h = await t.api('GET', `/api/instances/${ids.claimC}/history`);
    expect(h.body.items.map((e: { type: string }) => e.type)).not.toContain(
      'personalData.searched',
    );
  });

  it('finds by business key, policy number prefix and customer name, masking the name without the role', async () => {
    const key = await search({ q: 'clm-pl-12' }, { as: 'intake' });
    expect(idsOf(key.body)).toEqual([ids.claimA]);
    expect(key.body.items[0].matched).toEqual(['businessKey']);
    expect(key.body.items[0].customerName).toBe('陳*文');

    const policy = await search(
      { kind: 'policyNumber', q: 'PL-' },
      {
        as: 'intake',
      },
    );
    expect(policy.body.total).toBe(3);
    const page = await search(
      { kind: 'policyNumber', q: 'PL-', limit: 2, offset: 2 },
      {
        as: 'intake',
      },
    );
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(page.body.items).toHaveLength(1);

    const name = await search(
      { kind: 'customerName', q: '陳' },
      {
        as: 'intake',
      },
    );
    expect(idsOf(name.body)).toEqual([ids.claimA, ids.claimB].sort());
    // a wildcard in the query is a character, not a pattern
    const wild = await search({ q: '%' }, { as: 'intake' });
    expect(wild.body.items).toEqual([]);
  });

  it('lists only the cases the caller may see', async () => {
    const reception = await search(
      { q: 'PL-123456' },
      {
        as: 'receptionist',
      },
    );
    expect(reception.body).toMatchObject({ items: [], total: 0 });
    const complaints = await search(
      { q: 'PL-123456' },
      {
        as: 'complaints',
      },
    );
    expect(idsOf(complaints.body)).toEqual([ids.complaint]);
    expect(complaints.body.items[0].matched).toEqual(['policyNumber']);
    const admin = await search({ q: 'PL-123456' });
    expect(idsOf(admin.body)).toEqual([ids.claimA, ids.complaint].sort());
  });

  it('keeps the number searched for out of URLs and logs (the query is a POST body)', async () => {
    const before = logLines.length;
    expect((await irene({ kind: 'idNumber', q: 'Z987654321' })).status).toBe(200);
    const logged = logLines.slice(before).join('');
    expect(logged).toContain('/api/cases/search'); // the request was logged…
    expect(logged).not.toMatch(/Z987654321/i); // …without what was searched for
    // no GET takes a search (GET /api/cases/{id} refuses the query it does not know)
    const get = await t.api('GET', '/api/cases/search?q=A123456789');
    expect(get.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(get.body)).not.toContain('A123456789');
  });

  it('limits searches per user and minute, so ID numbers cannot be enumerated', async () => {
    await ensureUser(
      t.engine.db,
      { id: 'eve', roles: ['staff', 'personal-data'] },
      `eve-${t.prefix}`,
    );
    const eve = searcher(`eve-${t.prefix}`);
    const statuses: number[] = [];
    for (let i = 0; i <= SEARCH_RATE_LIMIT; i++)
      statuses.push((await eve({ kind: 'idNumber', q: `A1${String(i).padStart(8, '0')}` })).status);
    expect(statuses.slice(0, SEARCH_RATE_LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // another user is not held back by eve's searches
    expect((await irene({ kind: 'idNumber', q: 'A123456789' })).status).toBe(200);
  });

  it('refuses a query that is empty or too long', async () => {
    expect((await search({ q: '' })).status).toBe(400);
    expect((await search({ q: 'x'.repeat(201) })).status).toBe(400);
    expect((await search({ q: 'x', kind: 'email' })).status).toBe(400);
  });
});

describe('the blind index', () => {
  it('holds no ID or phone number in clear, only HMACs under a key derived from the data key', async () => {
    const rows = await t.sql<{ kind: string; value: string | null; digest: string | null }>(
      `SELECT kind, value, digest FROM case_search_terms WHERE instance_id = $1 ORDER BY kind`,
      [ids.claimA],
    );
    expect(rows.map((r) => r.kind)).toEqual([
      'businessKey',
      'customerName',
      'idNumber',
      'phone',
      'policyNumber',
      'reference',
    ]);
    const id = rows.find((r) => r.kind === 'idNumber')!;
    expect(id.value).toBeNull();
    const dataKey = Buffer.from(TEST_DATA_KEYS.split(':')[1]!, 'base64');
    const searchKey = Buffer.from(
      hkdfSync('sha256', dataKey, 'caseway', 'caseway search index v1', 32),
    );
    const hmac = (key: Buffer) =>
      createHmac('sha256', key).update('idNumber\u0000A123456789').digest('hex');
    expect(id.digest).toBe(hmac(searchKey));
    expect(id.digest).not.toBe(hmac(dataKey));
    const clear = await t.sql(
      `SELECT 1 FROM case_search_terms WHERE value ILIKE '%123456789%' OR value LIKE '%12345678%'`,
    );
    expect(clear).toEqual([]);
  });

  it('is rebuilt at start-up for cases that have none (indexed before it existed)', async () => {
    await t.sql(`DELETE FROM case_search_state`);
    await t.sql(`DELETE FROM case_search_terms`);
    expect((await irene({ kind: 'idNumber', q: 'A123456789' })).body.total).toBe(0);
    const n = await backfillCaseIndex({
      db: t.engine.db,
      registry: () => t.engine.registry,
      index: t.engine.caseIndex,
    });
    expect(n).toBe(4);
    expect((await irene({ kind: 'idNumber', q: 'A123456789' })).body.total).toBe(2);
    // a second run finds nothing left to do
    expect(
      await backfillCaseIndex({
        db: t.engine.db,
        registry: () => t.engine.registry,
        index: t.engine.caseIndex,
      }),
    ).toBe(0);
  });

  it('is rebuilt in the background by a starting engine, in batches, a case held by a step indexed once it is free', async () => {
    await t.sql(`DELETE FROM case_search_state`);
    await t.sql(`DELETE FROM case_search_terms`);
    const cases = await t.sql<{ id: string }>(`SELECT id FROM instances ORDER BY id`);
    // another transaction holds one case's row, as a step at work would
    const holder = await t.engine.db.pool.connect();
    let second: TestEngine | undefined;
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM instances WHERE id = $1 FOR UPDATE`, [ids.claimB]);
      // a second engine on the same database starts and is ready while its backfill waits
      second = await startTestEngine({ definitions: SHIPPED, schema: t.schema, prefix: t.prefix });
      let settled = false;
      const done = second.engine.backfilled().then(() => (settled = true));
      expect((await second.api('GET', '/api/ready')).status).toBe(200);
      // the batch indexed every other case in one transaction and left the held one
      await expect
        .poll(async () => (await t.sql(`SELECT instance_id FROM case_search_state`)).length)
        .toBe(cases.length - 1);
      expect(
        await t.sql(`SELECT 1 FROM case_search_state WHERE instance_id = $1`, [ids.claimB]),
      ).toEqual([]);
      expect(settled).toBe(false);
      await holder.query('COMMIT');
      await done;
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
      await second?.close();
    }
    expect(
      (await t.sql(`SELECT instance_id FROM case_search_state ORDER BY instance_id`)).map(
        (r) => r.instance_id,
      ),
    ).toEqual(cases.map((c) => c.id));
    expect((await irene({ kind: 'idNumber', q: 'A123456789' })).body.total).toBe(2);
  });
});

describe('related cases', () => {
  it('shows the claim behind a complaint, and the other claims of the same customer', async () => {
    const res = await t.api('GET', `/api/instances/${ids.complaint}/related`);
    expect(res.status).toBe(200);
    expect(res.body.hidden).toBe(0);
    const byId = Object.fromEntries(
      res.body.items.map((i: { id: string; relations: string[] }) => [i.id, i.relations]),
    );
    expect(byId).toEqual({
      [ids.claimA]: ['sameClaim', 'sameCustomer', 'samePolicy'],
    });
    const claim = await t.api('GET', `/api/instances/${ids.claimA}/related`);
    const fromClaim = Object.fromEntries(
      claim.body.items.map((i: { id: string; relations: string[] }) => [i.id, i.relations]),
    );
    expect(fromClaim).toEqual({
      [ids.claimB]: ['sameCustomer'],
      [ids.complaint]: ['sameClaim', 'sameCustomer', 'samePolicy'],
    });
  });

  it('lists only the related cases the caller may see, and counts the others', async () => {
    const res = await t.api('GET', `/api/instances/${ids.complaint}/related`, undefined, {
      as: 'complaints',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], hidden: 1 });
    const stranger = await t.api('GET', `/api/instances/${ids.complaint}/related`, undefined, {
      as: 'receptionist',
    });
    expect(stranger.status).toBe(404);
  });
});

describe('issue 23, item 7: what staff type finds its case', () => {
  it('takes the claim process’s own case number on a complaint, and relates the two', async () => {
    // Given a claim reported on the claim process: its case number is 24 characters long
    const claim = await startInstance(t, 'claim', {
      policyNumber: 'PL-400001',
      claimantName: '周建國',
      idNumber: '110105198001011238',
      mobile: '13812345678',
      relationToInsured: 'self',
      incidentDate: '2026-11-20',
      incidentPlace: '上海市浦東新區世紀大道100號',
      incidentDescription: '騎車時被汽車撞倒，右腿骨折。',
      claimType: 'accident',
      injuredPersons: [
        { name: '周建國', idNumber: '110105198001011238', injuryDetails: '右腿脛骨骨折' },
      ],
      documents: [{ documentType: 'claim-form', fileReference: 'DOC-1' }],
      amountClaimed: 2_000_000,
      paymentMethod: 'cheque',
    });
    expect(claim.businessKey).toBe('CLM-PL-400001-2026-11-20');
    // When a complaint about it cites that number (the complaint form took 20 characters at most)
    const complaint = await startInstance(t, 'complaint', {
      complaintNumber: 'CMP-2026-0002',
      channel: 'phone',
      receivedAt: new Date(t.clock.now()).toISOString(),
      complainantName: '周建國',
      mobile: '13812345678',
      claimNumber: claim.businessKey,
      content: '理賠審核太慢。',
    });
    // Then the complaint lists the claim as the one it is about
    const res = await t.api('GET', `/api/instances/${complaint.id}/related`);
    expect(res.status).toBe(200);
    const related = res.body.items.find((i: { id: string }) => i.id === claim.id);
    expect(related?.relations).toContain('sameClaim');
  });

  it('finds an after-sales request by its policy number', async () => {
    const request = await startInstance(t, 'after-sales-request', {
      requestNumber: 'ASR-2026-0001',
      customerName: '劉曉華',
      mobile: '13912345678',
      policyNumber: 'PL-515151',
      channel: 'phone',
      requestType: 'policy-change',
      description: '變更受益人。',
    });
    const res = await search({ q: 'PL-515151', kind: 'policyNumber' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([request.id]);
  });
});

describe('inbox filters on the case index', () => {
  const inbox = async (query: string) => {
    const res = await t.api('GET', `/api/tasks?scope=all&limit=200&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: { instanceId: string; priority: number }[]; total: number };
  };

  it("filters tasks by the start of the customer's name, as the case index holds it", async () => {
    // When the team's inbox is filtered by 陳 (both claims of 陳大文 and the complaint)
    const chen = await inbox(`customer=${encodeURIComponent(' 陳 ')}`);
    // Then it holds the tasks of her cases and none of 林美玲's
    const cases = new Set(chen.items.map((i) => i.instanceId));
    expect(cases.has(ids.claimA) && cases.has(ids.claimB)).toBe(true);
    expect(cases.has(ids.claimC)).toBe(false);
    expect(chen.total).toBe(chen.items.length);
    const lin = await inbox(`customer=${encodeURIComponent('林美')}`);
    expect(new Set(lin.items.map((i) => i.instanceId))).toEqual(new Set([ids.claimC]));
    // And a LIKE wildcard is taken literally
    expect((await inbox('customer=%25')).total).toBe(0);
  });

  it('filters tasks by a minimum priority on the server, so counts and pages agree', async () => {
    const all = await inbox('');
    const top = Math.max(...all.items.map((i) => i.priority));
    const atTop = await inbox(`minPriority=${top}`);
    expect(atTop.total).toBe(all.items.filter((i) => i.priority >= top).length);
    expect(atTop.total).toBeGreaterThan(0);
    expect((await inbox(`minPriority=${top + 1}`)).total).toBe(0);
  });
});

describe('retention', () => {
  it("erases the blind index and the customer's name of an erased case and keeps its other terms", async () => {
    const cancelled = await t.api('POST', `/api/instances/${ids.complaint}/cancel`, {
      reason: 'test',
    });
    expect(cancelled.status).toBe(200);
    t.clock.advance(6 * YEAR); // the complaint process keeps personal data five years
    await t.until(
      async () =>
        (
          await t.sql(
            `SELECT 1 FROM instances WHERE id = $1 AND personal_data_erased_at IS NOT NULL`,
            [ids.complaint],
          )
        )[0],
      'retention sweep',
    );
    const kinds = await t.sql<{ kind: string }>(
      `SELECT kind FROM case_search_terms WHERE instance_id = $1 ORDER BY kind`,
      [ids.complaint],
    );
    expect(kinds.map((k) => k.kind)).toEqual([
      'businessKey',
      'claimNumber',
      'policyNumber',
      'reference',
    ]);
  });
});
