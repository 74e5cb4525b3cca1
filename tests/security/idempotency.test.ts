/**
 * Safe retries (issue 14, item 2): a client that lost the answer sends the same request again
 * with the same `Idempotency-Key` and gets the first answer (same case, same status, same
 * body) without a second case, a second message or a second completion; the same key with
 * another request is 422; concurrent retries do the work once; keys are the caller's and
 * expire after 24 hours. Public intake writes its case and tracking link in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, service, userTask } from '../fixtures/definitions.ts';
import { tasksOf } from '../helpers/scenario.ts';

// Given a request customers may file themselves, with an ID number, which calls a service
const requestForm = {
  id: 'request',
  version: 1,
  title: label('Request', '申請'),
  fields: [
    { key: 'ref', type: 'text', required: true, label: label('Policy', '保單') },
    { key: 'idNumber', type: 'text', sensitive: true, label: label('ID number', '身分證號碼') },
  ],
};
const request = process(
  'request',
  [
    { id: 'start', type: 'start', form: { id: 'request' } },
    service('register', 'noop'),
    userTask('check', 'ack'),
    { id: 'wait', type: 'messageCatch', message: 'answer', correlationKey: 'ref' },
    end(),
  ],
  [
    ['start', 'register'],
    ['register', 'check'],
    ['check', 'wait'],
    ['wait', 'end'],
  ],
  { businessKey: '"R-" + ref', public: { intake: true } },
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(request), 'forms/request/v1.json': requestForm },
    start: '2026-03-02T01:00:00Z',
  });
  expect(t.engine.registry.problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const key = () => randomUUID();
const withKey = (k: string) => ({ headers: { 'idempotency-key': k } });
const count = async (sql: string, values: unknown[] = []) =>
  (await t.sql(`SELECT count(*)::int AS n FROM ${sql}`, values))[0].n as number;
async function anonymous(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    body: await res.json(),
  };
}

describe('POST /api/instances with an Idempotency-Key', () => {
  it('answers a retry with the first answer and starts one case, which registers once', async () => {
    const k = key();
    const body = { processId: 'request', variables: { ref: 'P-1', idNumber: 'A123456789' } };
    const first = await t.api('POST', '/api/instances', body, withKey(k));
    expect(first.status).toBe(201);
    // When the client, not having heard the answer, sends the same request again (keys in
    // another order are the same request)
    const again = await t.api(
      'POST',
      '/api/instances',
      { variables: { idNumber: 'A123456789', ref: 'P-1' }, processId: 'request' },
      withKey(k),
    );
    // Then it gets the same answer, and there is one case that called its service once
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await count(`instances WHERE business_key = 'R-P-1'`)).toBe(1);
    expect(await count(`history WHERE node_id = 'register' AND type = 'node.entered'`)).toBe(1);
    // and the answer kept for retries holds the ID number sealed, never in clear
    const [kept] = await t.sql(`SELECT body::text AS body FROM idempotency_keys WHERE key = $1`, [
      k,
    ]);
    expect(kept.body).not.toContain('A123456789');
    expect(kept.body).toContain('enc:v1:');
  });

  it('refuses the same key for another request (422) and does nothing', async () => {
    const k = key();
    await t.api(
      'POST',
      '/api/instances',
      { processId: 'request', variables: { ref: 'P-2' } },
      withKey(k),
    );
    const other = await t.api(
      'POST',
      '/api/instances',
      { processId: 'request', variables: { ref: 'P-3' } },
      withKey(k),
    );
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('CW_ERR_IDEMPOTENCY_KEY_REUSED');
    // pointed at the header as the edge points at every part of a request
    expect(other.body.details[0]).toMatchObject({ pointer: '/idempotency-key', in: 'header' });
    expect(await count(`instances WHERE business_key = 'R-P-3'`)).toBe(0);
  });

  it("keeps each caller's keys apart, and without a key every request is a new case", async () => {
    const k = key();
    const body = { processId: 'request', variables: { ref: 'P-4' } };
    const mine = await t.api('POST', '/api/instances', body, withKey(k));
    const theirs = await t.api('POST', '/api/instances', body, { ...withKey(k), as: 'adjuster' });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    await t.api('POST', '/api/instances', body);
    expect(await count(`instances WHERE business_key = 'R-P-4'`)).toBe(3);
  });

  it('does the work once for concurrent retries with one key', async () => {
    const k = key();
    const body = { processId: 'request', variables: { ref: 'P-5' } };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.api('POST', '/api/instances', body, withKey(k))),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await count(`instances WHERE business_key = 'R-P-5'`)).toBe(1);
  });

  it('does not keep a failed request: its retry runs again', async () => {
    const k = key();
    const bad = await t.api(
      'POST',
      '/api/instances',
      { processId: 'request', variables: {} },
      withKey(k),
    );
    expect(bad.status).toBe(400);
    const again = await t.api(
      'POST',
      '/api/instances',
      { processId: 'request', variables: {} },
      withKey(k),
    );
    expect(again.status).toBe(400);
    expect(await count(`idempotency_keys WHERE key = $1`, [k])).toBe(0);
  });

  it('refuses a key too short to be unique, and keeps keys 24 hours, then forgets them', async () => {
    const short = await t.api(
      'POST',
      '/api/instances',
      { processId: 'request', variables: { ref: 'P-6' } },
      withKey('1'),
    );
    expect(short.status).toBe(400);
    const k = key();
    await t.api(
      'POST',
      '/api/instances',
      { processId: 'request', variables: { ref: 'P-7' } },
      withKey(k),
    );
    t.clock.advance(23 * 3600_000);
    const within = await t.api(
      'POST',
      '/api/instances',
      { processId: 'request', variables: { ref: 'P-8' } },
      withKey(k),
    );
    expect(within.status).toBe(422);
    // When a day has passed, the key is free again and the sweep deletes it
    t.clock.advance(2 * 3600_000);
    await t.until(
      async () => (await count(`idempotency_keys WHERE key = $1`, [k])) === 0,
      'expired key swept',
    );
    const later = await t.api(
      'POST',
      '/api/instances',
      { processId: 'request', variables: { ref: 'P-8' } },
      withKey(k),
    );
    expect(later.status).toBe(201);
  });
});

describe('public intake with an Idempotency-Key', () => {
  it('gives a retry the same reference and tracking link, and one case', async () => {
    const k = key();
    const data = { data: { ref: 'W-1', idNumber: 'B223456789' } };
    const first = await anonymous('/api/public/intake/request', data, { 'idempotency-key': k });
    const again = await anonymous('/api/public/intake/request', data, { 'idempotency-key': k });
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, replayed: 'true', body: first.body });
    expect(first.replayed).toBeNull();
    expect(await count(`instances WHERE business_key = 'R-W-1'`)).toBe(1);
    expect(await count(`tracking_tokens`)).toBe(
      await count(`instances WHERE started_by = 'public'`),
    );
    // the link works, and its secret is kept for retries only sealed
    const track = await fetch(`${t.url}/api/public/track/${first.body.token}`);
    expect(track.status).toBe(200);
    const [kept] = await t.sql(`SELECT body::text AS body FROM idempotency_keys WHERE key = $1`, [
      k,
    ]);
    expect(kept.body).not.toContain(first.body.token);
    // and another customer's request with the same key is not given that case
    const other = await anonymous(
      '/api/public/intake/request',
      { data: { ref: 'W-2' } },
      { 'idempotency-key': k },
    );
    expect(other.status).toBe(422);
    expect(JSON.stringify(other.body)).not.toContain(first.body.token);
  });

  it('writes the case and its tracking link in one transaction', async () => {
    // Given the tracking link cannot be written (a trigger refuses it)
    await t.sql(`CREATE FUNCTION refuse_token() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'no tracking links today'; END $$`);
    await t.sql(`CREATE TRIGGER refuse_token BEFORE INSERT ON tracking_tokens
      FOR EACH ROW EXECUTE FUNCTION refuse_token()`);
    try {
      const res = await anonymous('/api/public/intake/request', { data: { ref: 'W-3' } });
      // Then the customer is told it failed, and no case exists that nobody could follow
      expect(res.status).toBe(500);
      expect(await count(`instances WHERE business_key = 'R-W-3'`)).toBe(0);
    } finally {
      await t.sql(`DROP TRIGGER refuse_token ON tracking_tokens`);
      await t.sql(`DROP FUNCTION refuse_token()`);
    }
  });
});

describe('messages and task completion with an Idempotency-Key', () => {
  it('answers a retried message as it was first answered', async () => {
    const started = await t.api('POST', '/api/instances', {
      processId: 'request',
      variables: { ref: 'M-1' },
    });
    const [check] = await tasksOf(t, started.body.id);
    const k = key();
    const completion = { data: { ok: true } };
    const done = await t.api('POST', `/api/tasks/${check!.id}/complete`, completion, {
      ...withKey(k),
      as: 'adjuster',
    });
    expect(done.status).toBe(200);
    const redone = await t.api('POST', `/api/tasks/${check!.id}/complete`, completion, {
      ...withKey(k),
      as: 'adjuster',
    });
    expect(redone).toEqual(done);
    // without the key, a second completion is refused as before
    const plain = await t.api('POST', `/api/tasks/${check!.id}/complete`, completion, {
      as: 'adjuster',
    });
    expect(plain.body.code).toBe('CW_ERR_TASK_ALREADY_COMPLETED');

    const mk = key();
    const message = { messageId: 'm-1', name: 'answer', correlationKey: 'M-1', payload: {} };
    const sent = await t.api('POST', '/api/messages', message, { ...withKey(mk), as: 'portal' });
    const resent = await t.api('POST', '/api/messages', message, { ...withKey(mk), as: 'portal' });
    expect(sent).toMatchObject({ status: 202, body: { status: 'correlated', duplicate: false } });
    expect(resent).toEqual(sent);
    expect(await count(`messages WHERE id = 'm-1'`)).toBe(1);
  });
});
