import { describe, expect, it } from 'vitest';
import { translate } from '$lib/i18n';
import { historyLine } from './history';
import { personName } from './people';
import { durationParts, remaining } from './sla';

describe('the case history in words', () => {
  it('shows a claim by its actor and hides internal steps', () => {
    const claimed = historyLine({
      seq: 4,
      at: '2026-11-20T01:30:00.000Z',
      type: 'task.claimed',
      nodeId: 'receipt-check',
      tokenId: null,
      actor: 'ian',
      actorName: null,
      data: { taskId: 't1' },
    });
    expect(claimed).toMatchObject({ key: 'history.taskClaimed', nodeId: 'receipt-check' });
    expect(translate('en', claimed!.key, { ...claimed!.params, node: 'Receipt check' })).toBe(
      'ian claimed “Receipt check”',
    );
    expect(
      historyLine({
        seq: 5,
        at: '',
        type: 'node.left',
        nodeId: 'x',
        tokenId: null,
        actor: null,
        actorName: null,
        data: {},
      }),
    ).toBeNull();
  });
});

describe('a replay in the history', () => {
  it.each([
    ['task.dueReplayed', 'en', 'Due date of “Assess the claim” recounted on cn-mainland v2'],
    ['timer.replayed', 'zh-Hant', '「Assess the claim」的計時器按 cn-mainland v2 重新計算'],
    ['sla.replayed', 'zh-Hans', 'SLA claim 按新版本重新计算（cn-mainland v2）'],
  ] as const)('%s in %s: %s', (type, lang, text) => {
    const line = historyLine({
      seq: 9,
      at: '2026-12-28T00:00:00.000Z',
      type,
      nodeId: 'assess',
      tokenId: null,
      actor: 'admin',
      actorName: null,
      data: {
        slaId: 'claim',
        from: { calendar: { id: 'cn-mainland', version: 1 } },
        to: { calendar: { id: 'cn-mainland', version: 2 } },
      },
    })!;
    expect(translate(lang, line.key, { ...line.params, node: 'Assess the claim' })).toBe(text);
  });
});

describe('people by name', () => {
  it("names the actor by the entry's actorName, the customer and the engine in words", () => {
    const line = historyLine({
      seq: 7,
      at: '2026-11-20T02:00:00.000Z',
      type: 'task.completed',
      nodeId: 'receipt-check',
      tokenId: null,
      actor: 'zhiming',
      actorName: '林志明',
      data: {},
    })!;
    expect(translate('zh-Hant', line.key, { ...line.params, node: '理賠申請接收' })).toBe(
      '林志明 完成了「理賠申請接收」',
    );
    expect(personName('en', 'public')).toBe('The customer');
    expect(personName('zh-Hant', 'system')).toBe('系統');
    expect(personName('en', 'instance:abc')).toBe('The parent case');
    expect(personName('en', 'adam', { adam: 'Adam Lee' })).toBe('Adam Lee');
    expect(personName('en', 'ghost')).toBe('ghost');
  });

  it('names a reassignment target by the resolver given', () => {
    const line = historyLine(
      {
        seq: 8,
        at: '',
        type: 'task.reassigned',
        nodeId: 'review',
        tokenId: null,
        actor: 'sue',
        actorName: null,
        data: { to: { user: 'adam' } },
      },
      (id) => personName('en', id, { sue: 'Sue Chan', adam: 'Adam Lee' }),
    )!;
    expect(translate('en', line.key, { ...line.params, node: 'Review' })).toBe(
      'Sue Chan reassigned “Review” to Adam Lee',
    );
  });
});

describe('a reassignment in words', () => {
  it('names who moved the task and to whom (a user or a group)', () => {
    const entry = (to: Record<string, string>) =>
      historyLine({
        seq: 6,
        at: '2026-11-20T02:00:00.000Z',
        type: 'task.reassigned',
        nodeId: 'review',
        tokenId: null,
        actor: 'sue',
        actorName: null,
        data: { taskId: 't1', from: { assignee: 'alice' }, to },
      })!;
    const user = entry({ user: 'adam' });
    expect(translate('en', user.key, { ...user.params, node: 'Review' })).toBe(
      'sue reassigned “Review” to adam',
    );
    const group = entry({ group: 'adjusters' });
    expect(translate('zh-Hant', group.key, { ...group.params, node: '審核' })).toBe(
      'sue 將「審核」改派給 adjusters',
    );
  });
});

describe('SLA countdowns', () => {
  it('counts down to the due instant and up after it', () => {
    const now = Date.parse('2026-11-20T01:00:00Z');
    expect(remaining('2026-11-21T02:01:01Z', now)).toEqual({ ms: 90061000, overdue: false });
    expect(remaining('2026-11-20T00:00:00Z', now)).toEqual({ ms: 3600000, overdue: true });
    expect(remaining(null, now)).toBeNull();
    expect(durationParts(90061000)).toEqual({ days: 1, hours: 1, minutes: 1, seconds: 1 });
  });
});
