/**
 * The http plugin against a real local REST peer (node:http): templated URL, headers and JSON
 * body, the configured base URL, default headers and authorization secret, the idempotency key
 * on every try, retries on 503 and refused connections, a 400 straight to an incident, the
 * node's timeout aborting the call, and the answer mapped into process variables.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, files, process, service, start } from '../fixtures/definitions.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { history, jobsAt, startInstance, untilStatus } from '../helpers/scenario.ts';

const PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));
const SECRET = 'Bearer tok-5e1f-never-logged';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

// Given a claims system that is down twice before it answers, refuses bad requests, and hangs
const received: Received[] = [];
const hung: Promise<void>[] = [];
let flakyFailures = 2;
const peer: Server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (body += c));
  req.on('end', () => {
    received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    if (req.url!.startsWith('/api/claims/')) {
      if (flakyFailures-- > 0) return reply(503, { error: 'maintenance' });
      return reply(201, { id: 'n-77', accepted: true }, { 'x-request-id': 'r-9' });
    }
    if (req.url === '/api/refuse') return reply(400, { error: 'policy number unknown' });
    if (req.url === '/api/hang') {
      hung.push(once(res, 'close').then(() => undefined)); // answered never; closed by the caller
      return;
    }
    reply(404, { error: 'no route' });
  });
});

const retried = { retry: { attempts: 3, backoff: 'PT0S' } };
const chain = (id: string, node: ReturnType<typeof service>) =>
  process(
    id,
    [start(), node, end('end', 'called')],
    [
      ['start', node.id],
      [node.id, 'end'],
    ],
  );
const note = chain(
  'note',
  service('call', 'http/request', {
    input: {
      method: '"POST"',
      url: '"/claims/{{no}}/notes?lang={{lang}}"',
      headers: '{"X-Claim": "{{no}}"}',
      body: '{text: "Note for {{name}}", amount: "{{amount}}", tags: ["claim", "{{no}}"]}',
      values: '{no: claimNo, name: name, amount: amount, lang: "zh-Hant"}',
    },
    output: {
      noteId: 'result.body.id',
      status: 'result.status',
      requestId: 'get value(result.headers, "x-request-id")',
    },
    ...retried,
  }),
);
const refused = chain(
  'refused',
  service('call', 'http/request', { input: { method: '"GET"', url: '"refuse"' }, ...retried }),
);
const missing = chain(
  'missing',
  service('call', 'http/request', {
    input: { method: '"GET"', url: '"/claims/{{no}}"', values: '{}' },
    ...retried,
  }),
);
const hang = chain(
  'hang',
  service('call', 'http/request', {
    input: { method: '"GET"', url: '"/hang"' },
    retry: { attempts: 1, timeout: 'PT0.3S' },
  }),
);
const closed = chain(
  'closed',
  service('call', 'http/request', {
    input: { method: '"GET"', url: '"http://127.0.0.1:{{port}}/x"', values: '{port: port}' },
    retry: { attempts: 2, backoff: 'PT0S' },
  }),
);

const lines: string[] = [];
let t: TestEngine;
beforeAll(async () => {
  peer.listen(0, '127.0.0.1');
  await once(peer, 'listening');
  t = await startTestEngine({
    definitions: files(note, refused, missing, hang, closed),
    pluginsDir: PLUGINS,
    config: { logLevel: 'debug' },
    logStream: { write: (l: string) => void lines.push(l) },
  });
  const base = `http://127.0.0.1:${(peer.address() as AddressInfo).port}/api`;
  const config = { baseUrl: base, headers: { 'x-default': 'from-config' } };
  expect((await t.api('PUT', '/api/plugins/http/config', { config })).status).toBe(204);
  const secrets = { authorization: SECRET };
  expect((await t.api('PUT', '/api/plugins/http/secrets', { secrets })).status).toBe(204);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
  peer.closeAllConnections();
  peer.close();
});

const incidentOf = (id: string) =>
  t.until(
    async () => (await t.api('GET', `/api/incidents?instanceId=${id}`)).body.items[0],
    'incident',
  );

describe('http/request', () => {
  it('retries a 503 with the same idempotency key, then maps the answer into the case', async () => {
    // When a case posts a note while the claims system answers 503 twice
    const i = await startInstance(t, 'note', {
      claimNo: 'C/2024-7',
      name: '陳大文',
      amount: 1200.5,
    });

    // Then the third try succeeds and the answer's fields land in the case variables
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.variables).toMatchObject({ noteId: 'n-77', status: 201, requestId: 'r-9' });
    const h = await history(t, i.id);
    expect(h.filter((x) => x.type === 'job.failed').map((x) => x.data?.attempt)).toEqual([1, 2]);
    expect(String(h.find((x) => x.type === 'job.failed')?.data?.error)).toMatch(
      /^CW_ERR_ACTION_FAILED: POST http:\/\/127\.0\.0\.1:\d+\/api\/claims\/C%2F2024-7\/notes answered 503/,
    );

    // And the peer saw three identical requests: templated URL, headers and body, one key
    const [job] = await jobsAt(t, i.id, 'call');
    const calls = received.filter((r) => r.url.startsWith('/api/claims/'));
    expect(calls).toHaveLength(3);
    for (const c of calls) {
      expect(c.method).toBe('POST');
      expect(c.url).toBe('/api/claims/C%2F2024-7/notes?lang=zh-Hant');
      expect(c.headers).toMatchObject({
        'idempotency-key': job!.id,
        authorization: SECRET,
        'x-default': 'from-config',
        'x-claim': 'C/2024-7',
        'content-type': 'application/json',
      });
      expect(JSON.parse(c.body)).toEqual({
        text: 'Note for 陳大文',
        amount: 1200.5,
        tags: ['claim', 'C/2024-7'],
      });
    }
  });

  it('turns a 400 into an incident at once, without using up the retries', async () => {
    const before = received.filter((r) => r.url === '/api/refuse').length;
    const i = await startInstance(t, 'refused');
    const incident = await incidentOf(i.id);
    expect(incident.error).toMatch(
      /^CW_ERR_ACTION_REJECTED: GET http:\/\/127\.0\.0\.1:\d+\/api\/refuse answered 400: \{"error":"policy number unknown"\}$/,
    );
    expect(received.filter((r) => r.url === '/api/refuse').length - before).toBe(1);
    const h = await history(t, i.id);
    expect(h.filter((x) => x.type === 'job.failed')).toEqual([]);
    expect(h.find((x) => x.type === 'incident.opened')?.data).toMatchObject({ attempt: 1 });
  });

  it('refuses a template whose value is missing at once, before calling anyone', async () => {
    const count = received.length;
    const i = await startInstance(t, 'missing');
    expect((await incidentOf(i.id)).error).toBe(
      'CW_ERR_ACTION_REJECTED: no value for placeholder {{no}}',
    );
    expect(received.length).toBe(count);
  });

  it("aborts the request when the node's timeout runs out", async () => {
    const i = await startInstance(t, 'hang');
    const incident = await incidentOf(i.id);
    expect(incident.error).toMatch(/^CW_ERR_ACTION_TIMEOUT/);
    // the plugin gave the signal to fetch: the peer sees its connection closed
    expect(hung).toHaveLength(1);
    await hung[0];
  });

  it('retries a refused connection, then opens an incident naming the cause', async () => {
    const gone = createServer();
    gone.listen(0, '127.0.0.1');
    await once(gone, 'listening');
    const port = (gone.address() as AddressInfo).port;
    gone.close();
    await once(gone, 'close');

    const i = await startInstance(t, 'closed', { port });
    const incident = await incidentOf(i.id);
    expect(incident.error).toBe(
      `CW_ERR_ACTION_FAILED: GET http://127.0.0.1:${port}/x failed: ECONNREFUSED`,
    );
    const h = await history(t, i.id);
    expect(h.filter((x) => x.type === 'job.failed').map((x) => x.data?.attempt)).toEqual([1]);
    expect(h.find((x) => x.type === 'incident.opened')?.data).toMatchObject({ attempt: 2 });
  });

  it('logs each answer without the authorization secret', () => {
    const log = lines.join('');
    expect(log).toMatch(/"plugin":"http".*"status":201.*"msg":"http request answered"/);
    expect(log).not.toContain('tok-5e1f-never-logged');
  });
});
