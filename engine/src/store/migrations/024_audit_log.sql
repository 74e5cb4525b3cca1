-- The audit log of administrative acts (issue 21, item 6): definition publishes, user, role
-- and group changes, plugin settings and secrets set, data-key changes. Who (a user id, or
-- `system` for what the configuration did), when, what (an action and its subject) and the
-- details (never a secret's or a password's value). It only grows: no retention erases it, and
-- a row cannot be changed or deleted (the trigger refuses).
CREATE TABLE audit_log (
  seq     bigserial   PRIMARY KEY,
  at      timestamptz NOT NULL,
  actor   text        NOT NULL,
  action  text        NOT NULL,
  subject text        NOT NULL,
  data    jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log only grows: % refused', TG_OP;
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
