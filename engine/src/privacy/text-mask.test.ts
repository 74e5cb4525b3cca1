import { describe, expect, it } from 'vitest';
import { maskIdentifiersIn, maskValuesIn } from './text-mask.ts';

describe('personal data in free text', () => {
  it.each([
    ['ID A123456789 refused', 'ID A********9 refused'],
    ['resident F823456789', 'resident F********9'],
    ['HKID A123456(7) unknown', 'HKID A********) unknown'],
    ['call +886 912 345 678', 'call +**************8'],
    ['mobile 0912-345-678.', 'mobile 0**********8.'],
    ['account 12345678901234 closed', 'account 1************4 closed'],
    ['card 4111 1111 1111 1111', 'card 4*****************1'],
    ['mainland ID 11010519491231002X', 'mainland ID 1****************X'],
    ['mail mei.chen@example.com.tw', 'mail m******n@example.com.tw'],
  ])('masks %j', (text, masked) => {
    expect(maskIdentifiersIn(text)).toBe(masked);
  });

  it.each([
    'closed on 2026-11-30',
    'HTTP 503 after 30000 ms',
    'amount 1,250,000.00 over the limit',
    'transfer tr-7 of v2.1.0',
    'at 2026-11-30T10:15:00Z',
  ])('leaves %j as it is', (text) => {
    expect(maskIdentifiersIn(text)).toBe(text);
  });

  it('masks given values wherever they appear, longest first', () => {
    expect(maskValuesIn('no payee 陳美玲 (陳美玲王)', ['陳美玲', '陳美玲王', 'ab'])).toBe(
      'no payee 陳*玲 (陳**王)',
    );
  });
});
