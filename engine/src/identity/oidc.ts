/**
 * Single sign-on with OpenID Connect, beside local passwords: the authorization code flow with
 * PKCE (S256), state and nonce, through `openid-client`. Settings come from the environment
 * (`oidcFromEnv`); who a signed-in person is comes from the ID token's claims (`mapClaims`):
 * their login id, display name, and roles and groups mapped from the claims the provider sends.
 *
 * @example
 *   const sso = new OidcClient(settings);
 *   const { url, login } = await sso.begin('/inbox');   // keep `login` by its state, send to `url`
 *   const claims = await sso.finish(new URL(callbackUrl), login);
 *   const person = mapClaims(claims, settings);         // { id, displayName, roles, groups, subject }
 */
import * as client from 'openid-client';
import type { OidcSettings } from '../config.ts';

export type { OidcSettings };

/** A claim's values as strings: a list, one string, or (for other shapes) none. */
const values = (claim: unknown): string[] =>
  Array.isArray(claim)
    ? claim.filter((x): x is string => typeof x === 'string' && x.length <= 200).slice(0, 200)
    : typeof claim === 'string' && claim.length <= 200
      ? [claim]
      : [];

const mapped = (vs: string[], map: Record<string, string[]>) =>
  Object.keys(map).length ? vs.flatMap((v) => map[v] ?? []) : vs;

const ID = /^[a-z0-9][a-z0-9._-]*$/;

/** Who a person is in Caseway, from their ID token's claims. */
export interface MappedPerson {
  /** `<issuer>#<sub>`: the one link between the provider's person and a Caseway user. */
  subject: string;
  id: string;
  displayName: string;
  roles: string[];
  groups: string[];
}

/**
 * The person the claims describe; null when the login id claim is missing or is not a valid
 * Caseway id (lower-case letters, digits, `.`, `_`, `-`; at most 100). Roles and groups are
 * mapped as the settings say, unknown ones left to the caller to drop.
 */
export function mapClaims(
  claims: Record<string, unknown>,
  s: Pick<
    OidcSettings,
    | 'issuer'
    | 'usernameClaim'
    | 'rolesClaim'
    | 'groupsClaim'
    | 'roleMap'
    | 'groupMap'
    | 'defaultRoles'
  >,
): MappedPerson | null {
  const raw = claims[s.usernameClaim];
  const sub = claims.sub;
  if (typeof raw !== 'string' || typeof sub !== 'string') return null;
  const id = raw.trim().toLowerCase();
  if (!ID.test(id) || id.length > 100) return null;
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : id;
  return {
    subject: `${s.issuer}#${sub}`,
    id,
    displayName: name.slice(0, 200),
    roles: [...new Set([...s.defaultRoles, ...mapped(values(claims[s.rolesClaim]), s.roleMap)])],
    groups: [...new Set(mapped(values(claims[s.groupsClaim]), s.groupMap))],
  };
}

/** What a sign-in keeps between sending the browser away and its return (by its state). */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/** The relying party: discovers the provider once (again after a failure) and runs the flow. */
export class OidcClient {
  #config: Promise<client.Configuration> | undefined;

  constructor(readonly settings: OidcSettings) {}

  #discover(): Promise<client.Configuration> {
    const s = this.settings;
    this.#config ??= client
      .discovery(
        new URL(s.issuer),
        s.clientId,
        s.clientSecret ? { client_secret: s.clientSecret } : undefined,
        s.clientSecret ? client.ClientSecretPost(s.clientSecret) : client.None(),
        s.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        this.#config = undefined;
        throw e;
      });
    return this.#config;
  }

  /** Where to send the browser, and what to keep for its return. */
  async begin(returnTo: string): Promise<{ url: string; login: PendingLogin }> {
    const config = await this.#discover();
    const login: PendingLogin = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(login.codeVerifier),
      code_challenge_method: 'S256',
      state: login.state,
      nonce: login.nonce,
    });
    return { url: url.href, login };
  }

  /**
   * Exchanges the code the browser brought back (checking state, nonce and the PKCE verifier
   * with the provider) and returns the ID token's claims.
   */
  async finish(callback: URL, login: PendingLogin): Promise<Record<string, unknown>> {
    const config = await this.#discover();
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    return { ...(tokens.claims() ?? {}) };
  }
}
