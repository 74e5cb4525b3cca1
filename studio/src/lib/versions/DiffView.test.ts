import { cleanup, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { i18nContext } from '../i18n';
import DiffView from './DiffView.svelte';

afterEach(cleanup);

const v1 = {
  id: 'claim',
  version: 1,
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'review', type: 'userTask', priority: 50 },
    { id: 'end', type: 'end' },
  ],
  flows: [{ id: 'f1', from: 'start', to: 'review' }],
};
const v2 = {
  ...v1,
  version: 2,
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'review', type: 'userTask', priority: 80 },
    { id: 'notify', type: 'serviceTask' },
  ],
};

describe('DiffView', () => {
  it('shows a process’s nodes side by side, added, removed and changed marked', () => {
    render(DiffView, {
      kind: 'process',
      from: { version: 1, body: v1 },
      to: { version: 2, body: v2 },
    });
    const nodes = screen.getByRole('region', { name: '節點' });
    const [left, right] = nodes.querySelectorAll('.sides > div');
    expect(
      within(left as HTMLElement)
        .getByText('end')
        .closest('li')!.className,
    ).toContain('removed');
    expect(
      within(right as HTMLElement)
        .getByText('notify')
        .closest('li')!.className,
    ).toContain('added');
    const review = within(right as HTMLElement)
      .getByText('review')
      .closest('li')!;
    expect(review.className).toContain('changed');
    expect(review.textContent).toContain('變更的屬性：priority');
    expect(within(nodes).getByText(/新增: 1 · 移除: 1/)).toBeTruthy();
    expect(
      screen.getByRole('region', { name: '連線' }).querySelectorAll('li.changed'),
    ).toHaveLength(0);
  });

  it('shows an SLA’s changes by pointer with the values before and after', () => {
    render(DiffView, {
      kind: 'sla',
      from: { version: 1, body: { id: 's', version: 1, target: { duration: 'P3D' } } },
      to: { version: 3, body: { id: 's', version: 3, target: { duration: 'P5D' } } },
    });
    const row = screen.getByRole('row', { name: /\/target\/duration/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['"P3D"', '"P5D"']);
  });

  it('lists the change notes of the versions between, with who published them and when', () => {
    render(DiffView, {
      props: {
        kind: 'process',
        from: { version: 1, body: v1 },
        to: { version: 3, body: { ...v2, version: 3 } },
        notes: [
          { version: 2, note: null, publishedBy: null, publishedAt: null },
          {
            version: 3,
            note: 'Review priority 80; notify the customer',
            publishedBy: 'dana',
            publishedAt: '2026-12-05T03:59:00.000Z',
          },
        ],
      },
      context: i18nContext('en', 'Europe/London'),
    });
    const notes = screen.getByRole('region', { name: 'Change notes between these versions' });
    expect(
      [...notes.querySelectorAll('li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim()),
    ).toEqual([
      'v2 file added by hand, no note',
      'v3 Review priority 80; notify the customer Sat, 5 Dec 2026, 03:59 GMT by dana',
    ]);
  });

  it('says when two versions are the same', () => {
    render(DiffView, {
      kind: 'form',
      from: { version: 1, body: v1 },
      to: { version: 2, body: { ...v1, version: 2 } },
    });
    expect(screen.getByRole('status').textContent).toBe('兩個版本沒有差異。');
  });
});
