/**
 * Disabling a user or revoking a token ends their access at once, open event streams included,
 * whichever engine they are connected to (issue 14, item 8). Two engines share one database
 * and Redis; the change is made on one, the streams are open on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { startInstance } from '../helpers/scenario.ts';
import { givePassword, signIn } from '../helpers/session.ts';
import { openTaskEvents } from '../helpers/task-events.ts';

// Given a process that offers a task to the adjusters
const review = process(
  'review',
  [start(), userTask('check'), end()],
  [
    ['start', 'check'],
    ['check', 'end'],
  ],
);

let a: TestEngine;
let b: TestEngine;
beforeAll(async () => {
  a = await startTestEngine({ definitions: files(review) });
  b = await startTestEngine({ definitions: a.definitionsDir, schema: a.schema, prefix: a.prefix });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await dropTestData(a.schema, a.prefix);
});

/** Resolves when the stream ends; fails the test if it is still open after a generous wait. */
async function ends(stream: { ended: Promise<void> }, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stillOpen = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} is still open`)), 10_000);
  });
  try {
    await Promise.race([stream.ended, stillOpen]);
  } finally {
    clearTimeout(timer);
  }
}

/** A task for the adjusters, seen arriving on a stream that stays open (so events flow). */
async function offerTask(witness: Awaited<ReturnType<typeof openTaskEvents>>) {
  const i = await startInstance(a, 'review');
  await b.until(
    async () => witness.events.some((e) => e.instanceId === i.id),
    'the task event on the witness stream',
  );
  return i.id;
}

describe('revocation', () => {
  it("disabling a user closes their open streams on every engine, token's and session's", async () => {
    // Given adam signed in on engine B, with a browser session and an API token, both streaming
    await givePassword(a, 'adam', 'correct horse battery');
    const browser = await signIn(b, 'adam', 'correct horse battery');
    const bySession = await openTaskEvents(b.url, { cookie: browser.cookie });
    const byToken = await openTaskEvents(b.url, b.token('adjuster2'));
    // And a colleague streaming too, who keeps receiving
    const witness = await openTaskEvents(b.url, b.token('adjuster'));
    await offerTask(witness);
    expect(bySession.events.length).toBeGreaterThan(0);

    // When an administrator disables adam on engine A
    const res = await a.api('PATCH', '/api/users/adam', { disabled: true });
    expect(res.status).toBe(200);

    // Then both of adam's streams end at once, and he cannot reconnect
    await ends(bySession, "adam's session stream");
    await ends(byToken, "adam's token stream");
    const count = bySession.events.length + byToken.events.length;
    const later = await offerTask(witness);
    expect(bySession.events.length + byToken.events.length).toBe(count);
    expect(witness.events.some((e) => e.instanceId === later)).toBe(true);
    const again = await fetch(`${b.url}/api/events`, {
      headers: { authorization: `Bearer ${b.token('adjuster2')}` },
    });
    expect(again.status).toBe(401);
    expect((await b.api('GET', '/api/auth/me', undefined, { as: 'adjuster2' })).status).toBe(401);
    await witness.close();
    await a.api('PATCH', '/api/users/adam', { disabled: false });
  });

  it("revoking a token closes that token's streams on every engine, and only those", async () => {
    // Given alice with a second API token, streaming with it and with her usual one on engine B
    const created = await a.api(
      'POST',
      '/api/auth/tokens',
      { label: 'laptop' },
      { as: 'adjuster' },
    );
    expect(created.status).toBe(201);
    const revoked = await openTaskEvents(b.url, created.body.token);
    const kept = await openTaskEvents(b.url, b.token('adjuster'));
    await offerTask(kept);

    // When she revokes the second token on engine A
    const res = await a.api('DELETE', `/api/auth/tokens/${created.body.id}`, undefined, {
      as: 'adjuster',
    });
    expect(res.status).toBe(204);

    // Then its stream ends at once and receives nothing more; her other stream goes on
    await ends(revoked, 'the revoked token stream');
    const count = revoked.events.length;
    const later = await offerTask(kept);
    expect(revoked.events.length).toBe(count);
    expect(kept.events.some((e) => e.instanceId === later)).toBe(true);
    const again = await fetch(`${b.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${created.body.token}` },
    });
    expect(again.status).toBe(401);
    await kept.close();
  });

  it("taking a group from its supervisors' oversight closes their streams on every engine", async () => {
    // Given Simone, a supervisor of the adjuster leads, who oversee the adjusters' group, streaming
    // the adjusters' tasks on engine B through his browser session
    for (const [id, body] of [
      ['adjuster-leads', {}],
      ['adjusters', { supervisorGroup: 'adjuster-leads' }],
    ] as const)
      expect((await a.api('PUT', `/api/groups/${id}`, body)).status).toBeLessThan(300);
    const created = await a.api('POST', '/api/users', {
      id: 'simone',
      displayName: 'Simone',
      roles: ['supervisor'],
      groups: ['adjuster-leads'],
      password: 'correct horse battery',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const browser = await signIn(b, 'simone', 'correct horse battery');
    const sam = await openTaskEvents(b.url, { cookie: browser.cookie });
    const witness = await openTaskEvents(b.url, b.token('adjuster'));
    const seen = await offerTask(witness);
    await b.until(async () => sam.events.some((e) => e.instanceId === seen), "Simone's task event");

    // When an administrator on engine A takes the adjusters out of the leads' oversight
    const res = await a.api('PUT', '/api/groups/adjusters', { supervisorGroup: null });
    expect(res.status).toBe(200);

    // Then Simone's stream ends at once and receives nothing more; the adjuster's goes on
    await ends(sam, "Simone's session stream");
    const count = sam.events.length;
    const later = await offerTask(witness);
    expect(sam.events.length).toBe(count);
    expect(witness.events.some((e) => e.instanceId === later)).toBe(true);
    await witness.close();
  });

  it('an engine whose LISTEN connection was cut listens again by itself', async () => {
    // Given both engines' LISTEN connections cut (an administrator's pg_terminate_backend)
    const listeners = () =>
      a.sql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE strpos(query, $1) > 0`, [
        `LISTEN "caseway_access:${a.schema}"`,
      ]);
    const cut = await listeners();
    expect(cut.length).toBe(2);
    await a.sql(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [
      cut.map((r) => r.pid),
    ]);
    // Then each listens again on a new connection, with no stream asking it to
    await b.until(async () => {
      const now = await listeners();
      return now.length === 2 && now.every((r) => !cut.some((c) => c.pid === r.pid));
    }, 'both engines listening again');
    // And a revocation on one still ends a stream on the other
    const created = await a.api(
      'POST',
      '/api/auth/tokens',
      { label: 'tablet' },
      { as: 'adjuster' },
    );
    const stream = await openTaskEvents(b.url, created.body.token);
    await a.api('DELETE', `/api/auth/tokens/${created.body.id}`, undefined, { as: 'adjuster' });
    await ends(stream, 'the revoked token stream after the reconnect');
  });

  it('signing out closes the streams of that session', async () => {
    await givePassword(a, 'alice', 'correct horse battery');
    const browser = await signIn(b, 'alice', 'correct horse battery');
    const stream = await openTaskEvents(a.url, { cookie: browser.cookie });
    expect((await browser.api('POST', '/api/auth/logout')).status).toBe(204);
    await ends(stream, 'the signed-out session stream');
  });
});
