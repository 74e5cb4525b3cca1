-- SLA clocks, their event log, notifications, and groups (for "the assignee's supervisor group").
-- A clock changes in the same transaction as the step that caused it; its warning and breach
-- timers are `jobs` rows (kind 'sla') like any other timer, so they survive a Redis flush.

CREATE TABLE groups (
  id               text PRIMARY KEY,
  name             jsonb,                      -- {"zh-Hant": …, "en": …}
  supervisor_group text                        -- who is told when this group's work is late
);

CREATE TABLE sla_clocks (
  id               text PRIMARY KEY,           -- <instance>.sla-<sla> or <task>.sla-<sla>
  instance_id      text        NOT NULL REFERENCES instances (id),
  task_id          text REFERENCES tasks (id), -- task-scope clocks
  sla_id           text        NOT NULL,
  sla_version      integer     NOT NULL,       -- pinned when the clock starts
  calendar_id      text        NOT NULL,
  calendar_version integer     NOT NULL,
  status           text        NOT NULL CHECK (status IN ('running', 'paused', 'stopped', 'cancelled')),
  target           text        NOT NULL,       -- ISO 8601 duration, as evaluated at start
  target_ms        bigint      NOT NULL,       -- the target in working milliseconds of the calendar
  elapsed_ms       bigint      NOT NULL DEFAULT 0, -- working ms accumulated before segment_start
  segment_start    timestamptz,                -- running since (NULL unless running)
  cycle            integer     NOT NULL DEFAULT 1, -- bumped on resume and reset: names this cycle's timer jobs
  fired            integer[]   NOT NULL DEFAULT '{}', -- thresholds fired, in percent (100 = breach)
  started_at       timestamptz NOT NULL,
  due_at           timestamptz,                -- NULL unless running
  breached_at      timestamptz,
  stopped_at       timestamptz,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX sla_clocks_instance ON sla_clocks (instance_id);
CREATE INDEX sla_clocks_task ON sla_clocks (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX sla_clocks_report ON sla_clocks (sla_id, started_at);

-- Every change of a clock, so its elapsed time can be recomputed from its history.
CREATE TABLE sla_clock_events (
  id         bigserial PRIMARY KEY,
  clock_id   text        NOT NULL REFERENCES sla_clocks (id),
  at         timestamptz NOT NULL,
  type       text        NOT NULL CHECK (type IN ('start', 'pause', 'resume', 'stop', 'cancel', 'reset', 'warning', 'breach')),
  elapsed_ms bigint      NOT NULL,             -- working ms elapsed at that instant
  data       jsonb
);
CREATE INDEX sla_clock_events_clock ON sla_clock_events (clock_id, id);

CREATE TABLE notifications (
  id             bigserial PRIMARY KEY,
  instance_id    text        NOT NULL REFERENCES instances (id),
  task_id        text,
  clock_id       text,
  recipient_kind text        NOT NULL CHECK (recipient_kind IN ('user', 'group', 'role')),
  recipient      text        NOT NULL,
  kind           text        NOT NULL,         -- sla.warning, sla.breach
  message        jsonb,
  data           jsonb,
  created_at     timestamptz NOT NULL,
  read_at        timestamptz
);
CREATE INDEX notifications_recipient ON notifications (recipient_kind, recipient, created_at DESC);

-- SLA timers and SLA plugin actions are jobs too.
ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
  CHECK (kind IN ('timer', 'service', 'resume-parent', 'cancel-instance', 'sla', 'sla-action'));
