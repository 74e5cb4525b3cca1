/**
 * Personal data never reaches the logs: a full shipped claim driven at the most verbose
 * level, bad submissions included, leaves no raw ID number or phone number in the output.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { untilStatus } from '../helpers/scenario.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const ID_NUMBER = 'F223344556';
const PHONE = '+886 955 667 788';

const lines: string[] = [];
let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: SHIPPED,
    config: { logLevel: 'trace' },
    logStream: { write: (line: string) => void lines.push(line) },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const openTask = (id: string, nodeId: string) =>
  t.until(
    async () =>
      (
        await t.sql(
          `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = $2 AND status = 'open'`,
          [id, nodeId],
        )
      )[0]?.id as string | undefined,
    `${nodeId} task`,
  );

describe('log redaction', () => {
  it('a full claim at trace level logs no raw personal data', async () => {
    // Given a claim reported with the claimant's ID number and phone number
    const report = {
      policyNumber: 'PL-778899',
      claimantName: '林小美',
      idNumber: ID_NUMBER,
      phone: PHONE,
      incidentDate: '2026-11-20',
      claimType: 'accident',
      amountClaimed: 12000,
    };
    // (a refused start whose other fields are wrong still carries them)
    const bad = await t.api('POST', '/api/instances', {
      processId: 'claim-intake',
      variables: { ...report, claimType: 'car' },
    });
    expect(bad.status).toBe(400);
    const started = await t.api('POST', '/api/instances', {
      processId: 'claim-intake',
      variables: report,
    });
    expect(started.status).toBe(201);
    const id = started.body.id as string;

    // When intake finds it complete and an adjuster decides to pay
    const check = await openTask(id, 'receipt-check');
    expect(
      (
        await t.api(
          'POST',
          `/api/tasks/${check}/complete`,
          { data: { complete: true } },
          { as: 'intake' },
        )
      ).status,
    ).toBe(200);
    const assess = await openTask(id, 'assess');
    const wrong = await t.api(
      'POST',
      `/api/tasks/${assess}/complete`,
      { data: { decision: 'pay', idNumber: ID_NUMBER } },
      { as: 'adjuster' },
    );
    expect(wrong.status).toBe(400);
    expect(
      (
        await t.api(
          'POST',
          `/api/tasks/${assess}/complete`,
          { data: { customerContacted: true, decision: 'pay', amountApproved: 12000 } },
          { as: 'adjuster' },
        )
      ).status,
    ).toBe(200);
    await untilStatus(t, id, 'completed');
    // And something in the engine logs case data with a sensitive key
    t.engine.logger.info({ variables: report }, 'case data');

    // Then the log has the case, and none of the personal data
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    expect(log).toContain(id);
    expect(log).toContain('[redacted]');
    for (const raw of [ID_NUMBER, PHONE, '955 667 788']) expect(log).not.toContain(raw);
  });
});
