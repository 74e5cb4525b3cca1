import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: {} });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** Calls the API with a raw bearer token. */
async function withToken(token: string, method: string, path: string) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as { code?: string; id?: string } };
}

describe('API tokens', () => {
  it('are shown once, stored as a hash, listed without their value and work as bearer tokens', async () => {
    // When alice creates a token for an integration
    const created = await t.api(
      'POST',
      '/api/auth/tokens',
      { label: 'crm sync' },
      { as: 'adjuster' },
    );
    expect(created.status).toBe(201);
    const { token, id } = created.body;
    expect(token).toMatch(/^cw_/);
    expect(created.body).toMatchObject({ userId: 'alice', label: 'crm sync', revokedAt: null });
    // Then it expires in 90 days by default
    const days = (Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)) / 864e5;
    expect(days).toBe(90);

    // And only its sha256 is stored
    const rows = await t.sql(`SELECT * FROM api_tokens WHERE id = $1`, [id]);
    expect(rows[0].hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows[0])).not.toContain(token);

    // And the list shows it without the value
    const list = await t.api('GET', '/api/auth/tokens', undefined, { as: 'adjuster' });
    const listed = list.body.items.find((x: { id: string }) => x.id === id);
    expect(listed).toMatchObject({ label: 'crm sync', revokedAt: null });
    expect(listed.token).toBeUndefined();

    // And it authenticates as alice
    const me = await withToken(token, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe('alice');
  });

  it('stop working as soon as they are revoked; only their owner or an administrator may revoke', async () => {
    const created = await t.api(
      'POST',
      '/api/auth/tokens',
      { label: 'one-off' },
      { as: 'adjuster' },
    );
    const { token, id } = created.body;
    expect((await withToken(token, 'GET', '/api/auth/me')).status).toBe(200);

    // Another user cannot revoke it, nor learn that it exists
    const other = await t.api('DELETE', `/api/auth/tokens/${id}`, undefined, { as: 'adjuster2' });
    expect(other.status).toBe(404);
    expect((await withToken(token, 'GET', '/api/auth/me')).status).toBe(200);

    // Nor list alice's tokens
    const peek = await t.api('GET', '/api/auth/tokens?userId=alice', undefined, {
      as: 'adjuster2',
    });
    expect(peek.status).toBe(403);

    // The owner revokes it and it is refused at once (the cached lookup is dropped)
    expect(
      (await t.api('DELETE', `/api/auth/tokens/${id}`, undefined, { as: 'adjuster' })).status,
    ).toBe(204);
    const after = await withToken(token, 'GET', '/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('CW_ERR_UNAUTHENTICATED');
    const list = await t.api('GET', '/api/auth/tokens?userId=alice');
    expect(list.body.items.find((x: { id: string }) => x.id === id).revokedAt).not.toBeNull();

    // An administrator may revoke anyone's
    const second = await t.api('POST', '/api/auth/tokens', { label: 'two' }, { as: 'adjuster' });
    expect((await t.api('DELETE', `/api/auth/tokens/${second.body.id}`)).status).toBe(204);
    expect((await withToken(second.body.token, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('expire at their expiry on the engine clock', async () => {
    const created = await t.api(
      'POST',
      '/api/auth/tokens',
      { label: 'short', expiresIn: 'PT1H' },
      { as: 'adjuster' },
    );
    expect(created.status).toBe(201);
    expect((await withToken(created.body.token, 'GET', '/api/auth/me')).status).toBe(200);
    t.clock.advance(61 * 60_000);
    const expired = await withToken(created.body.token, 'GET', '/api/auth/me');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('CW_ERR_UNAUTHENTICATED');
  });

  it('refuse an expiry beyond a year, and stop with their disabled owner', async () => {
    const long = await t.api('POST', '/api/auth/tokens', { label: 'forever', expiresIn: 'P2Y' });
    expect(long.status).toBe(400);
    expect(long.body.details[0].pointer).toBe('/expiresIn');
    // a duration whose figure no date can hold is the caller's mistake, not a failed expression
    const huge = await t.api('POST', '/api/auth/tokens', {
      label: 'huge',
      expiresIn: 'P99999999999999999999Y',
    });
    expect(huge.status).toBe(400);
    expect(huge.body.code).toBe('CW_ERR_VALIDATION');
    expect(huge.body.details[0].pointer).toBe('/expiresIn');

    const created = await t.api('POST', '/api/auth/tokens', { label: 'x' }, { as: 'intake' });
    expect((await withToken(created.body.token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await t.api('PATCH', '/api/users/ian', { disabled: true })).status).toBe(200);
    expect((await withToken(created.body.token, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await t.api('PATCH', '/api/users/ian', { disabled: false })).status).toBe(200);
  });

  it('keep bootstrap tokens (ensureUser) working as before', async () => {
    const me = await t.api('GET', '/api/auth/me', undefined, { as: 'supervisor' });
    expect(me.body).toMatchObject({ id: 'sue', via: 'token', csrfToken: null });
  });
});
