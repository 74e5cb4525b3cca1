import { describe, expect, it } from 'vitest';
import { engineNow, spanText, timeLeft } from './live';

const HOUR = 3600_000;
const row = (over: object) => ({
  state: 'running' as const,
  dueAt: '2026-03-02T15:00:00Z',
  breachedAt: null,
  remainingMs: 0,
  overdueMs: 0,
  ...over,
});

describe('the worklist’s live figures', () => {
  it('carries the engine’s instant forward by the browser’s clock', () => {
    const now = engineNow('2026-03-02T09:00:00Z', 1_000_000);
    expect(new Date(now(1_000_000 + 5000)).toISOString()).toBe('2026-03-02T09:00:05.000Z');
  });

  it('counts down to the due instant, then past it', () => {
    const at = Date.parse('2026-03-02T09:00:00Z');
    expect(timeLeft(row({}), at)).toEqual({ kind: 'left', ms: 6 * HOUR });
    expect(timeLeft(row({}), at + 7 * HOUR)).toEqual({ kind: 'overdue', ms: HOUR });
  });

  it('keeps a paused clock’s working time left, or its overdue time once breached', () => {
    const at = Date.parse('2026-03-02T09:00:00Z');
    expect(timeLeft(row({ state: 'paused', dueAt: null, remainingMs: 2 * HOUR }), at)).toEqual({
      kind: 'paused',
      ms: 2 * HOUR,
    });
    expect(timeLeft(row({ state: 'paused', dueAt: null, overdueMs: HOUR }), at)).toEqual({
      kind: 'overdue',
      ms: HOUR,
    });
  });

  it('writes a span as h:mm:ss, with days before it', () => {
    expect(spanText(6 * HOUR + 5000, 'en')).toBe('6:00:05');
    expect(spanText(26 * HOUR + 3 * 60_000 + 4000, 'en')).toBe('1 d 02:03:04');
    expect(spanText(26 * HOUR, 'zh-Hant')).toBe('1 天 02:00:00');
    expect(spanText(-5, 'en')).toBe('0:00:00');
  });
});
