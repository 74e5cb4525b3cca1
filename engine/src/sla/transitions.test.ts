/**
 * SLA transitions, pure: which clocks a step's events start, pause, resume, reset, stop or
 * cancel (docs/slas.md, "Clocks"), as a table of SLAs, events and the changes they make; then
 * properties over generated SLAs and event sequences. No services: milliseconds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SlaCondition, SlaDefinition } from '../generated/index.ts';
import { DAY, HOUR, NATURAL, compileCalendar } from '../time/index.ts';
import { elapsedAt, type ClockState } from './clock.ts';
import { slaTransitions, type SlaEvent, type SlaTransitionResult } from './transitions.ts';

const NOW = Date.parse('2026-03-02T09:00:00Z');
const name = { 'zh-Hant': '測試', en: 'Test' };
const shanghaiOpen = compileCalendar({
  id: 'shanghai',
  version: 1,
  name,
  timeZone: 'Asia/Shanghai',
  alwaysOpen: true,
});
const calendar = (id: string) => (id === 'shanghai' ? shanghaiOpen : NATURAL);

const sla = (over: Partial<SlaDefinition> = {}): SlaDefinition => ({
  id: 's',
  version: 1,
  name,
  process: { id: 'p' },
  calendar: { id: 'natural' },
  target: { duration: 'P30D' },
  start: [{ event: 'instanceStarted' }],
  ...over,
});

function transit(
  slas: SlaDefinition[],
  events: SlaEvent[],
  opts: {
    clocks?: ClockState[];
    variables?: Record<string, unknown>;
    now?: number;
    versions?: SlaDefinition[];
  } = {},
): SlaTransitionResult {
  const all = [...(opts.versions ?? []), ...slas];
  return slaTransitions({
    instanceId: 'i1',
    slas,
    slaVersion: (id, version) => all.find((s) => s.id === id && s.version === version)!,
    calendar: (id) => calendar(id),
    clocks: opts.clocks ?? [],
    events,
    variables: opts.variables ?? {},
    now: opts.now ?? NOW,
  });
}

/** The log as `clock:change`. */
const changes = (r: SlaTransitionResult) => r.log.map((l) => `${l.clockId}:${l.change}`);

/** A running instance clock of `def`, started at NOW (from the table's first step). */
const running = (def: SlaDefinition, at = NOW) =>
  transit([def], [{ type: 'instanceStarted' }], { now: at }).changed[0]!;
const paused = (def: SlaDefinition) =>
  slaTransitions({
    instanceId: 'i1',
    slas: [def],
    slaVersion: () => def,
    calendar: () => NATURAL,
    clocks: [running(def)],
    events: [{ type: 'nodeEntered', nodeId: 'wait' }],
    variables: {},
    now: NOW + HOUR,
  }).changed[0]!;

const awaitDocuments = sla({
  pause: [{ event: 'nodeEntered', node: 'wait' }],
  resume: [{ event: 'messageReceived', message: 'docs' }],
  stop: [{ event: 'nodeEntered', node: 'decided' }],
});

interface Row {
  says: string;
  slas: SlaDefinition[];
  events: SlaEvent[];
  clocks?: ClockState[];
  variables?: Record<string, unknown>;
  changes: string[];
}

