import { describe, expect, it } from 'vitest';
import { parseMappings, formatMappings, patch } from './edit';

describe('structured edits', () => {
  it('sets a property in place, appends a new one, removes it on undefined', () => {
    const o = { a: 1, b: 2 } as { a: number; b?: number; c?: number };
    expect(Object.keys(patch(o, 'a', 5))).toEqual(['a', 'b']);
    expect(patch(o, 'c', 3)).toEqual({ a: 1, b: 2, c: 3 });
    expect(patch(o, 'b', undefined)).toEqual({ a: 1 });
  });

  it('round-trips mappings', () => {
    const m = parseMappings('caseId = id\n\n bad line\nlevel = severity + 1');
    expect(m).toEqual({ caseId: 'id', level: 'severity + 1' });
    expect(formatMappings(m)).toBe('caseId = id\nlevel = severity + 1');
    expect(parseMappings('  ')).toBeUndefined();
  });
});
