import type { CalendarDefinition } from '@caseway/engine/types';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import CalendarEditor from './CalendarEditor.svelte';
import MonthView from './MonthView.svelte';

afterEach(cleanup);

const day = [{ from: '09:00', to: '18:00' }];
const cal: CalendarDefinition = {
  id: 'cn',
  version: 1,
  name: { 'zh-Hant': '內地', en: 'Mainland' },
  timeZone: 'Asia/Shanghai',
  workingHours: { mon: day, tue: day, wed: day, thu: day, fri: day },
  holidays: [
    { from: '2026-02-15', to: '2026-02-23', name: { 'zh-Hant': '春節', en: 'Spring Festival' } },
  ],
  extraWorkingDays: [{ date: '2026-02-14' }],
};

function renderEditor(value: CalendarDefinition = structuredClone(cal)) {
  const seen = { cal: value };
  const result = render(CalendarEditor, {
    value,
    month: '2026-02',
    onchange: (v: CalendarDefinition) => {
      seen.cal = v;
      void result.rerender({ value: v, month: '2026-02' });
    },
  });
  return { seen };
}

const cell = (date: string) => document.querySelector<HTMLElement>(`[data-date="${date}"]`)!;

describe('MonthView', () => {
  it('marks holidays, make-up working days and weekends, by text for screen readers', () => {
    render(MonthView, { calendar: cal, month: '2026-02' });
    const grid = screen.getByRole('grid');
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['週一', '週二', '週三', '週四', '週五', '週六', '週日']);
    expect(cell('2026-02-16').dataset.kind).toBe('holiday');
    expect(cell('2026-02-16').getAttribute('aria-label')).toContain('假日');
    expect(cell('2026-02-16').getAttribute('aria-label')).toContain('春節');
    expect(cell('2026-02-14').dataset.kind).toBe('extra');
    expect(cell('2026-02-28').dataset.kind).toBe('off');
    expect(cell('2026-02-24').dataset.kind).toBe('working');
  });

  it('moves focus with the keyboard, across months, with one day in the tab order', async () => {
    render(MonthView, { calendar: cal, month: '2026-02' });
    const first = cell('2026-02-01');
    expect(first.tabIndex).toBe(0);
    expect(cell('2026-02-02').tabIndex).toBe(-1);
    first.focus();
    await fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(cell('2026-02-08'));
    await fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(cell('2026-02-08'));
    await fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    expect(document.activeElement).toBe(cell('2026-03-08'));
    expect(screen.getByText(/2026年3月/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: /上個月/ }));
    expect(screen.getByText(/2026年2月/)).toBeTruthy();
  });
});

describe('CalendarEditor', () => {
  it('adds a holiday and the month view marks it at once', async () => {
    const { seen } = renderEditor();
    expect(cell('2026-02-27').dataset.kind).toBe('working');
    const holidays = screen.getByTestId('holidays');
    await fireEvent.click(within(holidays).getByRole('button', { name: '新增假日' }));
    const second = within(holidays).getByRole('group', { name: '假日 2' });
    await fireEvent.change(within(second).getByLabelText('開始日期'), {
      target: { value: '2026-02-26' },
    });
    await fireEvent.change(within(second).getByLabelText('結束日期（單日可留空）'), {
      target: { value: '2026-02-27' },
    });
    expect(seen.cal.holidays?.[1]).toEqual({ from: '2026-02-26', to: '2026-02-27' });
    expect(cell('2026-02-27').dataset.kind).toBe('holiday');
  });

  it('edits working hours per weekday and a make-up day’s hours', async () => {
    const { seen } = renderEditor();
    const sat = screen.getByTestId('hours-sat');
    expect(within(sat).getByText('休息')).toBeTruthy();
    await fireEvent.click(within(sat).getByRole('button', { name: '新增週六時段' }));
    expect(seen.cal.workingHours?.sat).toEqual([{ from: '09:00', to: '18:00' }]);
    expect(cell('2026-02-28').dataset.kind).toBe('working');
    const mon = screen.getByTestId('hours-mon');
    await fireEvent.click(within(mon).getByRole('button', { name: /移除/ }));
    expect(seen.cal.workingHours?.mon).toBeUndefined();

    const extras = screen.getByTestId('extra-days');
    await fireEvent.change(within(extras).getByLabelText('工時比照'), { target: { value: 'fri' } });
    expect(seen.cal.extraWorkingDays).toEqual([{ date: '2026-02-14', hours: 'fri' }]);
  });

  it('turns 24x7 on, dropping hours, holidays and make-up days', async () => {
    const { seen } = renderEditor();
    await fireEvent.click(screen.getByLabelText('全天候（24x7）'));
    expect(seen.cal).toEqual({
      id: 'cn',
      version: 1,
      name: cal.name,
      timeZone: 'Asia/Shanghai',
      alwaysOpen: true,
    });
    expect(screen.queryByTestId('holidays')).toBeNull();
    expect(cell('2026-02-16').dataset.kind).toBe('working');
  });
});
