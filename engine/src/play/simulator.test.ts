/**
 * The play simulator, pure: a sandbox run of a process with a simulated clock. Each test plays
 * a small process as a designer would and checks what the engine would have done, at the
 * simulated instant it would have done it.
 */
import { describe, expect, it } from 'vitest';
import { DefinitionRegistry, contentHash, type DefinitionKind } from '../definitions/index.ts';
import { isCasewayError } from '../errors.ts';
import type { ProcessDefinition, SlaDefinition } from '../generated/index.ts';
import { PlayDefinitions } from './definitions.ts';
import { dryActions } from './dry-actions.ts';
import type { PlayContext } from './sandbox.ts';
import { runScenario, scenarioOf } from './scenario.ts';
import { newPlay, playAction } from './simulator.ts';
import type { PlayAction, PlayState, PlaySubject } from './types.ts';

const label = (en: string, zh = en) => ({ 'zh-Hant': zh, en });
// Friday 2027-03-05 16:00 UTC
const FRIDAY_4PM = Date.parse('2027-03-05T16:00:00Z');
const H = 3600_000;

const form = (id: string, fields: unknown[]) => ({ id, version: 1, title: label(id), fields });
const FORMS = [
  form('report', [
    { key: 'plate', type: 'text', required: true, label: label('Plate') },
    { key: 'amount', type: 'number', min: 0, required: true, label: label('Amount') },
  ]),
  form('decide', [
    { key: 'ok', type: 'boolean', required: true, label: label('OK') },
    { key: 'why', type: 'text', requiredIf: 'ok = false', label: label('Why') },
  ]),
];
const office = [{ from: '09:00', to: '17:00' }];
const CALENDARS = [
  {
    id: 'office',
    version: 1,
    name: label('Office'),
    timeZone: 'UTC',
    workingHours: { mon: office, tue: office, wed: office, thu: office, fri: office },
  },
];

function registry(extra: { kind: DefinitionKind; body: { id: string; version: number } }[] = []) {
  const r = new DefinitionRegistry();
  const all = [
    ...FORMS.map((body) => ({ kind: 'form' as const, body })),
    ...CALENDARS.map((body) => ({ kind: 'calendar' as const, body })),
    ...extra,
  ];
  for (const { kind, body } of all)
    r.add({
      kind,
      id: body.id,
      version: body.version,
      hash: contentHash(body),
      body,
      source: null,
      present: true,
    });
  return r;
}

type Flow = [string, string, string?];
function processOf(id: string, nodes: unknown[], flows: Flow[], version = 1): ProcessDefinition {
  return {
    id,
    version,
    name: label(id),
    nodes,
    flows: flows.map(([from, to, condition], i) => ({
      id: `f${i + 1}`,
      from,
      to,
      ...(condition ? { condition } : {}),
    })),
  } as unknown as ProcessDefinition;
}

/** Windscreen repair: report, a review task with a reminder after an hour, then by amount. */
const windscreen = (condition = 'amount > 100') =>
  processOf(
    'windscreen',
    [
      { id: 'start', type: 'start', form: { id: 'report' } },
      {
        id: 'review',
        type: 'userTask',
        name: label('Review', '審核'),
        form: { id: 'decide' },
        candidateGroups: '["glass"]',
      },
      {
        id: 'remind',
        type: 'boundaryTimer',
        attachedTo: 'review',
        interrupting: false,
        timer: { duration: 'PT1H' },
      },
      { id: 'reminded', type: 'end' },
      { id: 'gw', type: 'exclusiveGateway', default: 'f5' },
      { id: 'repair', type: 'userTask', name: label('Repair', '維修'), form: { id: 'decide' } },
      { id: 'done', type: 'end', outcome: 'repaired' },
      { id: 'small', type: 'end', name: label('Small', '小額'), outcome: 'small' },
    ],
    [
      ['start', 'review'],
      ['remind', 'reminded'],
      ['review', 'gw'],
      ['gw', 'repair', condition],
      ['gw', 'small'],
      ['repair', 'done'],
    ],
  );

