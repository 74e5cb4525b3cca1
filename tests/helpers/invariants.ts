/**
 * The durability invariants of ../shared/design/durability.md, checked from the database
 * alone. Each returns the violations it found (an empty list is a pass).
 */
import type pg from 'pg';

type Query = (text: string, values?: unknown[]) => Promise<pg.QueryResult<any>>;

export async function durabilityViolations(query: Query): Promise<string[]> {
  const v: string[] = [];
  const add = (what: string, rows: unknown[]) =>
    rows.length && v.push(`${what}: ${JSON.stringify(rows.slice(0, 5))}`);
  // every started instance is complete, cancelled, or waits at a valid node with a live wait
  add(
    'active instances without tokens',
    (
      await query(
        `SELECT id FROM instances WHERE status = 'active' AND jsonb_array_length(state->'tokens') = 0`,
      )
    ).rows,
  );
  add(
    'tokens waiting on a task that is not open',
    (
      await query(`SELECT i.id, tok->>'id' AS token FROM instances i, jsonb_array_elements(i.state->'tokens') tok
                  WHERE i.status = 'active' AND tok->'wait'->>'kind' = 'task'
                    AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = tok->'wait'->>'taskId' AND t.status = 'open')`)
    ).rows,
  );
  add(
    'tokens waiting on a timer that is not pending',
    (
      await query(`SELECT i.id, tok->>'id' AS token FROM instances i, jsonb_array_elements(i.state->'tokens') tok
                  WHERE i.status = 'active' AND tok->'wait'->>'kind' = 'timer'
                    AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = tok->'wait'->>'timerId' AND j.status IN ('pending', 'failed'))`)
    ).rows,
  );
  // no history entry duplicated; each node visit once per token (a retried job fails once per attempt)
  add(
    'duplicated history',
    (
      await query(
        `SELECT instance_id, token_id, node_id, type, data->'attempt' AS attempt, count(*) FROM history WHERE token_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1`,
      )
    ).rows,
  );
  add(
    'history gaps',
    (
      await query(
        `SELECT i.id FROM instances i WHERE i.history_seq <> (SELECT count(*) FROM history h WHERE h.instance_id = i.id)`,
      )
    ).rows,
  );
  // timers: fired at most once, never early; due and pending ones are a violation only when overdue beyond slack
  add(
    'jobs that took effect twice',
    (await query(`SELECT id, fire_count FROM jobs WHERE fire_count > 1`)).rows,
  );
  add(
    'timers fired early',
    (await query(`SELECT id FROM jobs WHERE kind = 'timer' AND fired_at < due_at`)).rows,
  );
  add(
    'done jobs without effect',
    (await query(`SELECT id FROM jobs WHERE status = 'done' AND fire_count <> 1`)).rows,
  );
  // tasks completed once
  add(
    'tasks completed twice',
    (
      await query(
        `SELECT data->>'taskId' AS task, count(*) FROM history WHERE type = 'task.completed' GROUP BY 1 HAVING count(*) > 1`,
      )
    ).rows,
  );
  return v;
}