const ROWS: Row[] = [
  {
    says: 'starts on its start event',
    slas: [sla()],
    events: [{ type: 'instanceStarted' }],
    changes: ['i1.sla-s:start'],
  },
  {
    says: 'does not start on another event',
    slas: [sla()],
    events: [{ type: 'nodeEntered', nodeId: 'x' }],
    changes: [],
  },
  {
    says: 'does not start when the condition’s FEEL is not true',
    slas: [sla({ start: [{ event: 'instanceStarted', when: 'amount > 1000' }] })],
    events: [{ type: 'instanceStarted' }],
    variables: { amount: 500 },
    changes: [],
  },
  {
    says: 'starts when the condition’s FEEL is true',
    slas: [sla({ start: [{ event: 'instanceStarted', when: 'amount > 1000' }] })],
    events: [{ type: 'instanceStarted' }],
    variables: { amount: 5000 },
    changes: ['i1.sla-s:start'],
  },
  {
    says: 'an existing clock is not started again',
    slas: [sla({ start: [{ event: 'nodeEntered' }] })],
    events: [{ type: 'nodeEntered', nodeId: 'a' }],
    clocks: [running(sla())],
    changes: [],
  },
  {
    says: 'pauses on entering the node its pause names, not another',
    slas: [awaitDocuments],
    events: [
      { type: 'nodeEntered', nodeId: 'other' },
      { type: 'nodeEntered', nodeId: 'wait' },
    ],
    clocks: [running(awaitDocuments)],
    changes: ['i1.sla-s:pause'],
  },
  {
    says: 'resumes on the message its resume names',
    slas: [awaitDocuments],
    events: [{ type: 'messageReceived', nodeId: 'wait', message: 'docs' }],
    clocks: [paused(awaitDocuments)],
    changes: ['i1.sla-s:resume'],
  },
  {
    says: 'pausing a paused clock changes nothing',
    slas: [awaitDocuments],
    events: [{ type: 'nodeEntered', nodeId: 'wait' }],
    clocks: [paused(awaitDocuments)],
    changes: [],
  },
  {
    says: 'stops on its stop event',
    slas: [awaitDocuments],
    events: [{ type: 'nodeEntered', nodeId: 'decided' }],
    clocks: [running(awaitDocuments)],
    changes: ['i1.sla-s:stop'],
  },
  {
    says: 'stops, paused or not, when the instance completes',
    slas: [awaitDocuments],
    events: [{ type: 'instanceCompleted' }],
    clocks: [paused(awaitDocuments)],
    changes: ['i1.sla-s:stop'],
  },
  {
    says: 'is cancelled when the instance is cancelled',
    slas: [sla()],
    events: [{ type: 'instanceCancelled' }],
    clocks: [running(sla())],
    changes: ['i1.sla-s:cancel'],
  },
  {
    says: 'an explicit cancel on the same event wins over the implicit stop',
    slas: [sla({ cancel: [{ event: 'instanceCompleted', when: 'withdrawn = true' }] })],
    events: [{ type: 'instanceCompleted' }],
    clocks: [running(sla())],
    variables: { withdrawn: true },
    changes: ['i1.sla-s:cancel'],
  },
  {
    says: 'a `variable` condition is checked once after the step’s events',
    slas: [sla({ pause: [{ event: 'variable', when: 'onHold = true' }] })],
    events: [{ type: 'nodeEntered', nodeId: 'a' }],
    clocks: [running(sla())],
    variables: { onHold: true },
    changes: ['i1.sla-s:pause'],
  },
  {
    says: 'per event the lists are checked in order: resume, then pause',
    slas: [
      sla({
        pause: [{ event: 'nodeEntered', node: 'wait' }],
        resume: [{ event: 'nodeEntered', node: 'wait' }],
      }),
    ],
    events: [{ type: 'nodeEntered', nodeId: 'wait' }],
    clocks: [paused(awaitDocuments)],
    changes: ['i1.sla-s:resume', 'i1.sla-s:pause'],
  },
  {
    says: 'resets on a submitted form that asks for it',
    slas: [sla({ reset: [{ event: 'taskCompleted', when: 'form.decision = "reopen"' }] })],
    events: [
      { type: 'taskCompleted', nodeId: 'review', taskId: 'k1', form: { decision: 'reopen' } },
    ],
    clocks: [running(sla())],
    changes: ['i1.sla-s:reset'],
  },
  // task scope
  ...(() => {
    const review = sla({ scope: 'task', nodes: ['review'], start: undefined });
    const clock = transit(
      [review],
      [{ type: 'taskCreated', nodeId: 'review', taskId: 'i1.k3' }],
    ).changed;
    return [
      {
        says: 'task scope: a clock per task created at its nodes',
        slas: [review],
        events: [
          { type: 'taskCreated', nodeId: 'other', taskId: 'i1.k2' },
          { type: 'taskCreated', nodeId: 'review', taskId: 'i1.k3' },
        ],
        changes: ['i1.k3.sla-s:start'],
      },
      {
        says: 'task scope: stops when its task is completed, not another',
        slas: [review],
        events: [
          { type: 'taskCompleted', nodeId: 'review', taskId: 'i1.k9', form: {} },
          { type: 'taskCompleted', nodeId: 'review', taskId: 'i1.k3', form: {} },
        ],
        clocks: clock,
        changes: ['i1.k3.sla-s:stop'],
      },
      {
        says: 'task scope: is cancelled with its task',
        slas: [review],
        events: [{ type: 'taskCancelled', taskId: 'i1.k3' }],
        clocks: clock,
        changes: ['i1.k3.sla-s:cancel'],
      },
      {
        says: 'task scope: start conditions narrow which tasks are measured',
        slas: [
          sla({
            scope: 'task',
            nodes: ['review'],
            start: [{ event: 'taskCreated', when: 'amount > 1000' }],
          }),
        ],
        events: [{ type: 'taskCreated', nodeId: 'review', taskId: 'i1.k3' }],
        variables: { amount: 10 },
        changes: [],
      },
    ] satisfies Row[];
  })(),
];

