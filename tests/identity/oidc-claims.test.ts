/**
 * Single sign-on without a provider: how the OIDC_* settings are read (a wrong one stops the
 * engine at start, naming the variable), how an ID token's claims become a Caseway person
 * (login id, roles and groups through the configured maps), and that a provider that cannot be
 * reached is a refusal of `begin`, asked again once it is back. The flow itself is tests/identity/oidc.test.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { oidcFromEnv } from '../../engine/src/config.ts';
import { OidcClient, mapClaims } from '../../engine/src/identity/index.ts';
import { startProvider } from '../helpers/oidc-provider.ts';

const ENV = {
  OIDC_ISSUER: 'https://id.example.com',
  OIDC_CLIENT_ID: 'caseway',
  OIDC_REDIRECT_URI: 'https://caseway.example.com/api/auth/oidc/callback',
};

describe('the OIDC_* settings', () => {
  it('are off without an issuer, and take their defaults with one', () => {
    expect(oidcFromEnv({})).toBeUndefined();
    expect(oidcFromEnv(ENV)).toMatchObject({
      name: 'single sign-on',
      scopes: 'openid profile email',
      usernameClaim: 'preferred_username',
      rolesClaim: 'roles',
      groupsClaim: 'groups',
      roleMap: {},
      groupMap: {},
      defaultRoles: [],
      clientSecret: undefined,
      allowHttp: false,
    });
  });

  it('read the maps as JSON (one id or a list) and the default roles as a comma list', () => {
    const s = oidcFromEnv({
      ...ENV,
      OIDC_ROLE_MAP: '{"claims-clerk":"staff","claims-lead":["supervisor","staff"]}',
      OIDC_DEFAULT_ROLES: ' staff , personal-data ',
    })!;
    expect(s.roleMap).toEqual({
      'claims-clerk': ['staff'],
      'claims-lead': ['supervisor', 'staff'],
    });
    expect(s.defaultRoles).toEqual(['staff', 'personal-data']);
  });

  it.each([
    [{ ...ENV, OIDC_CLIENT_ID: '' }, /OIDC_CLIENT_ID is required/],
    [{ ...ENV, OIDC_REDIRECT_URI: '' }, /OIDC_REDIRECT_URI is required/],
    [{ ...ENV, OIDC_ROLE_MAP: '{staff' }, /OIDC_ROLE_MAP is not JSON/],
    [{ ...ENV, OIDC_GROUP_MAP: '["ADJ"]' }, /OIDC_GROUP_MAP must be a JSON object/],
    [{ ...ENV, OIDC_ROLE_MAP: '{"a":[1]}' }, /OIDC_ROLE_MAP: "a" must name a list/],
  ])('stop the engine at start when one is wrong (%#)', (env, message) => {
    expect(() => oidcFromEnv(env)).toThrow(message);
  });
});

describe('claims mapped to a person', () => {
  const settings = { ...oidcFromEnv(ENV)!, roleMap: {}, groupMap: {} };

  it.each([
    [
      'values as they are without a map, the id lower-cased, the name kept',
      { sub: 's1', preferred_username: 'Chen.Yu', name: '陳宇', roles: ['staff'], groups: 'ADJ' },
      {},
      { id: 'chen.yu', displayName: '陳宇', roles: ['staff'], groups: ['ADJ'] },
    ],
    [
      'through the maps, unmapped values dropped, duplicates once',
      { sub: 's1', preferred_username: 'lin', roles: ['clerk', 'lead', 'guest'], groups: ['ADJ'] },
      {
        roleMap: { clerk: ['staff'], lead: ['supervisor', 'staff'] },
        groupMap: { ADJ: ['adjusters'] },
      },
      { id: 'lin', displayName: 'lin', roles: ['staff', 'supervisor'], groups: ['adjusters'] },
    ],
    [
      'default roles added to the mapped ones; claims of other shapes ignored',
      { sub: 's1', preferred_username: 'ann', roles: { staff: true }, groups: [7, 'ops'] },
      { defaultRoles: ['staff'] },
      { id: 'ann', roles: ['staff'], groups: ['ops'] },
    ],
    [
      'no roles at all when the map gives none (refused by the route)',
      { sub: 's1', preferred_username: 'jo', roles: ['visitor'] },
      { roleMap: { clerk: ['staff'] } },
      { id: 'jo', roles: [], groups: [] },
    ],
  ])('%s', (_, claims, over, person) => {
    expect(mapClaims(claims, { ...settings, ...over })).toMatchObject({
      subject: 'https://id.example.com#s1',
      ...person,
    });
  });

  it.each([
    ['no login id claim', { sub: 's1' }],
    ['no subject', { preferred_username: 'ann' }],
    ['a login id Caseway cannot hold', { sub: 's1', preferred_username: 'ann smith' }],
    ['a login id that is not text', { sub: 's1', preferred_username: 42 }],
  ])('none for %s', (_, claims) => {
    expect(mapClaims(claims, settings)).toBeNull();
  });
});

describe('a provider that cannot be reached', () => {
  it('refuses to begin, and is asked again at the next sign-in once it is back', async () => {
    // a port that was just free: nothing answers there yet
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const redirectUri = ENV.OIDC_REDIRECT_URI;
    const sso = new OidcClient({
      ...oidcFromEnv({ ...ENV, OIDC_ISSUER: `http://127.0.0.1:${port}` })!,
      allowHttp: true,
    });
    await expect(sso.begin('/')).rejects.toThrow();
    // the provider comes up: the failed discovery was not kept
    const idp = await startProvider({ redirectUri, people: {}, port });
    try {
      const { url } = await sso.begin('/inbox');
      expect(new URL(url).origin).toBe(idp.issuer);
    } finally {
      await idp.close();
    }
  });
});