/** 2 working days (office calendar) from the start, warning at 50%. */
const twoDays: SlaDefinition = {
  id: 'glass-sla',
  version: 1,
  name: label('Glass', '玻璃'),
  process: { id: 'windscreen' },
  calendar: { id: 'office' },
  target: { duration: 'P2D' },
  start: [{ event: 'instanceStarted' }],
  thresholds: [{ percent: 50, actions: [{ type: 'notify', to: [{ kind: 'assignee' }] }] }],
} as unknown as SlaDefinition;

function context(subject: PlaySubject, r = registry(), schemas = new Map()): PlayContext {
  return {
    defs: new PlayDefinitions(r, subject),
    actions: dryActions(schemas),
    supervisors: () => [],
    messageTtlMs: 7 * 24 * H,
    actor: 'dana',
    lang: 'en',
  };
}

const subjectOf = (process: ProcessDefinition, slas: SlaDefinition[] = []): PlaySubject => ({
  process,
  draft: true,
  forms: {},
  slas,
  calendars: {},
});

function play(ctx: PlayContext, actions: PlayAction[], at = FRIDAY_4PM): PlayState {
  let p = newPlay('p', ctx.defs.subject, at);
  for (const a of actions) p = playAction(ctx, p, a);
  return p;
}

const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isCasewayError(e)) return { code: e.code, pointers: e.details.map((d) => d.pointer) };
    throw e;
  }
  throw new Error('not refused');
};

const types = (p: PlayState, step: number) =>
  p.history.filter((h) => h.step === step).map((h) => `${h.type}${h.nodeId ? `@${h.nodeId}` : ''}`);

