import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../generated/index.ts';
import { isCnResidentId } from './formats.ts';
import { validateForm } from './validate.ts';

/** The engine clock's instant the rules run at. */
const AT = { now: Date.parse('2026-05-04T08:00:00Z') };

const label = { 'zh-Hant': 'x', en: 'x' };
const form: FormDefinition = {
  id: 'kyc',
  version: 1,
  title: label,
  fields: [
    { key: 'id', type: 'text', format: 'cn-resident-id', label },
    { key: 'mobile', type: 'phone', format: 'cn-mobile', label },
    { key: 'amount', type: 'money', min: 1, max: 100_000_00, label },
  ],
};

describe('mainland resident ID', () => {
  it('accepts the standard example and a lower-case x check digit', () => {
    expect(isCnResidentId('11010519491231002X')).toBe(true);
    expect(isCnResidentId('11010519491231002x')).toBe(true);
  });
  it('refuses a wrong check digit, an impossible birth date, a wrong length', () => {
    expect(isCnResidentId('110105194912310021')).toBe(false);
    expect(isCnResidentId('110105194902300020')).toBe(false); // 30 February
    expect(isCnResidentId('11010519491231002')).toBe(false);
    expect(isCnResidentId('01010519491231002X')).toBe(false); // area code cannot start with 0
  });
});

describe('formatted fields', () => {
  it('accepts valid values', () => {
    expect(
      validateForm(
        form,
        { id: '11010519491231002X', mobile: '+86 13812345678', amount: 1250_00 },
        {},
        'en',
        AT,
      ),
    ).toEqual([]);
  });
  it('refuses each bad value at its pointer, in the caller language', () => {
    const problems = validateForm(
      form,
      { id: '110105194912310021', mobile: '12812345678', amount: 12.5 },
      {},
      'zh-Hant',
      AT,
    );
    expect(problems.map((p) => p.pointer).sort()).toEqual(['/amount', '/id', '/mobile']);
    expect(problems.find((p) => p.pointer === '/id')?.message).toContain('居民身分證號碼');
    expect(validateForm(form, { amount: 0 }, {}, 'en', AT).map((p) => p.pointer)).toEqual([
      '/amount',
    ]);
  });
});
