-- Jobs that fail, outbox rows, sweeps (issue 17, item 8).

-- An unexpected failure of a job (not a step refusing: a bug, a database error that is not a
-- lost connection) is counted on its row; past the retry policy it becomes an incident
-- instead of being delivered again forever.
ALTER TABLE jobs ADD COLUMN failures integer NOT NULL DEFAULT 0;

-- Sweeps that belong to no case (retention, expired idempotency keys) are rows too: one per
-- sweep (`sweep/<name>`), pending for ever, its due instant moved on by each run.
ALTER TABLE jobs ALTER COLUMN instance_id DROP NOT NULL;
ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
  CHECK (kind IN ('timer', 'service', 'resume-parent', 'cancel-instance', 'sla', 'sla-action',
                  'plugin-event', 'sweep'));
ALTER TABLE jobs ADD CONSTRAINT jobs_case_or_sweep CHECK ((kind = 'sweep') = (instance_id IS NULL));

-- The plugin outbox tells every engine which rows it wrote, delivered when the step commits, so
-- they are dispatched at once instead of at the next reconcile tick: a JSON array of
-- [id, due epoch ms], or '' when that would not fit a notice (the listener then reconciles).
CREATE OR REPLACE FUNCTION caseway_plugin_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  written text;
BEGIN
  WITH ins AS (
    INSERT INTO jobs (id, instance_id, kind, due_at, status, max_attempts, backoff_ms, timeout_ms,
                      action, payload, created_at, updated_at)
    SELECT h.instance_id || '.h' || h.seq || '.' || s.plugin, h.instance_id, 'plugin-event',
           h.at, 'pending', 6, 5000, 30000, s.plugin || '/@event',
           jsonb_build_object('input', jsonb_build_object('seq', h.seq, 'type', h.type)),
           h.at, h.at
    FROM new_history h JOIN plugin_subscriptions s ON s.event_type = h.type
    ON CONFLICT (id) DO NOTHING
    RETURNING id, due_at)
  SELECT json_agg(json_build_array(id, floor(extract(epoch FROM due_at) * 1000)))::text
    INTO written FROM ins;
  IF written IS NOT NULL THEN
    PERFORM pg_notify('caseway_jobs:' || current_schema(),
                      CASE WHEN length(written) < 7900 THEN written ELSE '' END);
  END IF;
  RETURN NULL;
END $$;
