import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DUE_BUCKETS, dueBucket } from './buckets.ts';

const at = (s: string) => Date.parse(s);
// 2026-03-02 17:00 in Shanghai (UTC+8)
const NOW = at('2026-03-02T09:00:00Z');
const running = (due: string) => ({ running: true, dueAt: at(due), breached: false });

describe('dueBucket', () => {
  it.each([
    [running('2026-03-02T08:59:00Z'), 'overdue'],
    [running('2026-03-02T15:59:00Z'), 'today'], // 23:59 local
    [running('2026-03-02T16:00:00Z'), 'tomorrow'], // 00:00 local next day
    [running('2026-03-03T15:59:00Z'), 'tomorrow'],
    [running('2026-03-03T16:00:00Z'), 'week'],
    [running('2026-03-08T15:59:00Z'), 'week'], // the 7th day
    [running('2026-03-08T16:00:00Z'), 'later'],
    [{ running: false, dueAt: null, breached: false }, 'paused'],
    [{ running: false, dueAt: null, breached: true }, 'overdue'],
    [{ running: true, dueAt: at('2026-03-05T00:00:00Z'), breached: true }, 'overdue'],
  ] as const)('%j is %s (Shanghai)', (clock, bucket) => {
    expect(dueBucket(clock, NOW, 'Asia/Shanghai')).toBe(bucket);
  });

  it('reads days in the viewer zone: 23:00 UTC is tomorrow in Shanghai but today in London', () => {
    const c = running('2026-03-02T23:00:00Z');
    expect(dueBucket(c, NOW, 'Asia/Shanghai')).toBe('tomorrow');
    expect(dueBucket(c, NOW, 'Europe/London')).toBe('today');
  });

  it('never puts a later due instant in an earlier group', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3 * 86_400_000, max: 30 * 86_400_000 }),
        fc.integer({ min: 0, max: 5 * 86_400_000 }),
        (d, more) => {
          const a = dueBucket(
            { running: true, dueAt: NOW + d, breached: false },
            NOW,
            'Asia/Shanghai',
          );
          const b = dueBucket(
            { running: true, dueAt: NOW + d + more, breached: false },
            NOW,
            'Asia/Shanghai',
          );
          expect(DUE_BUCKETS.indexOf(b)).toBeGreaterThanOrEqual(DUE_BUCKETS.indexOf(a));
        },
      ),
    );
  });
});