describe('slaTransitions', () => {
  it.each(ROWS.map((r) => [r.says, r] as const))('%s', (_, row) => {
    const r = transit(row.slas, row.events, {
      ...(row.clocks ? { clocks: row.clocks } : {}),
      ...(row.variables ? { variables: row.variables } : {}),
    });
    expect(changes(r)).toEqual(row.changes);
    expect(r.changed.map((c) => c.id).sort()).toEqual(
      [...new Set(row.changes.map((c) => c.slice(0, c.lastIndexOf(':'))))].sort(),
    );
  });

  it('a clock counts its target in its calendar from the start', () => {
    const [c] = transit([sla()], [{ type: 'instanceStarted' }]).changed;
    expect(c).toMatchObject({ status: 'running', startedAt: NOW, dueAt: NOW + 30 * DAY, cycle: 1 });
    expect(c!.targetMs).toBe(30 * DAY);
  });

  it('a target expression is evaluated at the start; one that fails starts nothing and says why', () => {
    const bySeverity = sla({
      target: { expression: 'if severity = "high" then "P1D" else "P5D"' },
    });
    expect(
      transit([bySeverity], [{ type: 'instanceStarted' }], { variables: { severity: 'high' } })
        .changed[0]!.dueAt,
    ).toBe(NOW + DAY);
    const broken = transit(
      [sla({ target: { expression: 'days' } })],
      [{ type: 'instanceStarted' }],
      {
        variables: { days: 3 },
      },
    );
    expect(broken.changed).toEqual([]);
    expect(broken.failed).toEqual([
      expect.objectContaining({ slaId: 's', code: 'CW_ERR_EXPRESSION_FAILED' }),
    ]);
  });

  it.each([
    ['2026-02-27T09:00:00Z', '2026-02-27T09:00:00.000Z', 'an earlier instant'],
    [
      '2026-02-27T09:00:00',
      '2026-02-27T01:00:00.000Z',
      'a local date-time, in the calendar’s zone',
    ],
    ['2026-02-27', '2026-02-26T16:00:00.000Z', 'a date: local midnight in the calendar’s zone'],
    ['2026-03-05T09:00:00Z', '2026-03-02T09:00:00.000Z', 'a future instant: now'],
    ['soon', '2026-03-02T09:00:00.000Z', 'not a date-time: now'],
  ])('startAt %s counts from %s (%s)', (receivedAt, startedAt) => {
    const def = sla({ startAt: 'receivedAt', calendar: { id: 'shanghai' } });
    const [c] = transit([def], [{ type: 'instanceStarted' }], {
      variables: { receivedAt },
    }).changed;
    expect(new Date(c!.startedAt).toISOString()).toBe(startedAt);
  });

  it('a running clock keeps the conditions of the version it started with', () => {
    const v1 = sla({ pause: [{ event: 'nodeEntered', node: 'old-wait' }] });
    const v2 = sla({ version: 2, pause: [{ event: 'nodeEntered', node: 'new-wait' }] });
    const clock = running(v1);
    const r = (node: string) =>
      changes(
        transit([v2], [{ type: 'nodeEntered', nodeId: node }], { clocks: [clock], versions: [v1] }),
      );
    expect(r('old-wait')).toEqual(['i1.sla-s:pause']);
    expect(r('new-wait')).toEqual([]);
  });

  it('a clock whose SLA is no longer loaded still ends with its instance', () => {
    const clock = running(sla());
    const r = transit([], [{ type: 'instanceCompleted' }], { clocks: [clock], versions: [sla()] });
    expect(changes(r)).toEqual(['i1.sla-s:stop']);
  });
});

// ---- properties over generated SLAs and event sequences ----------------------------------

