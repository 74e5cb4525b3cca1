/**
 * A real OpenID provider for tests: `oidc-provider` on a free port of this process, with one
 * confidential client (PKCE required) and the people given, each with their claims. Its own
 * development login and consent pages stand in for a company's; `signInThrough` drives them
 * over HTTP as a browser would (cookies kept, forms filled), up to the redirect back to us.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startProvider(opts: {
  redirectUri: string;
  people: Record<string, Record<string, unknown>>;
  /** A port of 127.0.0.1 to listen on (a free one by default). */
  port?: number;
}): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'caseway';
  const clientSecret = 'a-test-client-secret-of-enough-length';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles', 'groups'] },
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, id: string) =>
      opts.people[id]
        ? { accountId: id, claims: async () => ({ sub: id, ...opts.people[id] }) }
        : undefined,
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    // kept-alive connections too: a closed provider is one nobody reaches any more
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The fields of the page's first form, and where it posts. */
function formOf(page: string, base: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(page);
  if (!form) throw new Error(`no form on the provider's page: ${page.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
  }
  return { action: new URL(form[1]!, base).href, fields };
}

/**
 * Follows the provider from an authorization URL as a browser: signs in as `login` on its
 * login page, consents, and returns the URL it finally sends the browser to (our callback).
 */
export async function signInThrough(authorizationUrl: string, login: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      cookies.set(k!.trim(), v.join('='));
    }
  };
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  const origin = new URL(authorizationUrl).origin;
  for (let hops = 0; hops < 20; hops++) {
    if (!url.startsWith(origin)) return new URL(url);
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      headers: {
        cookie: cookie(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
      redirect: 'manual',
    });
    keep(res);
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const page = await res.text();
    if (res.status !== 200) throw new Error(`the provider answered ${res.status}: ${page}`);
    const form = formOf(page, url);
    if ('login' in form.fields || /name="login"/.test(page)) {
      form.fields.login = login;
      form.fields.password = 'any password';
    }
    url = form.action;
    body = new URLSearchParams(form.fields);
  }
  throw new Error('the provider never sent the browser back');
}