describe('play mode simulator', () => {
  const ctx = context(subjectOf(windscreen(), [twoDays]));

  it('refuses invalid start data with pointers and changes nothing', () => {
    const p0 = newPlay('p', ctx.defs.subject, FRIDAY_4PM);
    expect(refused(() => playAction(ctx, p0, { type: 'start', data: { plate: 'AB' } }))).toEqual({
      code: 'CW_ERR_FORM_INVALID',
      pointers: ['/data/amount'],
    });
    expect(p0.steps).toEqual([]);
    expect(refused(() => playAction(ctx, p0, { type: 'advanceClock', by: 'PT1H' })).code).toBe(
      'CW_ERR_PLAY_STATE',
    );
  });

  it('fires the boundary reminder, the SLA warning on working time, and records each step', () => {
    const p = play(ctx, [
      { type: 'start', data: { plate: 'AB-123', amount: 500 } },
      { type: 'advanceClock', next: 'timer' },
      { type: 'advanceClock', next: 'sla' },
    ]);
    expect(p.steps.map((s) => s.path)).toEqual([['start', 'review'], ['remind', 'reminded'], []]);
    // the reminder an hour after the start, the case still waiting at review
    expect(p.steps[1]!.at).toBe(FRIDAY_4PM + H);
    expect(p.instances[0]!.state.tokens.map((t) => t.nodeId)).toEqual(['review']);
    // 50% of 16 working hours: Friday 16-17 and Monday 9-16
    const warning = p.history.find((h) => h.type === 'sla.warning')!;
    expect(new Date(warning.at).toISOString()).toBe('2027-03-08T16:00:00.000Z');
    expect(types(p, 2)).toEqual(['sla.warning', 'sla.action']);
    expect(p.history.find((h) => h.type === 'sla.action')!.data).toMatchObject({
      recipients: [{ kind: 'group', id: 'glass' }],
      message: { en: 'SLA "Glass" is 50% used' },
    });
    expect(p.now).toBe(Date.parse('2027-03-08T16:00:00Z'));
  });

  it("shows instants in the process's zone, else in its SLA calendar's", () => {
    expect(ctx.defs.timeZone()).toBe('UTC');
    const berlin = subjectOf({ ...windscreen(), timeZone: 'Europe/Berlin' } as ProcessDefinition, [
      twoDays,
    ]);
    expect(context(berlin).defs.timeZone()).toBe('Europe/Berlin');
    expect(context(subjectOf(windscreen())).defs.timeZone()).toBeNull();
  });

  it('validates task data as the engine does, then takes the branch the data chooses', () => {
    const p1 = play(ctx, [{ type: 'start', data: { plate: 'AB-123', amount: 500 } }]);
    expect(
      refused(() =>
        playAction(ctx, p1, { type: 'completeTask', node: 'review', data: { ok: false } }),
      ),
    ).toEqual({ code: 'CW_ERR_FORM_INVALID', pointers: ['/data/why'] });
    const p2 = playAction(ctx, p1, { type: 'completeTask', node: 'review', data: { ok: true } });
    expect(p2.steps.at(-1)!.path).toEqual(['gw', 'repair']);
    // the reminder was cancelled with the task; the SLA clock still runs
    expect(p2.timers.filter((t) => t.status === 'pending').map((t) => t.kind)).toEqual([
      'sla',
      'sla',
    ]);
    const p3 = playAction(ctx, p2, { type: 'completeTask', node: 'repair', data: { ok: true } });
    expect(p3.instances[0]!.state).toMatchObject({ status: 'completed', outcome: 'repaired' });
    expect(p3.clocks[0]!.status).toBe('stopped');
    expect(p3.timers.filter((t) => t.status === 'pending')).toEqual([]);
  });

  it('runs plugin actions dry: input checked, a result offered and checked, retries and incidents', () => {
    const schemas = new Map([
      [
        'sms/send',
        {
          input: { type: 'object', required: ['to'], properties: { to: { type: 'string' } } },
          output: {
            type: 'object',
            additionalProperties: false,
            required: ['messageId'],
            properties: { messageId: { type: 'string', minLength: 1 } },
          },
        },
      ],
    ]);
    const proc = processOf(
      'notify',
      [
        { id: 'start', type: 'start' },
        {
          id: 'sms',
          type: 'serviceTask',
          action: 'sms/send',
          input: { to: '"138"' },
          output: { smsId: 'result.messageId' },
          retry: { attempts: 2, backoff: 'PT10M' },
        },
        { id: 'bad', type: 'serviceTask', action: 'sms/send', input: { too: '1' } },
        { id: 'end', type: 'end' },
      ],
      [
        ['start', 'sms'],
        ['sms', 'bad'],
        ['bad', 'end'],
      ],
    );
    const c = context(subjectOf(proc), registry(), schemas);
    const p1 = play(c, [{ type: 'start', data: {} }]);
    const dry = ctx.actions; // unrelated: no schema, offers {}
    expect(dry.example('any/thing')).toEqual({});
    expect(c.actions.example('sms/send')).toEqual({ messageId: 'example' });
    expect(
      refused(() =>
        playAction(c, p1, { type: 'jobResult', node: 'sms', result: { messageId: '' } }),
      ),
    ).toEqual({ code: 'CW_ERR_VALIDATION', pointers: ['/result/messageId'] });
    // a failure is retried after its backoff; the result then moves the clock to the retry
    const p2 = playAction(c, p1, { type: 'jobFailed', node: 'sms', error: 'gateway down' });
    expect(p2.jobs[0]).toMatchObject({
      status: 'pending',
      attempt: 2,
      runAt: FRIDAY_4PM + 10 * 60_000,
    });
    const p3 = playAction(c, p2, { type: 'jobResult', node: 'sms', result: { messageId: 'm-1' } });
    expect(p3.now).toBe(FRIDAY_4PM + 10 * 60_000);
    expect(p3.instances[0]!.state.variables).toEqual({ smsId: 'm-1' });
    // the next action's input does not match its schema: an incident at once, as the host would
    expect(p3.jobs[1]).toMatchObject({ action: 'sms/send', status: 'failed' });
    expect(p3.jobs[1]!.error).toMatch(/^CW_ERR_ACTION_INPUT_INVALID/);
    expect(p3.incidents).toHaveLength(1);
  });

  it('keeps a message nobody waits for and hands it to the catch that comes to wait', () => {
    const proc = processOf(
      'docs',
      [
        { id: 'start', type: 'start' },
        { id: 'wait', type: 'timer', timer: { duration: 'P1D' } },
        {
          id: 'catch',
          type: 'messageCatch',
          message: 'documents',
          correlationKey: '"k"',
          output: { got: 'message.n' },
        },
        { id: 'end', type: 'end' },
      ],
      [
        ['start', 'wait'],
        ['wait', 'catch'],
        ['catch', 'end'],
      ],
    );
    const c = context(subjectOf(proc));
    const p = play(c, [
      { type: 'start', data: {} },
      { type: 'sendMessage', message: 'documents', payload: { n: 3 } },
      { type: 'advanceClock', by: 'P1D' },
    ]);
    expect(p.steps.map((s) => s.path)).toEqual([['start', 'wait'], [], ['catch', 'end']]);
    expect(p.instances[0]!.state).toMatchObject({ status: 'completed', variables: { got: 3 } });
  });

  it('lets only the first catch of an event-based gateway take a buffered message', () => {
    const proc = processOf(
      'race',
      [
        { id: 'start', type: 'start' },
        { id: 'wait', type: 'timer', timer: { duration: 'P1D' } },
        { id: 'first', type: 'eventBasedGateway' },
        { id: 'answer', type: 'messageCatch', message: 'answer', correlationKey: '"k"' },
        { id: 'withdraw', type: 'messageCatch', message: 'withdraw', correlationKey: '"k"' },
        { id: 'answered', type: 'end', outcome: 'answered' },
        { id: 'withdrawn', type: 'end', outcome: 'withdrawn' },
      ],
      [
        ['start', 'wait'],
        ['wait', 'first'],
        ['first', 'answer'],
        ['first', 'withdraw'],
        ['answer', 'answered'],
        ['withdraw', 'withdrawn'],
      ],
    );
    const c = context(subjectOf(proc));
    const p = play(c, [
      { type: 'start', data: {} },
      { type: 'sendMessage', message: 'answer', payload: {} },
      { type: 'sendMessage', message: 'withdraw', payload: {} },
      { type: 'advanceClock', by: 'P1D' },
    ]);
    expect(p.instances[0]!.state).toMatchObject({ status: 'completed', outcome: 'answered' });
    expect(p.messages.map((m) => [m.name, m.status])).toEqual([
      ['answer', 'correlated'],
      ['withdraw', 'buffered'],
    ]);
  });

  it('lets a designer send the message a boundary waits for: the task is interrupted', () => {
    const proc = processOf(
      'withdrawable',
      [
        { id: 'start', type: 'start' },
        { id: 'look', type: 'userTask', form: { id: 'decide' } },
        {
          id: 'withdrawal',
          type: 'boundaryMessage',
          attachedTo: 'look',
          message: 'withdraw',
          correlationKey: '"k"',
          output: { why: 'message.reason' },
        },
        { id: 'end', type: 'end', outcome: 'looked' },
        { id: 'withdrawn', type: 'end', outcome: 'withdrawn' },
      ],
      [
        ['start', 'look'],
        ['look', 'end'],
        ['withdrawal', 'withdrawn'],
      ],
    );
    const c = context(subjectOf(proc));
    const p = play(c, [
      { type: 'start', data: {} },
      { type: 'sendMessage', message: 'withdraw', payload: { reason: 'sold the car' } },
    ]);
    expect(p.steps.at(-1)!.path).toEqual(['withdrawal', 'withdrawn']);
    expect(p.instances[0]!.state).toMatchObject({
      status: 'completed',
      outcome: 'withdrawn',
      variables: { why: 'sold the car' },
    });
    expect(p.tasks.map((t) => t.status)).toEqual(['cancelled']);
  });

  it('runs a called process in the sandbox and resumes the caller when it ends', () => {
    const child = processOf(
      'check',
      [
        { id: 'start', type: 'start' },
        { id: 'look', type: 'userTask', form: { id: 'decide' } },
        { id: 'end', type: 'end', outcome: 'looked' },
      ],
      [
        ['start', 'look'],
        ['look', 'end'],
      ],
    );
    const parent = processOf(
      'parent',
      [
        { id: 'start', type: 'start' },
        { id: 'call', type: 'callActivity', process: { id: 'check' }, output: { seen: 'outcome' } },
        { id: 'end', type: 'end' },
      ],
      [
        ['start', 'call'],
        ['call', 'end'],
      ],
    );
    const c = context(subjectOf(parent), registry([{ kind: 'process', body: child }]));
    const p = play(c, [
      { type: 'start', data: {} },
      { type: 'completeTask', node: 'look', process: 'check', data: { ok: true } },
    ]);
    expect(p.steps.map((s) => s.path)).toEqual([
      ['start', 'call', 'check:start', 'check:look'],
      ['check:end', 'end'],
    ]);
    expect(p.steps[1]!.action).toEqual({
      type: 'completeTask',
      node: 'look',
      process: 'check',
      data: { ok: true },
    });
    expect(p.instances.map((i) => i.state.status)).toEqual(['completed', 'completed']);
    expect(p.instances[0]!.state.variables).toEqual({ seen: 'looked' });
  });

  it('turns a timer whose step fails into an incident and leaves the case where it waited', () => {
    const proc = processOf(
      'stuck',
      [
        { id: 'start', type: 'start' },
        { id: 'wait', type: 'timer', timer: { duration: 'PT1H' } },
        { id: 'gw', type: 'messageCatch', message: 'docs', correlationKey: 'missing' },
        { id: 'end', type: 'end' },
      ],
      [
        ['start', 'wait'],
        ['wait', 'gw'],
        ['gw', 'end'],
      ],
    );
    const c = context(subjectOf(proc));
    const p = play(c, [
      { type: 'start', data: {} },
      { type: 'advanceClock', by: 'PT2H' },
    ]);
    expect(p.incidents).toMatchObject([
      {
        workId: p.timers[0]!.id,
        // the step names the node that failed: the message catch after the timer
        nodeId: 'gw',
        status: 'open',
        error: expect.stringMatching(/^CW_ERR_EXPRESSION_FAILED/),
      },
    ]);
    expect(p.timers[0]!.status).toBe('failed');
    expect(p.instances[0]!.state.tokens.map((t) => t.nodeId)).toEqual(['wait']);
    expect(types(p, 1)).toEqual(['incident.opened@gw']);
    expect(p.now).toBe(FRIDAY_4PM + 2 * H);
  });

  it('holds a case at a gateway whose condition gives null, with an incident there', () => {
    const proc = processOf(
      'undecided',
      [
        { id: 'start', type: 'start' },
        { id: 'wait', type: 'timer', timer: { duration: 'PT1H' } },
        { id: 'gw', type: 'exclusiveGateway', default: 'f4' },
        { id: 'end', type: 'end' },
        { id: 'other', type: 'end' },
      ],
      [
        ['start', 'wait'],
        ['wait', 'gw'],
        ['gw', 'end', 'x > 1'],
        ['gw', 'other'],
      ],
    );
    const p = play(context(subjectOf(proc)), [
      { type: 'start', data: {} },
      { type: 'advanceClock', by: 'PT2H' },
    ]);
    expect(p.incidents).toMatchObject([
      {
        nodeId: 'gw',
        status: 'open',
        error: 'CW_ERR_GATEWAY_CONDITION: flow f3: x > 1 gave null; it read x',
      },
    ]);
    // the timer's work is done; the case waits at the gateway, not at the default's end
    expect(p.timers[0]!.status).toBe('done');
    expect(p.instances[0]!.state.tokens.map((t) => t.nodeId)).toEqual(['gw']);
  });

  it('stops a clock move that would fire without end', () => {
    const proc = processOf(
      'ticking',
      [
        { id: 'start', type: 'start' },
        { id: 'tick', type: 'timer', timer: { duration: 'PT1M' } },
        { id: 'gw', type: 'exclusiveGateway', default: 'f3' },
        { id: 'end', type: 'end' },
      ],
      [
        ['start', 'tick'],
        ['tick', 'gw'],
        ['gw', 'tick'],
        ['gw', 'end', 'false'],
      ],
    );
    const c = context(subjectOf(proc));
    const p = play(c, [{ type: 'start', data: {} }]);
    expect(refused(() => playAction(c, p, { type: 'advanceClock', by: 'P1D' })).code).toBe(
      'CW_ERR_PLAY_LIMIT',
    );
    // an hour is 60 ticks, each entering the gateway and the timer again
    expect(playAction(c, p, { type: 'advanceClock', by: 'PT1H' }).steps[1]!.path).toHaveLength(120);
  });
});

