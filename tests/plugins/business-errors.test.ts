/**
 * Business errors: a plugin's PermanentError with a code and details (the bank refuses a
 * transfer) is not retried, and the job and its incident keep the code and the details, the
 * shape an error boundary will match. Retrying can replay the stored input (which fails the
 * same way) or evaluate the input mappings again over the case's variables now. What the bank
 * echoes back (the account number, a phone number) is masked before it is stored or logged, and
 * opening the incident writes one structured log line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANK_TRANSFER_ONLY, startBank, type Bank } from '../fixtures/fake-bank.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { complete, history, startInstance, tasksOf, untilStatus } from '../helpers/scenario.ts';

// Given a payout that pays while an adjuster may still change the amount
const payout = process(
  'payout',
  [
    start(),
    { id: 'fork', type: 'parallelGateway' },
    service('pay', 'bank-transfer/pay', {
      input: { account: 'account', amount: 'amount' },
      output: { transferId: 'result.transferId' },
      retry: { attempts: 4, backoff: 'PT1S' },
    }),
    userTask('adjust', 'approve'),
    { id: 'join', type: 'parallelGateway' },
    end(),
  ],
  [
    ['start', 'fork'],
    ['fork', 'pay'],
    ['fork', 'adjust'],
    ['pay', 'join'],
    ['adjust', 'join'],
    ['join', 'end'],
  ],
);

let bank: Bank;
let t: TestEngine;
const lines: string[] = [];
/**
 * What the bank echoes back (the account, its phone number), in any part longer than four
 * digits: ids, times and durations in the log and rows hold any four digits by chance.
 */
const ECHOED = ['9001-2345-6789', '2345-6789', '900123456789', '2345 6789', '23456789'];
beforeAll(async () => {
  bank = await startBank();
  t = await startTestEngine({
    definitions: files(payout),
    pluginsDir: BANK_TRANSFER_ONLY.pluginsDir,
    config: { logLevel: 'warn', pluginPackages: BANK_TRANSFER_ONLY.pluginPackages },
    logStream: { write: (l: string) => void lines.push(l) },
  });
  expect(
    (await t.api('PUT', '/api/plugins/bank-transfer/config', { config: { baseUrl: bank.url } }))
      .status,
  ).toBe(204);
  expect(
    (
      await t.api('PUT', '/api/plugins/bank-transfer/secrets', {
        secrets: { apiKey: 'k-0123456789abcdef' },
      })
    ).status,
  ).toBe(204);
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
  await bank?.close();
});

const openIncident = (instanceId: string, after?: string) =>
  t.until(async () => {
    const items = (await t.api('GET', `/api/incidents?instanceId=${instanceId}`)).body.items as {
      id: string;
    }[];
    return items.find((i) => i.id !== after);
  }, 'an open incident');

