/**
 * Business rule tasks (issue 20): a claim is routed by a decision table pinned to its version,
 * the result mapped into the case's variables; a table that cannot decide (no rule, several
 * under UNIQUE) holds the case at the task with an incident showing the inputs it read (personal
 * data masked), and a retry with the inputs corrected evaluates it again. Through the HTTP API
 * with the real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start } from '../fixtures/definitions.ts';
import { history, startInstance, untilStatus } from '../helpers/scenario.ts';

const column = (expression: string, type: string, allowedValues?: unknown[]) => ({
  label: label(expression),
  expression,
  type,
  ...(allowedValues ? { allowedValues } : {}),
});
const rule = (inputEntries: string[], outputEntries: string[]) => ({
  inputEntries,
  outputEntries,
});

// Given a triage table (v1 sends glass under 5,000 to the fast track) and a stricter v2
const triage = (version: number, fastTrackBelow: number) => ({
  id: 'triage',
  version,
  name: label('Claim triage', '理賠分流'),
  hitPolicy: 'UNIQUE',
  inputs: [
    column('amount', 'number'),
    column('cause', 'string', ['glass', 'theft', 'fire', 'flood']),
    column('idNumber', 'string'),
  ],
  outputs: [
    { name: 'route', label: label('Route'), type: 'string' },
    { name: 'reviewers', label: label('Reviewers'), type: 'number' },
  ],
  rules: [
    rule([`< ${fastTrackBelow}`, '"glass"', '-'], ['"fast-track"', '0']),
    rule([`>= ${fastTrackBelow}`, '"glass"', '-'], ['"standard"', '1']),
    rule(['-', '"theft", "fire"', '-'], ['"investigation"', '2']),
    // a mistake a rule owner might make: fire again, above the large-loss line (overlaps rule 3,
    // which the lint cannot prove: the cell reads a variable)
    rule(['> largeLoss', '"fire"', '-'], ['"investigation"', '3']),
  ],
});

// And a claim process routing by v1, pinned, with the result's route mapped to a variable
const claim = process(
  'routed-claim',
  [
    start(),
    {
      id: 'triage',
      type: 'businessRuleTask',
      name: label('Triage', '分流'),
      decision: { id: 'triage', version: 1 },
      resultVariable: 'triage',
      output: { route: 'result.route' },
    },
    { id: 'way', type: 'exclusiveGateway', default: 'f-other' },
    end('fast', 'fast-track'),
    end('other', 'other'),
  ],
  [
    ['start', 'triage'],
    ['triage', 'way'],
    ['way', 'fast', 'route = "fast-track"'],
    ['way', 'other'],
  ],
  { search: { idNumber: 'idNumber' } },
);
claim.flows[3]!.id = 'f-other';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: {
      ...files(claim),
      'decisions/triage/v1.json': triage(1, 5000),
      'decisions/triage/v2.json': triage(2, 1000),
    },
  });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

const openIncidents = async (id: string) =>
  (await t.api('GET', `/api/incidents?instanceId=${id}&status=open`)).body.items as {
    id: string;
    jobId: string;
    nodeId: string;
    error: string;
  }[];

describe('a business rule task', () => {
  it('routes by its pinned version and maps the result into variables', async () => {
    // When a 3,000 glass claim starts (v2 would send it to standard)
    const i = await startInstance(t, 'routed-claim', {
      amount: 3000,
      cause: 'glass',
      idNumber: 'A123456789',
    });
    // Then v1 decides: fast track, the whole result and the mapped route in the variables
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('fast-track');
    expect(done.variables).toMatchObject({
      triage: { route: 'fast-track', reviewers: 0 },
      route: 'fast-track',
    });
    const evaluated = (await history(t, i.id)).find((h) => h.type === 'decision.evaluated');
    expect(evaluated).toMatchObject({
      nodeId: 'triage',
      data: { decision: 'triage', version: 1, matched: [0] },
    });
  });

  it('holds the case with an incident when no rule matches, showing what it read masked; a corrected retry moves on', async () => {
    // When a flood claim starts (no rule covers flood)
    const i = await startInstance(t, 'routed-claim', {
      amount: 800,
      cause: 'flood',
      idNumber: 'A123456789',
    });
    expect(i.status).toBe('active');
    expect(i.tokens).toEqual([expect.objectContaining({ nodeId: 'triage' })]);
    const [incident] = await openIncidents(i.id);
    expect(incident).toMatchObject({ nodeId: 'triage' });
    expect(incident!.error).toBe(
      'CW_ERR_DECISION_NO_MATCH: decision triage v1: no rule matched under UNIQUE; it read amount, cause, idNumber',
    );
    const detail = await t.api('GET', `/api/incidents/${incident!.id}`);
    expect(detail.body.details.condition).toEqual({
      code: 'CW_ERR_DECISION_NO_MATCH',
      decision: { id: 'triage', version: 1, hitPolicy: 'UNIQUE' },
      read: { amount: 800, cause: 'flood', idNumber: expect.not.stringContaining('123456') },
    });
    expect(detail.body.actions).toMatchObject({ retry: true, retryWithVariables: true });

    // When an operator corrects the cause through the retry, the table decides again
    const fixed = await t.api('POST', `/api/incidents/${incident!.id}/retry`, {
      variables: { cause: 'glass' },
      reason: 'glass breakage, per the photos',
    });
    expect(fixed.status).toBe(202);
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.variables).toMatchObject({ route: 'fast-track' });
  });

  it('holds the case when several rules match under UNIQUE, naming them', async () => {
    const i = await startInstance(t, 'routed-claim', {
      amount: 2_000_000,
      largeLoss: 1_000_000,
      cause: 'fire',
      idNumber: 'A123456789',
    });
    const [incident] = await t.until(async () => {
      const open = await openIncidents(i.id);
      return open.length ? open : undefined;
    }, 'incident');
    expect(incident!.error).toBe(
      'CW_ERR_DECISION_HIT_POLICY: decision triage v1: rules 3, 4 matched under UNIQUE; it read amount, cause, idNumber',
    );
    const detail = await t.api('GET', `/api/incidents/${incident!.id}`);
    expect(detail.body.details.condition.decision).toEqual({
      id: 'triage',
      version: 1,
      hitPolicy: 'UNIQUE',
      matched: [2, 3],
    });
  });

  it('refuses a process naming a decision table the engine does not have', async () => {
    const body = structuredClone(claim);
    (body.nodes[1] as unknown as { decision: unknown }).decision = { id: 'triage', version: 9 };
    const res = await t.api('POST', '/api/definitions/validate', { kind: 'process', body });
    expect(res.body.problems ?? res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
          pointer: '/nodes/1/decision',
        }),
      ]),
    );
  });
});
