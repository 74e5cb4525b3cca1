import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormField } from '../../engine/src/generated/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const DAY = 24 * 3600_000;

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: SHIPPED });
  // the shipped definitions and plugins load in seconds on a quiet machine, a minute at load 30
}, 180_000);
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('the shipped definitions', () => {
  it('all load without a problem', async () => {
    const res = await t.api('GET', '/api/definitions/problems');
    expect(res.body.items).toEqual([]);
    const list = await t.api('GET', '/api/definitions?kind=process');
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain('claim-intake');
    // which take cases from customers, and which staff start from the studio
    const intake = (id: string) =>
      list.body.items.find((d: { id: string }) => d.id === id)?.publicIntake;
    expect(intake('claim')).toBe(true);
    expect(intake('consultation')).toBe(false);
  });

  it('label the money fields of the forms each process uses now and the processes they call without a unit: people type and read yuan (issue 16, item 5)', () => {
    const registry = t.engine.registry;
    const unit = /[（(]\s*(分|fen)\s*[）)]/i;
    const named: string[] = [];
    const walk = (form: string, fields: readonly FormField[]) => {
      for (const f of fields) {
        if (f.type === 'money' && unit.test(JSON.stringify(f.label ?? {})))
          named.push(`${form} ${f.key}`);
        walk(form, f.fields ?? []);
      }
    };
    let forms = 0;
    // the latest processes, and the versions they call (a dispute opened from a claim today)
    const queue = registry
      .list('process')
      .map((p) => ({ id: p.id, version: undefined as number | undefined }));
    const seen = new Set<string>();
    while (queue.length) {
      const ref = queue.shift()!;
      const def = registry.process(ref.id, ref.version).definition;
      if (seen.has(`${def.id}@${def.version}`)) continue;
      seen.add(`${def.id}@${def.version}`);
      for (const node of def.nodes) {
        if (node.type === 'callActivity')
          queue.push({ id: node.process.id, version: node.process.version });
        if (!('form' in node) || !node.form) continue;
        const form = registry.form(node.form.id, node.form.version);
        forms++;
        walk(`${def.id} v${def.version}: ${form.id} v${form.version}`, form.fields);
      }
    }
    expect(seen).toContain('claim-dispute@3');
    expect(forms).toBeGreaterThan(50);
    expect(named).toEqual([]);
  });
});

describe('claim intake: the one-time notice of missing material and the wait for it', () => {
  const report = {
    policyNumber: 'PL-123456',
    claimantName: '陳大文',
    idNumber: 'A123456789',
    phone: '+886 912 345 678',
    incidentDate: '2026-11-20',
    claimType: 'medical',
    amountClaimed: 250000,
  };

  it('refuses a claim report that does not match the start form', async () => {
    const res = await t.api('POST', '/api/instances', {
      processId: 'claim-intake',
      variables: { ...report, incidentDate: 'yesterday', claimType: 'car' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
    expect(res.body.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual([
      '/variables/claimType',
      '/variables/incidentDate',
    ]);
  });

  it('asks once for everything missing, waits for the documents, then assesses with a first-contact reminder', async () => {
    // Given a claim reported with material missing
    const started = await t.api('POST', '/api/instances', {
      processId: 'claim-intake',
      variables: report,
    });
    expect(started.status).toBe(201);
    expect(started.body.businessKey).toBe('CLM-PL-123456');
    const id = started.body.id;
    const task = async (nodeId: string) =>
      (
        await t.until(
          async () =>
            (
              await t.sql(
                `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = $2 AND status = 'open'`,
                [id, nodeId],
              )
            )[0],
          `${nodeId} task`,
        )
      ).id as string;

    // When intake finds documents missing, the customer is told once and the case waits
    const check = await task('receipt-check');
    const incomplete = await t.api(
      'POST',
      `/api/tasks/${check}/complete`,
      { data: { complete: false, missingDocuments: ['invoices', 'medical-records'] } },
      { as: 'intake' },
    );
    expect(incomplete.status).toBe(200);
    expect(incomplete.body.variables).toMatchObject({
      supplementRequested: true,
      supplementRounds: 1,
      missingDocuments: ['invoices', 'medical-records'],
    });
    expect(incomplete.body.tokens).toEqual([
      expect.objectContaining({ nodeId: 'await-documents', waitingFor: 'message' }),
    ]);

    // And when the documents arrive, the receipt check comes back
    const msg = await t.api('POST', '/api/messages', {
      messageId: 'upload-1',
      name: 'documents-supplied',
      correlationKey: 'PL-123456',
      payload: { documentsUploaded: 2 },
    });
    expect(msg.body).toMatchObject({ status: 'correlated', instanceId: id });
    const recheck = await task('receipt-check');
    expect(recheck).not.toBe(check);
    await t.api(
      'POST',
      `/api/tasks/${recheck}/complete`,
      { data: { complete: true } },
      { as: 'intake' },
    );

    // Then an adjuster assesses, with high priority for a large claim
    const assess = await task('assess');
    const row = (await t.sql(`SELECT priority FROM tasks WHERE id = $1`, [assess]))[0];
    expect(row.priority).toBe(80);

    // And a day without contact raises the reminder without taking the task away
    t.clock.advance(DAY + 1000);
    await t.until(
      async () =>
        (
          await t.sql(`SELECT 1 FROM history WHERE instance_id = $1 AND type = 'timer.fired'`, [id])
        )[0],
      'reminder',
    );
    const afterReminder = await t.api('GET', `/api/instances/${id}`);
    expect(afterReminder.body.variables.firstContactReminded).toBe(true);
    expect((await t.sql(`SELECT status FROM tasks WHERE id = $1`, [assess]))[0].status).toBe(
      'open',
    );

    const refused = await t.api(
      'POST',
      `/api/tasks/${assess}/complete`,
      {
        data: {
          customerContacted: true,
          decision: 'refuse',
          refusalReasons: 'Pre-existing condition excluded by clause 7.',
        },
      },
      { as: 'adjuster' },
    );
    expect(refused.body).toMatchObject({ status: 'completed', outcome: 'refuse' });
  });
});
