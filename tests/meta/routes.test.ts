import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAuth } from '../../engine/src/http/auth.ts';
import { describeApi } from '../../engine/src/http/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import {
  openApiDocument,
  operations as listOperations,
  type Operation,
} from '../helpers/openapi.ts';

/** The only routes anyone may call without a token; adding one is a deliberate edit here. */
const PUBLIC_ROUTES = [
  'GET /api/health',
  'GET /api/ready',
  'POST /api/auth/login',
  // single sign-on: whether it is offered, sending a browser to the provider, and its return
  'GET /api/auth/oidc',
  'GET /api/auth/oidc/start',
  'GET /api/auth/oidc/callback',
  // customers, without a staff login (docs/api.md)
  'GET /api/public/intake/{processId}',
  'POST /api/public/intake/{processId}',
  'GET /api/public/track/{token}',
  'POST /api/public/track/{token}/documents',
  'POST /api/public/track/{token}/answers',
];
const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

let t: TestEngine;
let operations: Operation[];

beforeAll(async () => {
  t = await startTestEngine({ definitions: {} });
  const doc = await openApiDocument(t.url);
  expect(doc.security, 'bearer token or session cookie is the document default').toEqual([
    { bearer: [] },
    { session: [] },
  ]);
  operations = await listOperations(t.url);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('every route in the OpenAPI document', () => {
  it('has a summary', () => {
    expect(operations.length).toBeGreaterThan(10);
    const missing = operations.filter((o) => !o.summary?.trim()).map((o) => o.key);
    expect(missing, 'routes without a summary').toEqual([]);
  });

  it('is public only when listed as such, and otherwise needs a bearer token', () => {
    const open = operations.filter((o) => o.public).map((o) => o.key);
    expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('answers 401 CW_ERR_UNAUTHENTICATED without a token unless it is public', async () => {
    for (const op of operations) {
      const path = op.path.replace(/\{[^}]+\}/g, DUMMY_ID);
      const res = await fetch(`${t.url}${path}`, { method: op.method });
      const body = (await res.json()) as { code?: string };
      if (op.public) {
        expect(res.status, `${op.key} is public`).not.toBe(401);
      } else {
        expect({ route: op.key, status: res.status, code: body.code }).toEqual({
          route: op.key,
          status: 401,
          code: 'CW_ERR_UNAUTHENTICATED',
        });
      }
    }
  });

  it('answers 401 to an unknown token', async () => {
    const op = operations.find((o) => !o.public && o.method === 'GET' && !o.path.includes('{'))!;
    const res = await fetch(`${t.url}${op.path}`, {
      headers: { authorization: 'Bearer cw_not-a-token' },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('CW_ERR_UNAUTHENTICATED');
  });
});

describe('the document `npm run gen` types the studio from', () => {
  it('is the one a running engine serves at /openapi.json', async () => {
    // Given the document described without a database (engine/src/http/describe.ts)
    const described = await describeApi();
    // Then it is the running engine's, so the studio's generated types are the served API's
    expect(described).toEqual(await openApiDocument(t.url));
  });
});

describe('registering a route', () => {
  it('fails when the route declares no auth rule, so no route is open by accident', async () => {
    // Given an app guarded like the engine's
    const app = Fastify();
    registerAuth(app, t.engine);
    try {
      // When a route without config.auth is added, Then registration throws
      await expect(async () => {
        app.get('/forgotten', async () => ({ ok: true }));
        await app.ready();
      }).rejects.toThrow(/declares no auth rule/);
    } finally {
      await app.close().catch(() => undefined);
    }
  });

  it('accepts a route that declares one', async () => {
    const app = Fastify();
    registerAuth(app, t.engine);
    app.get('/open', { config: { auth: 'public' } }, async () => ({ ok: true }));
    const res = await app.inject({ method: 'GET', url: '/open' });
    expect(res.statusCode).toBe(200);
    await app.close();
  });
});
