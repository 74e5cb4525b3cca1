/**
 * FEEL's `now()` and `today()` read the engine's clock wherever an expression runs: a start
 * form's computed field, the business key, a task form's computed field, a gateway condition.
 * The engine's clock here is a ManualClock months away from the machine's, so an expression
 * that read the machine's clock would give another date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, service, start, userTask } from '../fixtures/definitions.ts';
import { DAY, complete, getInstance, settle, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given a form that records the day it is filed on
const dated = {
  id: 'dated',
  version: 1,
  title: label('Dated', '註明日期'),
  fields: [
    { key: 'note', type: 'text', label: label('Note', '備註') },
    { key: 'filedOn', type: 'text', compute: 'string(today())', label: label('Filed on', '日期') },
  ],
};
// and a process keyed by its start day, which routes by the time the review is done
const keyed = process(
  'keyed',
  [
    { ...start(), form: { id: 'dated' } },
    userTask('review', 'dated'),
    { id: 'when', type: 'exclusiveGateway', default: 'f4' },
    end('early', 'early'),
    end('late', 'late'),
  ],
  [
    ['start', 'review'],
    ['review', 'when'],
    ['when', 'early', 'now() < date and time("2026-05-05T00:00:00Z")'],
    ['when', 'late'],
  ],
  { businessKey: '"K-" + string(today())' },
);

// Given a process of the insurer's in Beijing time (issue 19, item 4): a report dated by its start
// form, stamped by a mapping, routed by the day, a reminder at 09:00 that day, and a review
const beijing = process(
  'beijing',
  [
    { ...start(), form: { id: 'dated' } },
    service('stamp', 'set-variables', {
      input: { stampedOn: 'string(date(now()))', stampedAt: 'string(now())' },
    }),
    { id: 'which-day', type: 'exclusiveGateway', default: 'f5' },
    { id: 'nine', type: 'timer', timer: { dateExpression: 'string(today()) + "T09:00:00"' } },
    userTask('review', 'dated'),
    end('done', 'done'),
  ],
  [
    ['start', 'stamp'],
    ['stamp', 'which-day'],
    ['which-day', 'nine', 'today() > date("2026-05-04")'],
    ['nine', 'review'],
    ['which-day', 'review'],
    ['review', 'done'],
  ],
  { timeZone: 'Asia/Shanghai', businessKey: '"R-" + string(today()) + "-" + note' },
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(keyed), 'forms/dated/v1.json': dated },
    start: '2026-05-04T08:00:00Z',
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe("FEEL's clock", () => {
  it("is the engine's in start forms, business keys, task forms and conditions", async () => {
    // When a case starts on the engine's 4 May
    const i = await startInstance(t, 'keyed', { note: 'hello' });

    // Then its start form's computed day and its business key are that day
    expect(i.variables.filedOn).toBe('2026-05-04');
    const [row] = await t.sql(`SELECT business_key FROM instances WHERE id = $1`, [i.id]);
    expect(row.business_key).toBe('K-2026-05-04');

    // When the review is done two days later on the engine's clock
    t.clock.advance(2 * DAY);
    const [review] = await tasksOf(t, i.id);
    await complete(t, review!.id, { note: 'done' });

    // Then the task form's day is the 6th and the condition saw the late instant
    const after = await getInstance(t, i.id);
    expect(after.variables.filedOn).toBe('2026-05-06');
    expect(after.status).toBe('completed');
    expect((await t.sql(`SELECT outcome FROM instances WHERE id = $1`, [i.id]))[0].outcome).toBe(
      'late',
    );
  });
});

describe('one clock in the process zone (issue 19, item 4)', () => {
  let b: TestEngine;
  beforeAll(async () => {
    b = await startTestEngine({
      definitions: { ...files(beijing), 'forms/dated/v1.json': dated },
      start: '2026-05-04T12:00:00Z',
    });
  });
  afterAll(async () => {
    await b.close();
    await dropTestData(b.schema, b.prefix);
  });

  // Between 00:00 and 08:00 in Beijing the UTC date is still the day before: every expression
  // of an Asia/Shanghai process counts the Beijing day, on the engine's clock.
  it.each([
    // engine instant (UTC)    Beijing day   stamped at                   timer at 09:00 Beijing
    ['2026-05-04T15:59:00Z', '2026-05-04', '2026-05-04T23:59:00+08:00', null],
    ['2026-05-04T16:00:00Z', '2026-05-05', '2026-05-05T00:00:00+08:00', '2026-05-05T01:00:00Z'],
    ['2026-05-04T19:30:00Z', '2026-05-05', '2026-05-05T03:30:00+08:00', '2026-05-05T01:00:00Z'],
    ['2026-05-04T23:59:00Z', '2026-05-05', '2026-05-05T07:59:00+08:00', '2026-05-05T01:00:00Z'],
  ])(
    'at %s it is %s in forms, keys, mappings, conditions, timers and the task form',
    async (instant, day, stamped, nine) => {
      b.clock.advance(Date.parse(instant) - b.clock.now());
      const note = instant.slice(11, 16);
      const i = await startInstance(b, 'beijing', { note });

      // the start form's computed day, the business key and the mapping's now() are Beijing's
      expect(i.variables).toMatchObject({ filedOn: day, stampedOn: day });
      // (the test clock runs on at real speed from each jump: the same minute, Beijing's offset)
      expect(i.variables.stampedAt).toMatch(
        new RegExp(`^${stamped.slice(0, 16)}:\\d\\d(\\.\\d+)?\\+08:00$`),
      );
      const [row] = await b.sql(`SELECT business_key FROM instances WHERE id = $1`, [i.id]);
      expect(row.business_key).toBe(`R-${day}-${note}`);

      // the gateway saw Beijing's day: from the 5th the case waits for 09:00 there
      if (nine === null) {
        expect(i.tokens).toEqual([expect.objectContaining({ nodeId: 'review' })]);
      } else {
        expect(i.tokens).toEqual([expect.objectContaining({ nodeId: 'nine' })]);
        const [timer] = await b.sql(
          `SELECT due_at FROM jobs WHERE instance_id = $1 AND node_id = 'nine'`,
          [i.id],
        );
        expect(timer.due_at.toISOString()).toBe(new Date(nine).toISOString());
      }
    },
  );

  it("gives a task's form the engine's clock and the process's zone", async () => {
    const i = await startInstance(b, 'beijing', { note: 'form' });
    const [review] = await b.sql(`SELECT id FROM tasks WHERE instance_id = $1`, [i.id]);
    if (!review) {
      // waiting for 09:00: let it come
      const [timer] = await b.sql(
        `SELECT due_at FROM jobs WHERE instance_id = $1 AND node_id = 'nine'`,
        [i.id],
      );
      b.clock.advance(timer.due_at.getTime() - b.clock.now());
      await settle(b);
    }
    const task = await b.until(async () => (await tasksOf(b, i.id))[0], 'review task');
    const res = await b.api('GET', `/api/tasks/${task.id}`);
    expect(res.body.clock.zone).toBe('Asia/Shanghai');
    const skew = Math.abs(Date.parse(res.body.clock.now) - b.clock.now());
    expect(skew).toBeLessThan(60_000); // the engine's clock (days from the machine's), read then
  });

  it("gives the form's editor preview the engine's clock and the zone of a process using it", async () => {
    // When a designer opens the form the Beijing process uses
    const res = await b.api('GET', '/api/definitions/form/dated');
    // Then its preview's today() counts the Beijing day on the engine's clock
    expect(res.status).toBe(200);
    expect(res.body.clock).toMatchObject({ zone: 'Asia/Shanghai', process: 'beijing' });
    expect(Math.abs(Date.parse(res.body.clock.now) - b.clock.now())).toBeLessThan(60_000);
    // and a process definition has no such clock
    expect((await b.api('GET', '/api/definitions/process/beijing')).body.clock).toBeNull();
  });
});

describe("a form's editor preview clock", () => {
  it('counts days in UTC for a process that declares no zone', async () => {
    const res = await t.api('GET', '/api/definitions/form/dated');
    expect(res.body.clock).toMatchObject({ zone: 'UTC', process: 'keyed' });
  });
});
