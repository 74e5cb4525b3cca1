import { describe, expect, it } from 'vitest';
import { accept, matching, nextActive, wordAt, type FeelCompletion } from './completion';

const LIST: FeelCompletion[] = [
  { label: 'amount', detail: 'number' },
  { label: 'approved', detail: 'boolean' },
  { label: 'form.amount', detail: 'number' },
  { label: 'count(list)', insert: 'count()', detail: 'number' },
  { label: 'severity', detail: 'text' },
];

describe('wordAt', () => {
  it('finds the name being typed, paths included', () => {
    expect(wordAt('amount > 10 and sev', 19)).toEqual({ start: 16, prefix: 'sev' });
    expect(wordAt('form.am', 7)).toEqual({ start: 0, prefix: 'form.am' });
    expect(wordAt('a + ', 4)).toEqual({ start: 4, prefix: '' });
  });

  it('offers nothing inside a string literal or after a digit', () => {
    expect(wordAt('severity = "maj', 15)).toBeNull();
    expect(wordAt('x = "a \\" b', 11)).toBeNull();
    expect(wordAt('x = "done" and ap', 17)).toEqual({ start: 15, prefix: 'ap' });
    expect(wordAt('amount > 10', 11)).toBeNull();
    expect(wordAt('P1D', 3)).toEqual({ start: 0, prefix: 'P1D' });
  });
});

describe('matching', () => {
  it('puts names starting with the prefix first, then those containing it', () => {
    expect(matching(LIST, 'am').map((c) => c.label)).toEqual(['amount', 'form.amount']);
    expect(matching(LIST, 'AP').map((c) => c.label)).toEqual(['approved']);
    expect(matching(LIST, 'xyz')).toEqual([]);
  });

  it('matches everything on an empty prefix, up to the limit', () => {
    expect(matching(LIST, '')).toHaveLength(5);
    expect(matching(LIST, '', 2)).toHaveLength(2);
  });
});

describe('accept', () => {
  it('replaces the typed word and puts the caret after it', () => {
    const at = wordAt('amount > 10 and sev', 19)!;
    expect(accept('amount > 10 and sev', at, 19, LIST[4]!)).toEqual({
      text: 'amount > 10 and severity',
      caret: 24,
    });
  });

  it('keeps the text after the caret and puts it inside a function call', () => {
    const at = wordAt('cou = 3', 3)!;
    expect(accept('cou = 3', at, 3, LIST[3]!)).toEqual({ text: 'count() = 3', caret: 6 });
  });
});

describe('nextActive', () => {
  it('moves down and up through the list, wrapping; from none, up goes to the last', () => {
    expect(nextActive('ArrowDown', -1, 3)).toBe(0);
    expect(nextActive('ArrowDown', 2, 3)).toBe(0);
    expect(nextActive('ArrowUp', 0, 3)).toBe(2);
    expect(nextActive('ArrowUp', -1, 3)).toBe(2);
    expect(nextActive('ArrowUp', 2, 3)).toBe(1);
    expect(nextActive('ArrowDown', 0, 0)).toBe(-1);
  });
});
