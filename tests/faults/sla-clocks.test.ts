/**
 * SLA clocks through kill -9: warnings and breaches are durable timers, so an engine killed
 * while clocks run (twice) still fires every threshold exactly once, never early, after the
 * restart picks the rows up from PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_URL, dropTestData, writeDefinitions } from '../helpers/engine.ts';
import { spawnEngine, type EngineProcess } from '../helpers/engine-process.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process as proc, start, userTask } from '../fixtures/definitions.ts';
import { calendars, sla } from '../fixtures/slas.ts';

// Given a case measured by a 4-second SLA that warns at half time and breaches after
const measured = proc(
  'measured',
  [start(), userTask('work', 'ack'), end()],
  [
    ['start', 'work'],
    ['work', 'end'],
  ],
);
const quick = sla('quick', 'measured', {
  target: { duration: 'PT4S' },
  start: [{ event: 'instanceStarted' }],
  thresholds: [
    { percent: 50, actions: [{ type: 'notify', to: [{ kind: 'group', id: 'adjusters' }] }] },
  ],
  breach: { actions: [{ type: 'notify', to: [{ kind: 'group', id: 'adjusters' }] }] },
});

const id = randomBytes(4).toString('hex');
const schema = `fs_${id}`;
const token = `fault-sla-${id}`;
let dir: string;
let db: pg.Pool;
const engines: EngineProcess[] = [];

beforeAll(async () => {
  dir = await writeDefinitions({ ...files(measured), ...calendars(), 'slas/quick/v1.json': quick });
  db = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.kill()));
  await db.end();
  await dropTestData(schema, schema);
});

const spawn = async () => {
  const e = await spawnEngine({ schema, prefix: schema, definitionsDir: dir, adminToken: token });
  engines.push(e);
  return e;
};
const count = async (sql: string) => (await db.query(sql)).rows[0].n as number;

describe('SLA clocks and kill -9', () => {
  it('fires every warning and breach once, never early, across two crashes', async () => {
    let engine = await spawn();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await fetch(`${engine.url}/api/instances`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ processId: 'measured', variables: { i } }),
      });
      expect(r.status).toBe(201);
      ids.push(((await r.json()) as { id: string }).id);
    }
    // When the engine is killed while the clocks run, twice, and restarted each time
    for (let k = 0; k < 2; k++) {
      await engine.kill('SIGKILL');
      engine = await spawn();
    }

    // Then every clock warns once and breaches once
    const deadline = Date.now() + 150_000;
    while (
      (await count(`SELECT count(*)::int AS n FROM history WHERE type = 'sla.breached'`)) <
      ids.length
    ) {
      if (Date.now() > deadline)
        throw new Error(`breaches missing\n${engine.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const perInstance = await db.query(
      `SELECT instance_id, count(*) FILTER (WHERE type = 'sla.warning')::int AS warnings,
              count(*) FILTER (WHERE type = 'sla.breached')::int AS breaches
       FROM history GROUP BY instance_id ORDER BY instance_id`,
    );
    expect(perInstance.rows).toEqual(
      [...ids].sort().map((i) => ({ instance_id: i, warnings: 1, breaches: 1 })),
    );
    // never early, each timer's work done once, and one notification per action
    expect(
      await count(
        `SELECT count(*)::int AS n FROM jobs WHERE kind = 'sla' AND (fired_at < due_at OR fire_count > 1)`,
      ),
    ).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM notifications`)).toBe(ids.length * 2);
    expect(await durabilityViolations((q, v) => db.query(q, v))).toEqual([]);
  }, 180_000);
});
