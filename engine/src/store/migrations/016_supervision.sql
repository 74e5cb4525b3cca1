-- Supervision (issue 23): the deadline worklist, escalations, notifications read per person,
-- and incidents an operator can trace.

-- An incident keeps the instant its work first failed: a retry that fails again opens a new
-- incident row for the same job, which inherits it (so "since" does not restart).
ALTER TABLE incidents ADD COLUMN first_failed_at timestamptz;
UPDATE incidents n SET first_failed_at = (SELECT min(o.created_at) FROM incidents o WHERE o.job_id = n.job_id);
ALTER TABLE incidents ALTER COLUMN first_failed_at SET NOT NULL;
CREATE INDEX incidents_job ON incidents (job_id);

-- A supervisor may move a clock's due instant (a complex complaint extended, with its reason):
-- the clock's log records the move like any other change.
ALTER TABLE sla_clock_events DROP CONSTRAINT sla_clock_events_type_check;
ALTER TABLE sla_clock_events ADD CONSTRAINT sla_clock_events_type_check
  CHECK (type IN ('start', 'pause', 'resume', 'stop', 'cancel', 'reset', 'warning', 'breach', 'move'));

-- The worklist reads every clock still counting (running or paused), soonest due first.
CREATE INDEX sla_clocks_live ON sla_clocks (due_at NULLS LAST, id) WHERE status IN ('running', 'paused');

-- A notification addressed to a group or a role is read by each of its members on their own:
-- who read which, and when (notifications.read_at stays for notices addressed to one user).
CREATE TABLE notification_reads (
  user_id         text        NOT NULL,
  notification_id bigint      NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  read_at         timestamptz NOT NULL,
  PRIMARY KEY (user_id, notification_id)
);
