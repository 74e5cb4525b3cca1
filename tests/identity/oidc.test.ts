/**
 * Single sign-on with OpenID Connect (issue 21, item 5) against a real provider started here
 * (`oidc-provider` on a free port): the authorization code flow with PKCE over HTTP, state and
 * nonce checked, a tampered state refused with its code, and the person's user created on
 * first sign-in with roles and groups mapped from the claims, updated on the next.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { signInThrough, startProvider, type TestProvider } from '../helpers/oidc-provider.ts';

const REDIRECT = 'http://studio.test/api/auth/oidc/callback';
const people: Record<string, Record<string, unknown>> = {
  'u-1001': {
    preferred_username: 'Lin.ZM',
    name: '林志明',
    roles: ['claims-staff', 'not-mapped'],
    groups: ['ADJ'],
  },
  'u-2002': { preferred_username: 'admin', name: 'Mallory', roles: ['claims-lead'], groups: [] },
  // a visitor at the provider: no Caseway role maps from it
  'u-3003': { preferred_username: 'jo.guest', name: 'Jo', roles: ['visitor'], groups: ['ADJ'] },
};

let idp: TestProvider;
let t: TestEngine;
beforeAll(async () => {
  idp = await startProvider({ redirectUri: REDIRECT, people });
  t = await startTestEngine({
    definitions: {},
    config: {
      oidc: {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        redirectUri: REDIRECT,
        name: 'Ankang ID',
        scopes: 'openid profile',
        usernameClaim: 'preferred_username',
        rolesClaim: 'roles',
        groupsClaim: 'groups',
        roleMap: { 'claims-staff': ['staff'], 'claims-lead': ['supervisor', 'staff'] },
        groupMap: { ADJ: ['adjusters'] },
        defaultRoles: [],
        allowHttp: true,
      },
    },
  });
  // the group the provider's ADJ maps to exists; `not-mapped` maps to nothing
  expect((await t.api('PUT', '/api/groups/adjusters', {})).status).toBeLessThan(300);
});
afterAll(async () => {
  await t?.close();
  await idp?.close(); // closed already by the last test
  await dropTestData(t.schema, t.prefix);
});

const json = { accept: 'application/json' };

/** Begins a sign-in as an API client would, and follows the provider as `login`. */
async function begin(returnTo = '/inbox') {
  const res = await fetch(`${t.url}/api/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`, {
    headers: json,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { url: string }).url;
}
const callback = (back: URL, headers: Record<string, string> = json) =>
  fetch(`${t.url}/api/auth/oidc/callback${back.search}`, { headers, redirect: 'manual' });

describe('single sign-on', () => {
  it('is offered under its name', async () => {
    const res = await fetch(`${t.url}/api/auth/oidc`);
    expect(await res.json()).toEqual({ enabled: true, name: 'Ankang ID' });
  });

  it('sends the browser to the provider with state, nonce and a PKCE S256 challenge', async () => {
    const res = await fetch(`${t.url}/api/auth/oidc/start?returnTo=/inbox`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('client_id')).toBe('caseway');
    expect(to.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(to.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
  });

  it('creates the user on first sign-in with roles and groups mapped from the claims, and a session', async () => {
    const back = await signInThrough(await begin('/inbox'), 'u-1001');
    expect(back.origin + back.pathname).toBe(REDIRECT);
    const res = await callback(back);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: 'lin.zm', returnTo: '/inbox' });
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    const me = await (await fetch(`${t.url}/api/auth/me`, { headers: { cookie } })).json();
    expect(me).toMatchObject({
      id: 'lin.zm',
      displayName: '林志明',
      roles: ['staff'],
      groups: ['adjusters'],
      duties: ['startCases'],
    });
    const audit = (await t.api('GET', '/api/audit?action=user.created&limit=1')).body.items[0];
    expect(audit).toMatchObject({ actor: 'system', subject: 'user/lin.zm', data: { via: 'oidc' } });

    // the same code cannot be used twice: its state is gone
    const again = await callback(back);
    expect(again.status).toBe(400);
    expect((await again.json()).code).toBe('CW_ERR_OIDC_STATE');
  });

  it('updates the user from the claims at the next sign-in', async () => {
    people['u-1001']!.roles = ['claims-lead'];
    const res = await callback(await signInThrough(await begin(), 'u-1001'));
    expect(res.status).toBe(200);
    const users = (await t.api('GET', '/api/users')).body.items as {
      id: string;
      roles: string[];
    }[];
    expect(users.find((u) => u.id === 'lin.zm')?.roles).toEqual(['supervisor', 'staff']);
  });

  it('refuses a tampered state with its code, in the caller’s language, and sends a browser back to sign in', async () => {
    const back = await signInThrough(await begin(), 'u-1001');
    const tampered = new URL(back);
    tampered.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const res = await callback(tampered, { ...json, 'accept-language': 'zh-Hant' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('CW_ERR_OIDC_STATE');
    expect(body.message).toBe('此登入不明、已使用或已逾時，請重新登入。');
    expect(body.details[0]).toMatchObject({ pointer: '/state', in: 'query' });
    expect(res.headers.getSetCookie()).toEqual([]);
    // a browser is sent to the sign-in page, told why
    const browser = await callback(tampered, { accept: 'text/html' });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/login?error=CW_ERR_OIDC_STATE');
  });

  it('refuses a code exchanged without its PKCE verifier or with another nonce (the state kept, the rest forged)', async () => {
    // a code from one sign-in brought back under another sign-in's state: the verifier and
    // nonce kept with that state do not match the code, and the provider refuses
    const first = await signInThrough(await begin(), 'u-1001');
    const second = await signInThrough(await begin(), 'u-1001');
    const mixed = new URL(second);
    mixed.searchParams.set('code', first.searchParams.get('code')!);
    const res = await callback(mixed);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('CW_ERR_OIDC_FAILED');
  });

  it('never takes over a local account of the same name', async () => {
    const res = await callback(await signInThrough(await begin(), 'u-2002'));
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('CW_ERR_OIDC_USER');
    const admin = (await t.api('GET', '/api/users')).body.items.find(
      (u: { id: string }) => u.id === 'admin',
    );
    expect(admin.displayName).not.toBe('Mallory');
  });
  it('refuses a person whose roles map to no Caseway role, writing nothing', async () => {
    const res = await callback(await signInThrough(await begin(), 'u-3003'), {
      ...json,
      'accept-language': 'zh-Hans',
    });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.code).toBe('CW_ERR_OIDC_NO_ROLE');
    expect(body.message).toMatch(/身份/); // Simplified: 身份, not 身分 of zh-Hant
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await t.sql(`SELECT id FROM users WHERE id = 'jo.guest'`)).toEqual([]);
    const browser = await callback(await signInThrough(await begin(), 'u-3003'), {
      accept: 'text/html',
    });
    expect(browser.headers.get('location')).toBe('/login?error=CW_ERR_OIDC_NO_ROLE');
  });

  it('refuses a code the provider never issued, and a sign-in left longer than ten minutes', async () => {
    const back = await signInThrough(await begin(), 'u-1001');
    const forged = new URL(back);
    forged.searchParams.set('code', 'a-code-nobody-issued');
    const res = await callback(forged);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('CW_ERR_OIDC_FAILED');
    expect(res.headers.getSetCookie()).toEqual([]);

    const late = await signInThrough(await begin(), 'u-1001');
    t.clock.advance(11 * 60_000);
    const expired = await callback(late);
    expect(expired.status).toBe(400);
    expect((await expired.json()).code).toBe('CW_ERR_OIDC_STATE');
  });

  it('refuses, as unreachable, a sign-in whose code cannot be exchanged because the provider is down', async () => {
    const backs = [
      await signInThrough(await begin(), 'u-1001'),
      await signInThrough(await begin(), 'u-1001'),
    ];
    await idp.close();
    const res = await callback(backs[0]!);
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('CW_ERR_OIDC_UNREACHABLE');
    expect(res.headers.getSetCookie()).toEqual([]);
    // a browser is not shown a 5xx: it is back at the sign-in page, told why
    const browser = await callback(backs[1]!, { accept: 'text/html' });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/login?error=CW_ERR_OIDC_UNREACHABLE');
  });
});
