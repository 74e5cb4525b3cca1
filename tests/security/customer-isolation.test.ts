/**
 * Customers reach only their own case (issue 14, items 1, 7 and 11), on the shipped
 * definitions and through the public routes only, as an attacker would try it: what one
 * customer sends through their tracking link lands in their own case even when another
 * customer's case waits on the same customer-typed key, and nothing a customer types lets
 * their case collide with someone else's.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { anonymousCall, complete, untilAt } from '../helpers/scenario.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: SHIPPED, start: '2026-03-02T01:00:00Z' });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** A call without any credentials, as a customer's browser (or an attacker's script) makes it. */
/** A call without any credentials, as a customer's browser makes it. */
const anonymous = (method: string, path: string, body?: unknown) =>
  anonymousCall(t, method, path, body);

/** The case behind a tracking token (read from the store, as only the engine can). */
async function caseOf(token: string): Promise<string> {
  const hash = createHash('sha256').update(token).digest('hex');
  return (await t.sql(`SELECT instance_id FROM tracking_tokens WHERE token_hash = $1`, [hash]))[0]
    .instance_id;
}

/** A claim as a customer files it online. */
const claim = (claimantName: string, idNumber: string) => ({
  policyNumber: 'PL-880001',
  claimantName,
  idNumber,
  mobile: '13812345678',
  relationToInsured: 'self',
  incidentDate: '2026-02-27',
  incidentPlace: '上海市浦東新區世紀大道100號',
  incidentDescription: '騎車時被汽車撞倒，右腿骨折。',
  claimType: 'accident',
  injuredPersons: [{ name: claimantName, idNumber, injuryDetails: '右腿脛骨骨折' }],
  documents: [{ documentType: 'claim-form', fileReference: 'DOC-1' }],
  amountClaimed: 2_000_000,
  paymentMethod: 'bank-transfer',
  bankName: '中國工商銀行',
  accountHolder: claimantName,
  bankAccount: '6222020200112233445',
});

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`).toString('base64');

/** Intake staff find documents missing: the claim waits for the customer's upload. */
async function askForDocuments(id: string) {
  const [task] = await t.sql(
    `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = 'receipt-check' AND status = 'open'`,
    [id],
  );
  await complete(
    t,
    task.id,
    { receiptComplete: false, missingItems: ['invoices'], missingNote: '請補收據。' },
    'intake',
  );
  await untilAt(t, id, 'await-documents');
}

describe('a customer reaches only the case of their own tracking link', () => {
  it("delivers an upload to the token's own claim, not to an older claim waiting on the same policy and date", async () => {
    // Given a victim and then another customer file claims on the same policy and incident date
    // (the claim's correlation key is built from these two typed values)
    const victim = await anonymous('POST', '/api/public/intake/claim', {
      data: claim('王小明', '110105198001011238'),
    });
    const other = await anonymous('POST', '/api/public/intake/claim', {
      data: claim('李美玲', '310104199203154566'),
    });
    expect([victim.status, other.status]).toEqual([201, 201]);
    const victimId = await caseOf(victim.body.token);
    const otherId = await caseOf(other.body.token);
    // and both wait for documents
    await askForDocuments(victimId);
    await askForDocuments(otherId);

    // When the other customer uploads through their own tracking link
    const up = await anonymous('POST', `/api/public/track/${other.body.token}/documents`, {
      message: 'claim-documents-supplied',
      item: 'invoices',
      files: [{ name: 'invoice.pdf', contentType: 'application/pdf', data: pdf('other') }],
    });
    expect(up.status).toBe(202);
    expect(up.body).toEqual({ status: 'correlated', documents: ['invoice.pdf'], missing: [] });

    // Then their own claim moves on, with the document and the message in it
    await untilAt(t, otherId, 'receipt-check');
    const docs = await t.sql(`SELECT instance_id FROM attachments WHERE name = 'invoice.pdf'`);
    expect(docs.map((d) => d.instance_id)).toEqual([otherId]);
    const delivered = await t.sql(
      `SELECT instance_id FROM messages WHERE name = 'claim-documents-supplied'`,
    );
    expect(delivered.map((m) => m.instance_id)).toEqual([otherId]);
    // and the victim's claim still waits for the victim's documents
    const v = await t.api('GET', `/api/instances/${victimId}`);
    // (beside the wait, the claim's notice: its SMS gateway is not configured in this test)
    expect(v.body.tokens.map((x: { nodeId: string }) => x.nodeId)).toContain('await-documents');
    const page = await anonymous('GET', `/api/public/track/${victim.body.token}`);
    expect(page.body.waitingFor).toEqual([
      expect.objectContaining({ message: 'claim-documents-supplied' }),
    ]);
  });
});

describe('references shown to customers are opaque', () => {
  it("gives each claim the engine's own reference, with nothing the customer typed in it, and staff find the case by it", async () => {
    // When two customers file claims on the same policy and date
    const a = await anonymous('POST', '/api/public/intake/claim', {
      data: claim('陳大文', '110105198001011238'),
    });
    const b = await anonymous('POST', '/api/public/intake/claim', {
      data: claim('陳小文', '310104199203154566'),
    });
    // Then each gets its own reference, random, holding neither the policy number nor the date
    const REFERENCE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
    expect(a.body.reference).toMatch(REFERENCE);
    expect(b.body.reference).toMatch(REFERENCE);
    expect(a.body.reference).not.toBe(b.body.reference);
    for (const typed of ['880001', '2026', 'PL', 'CLM'])
      expect(`${a.body.reference} ${b.body.reference}`).not.toContain(typed);
    // and the tracking page shows that reference, never the business key
    const page = await anonymous('GET', `/api/public/track/${a.body.token}`);
    expect(page.body.reference).toBe(a.body.reference);
    expect(JSON.stringify(page.body)).not.toContain('PL-880001');

    // And the claim uses it as the claim reference its messages are correlated by
    const id = await caseOf(a.body.token);
    const staff = await t.api('GET', `/api/instances/${id}`);
    expect(staff.body).toMatchObject({
      reference: a.body.reference,
      businessKey: 'CLM-PL-880001-2026-02-27',
      variables: { claimReference: a.body.reference },
    });
    // And staff find the case by the reference as a customer reads it out (case, dashes, O for 0)
    const spoken = a.body.reference.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const found = await t.api('POST', '/api/cases/search', { q: spoken, kind: 'reference' });
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(found.body.items[0]).toMatchObject({
      reference: a.body.reference,
      matched: ['reference'],
    });
  });

  it('refuses a complaint whose customer-typed number another open complaint already has, and creates nothing', async () => {
    const complaint = (complainantName: string) => ({
      complaintNumber: 'CMP-2026-990001',
      channel: 'web',
      receivedAt: '2026-03-02T01:00:00.000Z',
      complainantName,
      mobile: '13812345678',
      content: '理賠款項遲遲未到賬。',
    });
    const first = await anonymous('POST', '/api/public/intake/complaint', {
      data: complaint('王小明'),
    });
    expect(first.status).toBe(201);
    // When someone else files a complaint with the same number
    const second = await anonymous('POST', '/api/public/intake/complaint', {
      data: complaint('李美玲'),
    });
    // Then it is refused, and only the first complaint exists
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('CW_ERR_BUSINESS_KEY_TAKEN');
    expect(second.body).not.toHaveProperty('instanceId');
    const rows = await t.sql(
      `SELECT count(*)::int AS n FROM instances WHERE process_id = 'complaint' AND business_key = 'CMP-2026-990001'`,
    );
    expect(rows[0].n).toBe(1);
    // and nothing of the refused start is left behind: no tracking link, no search terms
    expect((await t.sql(`SELECT count(*)::int AS n FROM tracking_tokens`))[0].n).toBe(
      (await t.sql(`SELECT count(*)::int AS n FROM instances WHERE started_by = 'public'`))[0].n,
    );
  });
});