describe('a business error from a plugin', () => {
  it('goes to an incident at once with its code and details, on the job too', async () => {
    const i = await startInstance(t, 'payout', { account: '123-456', amount: 5000 });
    const incident = await openIncident(i.id);
    const detail = (await t.api('GET', `/api/incidents/${incident.id}`)).body;
    expect(detail).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 1000 },
      job: { attempts: 1, maxAttempts: 4 },
    });
    expect(detail.error).toMatch(/^CW_ERR_ACTION_REJECTED: LIMIT_EXCEEDED: /);
    const [job] = await t.sql(
      `SELECT last_error_code, last_error_details FROM jobs WHERE instance_id = $1 AND kind = 'service'`,
      [i.id],
    );
    expect(job).toEqual({ last_error_code: 'LIMIT_EXCEEDED', last_error_details: { limit: 1000 } });
    const opened = (await history(t, i.id)).find((h) => h.type === 'incident.opened');
    expect(opened?.data).toMatchObject({ code: 'LIMIT_EXCEEDED' });

    // operators find them by code
    const byCode = await t.api('GET', '/api/incidents?code=LIMIT_EXCEEDED');
    expect(byCode.body.items.map((x: { id: string }) => x.id)).toContain(incident.id);
    expect((await t.api('GET', '/api/incidents?code=ACCOUNT_CLOSED')).body.items).toEqual([]);
  });

  it('retries with the stored input, or with the input evaluated again from the variables now', async () => {
    const i = await startInstance(t, 'payout', { account: '123-789', amount: 2000 });
    const first = await openIncident(i.id);

    // When it is retried as it was, the bank refuses the same transfer again: a second incident
    expect((await t.api('POST', `/api/incidents/${first.id}/retry`)).status).toBe(202);
    const second = await openIncident(i.id, first.id);
    expect((await t.api('GET', `/api/incidents/${second.id}`)).body.code).toBe('LIMIT_EXCEEDED');

    // And when the adjuster lowers the amount, a retry that evaluates the input pays that
    const [task] = await tasksOf(t, i.id);
    await complete(t, task!.id, { decision: 'yes', amount: 800 });
    const retried = await t.api('POST', `/api/incidents/${second.id}/retry`, {
      input: 'evaluate',
    });
    expect(retried.status).toBe(202);
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.variables).toMatchObject({ amount: 800, transferId: expect.any(String) });
    expect(bank.requests.at(-1)?.body).toEqual({ account: '123-789', amount: 800 });
    const types = (await history(t, i.id)).map((h) => h.type);
    expect(types).toContain('job.input.evaluated');
    // one idempotency key for every attempt of the call
    const keys = new Set(
      bank.requests.filter((r) => r.body.account === '123-789').map((r) => r.key),
    );
    expect(keys.size).toBe(1);
  });

  it('masks what the bank echoes before it reaches the incident, the history and the log', async () => {
    const i = await startInstance(t, 'payout', { account: '9001-2345-6789', amount: 10 });
    const incident = await openIncident(i.id);
    const detail = (await t.api('GET', `/api/incidents/${incident.id}`)).body;
    expect(detail).toMatchObject({
      code: 'ACCOUNT_CLOSED',
      details: { closedOn: '2026-11-30', account: '9************9' },
      actions: { retryEvaluatingInput: true },
    });
    expect(detail.error).toBe(
      'CW_ERR_ACTION_REJECTED: ACCOUNT_CLOSED: account 9************9 is closed; call +**************9',
    );
    const stored = JSON.stringify([
      await t.sql(`SELECT error, error_details FROM incidents WHERE instance_id = $1`, [i.id]),
      await t.sql(`SELECT last_error, last_error_details FROM jobs WHERE instance_id = $1`, [i.id]),
      await t.sql(`SELECT data FROM history WHERE instance_id = $1 AND type = 'incident.opened'`, [
        i.id,
      ]),
    ]);
    for (const echoed of ECHOED) expect(stored).not.toContain(echoed);

    // one structured line says the incident opened, with the masked error
    const logged = lines
      .map((l) => JSON.parse(l) as { msg: string; incident?: Record<string, unknown> })
      .filter((l) => l.msg === 'incident opened' && l.incident?.instanceId === i.id);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 40,
        incident: {
          id: incident.id,
          instanceId: i.id,
          processId: 'payout',
          jobId: expect.any(String),
          nodeId: 'pay',
          action: 'bank-transfer/pay',
          error: detail.error,
          code: 'ACCOUNT_CLOSED',
        },
      }),
    ]);
    for (const echoed of ECHOED) expect(lines.join('')).not.toContain(echoed);
  });
});

describe('secrets', () => {
  it('are checked against their schema before they are stored, naming the field', async () => {
    const short = await t.api('PUT', '/api/plugins/bank-transfer/secrets', {
      secrets: { apiKey: 'k-short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.details).toEqual([
      expect.objectContaining({ pointer: '/secrets/apiKey', code: 'CW_ERR_VALIDATION' }),
    ]);
    expect((await t.api('GET', '/api/plugins/bank-transfer/settings')).body.secrets).toEqual({
      apiKey: true,
    });
  });
});