const EVENTS: SlaEvent[] = [
  { type: 'nodeEntered', nodeId: 'a' },
  { type: 'nodeEntered', nodeId: 'b' },
  { type: 'nodeLeft', nodeId: 'a' },
  { type: 'taskCreated', nodeId: 'a', taskId: 'k1' },
  { type: 'taskCompleted', nodeId: 'a', taskId: 'k1', form: { again: true } },
  { type: 'taskCancelled', taskId: 'k1' },
  { type: 'messageReceived', nodeId: 'b', message: 'm' },
];
const condition: fc.Arbitrary<SlaCondition> = fc.oneof(
  fc.constant<SlaCondition>({ event: 'nodeEntered', node: 'a' }),
  fc.constant<SlaCondition>({ event: 'nodeEntered', node: 'b' }),
  fc.constant<SlaCondition>({ event: 'nodeLeft' }),
  fc.constant<SlaCondition>({ event: 'taskCompleted', when: 'form.again = true' }),
  fc.constant<SlaCondition>({ event: 'messageReceived', message: 'm' }),
  fc.constant<SlaCondition>({ event: 'variable', when: 'flag = true' }),
);
const conditions = fc.option(fc.array(condition, { minLength: 1, maxLength: 2 }), {
  nil: undefined,
});
const generatedSla: fc.Arbitrary<SlaDefinition> = fc
  .record({
    scope: fc.constantFrom<'instance' | 'task'>('instance', 'task'),
    pause: conditions,
    resume: conditions,
    reset: conditions,
    stop: conditions,
    cancel: conditions,
    target: fc.constantFrom('PT4H', 'P1D', 'P3D'),
  })
  .map(({ scope, target, ...lists }) =>
    sla({
      scope,
      ...(scope === 'task' ? { nodes: ['a'], start: undefined } : {}),
      ...Object.fromEntries(Object.entries(lists).filter(([, v]) => v !== undefined)),
      target: { duration: target },
    }),
  );
/** A case's steps: each a few events, a flag value and a gap; the last may end the case. */
const steps = fc.array(
  fc.record({
    events: fc.array(fc.constantFrom(...EVENTS), { maxLength: 3 }),
    flag: fc.boolean(),
    gap: fc.integer({ min: 0, max: 2 * DAY }),
  }),
  { maxLength: 10 },
);
const ending = fc.constantFrom<SlaEvent['type'] | null>(
  null,
  'instanceCompleted',
  'instanceCancelled',
);

describe('properties of SLA transitions', () => {
  it('ended clocks stay ended, time used only grows but on a reset, an ended case leaves no clock running', () => {
    fc.assert(
      fc.property(generatedSla, steps, ending, (def, plan, end) => {
        const clocks = new Map<string, ClockState>();
        let now = NOW;
        const run = (events: SlaEvent[], flag: boolean) => {
          const before = new Map(clocks);
          const r = transit([def], events, {
            clocks: [...clocks.values()],
            variables: { flag },
            now,
          });
          const logged = new Set(r.log.map((l) => l.clockId));
          for (const c of r.changed) {
            expect(logged.has(c.id), 'a change is logged').toBe(true);
            const old = before.get(c.id);
            if (old) {
              expect(
                old.status === 'stopped' || old.status === 'cancelled',
                'an ended clock changed',
              ).toBe(false);
              const reset = r.log.some((l) => l.clockId === c.id && l.change === 'reset');
              if (!reset)
                expect(elapsedAt(c, now, NATURAL)).toBeGreaterThanOrEqual(
                  elapsedAt(old, now, NATURAL),
                );
            } else expect(r.log.find((l) => l.clockId === c.id)?.change).toBe('start');
            clocks.set(c.id, c);
          }
          // one clock per instance, or per task measured
          for (const c of clocks.values())
            expect(c.id).toBe(c.taskId === null ? 'i1.sla-s' : `${c.taskId}.sla-s`);
        };
        run([{ type: 'instanceStarted' }], false);
        for (const step of plan) {
          now += step.gap;
          // time paused does not count
          for (const c of clocks.values())
            if (c.status !== 'running') expect(elapsedAt(c, now, NATURAL)).toBe(c.elapsedMs);
          run(step.events, step.flag);
        }
        if (end) {
          now += HOUR;
          run([{ type: end }], false);
          for (const c of clocks.values())
            expect(['stopped', 'cancelled'], `${c.id} after ${end}`).toContain(c.status);
        }
      }),
      { numRuns: 150 },
    );
  });
});
