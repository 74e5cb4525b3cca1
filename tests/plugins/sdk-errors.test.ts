/**
 * The SDK's PermanentError: a plain permanent failure or a business error with a code and
 * details, recognised by its mark whichever copy of the SDK made it, and stored by the engine
 * as a code it can match and details it can keep.
 */
import { PERMANENT_ERROR, PermanentError, isPermanentError } from '@caseway/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { businessError } from '../../engine/src/effects/invoke.ts';

describe('PermanentError', () => {
  it('takes a message alone, as before, or a code, a message and details', () => {
    const plain = new PermanentError('400: unknown policy');
    expect([plain.message, plain.code, plain.details]).toEqual([
      '400: unknown policy',
      undefined,
      undefined,
    ]);
    const closed = new PermanentError('ACCOUNT_CLOSED', 'the account is closed', { since: 2026 });
    expect([closed.message, closed.code, closed.details]).toEqual([
      'the account is closed',
      'ACCOUNT_CLOSED',
      { since: 2026 },
    ]);
    const cause = new Error('socket');
    expect(new PermanentError('gone', { cause }).cause).toBe(cause);
    expect(new PermanentError('GONE', 'gone', undefined, { cause }).cause).toBe(cause);
  });

  it('is recognised by its mark, from any copy of the SDK', () => {
    // another copy's error: another class, the same registered symbol
    const foreign = Object.assign(new Error('closed'), {
      [Symbol.for('caseway.plugin-sdk.permanent-error')]: true,
      code: 'ACCOUNT_CLOSED',
    });
    expect(PERMANENT_ERROR).toBe(Symbol.for('caseway.plugin-sdk.permanent-error'));
    expect(isPermanentError(foreign)).toBe(true);
    expect(foreign instanceof PermanentError).toBe(true);
    expect(isPermanentError(Object.assign(new Error('x'), { permanent: true }))).toBe(false);
    class Refused extends PermanentError {}
    expect(new Refused('x') instanceof Refused).toBe(true);
    expect(new PermanentError('x') instanceof Refused).toBe(false);
  });

  it('is stored as a business error only with a usable code, details at most 16 KB', () => {
    expect(businessError(new PermanentError('no code'))).toBeUndefined();
    expect(businessError(new PermanentError('not a code!', 'x'))).toBeUndefined();
    expect(businessError(new PermanentError('LIMIT_EXCEEDED', 'over', { limit: 1000 }))).toEqual({
      code: 'LIMIT_EXCEEDED',
      message: 'over',
      details: { limit: 1000 },
    });
    const big = businessError(new PermanentError('BIG', 'x', { blob: 'x'.repeat(20_000) }));
    expect(big?.details).toEqual({ truncated: true, size: expect.any(Number) });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(businessError(new PermanentError('CYCLE', 'x', cyclic))?.details).toEqual({
      unserialisable: true,
    });
  });
});
