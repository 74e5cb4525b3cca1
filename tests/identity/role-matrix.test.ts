import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { operations as listOperations, rolesHolding, type Operation } from '../helpers/openapi.ts';

/**
 * The policy, written out: who may call each operation. `user` = any signed-in user; a list =
 * only those roles. Which tasks and cases a caller then sees is narrowed further by group
 * (see access.test.ts). A new route fails the coverage test until it is added here.
 */
type Rule = 'public' | 'user' | string[];
const ADMIN = ['admin'];
const DESIGN = ['admin', 'designer'];
const OVERSEE = ['admin', 'supervisor'];
const START = ['admin', 'supervisor', 'staff', 'integration'];
const POLICY: Record<string, Rule> = {
  'GET /api/health': 'public',
  'GET /api/ready': 'public',
  'POST /api/auth/login': 'public',
  'GET /api/auth/oidc': 'public',
  'GET /api/auth/oidc/start': 'public',
  'GET /api/auth/oidc/callback': 'public',
  'POST /api/auth/logout': 'user',
  'GET /api/auth/me': 'user',
  'POST /api/auth/password': 'user',
  'POST /api/auth/tokens': 'user',
  'GET /api/auth/tokens': 'user',
  'DELETE /api/auth/tokens/{id}': 'user',
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/{id}': ADMIN,
  'POST /api/users/{id}/password': ADMIN,
  'GET /api/groups': 'user',
  'POST /api/groups': ADMIN,
  'PUT /api/groups/{id}': ADMIN,
  'GET /api/roles': ADMIN,
  'POST /api/roles': ADMIN,
  'PUT /api/roles/{id}': ADMIN,
  'GET /api/audit': ADMIN,
  'GET /api/directory': ['admin', 'designer', 'supervisor'],
  'GET /api/definitions': 'user',
  'GET /api/definitions/problems': DESIGN,
  'GET /api/schemas/{kind}': 'user',
  'GET /api/definitions/{kind}/{id}': 'user',
  'GET /api/definitions/{kind}/{id}/versions/{version}': 'user',
  'POST /api/definitions/validate': DESIGN,
  'GET /api/drafts': DESIGN,
  'GET /api/drafts/{kind}/{id}': DESIGN,
  'PUT /api/drafts/{kind}/{id}': DESIGN,
  'DELETE /api/drafts/{kind}/{id}': DESIGN,
  'POST /api/drafts/{kind}/{id}/publish': DESIGN,
  'POST /api/decisions/{id}/evaluate': DESIGN,
  'POST /api/plays': DESIGN,
  'GET /api/plays': DESIGN,
  'GET /api/plays/{id}': DESIGN,
  'POST /api/plays/{id}/events': DESIGN,
  'DELETE /api/plays/{id}': DESIGN,
  'POST /api/plays/{id}/scenario': DESIGN,
  'GET /api/scenarios/{processId}': DESIGN,
  'GET /api/scenarios/{processId}/{name}': DESIGN,
  'DELETE /api/scenarios/{processId}/{name}': DESIGN,
  'POST /api/scenarios/{processId}/run': DESIGN,
  'POST /api/instances': START,
  'GET /api/instances': ['admin', 'supervisor', 'designer'],
  'GET /api/instances/{id}': 'user',
  'GET /api/instances/{id}/history': 'user',
  'GET /api/instances/{id}/related': 'user',
  'POST /api/cases/search': 'user',
  'GET /api/cases/{id}': 'user',
  'GET /api/cases/{id}/notes': 'user',
  'POST /api/cases/{id}/notes': 'user',
  'POST /api/instances/{id}/cancel': OVERSEE,
  'POST /api/instances/{id}/migrate': DESIGN,
  'POST /api/migrations': DESIGN,
  'GET /api/migrations': DESIGN,
  'GET /api/migrations/{id}': DESIGN,
  'POST /api/migrations/{id}/cancel': DESIGN,
  'GET /api/tasks': 'user',
  'GET /api/tasks/{id}': 'user',
  'POST /api/tasks/{id}/claim': 'user',
  'POST /api/tasks/{id}/unclaim': 'user',
  'PUT /api/tasks/{id}/draft': 'user',
  'POST /api/tasks/{id}/complete': 'user',
  'POST /api/tasks/{id}/attachments': 'user',
  'GET /api/attachments/{id}': 'user',
  'GET /api/instances/{id}/attachments': 'user',
  'POST /api/tasks/reassign': OVERSEE,
  'GET /api/tasks/unroutable': OVERSEE,
  'GET /api/inbox/filters': 'user',
  'POST /api/inbox/filters': 'user',
  'DELETE /api/inbox/filters/{id}': 'user',
  'POST /api/messages': ['admin', 'integration'],
  'GET /api/incidents': OVERSEE,
  'GET /api/incidents/{id}': OVERSEE,
  'POST /api/incidents/{id}/retry': OVERSEE,
  'POST /api/incidents/{id}/skip': ADMIN,
  'POST /api/incidents/retry': OVERSEE,
  'GET /api/worklist': OVERSEE,
  'POST /api/cases/{id}/priority': OVERSEE,
  'POST /api/sla-clocks/{id}/due': OVERSEE,
  'GET /api/calendars/coverage': ['admin', 'supervisor', 'designer'],
  'POST /api/sla-clocks/replay': DESIGN,
  'GET /api/tasks/{id}/candidates': OVERSEE,
  'GET /api/instances/{id}/slas': 'user',
  'GET /api/slas/report': OVERSEE,
  'POST /api/slas/preview': 'user',
  'GET /api/notifications': 'user',
  'GET /api/notifications/unread': 'user',
  'POST /api/notifications/read': 'user',
  'GET /api/events': 'user',
  'GET /api/analytics/cycle-times': OVERSEE,
  'GET /api/analytics/workload': OVERSEE,
  'GET /api/analytics/breakdown': OVERSEE,
  'GET /api/analytics/scores': OVERSEE,
  'GET /api/analytics/past-sla': OVERSEE,
  'GET /api/analytics/ageing': OVERSEE,
  'GET /api/analytics/throughput': OVERSEE,
  'GET /api/analytics/satisfaction': OVERSEE,
  'GET /api/reports/complaints': OVERSEE,
  'GET /api/timers': OVERSEE,
  'GET /api/public/intake/{processId}': 'public',
  'POST /api/public/intake/{processId}': 'public',
  'GET /api/public/track/{token}': 'public',
  'POST /api/public/track/{token}/documents': 'public',
  'POST /api/public/track/{token}/answers': 'public',
  'GET /api/plugins': ADMIN,
  'POST /api/plugins/reload': ADMIN,
  'GET /api/plugins/{name}/settings': ADMIN,
  'POST /api/plugins/{name}/test': ADMIN,
  'PUT /api/plugins/{name}/config': ADMIN,
  'PUT /api/plugins/{name}/secrets': ADMIN,
  'GET /api/actions': DESIGN,
  'POST /api/import/bpmn': DESIGN,
  'POST /api/import/dmn': DESIGN,
  'GET /api/definitions/process/{id}/versions/{version}/bpmn': DESIGN,
};

