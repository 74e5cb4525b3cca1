/**
 * FEEL's `now()` and `today()` read the engine's clock wherever an expression runs: a start
 * form's computed field, the business key, a task form's computed field, a gateway condition.
 * The engine's clock here is a ManualClock months away from the machine's, so an expression
 * that read the machine's clock would give another date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import { DAY, complete, getInstance, startInstance, tasksOf } from '../helpers/scenario.ts';

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
