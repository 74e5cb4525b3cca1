/**
 * Tracing with OpenTelemetry against a real OTLP/HTTP collector (a node:http server the test
 * starts, receiving the exporter's JSON): a case started over HTTP gives one trace from the
 * request to the start step, to the service job the step wrote (its row carries the trace
 * context to the worker), to the plugin call; the case id, process and business key are
 * attributes, and no name, phone number or ID number of the start data is in any of it.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracing, otlpHeaders, otlpTracesEndpoint } from '../../engine/src/tracing/index.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { tasksOf } from '../helpers/scenario.ts';

const PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: OtlpValue }[];
  status?: { code?: number };
}
interface Export {
  resourceSpans: {
    resource: { attributes: { key: string; value: OtlpValue }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

// Given a collector that keeps every export it receives
const exports: Export[] = [];
const raw: string[] = [];
let arrived: () => void = () => undefined;
const collector = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (body += c));
  req.on('end', () => {
    if (req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) {
      raw.push(body);
      exports.push(JSON.parse(body) as Export);
      arrived();
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
// and a policy system the case's service task calls
const policies = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 'in force', url: req.url }));
});

const spans = () =>
  exports.flatMap((e) => e.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
const attrs = (s: OtlpSpan) =>
  Object.fromEntries(
    s.attributes.map(({ key, value }) => [
      key,
      value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue),
    ]),
  );
/** Waits (on each export's arrival, no sleeping) until a span matches. */
async function spanWhere(what: string, match: (s: OtlpSpan) => boolean): Promise<OtlpSpan> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = spans().find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} span in ${JSON.stringify(spans())}`);
    await new Promise<void>((resolve) => {
      arrived = resolve;
      setTimeout(resolve, 1_000).unref();
    });
  }
}

// and a process that looks the policy up, then asks an adjuster to confirm
const lookup = process(
  'lookup',
  [
    start(),
    service('check', 'http/request', {
      input: { method: '"GET"', url: '"/policies/{{no}}"', values: '{no: policyNo}' },
      output: { policyStatus: 'result.body.status' },
    }),
    userTask('confirm', 'ack'),
    end('end', 'confirmed'),
  ],
  [
    ['start', 'check'],
    ['check', 'confirm'],
    ['confirm', 'end'],
  ],
);

// the start data's personal data, which must appear in no span
const PERSONAL = ['陳大文', 'Chan Tai Man', '0912345678', 'A123456789', 'chan@example.com'];

let t: TestEngine;
beforeAll(async () => {
  collector.listen(0, '127.0.0.1');
  policies.listen(0, '127.0.0.1');
  await Promise.all([once(collector, 'listening'), once(policies, 'listening')]);
  const port = (collector.address() as AddressInfo).port;
  t = await startTestEngine({
    definitions: files(lookup),
    pluginsDir: PLUGINS,
    config: {
      tracing: {
        endpoint: `http://127.0.0.1:${port}/v1/traces`,
        headers: {},
        serviceName: 'caseway-test',
        exportDelayMs: 50,
      },
    },
  });
  const base = `http://127.0.0.1:${(policies.address() as AddressInfo).port}/api`;
  expect(
    (await t.api('PUT', '/api/plugins/http/config', { config: { baseUrl: base } })).status,
  ).toBe(204);
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
  collector.close();
  policies.close();
});

