/**
 * HTTP expectations for a plugin's test: while an action runs, `fetch` answers from the
 * expectations a test declared, in order, and records every request; a request nobody expected
 * fails the call (as a network error would), and `verify()` names the expectations never met.
 *
 * @example
 *   tester.http.expect('POST', 'https://bank.example/transfers').reply(201, { id: 'tr-1' });
 *   await tester.run('pay', input);
 *   tester.http.verify();
 *   tester.http.requests[0]?.json; // the body the plugin sent
 */

/** A request the plugin made. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body as text ('' when none). */
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

type Matcher = (r: RecordedRequest) => boolean;

/** What an expected request answers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Expectation {
  /** Also requires the request to pass this check (a header, the body). */
  where(check: Matcher): Expectation;
  reply(status: number, body?: unknown, headers?: Record<string, string>): Expectation;
  /** The request fails as a network error would (connection refused, reset). */
  fail(message?: string): Expectation;
  /** Answered this many times (1 by default). */
  times(n: number): Expectation;
}

interface Pending {
  method: string;
  url: string | RegExp;
  checks: Matcher[];
  answer: Reply | { error: string };
  left: number;
  label: string;
}

export class HttpExpectations {
  readonly requests: RecordedRequest[] = [];
  readonly #pending: Pending[] = [];

  /** Expects one request (`url` exact, or a RegExp); answer it with `reply` or `fail`. */
  expect(method: string, url: string | RegExp): Expectation {
    const p: Pending = {
      method: method.toUpperCase(),
      url,
      checks: [],
      answer: { status: 200 },
      left: 1,
      label: `${method.toUpperCase()} ${String(url)}`,
    };
    this.#pending.push(p);
    const e: Expectation = {
      where: (check) => (p.checks.push(check), e),
      reply: (status, body, headers) => ((p.answer = { status, body, headers }), e),
      fail: (message = 'connection refused') => ((p.answer = { error: message }), e),
      times: (n) => ((p.left = n), e),
    };
    return e;
  }

  /** Throws naming every expected request that did not come. */
  verify(): void {
    const unmet = this.#pending.filter((p) => p.left > 0);
    if (unmet.length)
      throw new Error(
        `expected HTTP requests did not come: ${unmet.map((p) => p.label).join(', ')}`,
      );
  }

  /** The `fetch` a run uses while these expectations hold. */
  fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = init?.body === undefined || init.body === null ? '' : await request.text();
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const recorded: RecordedRequest = {
      method: request.method.toUpperCase(),
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body,
      json,
    };
    this.requests.push(recorded);
    init?.signal?.throwIfAborted();
    const match = this.#pending.find(
      (p) =>
        p.left > 0 &&
        p.method === recorded.method &&
        (typeof p.url === 'string' ? p.url === recorded.url : p.url.test(recorded.url)) &&
        p.checks.every((c) => c(recorded)),
    );
    if (!match) throw new TypeError(`fetch failed: unexpected ${recorded.method} ${recorded.url}`);
    match.left -= 1;
    if ('error' in match.answer) throw new TypeError(`fetch failed: ${match.answer.error}`);
    const { status, body: answer, headers = {} } = match.answer;
    const text =
      answer === undefined ? null : typeof answer === 'string' ? answer : JSON.stringify(answer);
    const type: Record<string, string> =
      answer !== undefined && typeof answer !== 'string'
        ? { 'content-type': 'application/json' }
        : {};
    return new Response(status === 204 || status === 304 ? null : text, {
      status,
      headers: { ...type, ...headers },
    });
  };
}
