import { describe, expect, test } from 'vitest';
import { endsStream, type StreamAccess } from './access-ended.ts';

const bySession: StreamAccess = { userId: 'alice', tokenId: null, sessionHash: 's1' };
const byOtherSession: StreamAccess = { userId: 'alice', tokenId: null, sessionHash: 's2' };
const byToken: StreamAccess = { userId: 'alice', tokenId: 'tok_1', sessionHash: null };
const colleague: StreamAccess = {
  userId: 'adam',
  roles: ['supervisor', 'staff'],
  tokenId: 'tok_2',
  sessionHash: null,
};

describe('which open streams an ended access closes', () => {
  test.each([
    ['a disabled user: all of theirs', { userId: 'alice' }, [true, true, true, false]],
    [
      'a password change: their other sessions',
      { userId: 'alice', only: 'sessions', except: 's1' },
      [false, true, false, false],
    ],
    [
      'an administrator reset: all their sessions',
      { userId: 'alice', only: 'sessions' },
      [true, true, false, false],
    ],
    ['a revoked token: that token', { tokenId: 'tok_1' }, [false, false, true, false]],
    ['a sign-out: that session', { sessionHash: 's2' }, [false, true, false, false]],
    ['a role changed: those who hold it', { roleId: 'supervisor' }, [false, false, false, true]],
    [
      'a role nobody streaming holds: nothing',
      { roleId: 'designer' },
      [false, false, false, false],
    ],
    ['a malformed notice: nothing', { user: 'alice' }, [false, false, false, false]],
    ['not an object: nothing', 'alice', [false, false, false, false]],
  ])('%s', (_what, ended, expected) => {
    expect(
      [bySession, byOtherSession, byToken, colleague].map((s) => endsStream(ended, s)),
    ).toEqual(expected);
  });
});
