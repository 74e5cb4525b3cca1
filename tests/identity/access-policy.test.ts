/**
 * The access policy says each rule twice, in TypeScript for one task or case (access/policy.ts)
 * and as SQL conditions for lists (access/visibility.ts). This contract holds them to the same
 * answers for generated actors, tasks and cases: a list never shows what opening the item would
 * refuse, nor hides what it would show.
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  instanceVisibleParams,
  instanceVisibleSql,
  PERMISSIONS,
  mayEverWork,
  maySeeCase,
  seesAllInstances,
  taskVisibleSql,
  workGroups,
  worksEveryTask,
  type Actor,
  type TaskAccess,
} from '../../engine/src/access/index.ts';
import { DATABASE_URL } from '../helpers/engine.ts';

const users = fc.constantFrom('alice', 'adam', 'sue', 'root');
const groups = fc.constantFrom('adjusters', 'intake', 'leads', 'payment');
const some = <T>(a: fc.Arbitrary<T>) => fc.uniqueArray(a, { maxLength: 3 });

const actor: fc.Arbitrary<Actor> = fc.record({
  id: users,
  groups: some(groups),
  roles: some(fc.constantFrom('admin', 'designer', 'supervisor', 'staff', 'personal-data')),
  // roles are data: any set of permissions a role table could give
  permissions: fc.subarray(PERMISSIONS),
  supervises: some(groups),
});
const task: fc.Arbitrary<TaskAccess> = fc.record({
  assignee: fc.option(users, { nil: null }),
  candidate_groups: some(groups),
  candidate_users: some(users),
});
const kase = fc.record({
  startedBy: fc.option(users, { nil: null }),
  tasks: fc.array(task, { maxLength: 3 }),
});

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  // temporary tables named as the conditions expect, seen only by this connection
  await db.query(`CREATE TEMP TABLE instances (id text PRIMARY KEY, started_by text)`);
  await db.query(`CREATE TEMP TABLE tasks (id text, instance_id text, assignee text,
    candidate_groups text[] NOT NULL, candidate_users text[] NOT NULL)`);
});
afterAll(async () => {
  await db.end();
});

const rows = (ts: readonly TaskAccess[], instanceId = '') =>
  ts.map((t, n) => ({ id: `${instanceId}.k${n}`, instance_id: instanceId, ...t }));

async function fill(cases: { startedBy: string | null; tasks: TaskAccess[] }[]) {
  await db.query(`TRUNCATE instances, tasks`);
  await db.query(
    `INSERT INTO instances SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, started_by text)`,
    [JSON.stringify(cases.map((c, i) => ({ id: `i${i}`, started_by: c.startedBy })))],
  );
  await db.query(
    `INSERT INTO tasks SELECT * FROM jsonb_to_recordset($1::jsonb)
       AS x(id text, instance_id text, assignee text, candidate_groups text[], candidate_users text[])`,
    [JSON.stringify(cases.flatMap((c, i) => rows(c.tasks, `i${i}`)))],
  );
}

describe('the access policy in TypeScript and in SQL', () => {
  test('a task is listed (inbox, case summaries) exactly when the actor could ever work it', async () => {
    await fc.assert(
      fc.asyncProperty(actor, fc.array(task, { maxLength: 6 }), async (a, ts) => {
        await fill([{ startedBy: null, tasks: ts }]);
        // as the inbox and case summaries ask: administrators see every task
        const r = await db.query<{ id: string }>(
          `SELECT id FROM tasks t WHERE $3::boolean OR ${taskVisibleSql('t', 1)} ORDER BY id`,
          [a.id, workGroups(a), worksEveryTask(a)],
        );
        const expected = rows(ts, 'i0').filter((t) => mayEverWork(a, t));
        expect(r.rows.map((x) => x.id)).toEqual(expected.map((t) => t.id).sort());
      }),
      { numRuns: 150 },
    );
  });

  test('a case is listed exactly when the actor may see it', async () => {
    await fc.assert(
      fc.asyncProperty(actor, fc.array(kase, { maxLength: 4 }), async (a, cases) => {
        await fill(cases);
        const r = await db.query<{ id: string }>(
          `SELECT id FROM instances i WHERE ${instanceVisibleSql('i', 1)} ORDER BY id`,
          instanceVisibleParams(a),
        );
        const expected = cases.flatMap((c, i) => (maySeeCase(a, c) ? [`i${i}`] : []));
        expect(r.rows.map((x) => x.id)).toEqual(expected);
        if (seesAllInstances(a)) expect(expected).toHaveLength(cases.length);
      }),
      { numRuns: 150 },
    );
  });
});