describe('one trace from request to plugin call', () => {
  it('links the request, the start step, the service job and the plugin call', async () => {
    // When a case is started over HTTP with a customer's personal data
    const res = await t.api('POST', '/api/instances', {
      processId: 'lookup',
      businessKey: 'CLM-2026-0042',
      variables: {
        policyNo: 'P-7781',
        customerName: PERSONAL[0],
        customerNameEn: PERSONAL[1],
        phone: PERSONAL[2],
        idNumber: PERSONAL[3],
        email: PERSONAL[4],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const caseId: string = res.body.id;

    // Then the collector receives the request's span
    const request = await spanWhere(
      'request',
      (s) => s.name === 'POST /api/instances' && attrs(s)['http.response.status_code'] === 201,
    );
    expect(request.kind).toBe(2); // SERVER
    expect(request.parentSpanId ?? '').toBe('');
    expect(attrs(request)).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/instances',
    });

    // the start step as its child, with the case's id, process and business key
    const step = await spanWhere(
      'start step',
      (s) => s.name === 'caseway.step start' && attrs(s)['caseway.case.id'] === caseId,
    );
    expect(step.traceId).toBe(request.traceId);
    expect(step.parentSpanId).toBe(request.spanId);
    expect(attrs(step)).toMatchObject({
      'caseway.process.id': 'lookup',
      'caseway.process.version': 1,
      'caseway.step.event': 'start',
      'caseway.case.business_key': 'CLM-2026-0042',
    });

    // the service job, run later by the worker, joins the trace through its row
    const job = await spanWhere(
      'service job',
      (s) => s.name === 'caseway.job service' && attrs(s)['caseway.case.id'] === caseId,
    );
    expect(job.traceId).toBe(request.traceId);
    expect(job.parentSpanId).toBe(step.spanId);
    expect(attrs(job)).toMatchObject({ 'caseway.job.kind': 'service', 'caseway.job.attempt': 1 });
    const [row] = await t.sql<{ trace_context: string }>(
      `SELECT trace_context FROM jobs WHERE instance_id = $1 AND kind = 'service'`,
      [caseId],
    );
    expect(row?.trace_context).toBe(`00-${step.traceId}-${step.spanId}-01`);

    // and the plugin call inside the job
    const call = await spanWhere('plugin call', (s) => s.name === 'caseway.plugin http/request');
    expect(call.traceId).toBe(request.traceId);
    expect(call.parentSpanId).toBe(job.spanId);
    expect(attrs(call)).toMatchObject({
      'caseway.plugin.name': 'http',
      'caseway.plugin.action': 'http/request',
      'caseway.case.id': caseId,
      'caseway.outcome': 'ok',
    });
    // the result's step, recorded under the job, reaches the adjuster's task
    const result = await spanWhere(
      'result step',
      (s) => s.name === 'caseway.step jobSucceeded' && attrs(s)['caseway.case.id'] === caseId,
    );
    expect(result.traceId).toBe(request.traceId);
    await t.until(async () => (await tasksOf(t, caseId)).length > 0 || undefined, 'the task');

    // and nothing exported names the customer: not an attribute, a span name, the resource
    for (const text of raw) for (const p of PERSONAL) expect(text).not.toContain(p);
    expect(raw.join('')).not.toContain('P-7781'); // nor the policy number the call's URL held
    expect(exports[0]!.resourceSpans[0]!.resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'caseway-test' },
    });
  });

  it('a refused request says so by its code, never its message', async () => {
    const res = await t.api('POST', '/api/instances', {
      processId: 'no-such-process',
      variables: { customerName: PERSONAL[0] },
    });
    expect(res.status).toBe(404);
    const failed = await spanWhere(
      'failed request',
      (s) => s.name === 'POST /api/instances' && attrs(s)['http.response.status_code'] === 404,
    );
    // a 4xx is the caller's mistake: the server span's status stays unset (OpenTelemetry's rule)
    expect(failed.status?.code ?? 0).toBe(0);
    expect(attrs(failed)['caseway.outcome']).toBe(res.body.code);
    for (const text of raw) expect(text).not.toContain(PERSONAL[0]);
  });
});

describe("a caller's trace", () => {
  it('is continued from a valid traceparent; a malformed one starts a trace of its own', async () => {
    const caller = '0af7651916cd43dd8448eb211c80319c';
    const sent = `00-${caller}-b7ad6b7169203331-01`;
    for (const traceparent of [
      sent,
      '00-zz-not-a-trace-01',
      `00-${'0'.repeat(32)}-b7ad6b7169203331-01`,
    ])
      expect(
        (await t.api('GET', '/api/definitions', undefined, { headers: { traceparent } })).status,
      ).toBe(200);
    const continued = await spanWhere('continued', (s) => s.traceId === caller);
    expect(continued.name).toBe('GET /api/definitions');
    expect(continued.parentSpanId).toBe('b7ad6b7169203331');
    const own = await spanWhere(
      'own',
      (s) => s.name === 'GET /api/definitions' && s.traceId !== caller,
    );
    expect(own.parentSpanId ?? '').toBe('');
    expect(spans().filter((s) => s.name === 'GET /api/definitions').length).toBeGreaterThanOrEqual(
      2,
    );
  });
});

describe('configuration', () => {
  it('is off without an endpoint, and reads the standard OTLP variables', async () => {
    expect(await createTracing(undefined)).toBeUndefined();
    expect(otlpTracesEndpoint({})).toBeUndefined();
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeUndefined();
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe(
      'http://c:4318/v1/traces',
    );
    expect(
      otlpTracesEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:4318/custom',
      }),
    ).toBe('http://t:4318/custom');
    expect(otlpHeaders('api-key=a%20b, x=1,broken')).toEqual({ 'api-key': 'a b', x: '1' });
  });
});
