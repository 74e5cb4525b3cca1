import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { givePassword, login, signIn } from '../helpers/session.ts';

const PASSWORD = 'correct horse battery staple';
const LOCKOUT_MS = 15 * 60_000;

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: {},
    config: {
      loginMaxFailures: 3,
      loginLockoutMs: LOCKOUT_MS,
      sessionIdleMs: 30 * 60_000,
      sessionTtlMs: 8 * 3600_000,
    },
  });
  for (const id of ['alice', 'adam', 'ian', 'sue']) await givePassword(t, id, PASSWORD);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('signing in with a password', () => {
  it('sets an HTTP-only, Secure, SameSite=Strict session cookie and tells who I am', async () => {
    // Given alice has a password, When she signs in
    const res = await login(t, 'alice', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'alice',
      roles: ['staff'],
      groups: ['adjusters'],
      via: 'session',
    });
    expect(typeof res.body.csrfToken).toBe('string');
    // Then the cookie cannot be read by scripts, sent over plain HTTP or by other sites
    expect(res.setCookie).toHaveLength(1);
    const attrs = res.setCookie[0]!.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs[0]).toMatch(/^__host-cw_session=.{40,}/);
    expect(attrs).toEqual(
      expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/']),
    );
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);

    // And the session id is stored only as a hash
    const cookieValue = res.setCookie[0]!.split(';')[0]!.split('=')[1]!;
    const rows = await t.sql(`SELECT id_hash FROM sessions WHERE user_id = 'alice'`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id_hash === cookieValue)).toBe(false);
  });

  it('answers GET /api/auth/me through the cookie and ends the session on logout', async () => {
    const b = await signIn(t, 'alice', PASSWORD);
    const me = await b.api('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: 'alice', via: 'session', groups: ['adjusters'] });

    const out = await b.api('POST', '/api/auth/logout');
    expect(out.status).toBe(204);
    const after = await b.api('GET', '/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('CW_ERR_UNAUTHENTICATED');
  });

  it('gives the same answer for an unknown name, a wrong password and a disabled account', async () => {
    const unknown = await login(t, 'nobody-here', PASSWORD);
    const wrong = await login(t, 'adam', 'not the password at all');
    await t.api('PATCH', '/api/users/ian', { disabled: true });
    const disabled = await login(t, 'ian', PASSWORD);
    await t.api('PATCH', '/api/users/ian', { disabled: false });
    for (const r of [unknown, wrong, disabled]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        code: 'CW_ERR_LOGIN_FAILED',
        message: unknown.body.message,
        details: [],
      });
      expect(r.setCookie).toEqual([]);
    }
    // A user without a password (token-only) cannot sign in either, with the same answer
    const noPassword = await login(t, 'dana', PASSWORD);
    expect(noPassword.body.code).toBe('CW_ERR_LOGIN_FAILED');
  });

  it('locks a login name after repeated failures, for real and unknown names alike, until the lockout passes', async () => {
    for (const name of ['sue', 'ghost']) {
      // Given three failed attempts
      for (let i = 0; i < 3; i++) {
        const r = await login(t, name, `wrong password ${i}`);
        expect(r.body.code).toBe('CW_ERR_LOGIN_FAILED');
      }
      // When the right password is tried, Then the name is locked with a Retry-After
      const locked = await login(t, name, PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('CW_ERR_LOGIN_LOCKED');
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(LOCKOUT_MS / 1000);
    }
    // And another name is not affected
    expect((await login(t, 'alice', PASSWORD)).status).toBe(200);

    // When the lockout period passes, Then the right password works again
    t.clock.advance(LOCKOUT_MS + 1000);
    expect((await login(t, 'sue', PASSWORD)).status).toBe(200);
  });

  it('ends a session after the idle timeout and after its absolute lifetime', async () => {
    const idle = await signIn(t, 'alice', PASSWORD);
    t.clock.advance(29 * 60_000);
    expect((await idle.api('GET', '/api/auth/me')).status).toBe(200);
    // last_seen_at was touched by that request: 31 silent minutes later the session is over
    t.clock.advance(31 * 60_000);
    expect((await idle.api('GET', '/api/auth/me')).status).toBe(401);

    // A session used every 20 minutes still ends 8 hours after sign-in
    const busy = await signIn(t, 'alice', PASSWORD);
    for (let i = 0; i < 23; i++) {
      t.clock.advance(20 * 60_000);
      expect((await busy.api('GET', '/api/auth/me')).status).toBe(200);
    }
    t.clock.advance(21 * 60_000);
    expect((await busy.api('GET', '/api/auth/me')).status).toBe(401);
  });
});

describe('passwords', () => {
  it('are stored as salted scrypt hashes with their parameters', async () => {
    const rows = await t.sql(
      `SELECT id, password_hash FROM users WHERE id IN ('alice', 'adam') ORDER BY id`,
    );
    expect(rows.map((r) => r.password_hash.split('$').slice(0, 4).join('$'))).toEqual([
      'scrypt$32768$8$1',
      'scrypt$32768$8$1',
    ]);
    // the same password gives different hashes (per-user salt) and never appears in clear
    expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
    expect(rows[0].password_hash).not.toContain(PASSWORD);
  });

  it('can be changed by their owner with the current one, which ends their other sessions', async () => {
    await givePassword(t, 'adam', PASSWORD);
    const first = await signIn(t, 'adam', PASSWORD);
    const second = await signIn(t, 'adam', PASSWORD);
    const wrong = await second.api('POST', '/api/auth/password', {
      currentPassword: 'not my password',
      newPassword: 'a brand new passphrase',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('CW_ERR_PASSWORD_WRONG');

    const short = await second.api('POST', '/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('CW_ERR_VALIDATION');

    const ok = await second.api('POST', '/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(ok.status).toBe(204);
    expect((await second.api('GET', '/api/auth/me')).status).toBe(200);
    expect((await first.api('GET', '/api/auth/me')).status).toBe(401);
    expect((await login(t, 'adam', PASSWORD)).status).toBe(401);
    expect((await login(t, 'adam', 'a brand new passphrase')).status).toBe(200);
  });

  it('can be reset by an administrator, which signs the user out everywhere', async () => {
    const b = await signIn(t, 'ian', PASSWORD);
    await givePassword(t, 'ian', 'reset by the administrator');
    expect((await b.api('GET', '/api/auth/me')).status).toBe(401);
    expect((await login(t, 'ian', 'reset by the administrator')).status).toBe(200);
  });
});
