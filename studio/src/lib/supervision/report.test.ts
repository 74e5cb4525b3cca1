import { describe, expect, it } from 'vitest';
import type { ComplaintRow } from './api';
import { byDimension, totals } from './report';

const DAY = 86_400_000;
const row = (over: Partial<ComplaintRow>): ComplaintRow => ({
  period: '2026-11-01T00:00:00.000Z',
  category: 'life',
  region: 'east',
  received: 1,
  closedWithin15Days: 0,
  extendedTo30Days: 0,
  overdue: 0,
  open: 0,
  major: 0,
  decided: 0,
  averageHandlingMs: null,
  ...over,
});

describe('the complaints report’s sums', () => {
  const rows = [
    row({ received: 3, closedWithin15Days: 2, decided: 3, averageHandlingMs: 10 * DAY }),
    row({ region: 'north', received: 1, decided: 1, averageHandlingMs: 30 * DAY, overdue: 1 }),
    row({ category: 'motor', region: 'north', received: 2, open: 2, major: 1 }),
    row({ category: null, region: null, received: 1, open: 1 }),
  ];

  it('adds the counts and weighs the average handling time by the decided ones', () => {
    expect(totals(rows)).toEqual({
      received: 7,
      closedWithin15Days: 2,
      extendedTo30Days: 0,
      overdue: 1,
      open: 3,
      major: 1,
      decided: 4,
      averageHandlingMs: 15 * DAY, // (3 × 10 + 1 × 30) / 4 days
    });
    expect(totals([]).averageHandlingMs).toBeNull();
  });

  it('sums per category and per region, most received first, none last', () => {
    expect(byDimension(rows, 'category').map((g) => [g.value, g.totals.received])).toEqual([
      ['life', 4],
      ['motor', 2],
      [null, 1],
    ]);
    expect(byDimension(rows, 'region').map((g) => [g.value, g.totals.received])).toEqual([
      ['east', 3],
      ['north', 3],
      [null, 1],
    ]);
  });
});
