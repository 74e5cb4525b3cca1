/**
 * A browser for identity tests: signs in through the API, keeps the session cookie and the
 * CSRF token, and sends them the way the studio does. Real HTTP, no mocks.
 */
import type { Response, TestEngine } from './engine.ts';

export interface LoginResponse extends Response {
  /** The raw Set-Cookie headers of the answer. */
  setCookie: string[];
  headers: Headers;
}

export interface Browser {
  cookie: string;
  csrfToken: string;
  /** Calls the API with the session cookie; the CSRF header unless `csrf: false`. */
  api<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts?: { csrf?: boolean | string },
  ): Promise<Response<T>>;
}

/** Gives a user a password through the administrators' API. */
export async function givePassword(t: TestEngine, userId: string, password: string) {
  const res = await t.api('POST', `/api/users/${userId}/password`, { password });
  if (res.status !== 204) throw new Error(`cannot set ${userId}'s password: ${res.status}`);
}

export async function login(
  t: TestEngine,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<LoginResponse> {
  const res = await fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    setCookie: res.headers.getSetCookie(),
    headers: res.headers,
  };
}

/** Signs in and returns a browser holding the session; fails the test if sign-in fails. */
export async function signIn(t: TestEngine, username: string, password: string): Promise<Browser> {
  const res = await login(t, username, password);
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  const cookie = res.setCookie[0]!.split(';')[0]!;
  return browser(t, cookie, res.body.csrfToken);
}

export function browser(t: TestEngine, cookie: string, csrfToken: string): Browser {
  return {
    cookie,
    csrfToken,
    async api(method, path, body, o = {}) {
      const headers: Record<string, string> = { cookie };
      if (o.csrf !== false)
        headers['x-csrf-token'] = typeof o.csrf === 'string' ? o.csrf : csrfToken;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${t.url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}
