import { describe, expect, expectTypeOf, it } from 'vitest';
import { ApiError, createApi, type Answer, type Me } from './api';

/** A fetch that records what it was asked and answers `status` with `body`. */
function recorder(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    return new Response(status === 204 ? null : JSON.stringify(body), { status });
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

describe('the studio API client typed by the OpenAPI document', () => {
  it('fills path parameters, leaves out empty query values and sends the language and CSRF token', async () => {
    // Given a client of a signed-in user who reads English
    const { calls, fetch } = recorder(200, { items: [] });
    const api = createApi({ fetch, lang: 'en', csrfToken: 'csrf-1' });

    // When a typed call has a query value that needs escaping, and a write follows
    await api.get('/api/auth/tokens', { query: { userId: 'a b' } });
    await api.post('/api/auth/logout');

    // Then the URL is the route's with the escaped value and the headers are the helper's
    expect(calls[0]!.url).toBe('/api/auth/tokens?userId=a+b');
    expect(calls[0]!.init.method).toBe('GET');
    const headers = calls[1]!.init.headers as Record<string, string>;
    expect(calls[1]!.url).toBe('/api/auth/logout');
    expect(headers['accept-language']).toBe('en');
    expect(headers['x-csrf-token']).toBe('csrf-1');
  });

  it("throws the engine's error envelope as an ApiError", async () => {
    const { fetch } = recorder(401, { code: 'CW_ERR_UNAUTHENTICATED', message: 'Sign in' });
    const error = await createApi({ fetch })
      .me()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('CW_ERR_UNAUTHENTICATED');
    expect((error as ApiError).status).toBe(401);
  });

  it('answers what the response schema says (types only)', () => {
    expectTypeOf<Me['id']>().toEqualTypeOf<string>();
    expectTypeOf<Answer<'/api/auth/logout', 'post'>>().toEqualTypeOf<null>();
  });
});
