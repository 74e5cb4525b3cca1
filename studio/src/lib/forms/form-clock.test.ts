/**
 * The studio's forms read the clock the engine reads (issue 19, item 4): the engine's instant
 * from the API and the process's zone, so a form filled in at 01:00 in Beijing counts that day
 * whatever the browser's clock or zone says.
 */
import type { FormDefinition } from '@caseway/engine/types';
import { describe, expect, it } from 'vitest';
import { formClock, previewTime, submittedData, todayOn } from './data';

const label = (en: string) => ({ en, 'zh-Hant': en });
const dated: FormDefinition = {
  id: 'dated',
  version: 1,
  title: label('Dated'),
  fields: [
    { key: 'note', type: 'text', label: label('Note') },
    { key: 'filedOn', type: 'text', compute: 'string(today())', label: label('Filed on') },
    {
      key: 'lateNote',
      type: 'text',
      visibleIf: 'today() > date("2026-05-04")',
      label: label('Late'),
    },
  ],
} as FormDefinition;

describe('formClock', () => {
  it.each([
    ['2026-05-04T15:59:00Z', '2026-05-04', false],
    ['2026-05-04T16:00:00Z', '2026-05-05', true],
    ['2026-05-04T23:59:00Z', '2026-05-05', true],
  ])('at %s (engine) a Beijing form counts %s', (now, day, late) => {
    const time = formClock({ now, zone: 'Asia/Shanghai' });
    const data = submittedData(dated.fields, { note: 'x', lateNote: 'y' }, {}, time);
    expect(data.filedOn).toBe(day);
    expect('lateNote' in data).toBe(late);
  });

  it("moves on from the engine's instant with the browser's clock", () => {
    const time = formClock({ now: '2026-05-04T16:00:00Z', zone: 'Asia/Shanghai' });
    const first = time().now;
    expect(Math.abs(first - Date.parse('2026-05-04T16:00:00Z'))).toBeLessThan(5_000);
    expect(time().zone).toBe('Asia/Shanghai');
  });

  it("is the browser's clock in UTC without one (a form no process has published)", () => {
    expect(formClock(null)).toBe(previewTime);
  });
});

describe('todayOn (the form editor preview says which day its today() is)', () => {
  it.each([
    ['2026-05-04T15:59:00Z', 'Asia/Shanghai', '2026-05-04'],
    ['2026-05-04T16:00:00Z', 'Asia/Shanghai', '2026-05-05'],
    ['2026-05-04T16:00:00Z', 'UTC', '2026-05-04'],
  ])('at %s in %s it is %s', (now, zone, day) => {
    expect(todayOn(formClock({ now, zone }))).toBe(day);
  });
});
