-- The plugin outbox as a statement trigger: one INSERT … SELECT per history statement (a step
-- writes its entries in one statement) instead of one query per row, and nothing at all to
-- join when no plugin subscribes.
DROP TRIGGER history_plugin_outbox ON history;
CREATE OR REPLACE FUNCTION caseway_plugin_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO jobs (id, instance_id, kind, due_at, status, max_attempts, backoff_ms, timeout_ms,
                    action, payload, created_at, updated_at)
  SELECT h.instance_id || '.h' || h.seq || '.' || s.plugin, h.instance_id, 'plugin-event',
         h.at, 'pending', 6, 5000, 30000, s.plugin || '/@event',
         jsonb_build_object('input', jsonb_build_object('seq', h.seq, 'type', h.type)),
         h.at, h.at
  FROM new_history h JOIN plugin_subscriptions s ON s.event_type = h.type
  ON CONFLICT (id) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER history_plugin_outbox AFTER INSERT ON history
  REFERENCING NEW TABLE AS new_history
  FOR EACH STATEMENT EXECUTE FUNCTION caseway_plugin_outbox();
