import { describe, expect, it } from 'vitest';
import { taskCount } from './count';

describe('taskCount', () => {
  it('shows an exact count as it is, and a capped one as "at least"', () => {
    expect(taskCount({ total: 0 })).toBe('0');
    expect(taskCount({ total: 37, totalCapped: false })).toBe('37');
    expect(taskCount({ total: 1000, totalCapped: true })).toBe('1,000+');
  });
});