const ROLES = ['admin', 'designer', 'supervisor', 'staff', 'integration'] as const;
const TOKENS: Record<(typeof ROLES)[number], string> = {
  admin: '',
  designer: '',
  supervisor: '',
  staff: '',
  integration: 'integration-bot-token',
};

let t: TestEngine;
let operations: Operation[];

beforeAll(async () => {
  t = await startTestEngine({ definitions: {} });
  await ensureUser(t.engine.db, { id: 'bot', roles: ['integration'] }, TOKENS.integration);
  TOKENS.admin = t.token('admin');
  TOKENS.designer = t.token('designer');
  TOKENS.supervisor = t.token('supervisor');
  TOKENS.staff = t.token('adjuster');
  operations = await listOperations(t.url);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** A rule of duties as the roles of a new database that hold one of them (DEFAULT_ROLES). */
const asRule = (x: unknown): Rule =>
  typeof x === 'object' && x !== null
    ? rolesHolding((x as { duties: string[] }).duties)
    : (x as Rule);
const norm = (r: Rule): Rule => (Array.isArray(r) ? [...r].sort() : r);

describe('route coverage', () => {
  it('shows the rule of every operation as x-auth, and every one is in the written policy', () => {
    expect(operations.length).toBeGreaterThan(30);
    const missing = operations.filter((o) => o.xAuth === undefined).map((o) => o.key);
    expect(missing, 'operations without x-auth').toEqual([]);
    const unlisted = operations.filter((o) => !(o.key in POLICY)).map((o) => o.key);
    expect(unlisted, 'operations missing from POLICY in this test').toEqual([]);
    for (const o of operations)
      expect({ op: o.key, rule: asRule(o.xAuth) }).toEqual({
        op: o.key,
        rule: norm(POLICY[o.key]!),
      });
  });
});

describe('role matrix', () => {
  it('lets each role call exactly the operations the policy gives it', async () => {
    const wrong: string[] = [];
    for (const o of operations) {
      const rule = POLICY[o.key]!;
      const path = o.path
        .replace('{kind}', 'process')
        .replace('{version}', '1')
        .replace(/\{[^}]+\}/g, 'no-such-id');
      for (const role of ROLES) {
        const allowed = rule === 'public' || rule === 'user' || rule.includes(role);
        const withBody = ['POST', 'PUT', 'PATCH'].includes(o.method);
        const res = await fetch(`${t.url}${path}`, {
          method: o.method,
          headers: {
            authorization: `Bearer ${TOKENS[role]}`,
            ...(withBody ? { 'content-type': 'application/json' } : {}),
          },
          ...(withBody ? { body: '{}' } : {}),
        });
        // a stream (GET /api/events) answers with its headers and stays open: do not wait for it
        const streaming = res.headers.get('content-type') === 'text/event-stream';
        if (streaming) await res.body?.cancel();
        const body = streaming ? {} : ((await res.json().catch(() => ({}))) as { code?: string });
        const denied = res.status === 403 && body.code === 'CW_ERR_FORBIDDEN';
        if (res.status === 401) wrong.push(`${role} ${o.key}: 401`);
        else if (allowed === denied)
          wrong.push(
            `${role} ${o.key}: expected ${allowed ? 'allowed' : 'denied'}, got ${res.status}`,
          );
      }
    }
    expect(wrong).toEqual([]);
  });
});
