/**
 * A service task's mappings are checked against its action's input and result schemas when the
 * definitions load and when a body is validated (what the studio's problem list shows): a
 * required input not mapped, an input the action does not take, a literal of the wrong type and
 * a result property that does not exist are problems (the process is refused before a case can
 * fail with CW_ERR_ACTION_INPUT_INVALID); a variable of another type is a warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANK_TRANSFER_ONLY } from '../fixtures/fake-bank.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';

const paying = (id: string, mappings: Record<string, unknown>) =>
  process(
    id,
    [start(), userTask('approve', 'approve'), service('pay', 'bank-transfer/pay', mappings), end()],
    [
      ['start', 'approve'],
      ['approve', 'pay'],
      ['pay', 'end'],
    ],
  );

// Given processes paying through the bank-transfer plugin, one right and one wrong in each way
const good = paying('good-payout', {
  input: { account: 'payee', amount: 'amount', reference: '"claim"' },
  output: { transferId: 'result.transferId' },
});
const bad = paying('bad-payout', {
  input: { amount: '"500"', acount: 'payee' },
  output: { transferId: 'result.transferID' },
});

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: files(good, bad),
    pluginsDir: BANK_TRANSFER_ONLY.pluginsDir,
    config: { pluginPackages: BANK_TRANSFER_ONLY.pluginPackages },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('mappings against the action schemas', () => {
  it('refuses, when loading, a process whose mappings cannot fit the action', async () => {
    const problems = (await t.api('GET', '/api/definitions/problems')).body.items as {
      code: string;
      pointer: string;
      file: string;
      message: string;
    }[];
    expect(problems.every((p) => p.file.includes('bad-payout'))).toBe(true);
    expect(
      problems.map((p) => [p.code, p.pointer]).sort((a, b) => a[1]!.localeCompare(b[1]!)),
    ).toEqual([
      ['CW_ERR_DEF_MAPPING_MISMATCH', '/nodes/2/input'],
      ['CW_ERR_DEF_MAPPING_MISMATCH', '/nodes/2/input/acount'],
      ['CW_ERR_DEF_MAPPING_MISMATCH', '/nodes/2/input/amount'],
      ['CW_ERR_DEF_MAPPING_MISMATCH', '/nodes/2/output/transferId'],
    ]);
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'the action bank-transfer/pay needs the input account; map it to a value',
        'the input amount of bank-transfer/pay takes a number; this gives text',
      ]),
    );
    // the bad one has no version a case could start
    const started = await t.api('POST', '/api/instances', { processId: 'bad-payout' });
    expect([started.status, started.body.code]).toEqual([409, 'CW_ERR_DEF_NOT_LOADED']);
  });

  it('says the same when a body is validated, in the caller’s language, with warnings for variables', async () => {
    const res = await t.api(
      'POST',
      '/api/definitions/validate',
      {
        kind: 'process',
        body: paying('draft-payout', {
          // `decision` is the approve form's choice (text): the amount takes a number
          input: { account: 'payee', amount: 'decision' },
          output: { id: 'result.transferId' },
        }),
      },
      { lang: 'zh-Hant' },
    );
    expect(res.body.valid).toBe(true);
    expect(res.body.warnings).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_MAPPING_MISMATCH',
        pointer: '/nodes/2/input/amount',
        message: 'bank-transfer/pay 的輸入 amount 需要數字；此處給的是文字',
      }),
    ]);
    const invalid = await t.api('POST', '/api/definitions/validate', {
      kind: 'process',
      body: bad,
    });
    expect(invalid.body.valid).toBe(false);
    expect(invalid.body.problems).toHaveLength(4);
  });
});
