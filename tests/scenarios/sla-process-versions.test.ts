/**
 * An SLA over a range of process versions (`process.versions`, e.g. ">=4"): a case on process
 * version V gets, per SLA, the latest SLA version that measures V, so publishing an SLA version
 * for the new process versions leaves the running versions' clocks in place; an SLA that
 * measures no loaded process version is refused with its pointer, in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  writeDefinitions,
  type TestEngine,
} from '../helpers/engine.ts';
import { HOUR, startInstance } from '../helpers/scenario.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { calendars, sla, slaProbe } from '../fixtures/slas.ts';

const T0 = '2026-03-02T09:00:00Z';
const desk = (version: number) =>
  process(
    'desk',
    [start(), userTask('answer', 'ack'), end()],
    [
      ['start', 'answer'],
      ['answer', 'end'],
    ],
    {},
    version,
  );
const reply = (version: number, ref: Record<string, unknown>, hours: number) =>
  sla(
    'reply',
    'desk',
    {
      process: { id: 'desk', ...ref },
      target: { duration: `PT${hours}H` },
      start: [{ event: 'instanceStarted' }],
    },
    version,
  );

let t: TestEngine;
let probe: ReturnType<typeof slaProbe>;
beforeAll(async () => {
  // Given desk v1 and v2, and a reply SLA whose v1 measures desk v1 only (8 hours)
  t = await startTestEngine({
    start: T0,
    definitions: {
      ...files(desk(1), desk(2)),
      ...calendars(),
      'slas/reply/v1.json': reply(1, { version: 1 }, 8),
    },
  });
  probe = slaProbe(t);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const clockOf = async (version: number) => {
  const { id } = await startInstance(t, 'desk', {}, { version });
  return probe.clock(id, 'reply');
};
const publish = async (defs: Record<string, unknown>) => {
  await writeDefinitions(defs, t.definitionsDir);
  return (await t.engine.reloadDefinitions()).problems;
};

describe('an SLA measuring a range of process versions', () => {
  it('gives each case the latest SLA version that measures its process version', async () => {
    expect(await clockOf(1)).toMatchObject({ slaVersion: 1, target: 'PT8H' });
    expect(await clockOf(2)).toBeUndefined();

    // When reply v2 measures desk ">=2" (4 hours)
    expect(await publish({ 'slas/reply/v2.json': reply(2, { versions: '>=2' }, 4) })).toEqual([]);
    // Then desk v1 cases still get their 8-hour clock (v2 does not measure them), v2 cases get v2's
    expect(await clockOf(1)).toMatchObject({ slaVersion: 1, target: 'PT8H' });
    const v2 = (await clockOf(2))!;
    expect(v2).toMatchObject({ slaVersion: 2, target: 'PT4H' });
    expect(Date.parse(v2.dueAt!) - Date.parse(v2.startedAt)).toBe(4 * HOUR);

    // When reply v3 measures "1 || >=2" (6 hours): every case follows it
    expect(await publish({ 'slas/reply/v3.json': reply(3, { versions: '1 || >=2' }, 6) })).toEqual(
      [],
    );
    expect(await clockOf(1)).toMatchObject({ slaVersion: 3, target: 'PT6H' });
    expect(await clockOf(2)).toMatchObject({ slaVersion: 3, target: 'PT6H' });
  });

  it('refuses an SLA that measures no loaded version, or a range it cannot read, with the pointer', async () => {
    const validate = (process: Record<string, unknown>, lang: string) =>
      t.api(
        'POST',
        '/api/definitions/validate',
        { kind: 'sla', body: { ...reply(9, {}, 1), process } },
        { lang },
      );
    const none = await validate({ id: 'desk', versions: '>=3' }, 'en');
    expect(none.status).toBe(200);
    expect(none.body.problems).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
        pointer: '/process/versions',
        message: expect.stringContaining('no such version is loaded (versions 1, 2)'),
      }),
    ]);
    const zh = await validate({ id: 'desk', version: 7 }, 'zh-Hant');
    expect(zh.body.problems).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
        pointer: '/process/version',
        message: expect.stringContaining('沒有符合的已載入版本（現有版本 1, 2）'),
      }),
    ]);
    for (const process of [
      { id: 'desk', versions: 'latest' },
      { id: 'desk', versions: '>= 2' },
      { id: 'desk', version: 2, versions: '>=2' },
    ]) {
      const bad = await validate(process, 'en');
      expect(bad.body.problems.length, JSON.stringify(process)).toBeGreaterThan(0);
      for (const p of bad.body.problems) {
        expect(p.code).toBe('CW_ERR_DEF_SCHEMA');
        expect(p.pointer).toMatch(/^\/process/);
      }
    }

    // And a file that measures no version is reported at loading; the others still load
    const problems = await publish({
      'slas/orphan/v1.json': { ...reply(1, { versions: '>=5' }, 1), id: 'orphan' },
    });
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
        pointer: '/process/versions',
      }),
    ]);
    expect(await clockOf(2)).toMatchObject({ slaVersion: 3 });
  });
});
