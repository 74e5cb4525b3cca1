import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, start } from '../fixtures/definitions.ts';
import { HOUR, getInstance, historyTypes, startInstance } from '../helpers/scenario.ts';

// Given a claim that waits for the customer's missing documents, correlated by claim number
const docs = process(
  'docs',
  [
    start(),
    {
      id: 'awaitDocs',
      type: 'messageCatch',
      message: 'docs.received',
      correlationKey: 'claimNo',
      output: { files: 'message.files', docsAt: 'message.at' },
    },
    end('done', 'documented'),
  ],
  [
    ['start', 'awaitDocs'],
    ['awaitDocs', 'done'],
  ],
);

let t: TestEngine;
let seq = 0;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(docs) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const claimNo = () => `CLM-${++seq}-${t.prefix}`;
const send = (body: Record<string, unknown>) =>
  t.api('POST', '/api/messages', { name: 'docs.received', ...body });

describe('message catch', () => {
  it('resumes only the instance whose name and correlation key match', async () => {
    const [a, b] = [claimNo(), claimNo()];
    const ia = await startInstance(t, 'docs', { claimNo: a });
    const ib = await startInstance(t, 'docs', { claimNo: b });
    expect(ia.tokens).toEqual([expect.objectContaining({ waitingFor: 'message' })]);

    // a message of another name with b's key is not for b
    const other = await t.api('POST', '/api/messages', {
      messageId: `other-${b}`,
      name: 'docs.rejected',
      correlationKey: b,
    });
    expect(other.body).toMatchObject({ status: 'buffered', instanceId: null });

    const res = await send({
      messageId: `m-${b}`,
      correlationKey: b,
      payload: { files: ['id.pdf'], at: 'x' },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'correlated', instanceId: ib.id, duplicate: false });
    expect(await getInstance(t, ib.id)).toMatchObject({
      status: 'completed',
      outcome: 'documented',
      variables: { claimNo: b, files: ['id.pdf'], docsAt: 'x' },
    });
    expect((await getInstance(t, ia.id)).status).toBe('active');
    expect(await historyTypes(t, ib.id)).toEqual(
      expect.arrayContaining(['message.awaited', 'message.correlated', 'instance.completed']),
    );
  });

  it('is idempotent by message id: the same id twice is one correlation, a different payload is a conflict', async () => {
    const key = claimNo();
    const i = await startInstance(t, 'docs', { claimNo: key });
    const body = { messageId: `dup-${key}`, correlationKey: key, payload: { files: ['a.pdf'] } };
    const first = await send(body);
    const second = await send(body);
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ status: 'correlated', instanceId: i.id, duplicate: true });
    const types = await historyTypes(t, i.id);
    expect(types.filter((x) => x === 'message.correlated')).toHaveLength(1);

    const revision = (await getInstance(t, i.id)).revision;
    const conflict = await send({ ...body, payload: { files: ['b.pdf'] } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('CW_ERR_MESSAGE_CONFLICT');
    expect((await getInstance(t, i.id)).revision).toBe(revision);
    const rows = await t.sql(`SELECT count(*)::int AS n FROM messages WHERE id = $1`, [
      body.messageId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('buffers a message nobody waits for and hands it to the instance that reaches the catch later', async () => {
    const key = claimNo();
    const early = await send({
      messageId: `early-${key}`,
      correlationKey: key,
      payload: { files: ['c.pdf'] },
    });
    expect(early.status).toBe(202);
    expect(early.body).toEqual({ status: 'buffered', instanceId: null, duplicate: false });

    const i = await startInstance(t, 'docs', { claimNo: key });
    expect(i).toMatchObject({ status: 'completed', variables: { files: ['c.pdf'] } });
    const [m] = await t.sql(`SELECT status, instance_id FROM messages WHERE id = $1`, [
      `early-${key}`,
    ]);
    expect(m).toEqual({ status: 'correlated', instance_id: i.id });
    // a buffered message is taken once: the next instance with that key waits
    const next = await startInstance(t, 'docs', { claimNo: key });
    expect(next.status).toBe('active');
  });

  it('does not hand over a buffered message whose time-to-live has passed', async () => {
    const key = claimNo();
    const res = await send({
      messageId: `stale-${key}`,
      correlationKey: key,
      ttl: 'PT1H',
      payload: {},
    });
    expect(res.body.status).toBe('buffered');
    t.clock.advance(2 * HOUR);
    const i = await startInstance(t, 'docs', { claimNo: key });
    expect(i.status).toBe('active');
    expect(i.tokens).toEqual([
      expect.objectContaining({ nodeId: 'awaitDocs', waitingFor: 'message' }),
    ]);
    const [m] = await t.sql(`SELECT status, instance_id FROM messages WHERE id = $1`, [
      `stale-${key}`,
    ]);
    expect(m.instance_id).toBeNull();
    // a fresh message still reaches it
    const fresh = await send({ messageId: `fresh-${key}`, correlationKey: key, payload: {} });
    expect(fresh.body).toMatchObject({ status: 'correlated', instanceId: i.id });
  });

  it('refuses a time-to-live no date can hold or beyond a year, and keeps nothing of it', async () => {
    for (const ttl of ['P99999999999999999999Y', 'P2Y']) {
      const key = claimNo();
      const res = await send({ messageId: `ttl-${key}`, correlationKey: key, ttl, payload: {} });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('CW_ERR_VALIDATION');
      expect(res.body.details[0].pointer).toBe('/ttl');
      expect(await t.sql(`SELECT 1 FROM messages WHERE id = $1`, [`ttl-${key}`])).toEqual([]);
    }
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
