/**
 * The decision definition kind through the HTTP API: loaded from definitions/decisions/<id>/,
 * listed and read like the other kinds (a broken file listed with its problems), validated with
 * the table lint (errors refuse, gaps warn), drafted and published as the next version's file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start } from '../fixtures/definitions.ts';

const rules = (...rows: [string, string][]) =>
  rows.map(([cause, route]) => ({ inputEntries: ['-', cause], outputEntries: [route] }));

const triage = (version: number, rows: [string, string][]) => ({
  id: 'triage',
  version,
  name: label('Claim triage', '理賠分流'),
  hitPolicy: 'UNIQUE',
  inputs: [
    { label: label('Amount', '金額'), expression: 'amount', type: 'number' },
    {
      label: label('Cause', '原因'),
      expression: 'cause',
      type: 'string',
      allowedValues: ['glass', 'theft', 'fire'],
    },
  ],
  outputs: [{ name: 'route', label: label('Route', '路線'), type: 'string' }],
  rules: rules(...rows),
});

const overlapping = {
  ...triage(1, [
    ['"glass"', '"fast-track"'],
    ['"glass", "fire"', '"standard"'],
    ['"theft"', '"investigation"'],
  ]),
  id: 'overlapping',
};

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: {
      ...files(process('noop', [start(), end()], [['start', 'end']])),
      'decisions/triage/v1.json': triage(1, [
        ['"glass"', '"fast-track"'],
        ['"theft", "fire"', '"investigation"'],
      ]),
      'decisions/overlapping/v1.json': overlapping,
    },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('the decision kind', () => {
  it('lists and reads decisions; a broken one with the lint finding at its cell', async () => {
    const list = await t.api('GET', '/api/definitions?kind=decision', undefined, {
      as: 'designer',
    });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        kind: 'decision',
        id: 'overlapping',
        latestVersion: null,
        problems: [
          expect.objectContaining({
            code: 'CW_ERR_DEF_DECISION_OVERLAP',
            pointer: '/rules/1',
            file: 'decisions/overlapping/v1.json',
          }),
        ],
      }),
      expect.objectContaining({ kind: 'decision', id: 'triage', latestVersion: 1, problems: [] }),
    ]);
    const one = await t.api('GET', '/api/definitions/decision/triage', undefined, {
      as: 'designer',
    });
    expect(one.status).toBe(200);
    expect(one.body.latestVersion).toBe(1);
    const schema = await t.api('GET', '/api/schemas/decision', undefined, { as: 'designer' });
    expect(schema.body.title).toBe('DecisionDefinition');
  });

  it('drafts the next version: errors refuse publishing, gaps warn, the fix publishes v2', async () => {
    // Given a draft whose rules overlap and leave fire uncovered
    const draft = triage(2, [
      ['"glass"', '"fast-track"'],
      ['"glass", "theft"', '"investigation"'],
    ]);
    const saved = await t.api(
      'PUT',
      '/api/drafts/decision/triage',
      { body: draft, baseVersion: 1 },
      { as: 'designer', lang: 'zh-Hant' },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.problems).toEqual([
      expect.objectContaining({ code: 'CW_ERR_DEF_DECISION_OVERLAP', pointer: '/rules/1' }),
    ]);
    expect(saved.body.warnings).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_DECISION_GAP',
        pointer: '/rules',
        message: expect.stringContaining('沒有規則涵蓋 cause = "fire"'),
      }),
    ]);
    // When it is published as it is, it is refused
    const refused = await t.api(
      'POST',
      '/api/drafts/decision/triage/publish',
      { note: 'Theft to investigation' },
      { as: 'designer' },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.details[0]).toMatchObject({ code: 'CW_ERR_DEF_DECISION_OVERLAP' });

    // And once the rules are disjoint and complete it publishes as v2, written as a file
    const fixed = triage(2, [
      ['"glass"', '"fast-track"'],
      ['"theft", "fire"', '"investigation"'],
    ]);
    fixed.rules[0]!.inputEntries[0] = '< 10000';
    await t.api(
      'PUT',
      '/api/drafts/decision/triage',
      { body: fixed, baseVersion: 1 },
      { as: 'designer' },
    );
    const published = await t.api(
      'POST',
      '/api/drafts/decision/triage/publish',
      { note: 'Fast track under 10,000 only' },
      { as: 'designer' },
    );
    expect(published.status).toBe(201);
    const file = JSON.parse(
      await readFile(join(t.definitionsDir, 'decisions/triage/v2.json'), 'utf8'),
    );
    expect(file.rules[0].inputEntries).toEqual(['< 10000', '"glass"']);
    const versions = await t.api('GET', '/api/definitions/decision/triage', undefined, {
      as: 'designer',
    });
    expect(versions.body.latestVersion).toBe(2);
  });
});