describe('scenarios', () => {
  const actions: PlayAction[] = [
    { type: 'start', data: { plate: 'AB-123', amount: 500 } },
    { type: 'advanceClock', next: 'timer' },
    { type: 'completeTask', node: 'review', data: { ok: true } },
  ];

  it('saves a play with its clock moves as instants and replays it on the same process', () => {
    const ctx = context(subjectOf(windscreen(), [twoDays]));
    const scenario = scenarioOf(play(ctx, actions), { name: 'big-repair' });
    expect(scenario).toMatchObject({
      name: 'big-repair',
      process: 'windscreen',
      start: '2027-03-05T16:00:00.000Z',
      steps: [
        { path: ['start', 'review'] },
        {
          action: { type: 'advanceClock', to: '2027-03-05T17:00:00.000Z' },
          path: ['remind', 'reminded'],
        },
        { path: ['gw', 'repair'] },
      ],
      end: { status: 'active', waiting: ['repair'] },
    });
    expect(runScenario(ctx, ctx.defs.subject, scenario)).toEqual({ passed: true });
  });

  it('names the first step where a changed process leaves the path, in the designer words', () => {
    const saved = scenarioOf(play(context(subjectOf(windscreen())), actions), {
      name: 'big-repair',
    });
    const changed = subjectOf(windscreen('amount > 1000'));
    const r = runScenario({ ...context(changed), lang: 'zh-Hant' }, changed, saved);
    expect(r).toMatchObject({
      passed: false,
      pointer: '/steps/2/path/1',
      step: 2,
      expected: 'repair',
      actual: 'small',
      message:
        '情境「big-repair」在第 3 步（完成任務「審核」）偏離預期路徑：預期進入「維修」，實際進入「小額」。',
    });
    // and in zh-Hans: the sentence and the labels in Simplified Chinese
    const hans = runScenario({ ...context(changed), lang: 'zh-Hans' }, changed, saved);
    expect(hans).toMatchObject({
      message:
        '情境「big-repair」在第 3 步（完成任务「审核」）偏离预期路径：预期进入「维修」，实际进入「小额」。',
    });
    // a step that cannot be done any more is named too
    const noReview = subjectOf({
      ...windscreen(),
      nodes: windscreen().nodes.map((n) =>
        n.id === 'review' ? { ...n, form: { id: 'report' } } : n,
      ),
    } as ProcessDefinition);
    const r2 = runScenario(context(noReview), noReview, saved);
    expect(r2).toMatchObject({
      passed: false,
      pointer: '/steps/2/action',
      error: { code: 'CW_ERR_FORM_INVALID' },
    });
  });
});
