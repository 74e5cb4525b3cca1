import { describe, expect, it } from 'vitest';
import type { PlayHistoryEntry, PlayView } from './api';
import { describeAction, describeEntry, durationText, t } from './messages';
import { traceOf } from './trace';

const label = (entry: string) =>
  (({ review: 'Review', remind: 'Reminder' }) as Record<string, string>)[entry] ?? entry;
const names = { label, when: (iso: string) => iso.slice(0, 10), sla: (id: string) => `«${id}»` };
const entry = (
  type: string,
  data: Record<string, unknown> | null = null,
  nodeId: string | null = null,
) =>
  ({
    seq: 1,
    step: 0,
    at: '2027-03-05T16:00:00.000Z',
    instanceId: 'i1',
    type,
    nodeId,
    tokenId: null,
    actor: 'system',
    data,
  }) as PlayHistoryEntry;

describe('play panel text', () => {
  it.each([
    ['en', 'PT1H', '1 hour'],
    ['en', 'P2D', '2 days'],
    ['en', 'P1DT30M', '1 day 30 minutes'],
    ['zh-Hant', 'P1D', '1 天'],
    ['zh-Hant', 'PT2H', '2 小時'],
    ['en', 'P1M', '1 month'],
    ['en', 'soon', 'soon'],
  ] as const)('says %s %s as %s', (lang, iso, words) => {
    expect(durationText(lang, iso)).toBe(words);
  });

  it('describes each kind of step by the labels of its nodes', () => {
    expect(describeAction('en', { type: 'completeTask', node: 'review', data: {} }, names)).toBe(
      'Completed "Review"',
    );
    expect(describeAction('zh-Hant', { type: 'advanceClock', by: 'P1D' }, names)).toBe(
      '時鐘前進 1 天',
    );
    expect(
      describeAction(
        'en',
        { type: 'jobResult', node: 'look', process: 'inspection', result: {} },
        names,
      ),
    ).toBe('Result of "inspection:look"');
  });

  it('says where the clock moved to in the play zone', () => {
    expect(describeAction('en', { type: 'advanceClock', to: '2026-11-23T08:00:00Z' }, names)).toBe(
      'Clock moved to 2026-11-23',
    );
  });

  it('reads SLA warnings, notifications and dry actions in a line', () => {
    expect(
      describeEntry('en', entry('sla.warning', { slaId: 'glass-sla', percent: 50 }), names),
    ).toBe('SLA warning «glass-sla» 50%');
    expect(
      describeEntry(
        'en',
        entry('sla.action', {
          action: 'notify',
          recipients: [{ kind: 'group', id: 'glass' }],
          message: { 'zh-Hant': '已用去 50%', en: 'Half used' },
        }),
        names,
      ),
    ).toBe('SLA action notify → glass: Half used');
    expect(
      describeEntry('zh-Hant', entry('sla.action', { action: 'callAction', dry: true }), names),
    ).toBe('時效動作 callAction（未執行）');
    expect(describeEntry('en', entry('timer.fired', null, 'remind'), names)).toBe(
      'Timer fired Reminder',
    );
  });

  it('has every text in both languages', () => {
    expect(t('en', 'status', 'active')).toBe('Running');
    expect(t('zh-Hant', 'status', 'completed')).toBe('已完成');
    expect(t('en', 'nextAt', 'Mon 8 Mar')).toBe(' (Mon 8 Mar)');
  });
});

describe('traceOf', () => {
  it('marks the nodes entered, the flows taken and where tokens wait, once the case started', () => {
    const view = {
      status: 'active',
      path: {
        nodes: [
          { nodeId: 'start', visits: 1 },
          { nodeId: 'review', visits: 1 },
        ],
        flows: ['f1'],
        waiting: [{ nodeId: 'review', waitingFor: 'task' }],
      },
    } as unknown as PlayView;
    const trace = traceOf(view)!;
    expect([...trace.nodes]).toEqual(['start', 'review']);
    expect([...trace.flows]).toEqual(['f1']);
    expect([...trace.waiting]).toEqual(['review']);
    expect(traceOf({ ...view, status: 'new' })).toBeUndefined();
    expect(traceOf(null)).toBeUndefined();
  });
});
