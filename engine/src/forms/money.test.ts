import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../generated/index.ts';
import { MONEY_MAX_FEN, formatFen, parseYuan, yuanWords } from './money.ts';
import { lintForm } from './lint.ts';
import { validateForm } from './validate.ts';

/** The engine clock's instant the rules run at. */
const AT = { now: Date.parse('2026-05-04T08:00:00Z') };

describe('money as people write it', () => {
  it.each([
    [0, '0.00'],
    [7, '0.07'],
    [123450, '1,234.50'],
    [-2_000_000, '-20,000.00'],
    [MONEY_MAX_FEN, '90,071,992,547,409.91'],
  ])('formats %d fen as %s yuan', (fen, text) => expect(formatFen(fen)).toBe(text));

  it.each([
    ['', undefined],
    ['  ', undefined],
    ['20000', 2_000_000],
    ['1,234.5', 123450],
    ['1，234.50', 123450],
    ['1 234.50', 123450],
    ['¥ 12', 1200],
    ['-0.5', -50],
    ['12.345', null],
    ['1e300', null],
    ['abc', null],
    ['¥', null],
    ['.5', null],
  ])('reads %j as %s fen', (text, fen) => expect(parseYuan(text)).toBe(fen));

  it('reads back every amount it writes, with or without separators', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MONEY_MAX_FEN, max: MONEY_MAX_FEN }), (fen) => {
        expect(parseYuan(formatFen(fen))).toBe(fen);
        expect(parseYuan(formatFen(fen, { grouping: false }))).toBe(fen);
      }),
    );
  });

  it('says a limit in yuan in each language', () => {
    expect(yuanWords(100, 'zh-Hant')).toBe('1.00 元');
    expect(yuanWords(100, 'en')).toBe('1.00 yuan');
  });
});

const label = { 'zh-Hant': '金額', en: 'Amount' };
const form = (field: Record<string, unknown>): FormDefinition => ({
  id: 'pay',
  version: 1,
  title: label,
  fields: [{ key: 'amount', type: 'money', label, ...field } as FormDefinition['fields'][number]],
});

describe('money fields in the engine', () => {
  it('refuses more than a JSON number holds exactly when no maximum is set', () => {
    const f = form({});
    expect(validateForm(f, { amount: MONEY_MAX_FEN }, {}, 'en', AT)).toEqual([]);
    for (const amount of [1e300, MONEY_MAX_FEN + 1, -1e300]) {
      const [p] = validateForm(f, { amount }, {}, 'en', AT);
      expect(p?.pointer).toBe('/amount');
    }
    expect(validateForm(f, { amount: 1e300 }, {}, 'en', AT)[0]!.message).toBe(
      'must be at most 90,071,992,547,409.91 yuan',
    );
  });

  it('keeps a lower maximum of its own, said in yuan in both languages', () => {
    const f = form({ max: 100_000_00 });
    expect(validateForm(f, { amount: 100_000_01 }, {}, 'zh-Hant', AT)[0]!.message).toBe(
      '不得大於 100,000.00 元',
    );
  });

  it('supports exclusive limits', () => {
    const f = form({ exclusiveMinimum: 0, exclusiveMaximum: 500 });
    expect(validateForm(f, { amount: 1 }, {}, 'en', AT)).toEqual([]);
    expect(validateForm(f, { amount: 0 }, {}, 'en', AT)[0]!.message).toBe(
      'must be more than 0.00 yuan',
    );
    expect(validateForm(f, { amount: 500 }, {}, 'zh-Hant', AT)[0]!.message).toBe(
      '必須小於 5.00 元',
    );
  });

  it('says a fraction of a fen is too many decimals', () => {
    expect(validateForm(form({}), { amount: 12.5 }, {}, 'en', AT)[0]!.message).toBe(
      'must be an amount in yuan with at most 2 decimals',
    );
  });

  it('lint refuses limits that are not whole fen within the safe range, and limits on a text field', () => {
    expect(lintForm(form({ min: 0.5 })).map((p) => p.pointer)).toEqual(['/fields/0/min']);
    expect(lintForm(form({ max: 1e300 })).map((p) => p.pointer)).toEqual(['/fields/0/max']);
    const text = { ...form({}), fields: [{ key: 'n', type: 'text', label, min: 1 }] };
    expect(lintForm(text as FormDefinition).map((p) => p.code)).toEqual(['CW_ERR_DEF_SCHEMA']);
  });
});
