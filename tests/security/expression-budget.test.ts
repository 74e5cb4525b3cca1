/**
 * Runaway expressions cannot stall the engine (issue 14, item 5). Every FEEL evaluation has a
 * budget (steps, list and string sizes, result size, a wall-clock backstop) and regular
 * expressions run on RE2. Costs are measured in CPU time of this process, which hosts the
 * engine: before the budget, the catastrophic regex below took about 18 s of CPU and the nested
 * loop several seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start } from '../fixtures/definitions.ts';
import { history, startInstance } from '../helpers/scenario.ts';

const NESTED = 'count(for i in 1..3000 return for j in 1..3000 return j) > 0';
const CATASTROPHIC = 'matches(text, "(a+)+$")';
const EVIL_TEXT = `${'a'.repeat(28)}!`;

// Given a process whose gateway decides on a runaway loop, after a timer (so a job runs it)
const runaway = process(
  'runaway',
  [
    start(),
    { id: 'wait', type: 'timer', timer: { duration: 'PT1M' } },
    { id: 'decide', type: 'exclusiveGateway', default: 'f4' },
    end('big', 'big'),
    end('small', 'small'),
  ],
  [
    ['start', 'wait'],
    ['wait', 'decide'],
    ['decide', 'big', NESTED],
    ['decide', 'small'],
  ],
);
// And one whose gateway tests a pattern, with the text from the start
const pattern = process(
  'pattern',
  [
    start(),
    { id: 'decide', type: 'exclusiveGateway', default: 'f3' },
    end('yes', 'yes'),
    end('no', 'no'),
  ],
  [
    ['start', 'decide'],
    ['decide', 'yes', CATASTROPHIC],
    ['decide', 'no'],
  ],
);
// And a start form with a computed field that runs away, and a field whose pattern backtracks
const form = {
  id: 'runaway-form',
  version: 1,
  title: label('Runaway', '失控'),
  fields: [
    { key: 'code', type: 'text', pattern: '^(a+)+$', label: label('Code', '代碼') },
    { key: 'n', type: 'number', label: label('N', '數') },
    {
      key: 'total',
      type: 'number',
      compute: 'count(for i in 1..n return for j in 1..n return j)',
      label: label('Total', '總數'),
    },
  ],
};
const withForm = process(
  'with-form',
  [{ ...start(), form: { id: 'runaway-form' } }, end()],
  [['start', 'end']],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(runaway, pattern, withForm), 'forms/runaway-form/v1.json': form },
    start: '2026-05-04T08:00:00Z',
  });
  expect(t.engine.registry.problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** CPU milliseconds this process (the engine and the test) spends on `f`. */
async function cpuMs<T>(f: () => Promise<T>): Promise<[number, T]> {
  const before = process_.cpuUsage();
  const result = await f();
  const used = process_.cpuUsage(before);
  return [(used.user + used.system) / 1000, result];
}
const process_ = globalThis.process;

describe('expression budget', () => {
  it('validating a definition with a runaway expression costs little: it is only parsed', async () => {
    const body = process(
      'check',
      [start(), { id: 'gw', type: 'exclusiveGateway', default: 'f3' }, end('a'), end('b')],
      [
        ['start', 'gw'],
        ['gw', 'a', NESTED],
        ['gw', 'b'],
      ],
    );
    const [ms, res] = await cpuMs(() =>
      t.api('POST', '/api/definitions/validate', { kind: 'process', body }, { as: 'designer' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(true);
    expect(ms).toBeLessThan(1000);
  });

  it('the catastrophic pattern in a gateway finishes in well under a second of CPU', async () => {
    const [ms, i] = await cpuMs(() => startInstance(t, 'pattern', { text: EVIL_TEXT }));
    expect(i.status).toBe('completed');
    expect(i.outcome).toBe('no');
    expect(ms).toBeLessThan(1000);
  });

  it('a case whose gateway exceeds the budget gets an incident at that node; the engine keeps serving', async () => {
    // Given a case waiting on the timer before the runaway gateway
    const i = await startInstance(t, 'runaway');
    // When the timer fires
    t.clock.advance(120_000);
    const [incident] = await t.until(async () => {
      const r = await t.api('GET', `/api/incidents?status=open&instanceId=${i.id}`);
      return r.body.items?.length ? r.body.items : undefined;
    }, 'the incident');
    // Then the incident is at the gateway, an undecided condition naming the budget it ran out of
    // (since 6300e2e every condition neither true nor false holds its gateway with one code)
    expect(incident).toMatchObject({ instanceId: i.id, nodeId: 'decide' });
    expect(incident.error).toMatch(
      /^CW_ERR_GATEWAY_CONDITION: flow \S+: .* failed \(CW_ERR_EXPRESSION_LIMIT: /,
    );
    // And the engine still serves other cases
    const other = await startInstance(t, 'pattern', { text: 'aaa' });
    expect(other.outcome).toBe('yes');
    expect(
      (await history(t, i.id)).some((h) => h.type === 'node.left' && h.nodeId === 'decide'),
    ).toBe(false);
  });

  it('a submission whose computed field exceeds the budget is a 4xx at that field', async () => {
    const res = await t.api('POST', '/api/instances', {
      processId: 'with-form',
      variables: { n: 3000 },
    });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      expect.objectContaining({ code: 'CW_ERR_EXPRESSION_LIMIT', pointer: '/variables/total' }),
    ]);
    const zh = await t.api(
      'POST',
      '/api/instances',
      { processId: 'with-form', variables: { n: 3000 } },
      { lang: 'zh-Hant' },
    );
    expect(zh.body.details[0].message).toMatch(/預算/);
  });

  it("a field's backtracking pattern is matched by RE2 in linear time", async () => {
    const [ms, res] = await cpuMs(() =>
      t.api('POST', '/api/instances', {
        processId: 'with-form',
        variables: { code: EVIL_TEXT, n: 2 },
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({ code: 'CW_ERR_FORM_INVALID', pointer: '/variables/code' }),
    ]);
    expect(ms).toBeLessThan(1000);
  });
});
