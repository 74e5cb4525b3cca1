import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given work items with different people, priorities and due dates, in two processes
const people = {
  candidateGroups: 'groups',
  candidateUsers: 'users',
  assignee: 'owner',
  priority: 'prio',
};
const dated = process(
  'dated',
  [start(), userTask('work', 'ack', { ...people, dueDate: { durationExpression: 'due' } }), end()],
  [
    ['start', 'work'],
    ['work', 'end'],
  ],
);
const undated = process(
  'undated',
  [start(), userTask('triage', 'ack', people), end()],
  [
    ['start', 'triage'],
    ['triage', 'end'],
  ],
);

let t: TestEngine;
const taskOf: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(dated, undated) });
  const seed: [string, string, Record<string, unknown>][] = [
    ['A', 'dated', { prio: 10, due: 'P1D' }],
    ['B', 'dated', { prio: 90, due: 'P3D' }],
    ['C', 'dated', { prio: 50, due: 'PT2H' }],
    ['D', 'undated', { prio: 70 }],
    ['E', 'dated', { prio: 30, due: 'P2D', groups: [], users: ['alice'] }],
    ['F', 'dated', { prio: 20, due: 'P5D', owner: 'alice' }],
    ['G', 'dated', { prio: 99, due: 'PT1H', groups: ['claims-intake'] }],
  ];
  for (const [key, processId, v] of seed) {
    const i = await startInstance(
      t,
      processId,
      { groups: ['adjusters'], users: [], owner: null, ...v },
      { businessKey: key },
    );
    taskOf[key] = (await tasksOf(t, i.id))[0]!.id;
  }
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** The business keys of the inbox page a user sees for a query string. */
async function inbox(query: string, as: UserName = 'adjuster') {
  const res = await t.api('GET', `/api/tasks?${query}`, undefined, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return {
    keys: res.body.items.map((x: { businessKey: string }) => x.businessKey) as string[],
    total: res.body.total as number,
  };
}

describe('task inbox', () => {
  it("separates my tasks from my groups' unassigned tasks", async () => {
    expect(await inbox('scope=mine&sort=due')).toEqual({ keys: ['E', 'F'], total: 2 });
    expect(await inbox('scope=groups&sort=created')).toEqual({
      keys: ['A', 'B', 'C', 'D'],
      total: 4,
    });
    expect((await inbox('scope=groups', 'intake')).keys).toEqual(['G']);
    expect((await inbox('scope=mine', 'adjuster2')).keys).toEqual([]);
  });

  it('sorts by due date (undated last) or by priority', async () => {
    expect((await inbox('scope=groups&sort=due')).keys).toEqual(['C', 'A', 'B', 'D']);
    expect((await inbox('scope=groups')).keys).toEqual(['C', 'A', 'B', 'D']);
    expect((await inbox('scope=groups&sort=priority')).keys).toEqual(['B', 'D', 'C', 'A']);
  });

  it('pages with limit and offset and reports the total', async () => {
    expect(await inbox('scope=groups&sort=priority&limit=2&offset=1')).toEqual({
      keys: ['D', 'C'],
      total: 4,
    });
    expect(await inbox('scope=groups&sort=priority&limit=2&offset=4')).toEqual({
      keys: [],
      total: 4,
    });
  });

  it('pages on with the cursor of the page before, in every order, to a last page without one', async () => {
    for (const sort of ['due', 'priority', 'created', 'sla']) {
      const whole = await inbox(`scope=all&sort=${sort}&limit=200`, 'admin');
      const paged: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const q: string = `scope=all&sort=${sort}&limit=2${after ? `&after=${after}` : ''}`;
        const res = await t.api('GET', `/api/tasks?${q}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.total).toBe(whole.keys.length);
        expect(res.body.totalCapped).toBe(false);
        paged.push(...res.body.items.map((x: { businessKey: string }) => x.businessKey));
        after = res.body.next;
        pages++;
      } while (after);
      expect(paged, sort).toEqual(whole.keys);
      expect(pages, sort).toBe(Math.ceil(whole.keys.length / 2));
    }
  });

  it("refuses a cursor that is not a page's, or one of another order, with 400 at /after", async () => {
    const first = await t.api('GET', '/api/tasks?scope=groups&sort=due&limit=1', undefined, {
      as: 'adjuster',
    });
    const due = first.body.next as string;
    for (const q of [
      `sort=priority&after=${due}`,
      `sort=created&after=${due}`,
      'after=bm90IGpzb24',
      `after=${Buffer.from('[1,2,3,4]').toString('base64url')}`,
    ]) {
      const res = await t.api('GET', `/api/tasks?scope=groups&${q}`, undefined, { as: 'adjuster' });
      expect(res.status, q).toBe(400);
      expect(res.body.code, q).toBe('CW_ERR_VALIDATION');
      expect(res.body.details[0].pointer, q).toBe('/after');
    }
  });

  it('filters by process, node and business key', async () => {
    expect((await inbox('scope=groups&processId=undated')).keys).toEqual(['D']);
    expect((await inbox('scope=groups&nodeId=work&sort=priority')).keys).toEqual(['B', 'C', 'A']);
    expect((await inbox('scope=groups&businessKey=B')).keys).toEqual(['B']);
    expect((await inbox('scope=groups&businessKey=nope')).total).toBe(0);
  });

  it('lists completed tasks by status, and everything to administrators and group supervisors only', async () => {
    await complete(t, taskOf.A!, { ok: true });
    expect((await inbox('scope=groups&status=completed')).keys).toEqual(['A']);
    expect((await inbox('scope=groups')).keys).toEqual(['C', 'B', 'D']);
    expect((await inbox('scope=all&sort=priority', 'admin')).keys).toEqual([
      'G',
      'B',
      'D',
      'C',
      'E',
      'F',
    ]);
    // a supervisor sees every task of the groups they belong to or supervise, claimed or not
    expect((await inbox('scope=all&sort=priority', 'supervisor')).keys).toEqual([
      'B',
      'D',
      'C',
      'F',
    ]);
    const staff = await t.api('GET', '/api/tasks?scope=all', undefined, { as: 'adjuster' });
    expect(staff.status).toBe(403);
    expect(staff.body.code).toBe('CW_ERR_FORBIDDEN');
  });

  it('counts up to 1,000 and says when there are more', async () => {
    // Given 1,000 more tasks offered to the adjusters (copies of one, written straight to the table)
    await t.sql(
      `INSERT INTO tasks (id, instance_id, token_id, node_id, process_id, form_id, form_version, status,
                          candidate_groups, candidate_users, priority, due_at, created_at)
       SELECT t.id || '.copy' || g, t.instance_id, t.token_id, t.node_id, t.process_id, t.form_id,
              t.form_version, 'open', t.candidate_groups, t.candidate_users, t.priority, t.due_at,
              t.created_at + g * interval '1 millisecond'
       FROM tasks t, generate_series(1, 1000) g WHERE t.id = $1`,
      [taskOf.D],
    );
    const res = await t.api('GET', '/api/tasks?scope=groups&limit=50', undefined, {
      as: 'adjuster',
    });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1000);
    expect(res.body.totalCapped).toBe(true);
    // and the cursor reaches past the counted ones
    let after: string | null = res.body.next;
    let seen = res.body.items.length;
    while (after) {
      const page = await t.api(
        'GET',
        `/api/tasks?scope=groups&limit=200&after=${after}`,
        undefined,
        {
          as: 'adjuster',
        },
      );
      seen += page.body.items.length;
      after = page.body.next;
    }
    expect(seen).toBe(1003);
    await t.sql(`DELETE FROM tasks WHERE id LIKE $1`, [`${taskOf.D}.copy%`]);
  });

  it("keeps a group queue's total through every change of whom a task is offered to", async () => {
    // (the total of a group queue without filters is counted from task_offers, which a trigger
    // on tasks keeps: migration 031)
    const offers = async () =>
      (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM task_offers`))[0]!.n;
    const queue = async (as: UserName = 'adjuster') => {
      const r = await inbox('scope=groups', as);
      expect(r.total).toBe(r.keys.length);
      return r.keys.sort();
    };
    const before = await queue();
    const [x, y, z] = before as [string, string, string];
    const without = (key: string) => before.filter((k) => k !== key);
    const post = (path: string, body?: unknown, as: UserName = 'adjuster') =>
      t
        .api('POST', path, body, { as })
        .then((r) => expect(r.status, JSON.stringify(r.body)).toBeLessThan(300));
    // When alice claims one, it leaves the queue; released, it comes back
    await post(`/api/tasks/${taskOf[x]}/claim`);
    expect(await queue()).toEqual(without(x));
    await post(`/api/tasks/${taskOf[x]}/unclaim`);
    expect(await queue()).toEqual(before);
    // an administrator moves another to claims intake and back
    const to = (group: string) => ({ taskIds: [taskOf[y]], to: { group } });
    await post('/api/tasks/reassign', to('claims-intake'), 'admin');
    expect(await queue()).toEqual(without(y));
    expect(await queue('intake')).toEqual([y, 'G'].sort());
    await post('/api/tasks/reassign', to('adjusters'), 'admin');
    expect(await queue()).toEqual(before);
    // completing a third closes it; the 1,000 copies of the test before left no offer behind
    await post(`/api/tasks/${taskOf[z]}/claim`);
    await complete(t, taskOf[z]!, { ok: true });
    expect(await queue()).toEqual(without(z));
    expect(await queue('intake')).toEqual(['G']);
    expect(await offers()).toBe(before.length);
  });

  it('refuses a bad query with 400', async () => {
    for (const q of ['sort=bogus', 'limit=0', 'limit=1000', 'offset=-1', 'scope=everyone', 'x=1']) {
      const res = await t.api('GET', `/api/tasks?${q}`, undefined, { as: 'adjuster' });
      expect(res.status, q).toBe(400);
      expect(res.body.code, q).toBe('CW_ERR_VALIDATION');
    }
  });
});
