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
  // no history entry duplicated; each node visit once per token (a retried job fails once per
  // attempt, a timer cycle fires once per timer: its firings are told apart by their timer ids;
  // a compensation's undos by the token that completed the task each undoes)
  add(
    'duplicated history',
    (
      await query(
        `SELECT instance_id, token_id, node_id, type, data->'attempt' AS attempt, data->'timerId' AS timer, data->'undoingToken' AS undoing, count(*) FROM history WHERE token_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING count(*) > 1`,
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

/**
 * SLA clocks agree with their own history (sla_clock_events): elapsed time never runs
 * backwards, a stopped clock's elapsed time is the one its stop recorded and never more than
 * the wall time it ran, each threshold fires once per cycle and never before its share of the
 * target, and a clock is marked breached exactly when its breach was logged or it closed past
 * its target.
 */
export async function slaViolations(query: Query): Promise<string[]> {
  const v: string[] = [];
  const add = (what: string, rows: unknown[]) =>
    rows.length && v.push(`${what}: ${JSON.stringify(rows.slice(0, 5))}`);
  add(
    'clock elapsed time runs backwards in its history',
    (
      await query(`SELECT clock_id, id FROM (
                     SELECT clock_id, id, type, elapsed_ms,
                            lag(elapsed_ms) OVER (PARTITION BY clock_id ORDER BY id) AS before
                     FROM sla_clock_events) e
                   WHERE type <> 'reset' AND elapsed_ms < before`)
    ).rows,
  );
  add(
    'stopped clocks whose elapsed time differs from their stop event',
    (
      await query(`SELECT c.id, c.elapsed_ms, e.elapsed_ms AS logged FROM sla_clocks c
                   JOIN LATERAL (SELECT elapsed_ms FROM sla_clock_events
                                 WHERE clock_id = c.id AND type IN ('stop', 'cancel')
                                 ORDER BY id DESC LIMIT 1) e ON true
                   WHERE c.status IN ('stopped', 'cancelled') AND c.elapsed_ms <> e.elapsed_ms`)
    ).rows,
  );
  add(
    'clocks with more working time than wall time',
    (
      await query(`SELECT id, elapsed_ms FROM sla_clocks
                   WHERE elapsed_ms > extract(epoch FROM (coalesce(stopped_at, now()) - started_at)) * 1000 + 1`)
    ).rows,
  );
  add(
    'thresholds fired twice in one cycle',
    (
      await query(`SELECT clock_id, data->>'percent' AS percent, count(*) FROM sla_clock_events e
                   WHERE type IN ('warning', 'breach')
                     AND NOT EXISTS (SELECT 1 FROM sla_clock_events r WHERE r.clock_id = e.clock_id AND r.type IN ('reset', 'resume'))
                   GROUP BY 1, 2 HAVING count(*) > 1`)
    ).rows,
  );
  add(
    'thresholds fired before their share of the target',
    (
      await query(`SELECT e.clock_id, e.type, e.elapsed_ms, c.target_ms FROM sla_clock_events e
                   JOIN sla_clocks c ON c.id = e.clock_id
                   WHERE e.type IN ('warning', 'breach')
                     AND e.elapsed_ms < c.target_ms * (e.data->>'percent')::numeric / 100`)
    ).rows,
  );
  // A clock that stops past its target before its breach timer fired (the worker was down)
  // records the breach instant without a breach event: closed, and over its target.
  add(
    'breach marks that disagree with the clock history',
    (
      await query(`SELECT c.id, c.status, c.elapsed_ms, c.target_ms FROM sla_clocks c
                   WHERE CASE WHEN EXISTS (SELECT 1 FROM sla_clock_events e WHERE e.clock_id = c.id AND e.type = 'breach')
                              THEN c.breached_at IS NULL
                              WHEN c.breached_at IS NOT NULL
                              THEN c.status NOT IN ('stopped', 'cancelled') OR c.elapsed_ms <= c.target_ms
                              ELSE c.status IN ('stopped', 'cancelled') AND c.elapsed_ms > c.target_ms END`)
    ).rows,
  );
  return v;
}
