import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { givePassword, signIn, type Browser } from '../helpers/session.ts';

const PASSWORD = 'correct horse battery staple';

let t: TestEngine;
let alice: Browser;
beforeAll(async () => {
  t = await startTestEngine({ definitions: {} });
  await givePassword(t, 'alice', PASSWORD);
  await givePassword(t, 'adam', PASSWORD);
  alice = await signIn(t, 'alice', PASSWORD);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const tokenCount = async () =>
  (await t.sql(`SELECT count(*)::int AS n FROM api_tokens WHERE user_id = 'alice'`))[0].n;

describe('CSRF protection of cookie-authenticated writes', () => {
  it('refuses a write without the token with 403 CW_ERR_CSRF and changes nothing', async () => {
    const before = await tokenCount();
    const res = await alice.api('POST', '/api/auth/tokens', { label: 'x' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CW_ERR_CSRF');
    expect(await tokenCount()).toBe(before);
  });

  it("refuses a forged token and another session's token", async () => {
    const forged = await alice.api('POST', '/api/auth/tokens', { label: 'x' }, { csrf: 'abc-def' });
    expect(forged.body.code).toBe('CW_ERR_CSRF');
    const adam = await signIn(t, 'adam', PASSWORD);
    const foreign = await alice.api(
      'POST',
      '/api/auth/tokens',
      { label: 'x' },
      { csrf: adam.csrfToken },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('CW_ERR_CSRF');
  });

  it('accepts the write with the token from sign-in or from GET /api/auth/me', async () => {
    const res = await alice.api('POST', '/api/auth/tokens', { label: 'with token' });
    expect(res.status).toBe(201);
    const me = await alice.api('GET', '/api/auth/me', undefined, { csrf: false });
    expect(me.status).toBe(200);
    const again = await alice.api(
      'POST',
      '/api/auth/tokens',
      { label: 'fresh' },
      { csrf: me.body.csrfToken },
    );
    expect(again.status).toBe(201);
  });

  it('does not ask bearer-token calls for a token (no browser sends that header on its own)', async () => {
    const res = await t.api('POST', '/api/auth/tokens', { label: 'bearer' }, { as: 'adjuster' });
    expect(res.status).toBe(201);
  });
});
