/**
 * The pure step at a business rule task: the decision table is read from the context (pinned
 * version or the latest), evaluated over the case's variables, its result written to the
 * result variable and the output mapping; a table that cannot decide holds the token with an
 * incident saying why (no rule matched, several under UNIQUE, not loaded), and a gateway retry
 * decides again from the variables then. Pure: no services, milliseconds.
 */
import { describe, expect, it } from 'vitest';
import type { DecisionDefinition } from '../generated/index.ts';
import { actions, contextAt, graphOf, run, waits, type NodeSpec } from './step-fixtures.ts';
import type { Effect, Event, PinnedDecision, StepContext } from './types.ts';

const label = (en: string) => ({ 'zh-Hant': en, en });

/** Glass under `below` goes to the fast track, any glass to standard; theft to investigation. */
const triage = (version: number, below: number, hitPolicy = 'UNIQUE'): DecisionDefinition =>
  ({
    id: 'triage',
    version,
    name: label('Triage'),
    hitPolicy,
    inputs: [
      { label: label('amount'), expression: 'amount', type: 'number' },
      { label: label('cause'), expression: 'cause', type: 'string' },
    ],
    outputs: [{ name: 'route', label: label('Route'), type: 'string' }],
    rules: [
      { inputEntries: [`< ${below}`, '"glass"'], outputEntries: ['"fast-track"'] },
      { inputEntries: [`>= ${below}`, '"glass"'], outputEntries: ['"standard"'] },
      { inputEntries: ['-', '"theft"'], outputEntries: ['"investigation"'] },
      { inputEntries: ['> 100000', '"theft"'], outputEntries: ['"large-loss"'] },
    ],
  }) as unknown as DecisionDefinition;

const TABLES: Record<number, DecisionDefinition> = { 1: triage(1, 5000), 2: triage(2, 1000) };

/** A context whose registry holds triage v1 and v2 (the latest: v2). */
const withTables = (tables = TABLES): StepContext => ({
  ...contextAt(),
  decision: (id, version): PinnedDecision | undefined => {
    if (id !== 'triage') return undefined;
    const v = version ?? Math.max(...Object.keys(tables).map(Number));
    const definition = tables[v];
    return definition ? { version: v, definition } : undefined;
  },
});

const ruleTask = (decision: { id: string; version?: number }): NodeSpec => ({
  id: 'd',
  type: 'businessRuleTask',
  name: label('Triage'),
  decision,
  resultVariable: 'triage',
  output: { route: 'result' },
});

const graph = (decision: { id: string; version?: number } = { id: 'triage', version: 1 }) =>
  graphOf(
    [{ id: 's', type: 'start' }, ruleTask(decision), { id: 'e', type: 'end' }],
    [
      ['s', 'd'],
      ['d', 'e'],
    ],
  );

const incident = (effects: readonly Effect[]) => {
  const e = effects.find((x) => x.type === 'openIncident');
  return e?.type === 'openIncident' ? e : undefined;
};

interface Row {
  says: string;
  decision?: { id: string; version?: number };
  variables: Record<string, unknown>;
  /** The route decided, or the incident's code when the table cannot decide. */
  route?: string;
  code?: string;
}

const ROWS: Row[] = [
  {
    says: 'pinned v1: glass under 5,000 is fast-tracked',
    variables: { amount: 3000, cause: 'glass' },
    route: 'fast-track',
  },
  {
    says: 'pinned v1: glass of 5,000 is standard',
    variables: { amount: 5000, cause: 'glass' },
    route: 'standard',
  },
  {
    says: 'no version: the latest (v2, fast track under 1,000)',
    decision: { id: 'triage' },
    variables: { amount: 3000, cause: 'glass' },
    route: 'standard',
  },
  {
    says: 'no rule matches under UNIQUE: held with an incident',
    variables: { amount: 10, cause: 'flood' },
    code: 'CW_ERR_DECISION_NO_MATCH',
  },
  {
    says: 'two rules match under UNIQUE: held, the hit policy broken',
    variables: { amount: 200000, cause: 'theft' },
    code: 'CW_ERR_DECISION_HIT_POLICY',
  },
  {
    says: 'a table the registry does not hold: held, not loaded',
    decision: { id: 'missing' },
    variables: { amount: 1, cause: 'glass' },
    code: 'CW_ERR_DECISION_FAILED',
  },
];

describe('step at a business rule task', () => {
  it.each(ROWS.map((r) => [r.says, r] as const))('%s', (_, row) => {
    const r = run(graph(row.decision), row.variables, [], withTables());
    if (row.route) {
      expect(r.state.status).toBe('completed');
      expect(r.state.variables).toMatchObject({ route: row.route, triage: row.route });
      expect(incident(r.last)).toBeUndefined();
    } else {
      expect(r.state.status).toBe('active');
      expect(waits(r.state)).toEqual(['d:gateway']);
      expect(incident(r.last)?.condition?.code).toBe(row.code);
      expect(r.state.variables).not.toHaveProperty('route');
    }
  });

  it('an incident retried decides again from the variables then', () => {
    // Given a case held at the table (a flood matches no rule)
    const held = run(graph(), { amount: 10, cause: 'flood' }, [], withTables());
    const jobId = incident(held.last)!.jobId;
    // When the variables are corrected and the incident retried
    const events: Event[] = [
      { type: 'variablesEdited', actor: 'sup', reason: 'typo', variables: { cause: 'glass' } },
      { type: 'gatewayRetried', jobId },
    ];
    const r = run(graph(), { amount: 10, cause: 'flood' }, events, withTables());
    // Then the table decides and the case goes on
    expect(r.state.variables).toMatchObject({ route: 'fast-track' });
    expect(r.state.status).toBe('completed');
    expect(actions(r.last)).toContain('instanceEnded:completed');
  });
});
