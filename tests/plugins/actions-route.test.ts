/**
 * GET /api/actions, the designers' action catalogue: the built-ins, every shipped plugin's
 * actions with their input and output schemas (sensitive properties still marked), actions
 * registered in code without schemas, never a plugin's event delivery; designers and
 * administrators only; described in the OpenAPI document.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';

const PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));

interface ActionInfo {
  name: string;
  plugin: string | null;
  builtin: boolean;
  title: { 'zh-Hant': string; en: string } | null;
  idempotent: boolean;
  input: Record<string, any> | null;
  output: Record<string, any> | null;
}

let t: TestEngine;

beforeAll(async () => {
  // Given the shipped plugins and one action an embedding application registers in code
  const actions = new ActionRegistry().register('crm-lookup', () => ({ found: true }));
  t = await startTestEngine({ definitions: {}, pluginsDir: PLUGINS, actions });
});
afterAll(async () => {
  await t?.close();
  if (t) await dropTestData(t.schema, t.prefix);
});

describe('GET /api/actions', () => {
  it('lists the built-ins first, then every registered action by name', async () => {
    const res = await t.api<{ items: ActionInfo[] }>('GET', '/api/actions', undefined, {
      as: 'designer',
    });
    expect(res.status).toBe(200);
    const names = res.body.items.map((a) => a.name);
    expect(names.slice(0, 2)).toEqual(['noop', 'set-variables']);
    expect(names.slice(2)).toEqual([...names.slice(2)].sort());
    for (const plugin of t.engine.plugins.list())
      for (const a of plugin.actions) expect(names).toContain(`${plugin.name}/${a.name}`);
    expect(names).toContain('crm-lookup');
    expect(names).toContain('http/request');
    // the webhook plugin receives events through an internal action no service task may name
    expect(t.engine.actions.names().has('webhook/@event')).toBe(true);
    expect(names.filter((n) => n.includes('@'))).toEqual([]);
  });

  it("gives each plugin action its manifest's description and schemas, sensitive marks included", async () => {
    const { body } = await t.api<{ items: ActionInfo[] }>('GET', '/api/actions', undefined, {
      as: 'designer',
    });
    const sms = body.items.find((a) => a.name === 'sms/send')!;
    expect(sms).toMatchObject({ plugin: 'sms', builtin: false, idempotent: true });
    expect(sms.title!['zh-Hant']).toMatch(/簡訊/);
    expect(sms.title!.en).toMatch(/text/);
    const branches = sms.input!.oneOf as { properties: Record<string, any> }[];
    // one branch per template, each with the customer's number marked sensitive
    expect(branches.map((b) => b.properties.template.const)).toEqual([
      'documents-missing',
      'claim-decision',
      'payment-made',
      'renewal-reminder',
    ]);
    for (const b of branches)
      expect(b.properties.mobile).toMatchObject({ type: 'string', sensitive: true });
    expect(sms.output).toMatchObject({ required: ['messageId'] });

    const http = body.items.find((a) => a.name === 'http/request')!;
    expect(Object.keys(http.input!.properties)).toEqual(
      expect.arrayContaining(['method', 'url', 'body']),
    );
    expect(Object.keys(http.output!.properties)).toEqual(
      expect.arrayContaining(['status', 'body']),
    );

    const setVariables = body.items.find((a) => a.name === 'set-variables')!;
    expect(setVariables).toMatchObject({ builtin: true, plugin: null });
    expect(setVariables.input).toMatchObject({ type: 'object', additionalProperties: true });
    expect(setVariables.title!.en).toMatch(/variables/);

    const inCode = body.items.find((a) => a.name === 'crm-lookup')!;
    expect(inCode).toEqual({
      name: 'crm-lookup',
      plugin: null,
      builtin: false,
      title: null,
      idempotent: false,
      input: null,
      output: null,
    });
  });

  it('shows no configuration or secret of a plugin', async () => {
    const res = await t.api('GET', '/api/actions', undefined, { as: 'designer' });
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/apiKey|gatewayUrl/);
  });

  it('is for designers and administrators: others get 403, no credentials 401', async () => {
    expect((await t.api('GET', '/api/actions', undefined, { as: 'admin' })).status).toBe(200);
    for (const as of ['adjuster', 'supervisor', 'portal'] as const) {
      const res = await t.api('GET', '/api/actions', undefined, { as });
      expect(res.status, as).toBe(403);
      expect(res.body.code).toBe('CW_ERR_FORBIDDEN');
    }
    const anonymous = await fetch(`${t.url}/api/actions`);
    expect(anonymous.status).toBe(401);
  });

  it('is described in the OpenAPI document with its response schema', async () => {
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as any;
    const op = doc.paths['/api/actions'].get;
    expect(op['x-auth']).toEqual({ duties: ['design'] });
    const items = op.responses['200'].content['application/json'].schema.properties.items;
    expect(items.items.required).toEqual(
      expect.arrayContaining(['name', 'title', 'input', 'output']),
    );
  });
});
