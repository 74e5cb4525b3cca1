-- Plugins: settings (configuration, and secrets sealed value by value with the data key ring)
-- and the engine events each loaded plugin receives.
CREATE TABLE plugin_settings (
  plugin     text PRIMARY KEY,
  config     jsonb,                        -- validated against the manifest's `config`
  secrets    jsonb       NOT NULL DEFAULT '{}', -- name -> enc:v1:… envelope; never returned by the API
  updated_at timestamptz NOT NULL,
  updated_by text        NOT NULL
);

-- Which plugin receives which history entry types (written by each engine at start-up).
CREATE TABLE plugin_subscriptions (
  plugin     text NOT NULL,
  event_type text NOT NULL,
  PRIMARY KEY (plugin, event_type)
);

ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
  CHECK (kind IN ('timer', 'service', 'resume-parent', 'cancel-instance', 'sla', 'sla-action', 'plugin-event'));

-- The outbox of plugin events: a history entry a plugin subscribes to becomes a job row in the
-- same transaction (so an event is delivered if and only if its step committed), with a
-- deterministic id (so it exists once). The reconciler hands due rows to the worker.
CREATE FUNCTION caseway_plugin_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO jobs (id, instance_id, kind, due_at, status, max_attempts, backoff_ms, timeout_ms,
                    action, payload, created_at, updated_at)
  SELECT NEW.instance_id || '.h' || NEW.seq || '.' || s.plugin, NEW.instance_id, 'plugin-event',
         NEW.at, 'pending', 6, 5000, 30000, s.plugin || '/@event',
         jsonb_build_object('input', jsonb_build_object('seq', NEW.seq, 'type', NEW.type)),
         NEW.at, NEW.at
  FROM plugin_subscriptions s WHERE s.event_type = NEW.type
  ON CONFLICT (id) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER history_plugin_outbox AFTER INSERT ON history
  FOR EACH ROW EXECUTE FUNCTION caseway_plugin_outbox();
