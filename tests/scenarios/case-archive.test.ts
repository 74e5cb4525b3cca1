/**
 * The case archive (issue 18, item 5): a closed case moves, ARCHIVE_AFTER after it ended, from
 * the live tables to the archive tables they inherit (migration 025), by the `sweep/archive`
 * job. Then: its rows are in the archive and none in the live tables; the case page, its
 * history, case search, the customer's tracking page and analytics read it as before; retention
 * still erases its personal data on time, and the erasure follows it into the archive; a move
 * interrupted in the middle (its connection killed) leaves every row where it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { DATABASE_URL, dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, userTask } from '../fixtures/definitions.ts';
import {
  anonymousCall,
  complete,
  DAY,
  history,
  tasksOf,
  untilStatus,
} from '../helpers/scenario.ts';

// Given a claim customers report themselves, with their ID number marked sensitive, found by
// name and ID number, and kept 30 days after it closes
const report = {
  id: 'report',
  version: 1,
  title: label('Report', '報案'),
  fields: [
    { key: 'name', type: 'text', required: true, label: label('Name', '姓名') },
    { key: 'idNumber', type: 'text', sensitive: true, label: label('ID number', '身分證號碼') },
  ],
};
const claim = process(
  'claim',
  [
    { id: 'start', type: 'start', form: { id: 'report' } },
    userTask('decide'),
    end('done', 'closed'),
  ],
  [
    ['start', 'decide'],
    ['decide', 'done'],
  ],
  {
    retention: 'P30D',
    search: { customerName: 'name', idNumber: 'idNumber' },
    public: {
      intake: true,
      steps: [{ label: label('Received', '已收件'), nodes: ['start', 'decide'] }],
    },
  },
);
// (the sweep's own interval: every hour of the test clock)
const ARCHIVE_AFTER = 7 * DAY;
/** The live tables a case's detail rows leave, and the archive tables they move to. */
const DETAIL = [
  'history',
  'tasks',
  'jobs',
  'incidents',
  'subscriptions',
  'sla_clocks',
  'case_search_terms',
];

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(claim), 'forms/report/v1.json': report },
    start: '2026-03-02T09:00:00Z',
    config: { archiveAfterMs: ARCHIVE_AFTER, archiveIntervalMs: 3_600_000 },
  });
  expect(t.engine.registry.problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** A call without any credentials, as a customer's browser makes it. */
const anonymous = (method: string, path: string, body?: unknown) =>
  anonymousCall(t, method, path, body);

/** A claim a customer reported, decided by staff (closed) unless `open`. */
async function reported(name: string, idNumber: string, open = false) {
  const made = await anonymous('POST', '/api/public/intake/claim', { data: { name, idNumber } });
  expect(made.status).toBe(201);
  const [row] = await t.sql(
    `SELECT instance_id AS id FROM tracking_tokens ORDER BY created_at DESC LIMIT 1`,
  );
  const id = row.id as string;
  if (!open) {
    const [decide] = await tasksOf(t, id);
    await complete(t, decide!.id, { ok: true }, 'adjuster');
    await untilStatus(t, id, 'completed');
  }
  return { id, token: made.body.token as string };
}

/** How many rows of the case each live table holds (ONLY: not its archive), and the archive. */
async function rowsOf(id: string) {
  const counts = async (suffix: string, only: string) =>
    Object.fromEntries(
      await Promise.all(
        DETAIL.map(async (table) => {
          const [r] = await t.sql(
            `SELECT count(*)::int AS n FROM ${only}${table}${suffix} WHERE instance_id = $1`,
            [id],
          );
          return [table, r.n as number];
        }),
      ),
    );
  return { live: await counts('', 'ONLY '), archive: await counts('_archive', '') };
}

const archivedAt = async (id: string) =>
  (await t.sql(`SELECT archived_at FROM instances WHERE id = $1`, [id]))[0]
    ?.archived_at as Date | null;

/** Everything staff and the customer read of the case, through the API. */
async function readings(id: string, token: string) {
  const page = await t.api('GET', `/api/instances/${id}`, undefined, { as: 'adjuster' });
  const h = await history(t, id);
  const found = await t.api(
    'POST',
    '/api/cases/search',
    { kind: 'idNumber', q: 'A123456789' },
    { as: 'officer' },
  );
  const track = await anonymous('GET', `/api/public/track/${token}`);
  const steps = await t.api(
    'GET',
    '/api/analytics/cycle-times?processId=claim&by=step',
    undefined,
    { as: 'supervisor' },
  );
  return {
    page: { status: page.status, state: page.body.status, variables: page.body.variables },
    history: h.map((e) => e.type).filter((type) => type !== 'personalData.searched'),
    search: found.body.items?.map((i: { id: string }) => i.id) ?? found.body,
    track: { status: track.status, case: track.body.status, reference: track.body.reference },
    steps: steps.body.items,
  };
}

describe('the case archive', () => {
  let closed: { id: string; token: string };
  let open: { id: string; token: string };
  let before: Awaited<ReturnType<typeof readings>>;

  it('moves a closed case to the archive tables after ARCHIVE_AFTER, and leaves an open one', async () => {
    closed = await reported('Chen Da-wen', 'A123456789');
    open = await reported('Lin Mei', 'B223456789', true);
    before = await readings(closed.id, closed.token);
    expect(before.page).toMatchObject({ status: 200, state: 'completed' });
    expect(before.search).toEqual([closed.id]);
    expect(before.track).toMatchObject({ status: 200, case: 'completed' });
    expect(before.steps).toEqual(
      expect.arrayContaining([expect.objectContaining({ nodeId: 'decide', count: 1 })]),
    );
    const rows = await rowsOf(closed.id);
    expect(rows.live.history).toBeGreaterThan(3);

    // six days after it closed nothing moves
    t.clock.advance(6 * DAY);
    await t.engine.queue.reconcile(false);
    await t.until(
      async () => (await t.sql(`SELECT 1 FROM jobs WHERE id = 'sweep/archive' AND attempt > 1`))[0],
      'archive sweep ran',
    );
    expect(await archivedAt(closed.id)).toBeNull();
    expect(await rowsOf(closed.id)).toEqual(rows);

    // When seven days have passed
    t.clock.advance(1 * DAY + 60_000);
    await t.engine.queue.reconcile(false);
    await t.until(async () => (await archivedAt(closed.id)) ?? undefined, 'case archived');

    // Then every detail row is in the archive, none left in the live tables
    const moved = await rowsOf(closed.id);
    expect(moved.archive).toEqual(rows.live);
    expect(Object.values(moved.live).every((n) => n === 0)).toBe(true);
    // and the open case is where it was
    expect(await archivedAt(open.id)).toBeNull();
    expect((await rowsOf(open.id)).live.tasks).toBe(1);
  });

  it('reads the archived case through the API as before: case page, history, search, tracking, analytics', async () => {
    expect(await readings(closed.id, closed.token)).toEqual(before);
    // the search's own record of reading personal data lands in the live history, and reads too
    const h = await history(t, closed.id);
    expect(h.filter((e) => e.type === 'personalData.searched').length).toBe(2);
  });

  it('erases its personal data on time, in the archive, and the erasure follows it there', async () => {
    // 31 days after it closed (the retention is 30)
    t.clock.advance(24 * DAY);
    await t.engine.queue.reconcile(false);
    await t.until(
      async () =>
        (
          await t.sql(
            `SELECT 1 FROM instances WHERE id = $1 AND personal_data_erased_at IS NOT NULL`,
            [closed.id],
          )
        )[0],
      'retention sweep',
    );
    const left = await t.sql(
      `SELECT count(*)::int AS n FROM (
         SELECT state::text AS j FROM instances WHERE id = $1
         UNION ALL SELECT data::text FROM tasks_archive WHERE instance_id = $1
         UNION ALL SELECT prefill::text FROM tasks_archive WHERE instance_id = $1
         UNION ALL SELECT data::text FROM history WHERE instance_id = $1) x
       WHERE j LIKE '%enc:v1:%'`,
      [closed.id],
    );
    expect(left[0].n).toBe(0);
    const page = await t.api('GET', `/api/instances/${closed.id}`, undefined, { as: 'officer' });
    expect(page.body.variables).toMatchObject({ ok: true, idNumber: null });
    // the ID number's search term went with it
    const found = await t.api(
      'POST',
      '/api/cases/search',
      { kind: 'idNumber', q: 'A123456789' },
      { as: 'officer' },
    );
    expect(found.body.items).toEqual([]);
    expect((await history(t, closed.id)).at(-1)).toMatchObject({ type: 'personalData.erased' });

    // and the next run moves the erasure's entry (and the searches' records) to the archive
    t.clock.advance(2 * 3_600_000);
    await t.engine.queue.reconcile(false);
    await t.until(
      async () => ((await rowsOf(closed.id)).live.history === 0 ? true : undefined),
      'erasure archived',
    );
    const types = (await history(t, closed.id)).map((e) => e.type);
    expect(types.at(-1)).toBe('personalData.erased');
    const seqs = await t.sql(
      `SELECT seq FROM history WHERE instance_id = $1 GROUP BY seq HAVING count(*) > 1`,
      [closed.id],
    );
    expect(seqs).toEqual([]);
  });

  it('loses nothing when a move is killed in the middle: one transaction per batch', async () => {
    const victim = await reported('Wang Xiao-ming', 'C323456789');
    const rows = await rowsOf(victim.id);
    // a session holds the tasks' archive, so the move stops there, after it moved the case's
    // SLA clocks, incidents and jobs, and its connection is then cut as a killed engine's is
    const holder = new pg.Client({ connectionString: DATABASE_URL });
    const mover = new pg.Client({
      connectionString: DATABASE_URL,
      options: `-c search_path=${t.schema}`,
    });
    await holder.connect();
    await mover.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`LOCK TABLE ${t.schema}.tasks_archive IN ACCESS EXCLUSIVE MODE`);
      const pid = (await mover.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!
        .pid;
      mover.on('error', () => undefined);
      const moving = mover
        .query(`SELECT caseway_archive_cases($1, 500, $2)`, [
          new Date(t.clock.now() + DAY),
          new Date(t.clock.now()),
        ])
        .then(
          () => 'finished',
          () => 'killed',
        );
      await t.until(
        async () =>
          (
            await t.sql(
              `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`,
              [pid],
            )
          )[0],
        'move waiting on the archive',
      );
      await t.sql(`SELECT pg_terminate_backend($1)`, [pid]);
      expect(await moving).toBe('killed');
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
      await mover.end().catch(() => undefined);
    }
    // Then every row is where it was, and the case is not marked archived
    expect(await rowsOf(victim.id)).toEqual(rows);
    expect(await archivedAt(victim.id)).toBeNull();
    // and the next run moves it whole, once
    t.clock.advance(8 * DAY);
    await t.engine.queue.reconcile(false);
    await t.until(async () => (await archivedAt(victim.id)) ?? undefined, 'case archived');
    const moved = await rowsOf(victim.id);
    expect(moved.archive).toEqual(rows.live);
    expect(Object.values(moved.live).every((n) => n === 0)).toBe(true);
  });
});
