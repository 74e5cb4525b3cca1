import { describe, expect, it } from 'vitest';
import { parseMappings, formatMappings, isDuration, patch } from './edit';
import { formatInZone, zonedToInstant } from './zone';

describe('zonedToInstant', () => {
  it('reads a wall-clock time in the calendar’s zone', () => {
    expect(zonedToInstant('2026-03-02T09:00', 'Asia/Shanghai')).toBe('2026-03-02T01:00:00.000Z');
    expect(zonedToInstant('2026-07-01T09:30', 'Europe/London')).toBe('2026-07-01T08:30:00.000Z');
    expect(zonedToInstant('2026-01-01T09:30', 'Europe/London')).toBe('2026-01-01T09:30:00.000Z');
  });

  it('shows an instant in the zone', () => {
    expect(formatInZone('2026-03-02T01:00:00.000Z', 'Asia/Shanghai', 'en')).toContain('09:00');
  });
});

describe('structured edits', () => {
  it('sets a property in place, appends a new one, removes it on undefined', () => {
    const o = { a: 1, b: 2 } as { a: number; b?: number; c?: number };
    expect(Object.keys(patch(o, 'a', 5))).toEqual(['a', 'b']);
    expect(patch(o, 'c', 3)).toEqual({ a: 1, b: 2, c: 3 });
    expect(patch(o, 'b', undefined)).toEqual({ a: 1 });
  });

  it('round-trips mappings and checks durations', () => {
    const m = parseMappings('caseId = id\n\n bad line\nlevel = severity + 1');
    expect(m).toEqual({ caseId: 'id', level: 'severity + 1' });
    expect(formatMappings(m)).toBe('caseId = id\nlevel = severity + 1');
    expect(parseMappings('  ')).toBeUndefined();
    expect(isDuration('PT8H')).toBe(true);
    expect(isDuration('P')).toBe(false);
    expect(isDuration('8h')).toBe(false);
  });
});
