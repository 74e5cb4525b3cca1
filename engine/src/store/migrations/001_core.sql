-- Caseway core schema: definitions, identities, instances and every piece of pending work.
-- PostgreSQL is the source of truth; Redis (BullMQ) only delivers pointers to `jobs` rows.

CREATE TABLE definition_versions (
  kind        text        NOT NULL,
  id          text        NOT NULL,
  version     integer     NOT NULL,
  hash        text        NOT NULL,            -- sha256 of the canonical JSON: a version never changes
  body        jsonb       NOT NULL,            -- kept even when the file is removed
  source      text,                            -- path relative to the definitions folder
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, id, version)
);

CREATE TABLE users (
  id           text PRIMARY KEY,
  display_name text        NOT NULL,
  groups       text[]      NOT NULL DEFAULT '{}',
  roles        text[]      NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
  hash       text PRIMARY KEY,                 -- sha256 of the token; the token itself is never stored
  user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  label      text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE instances (
  id              text PRIMARY KEY,
  process_id      text        NOT NULL,
  process_version integer     NOT NULL,
  business_key    text,
  status          text        NOT NULL CHECK (status IN ('active', 'completed', 'cancelled')),
  state           jsonb       NOT NULL,        -- runtime/types.ts InstanceState (tokens, variables, seq)
  revision        integer     NOT NULL DEFAULT 0, -- incremented by every step
  history_seq     integer     NOT NULL DEFAULT 0,
  parent_id       text REFERENCES instances (id),
  parent_token_id text,
  outcome         text,
  started_by      text,
  started_at      timestamptz NOT NULL,
  ended_at        timestamptz,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX instances_process ON instances (process_id, process_version, status);
CREATE INDEX instances_business_key ON instances (business_key) WHERE business_key IS NOT NULL;
CREATE INDEX instances_parent ON instances (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE tasks (
  id               text PRIMARY KEY,
  instance_id      text        NOT NULL REFERENCES instances (id),
  token_id         text        NOT NULL,
  node_id          text        NOT NULL,
  process_id       text        NOT NULL,
  form_id          text        NOT NULL,
  form_version     integer     NOT NULL,
  status           text        NOT NULL CHECK (status IN ('open', 'completed', 'cancelled')),
  assignee         text,
  candidate_groups text[]      NOT NULL DEFAULT '{}',
  candidate_users  text[]      NOT NULL DEFAULT '{}',
  priority         integer     NOT NULL DEFAULT 50,
  due_at           timestamptz,
  prefill          jsonb       NOT NULL DEFAULT '{}',
  draft            jsonb,
  data             jsonb,
  created_at       timestamptz NOT NULL,
  completed_at     timestamptz,
  completed_by     text
);
CREATE INDEX tasks_open_due ON tasks (due_at NULLS LAST, priority DESC) WHERE status = 'open';
CREATE INDEX tasks_open_groups ON tasks USING gin (candidate_groups) WHERE status = 'open';
CREATE INDEX tasks_open_assignee ON tasks (assignee) WHERE status = 'open';
CREATE INDEX tasks_instance ON tasks (instance_id);

-- Every piece of asynchronous work is a row; a BullMQ job is only a pointer to it.
--   timer            a timer or boundary timer of a token (fires late, never early)
--   service          a service-task action invocation, retried with backoff, then an incident
--   resume-parent    a finished child instance tells its parent's call activity
--   cancel-instance  a cancelled or interrupted parent cancels its child
CREATE TABLE jobs (
  id           text PRIMARY KEY,               -- deterministic: <instance>.<prefix><seq>
  instance_id  text        NOT NULL REFERENCES instances (id),
  kind         text        NOT NULL CHECK (kind IN ('timer', 'service', 'resume-parent', 'cancel-instance')),
  node_id      text,
  token_id     text,
  due_at       timestamptz NOT NULL,
  status       text        NOT NULL CHECK (status IN ('pending', 'done', 'cancelled', 'failed')),
  attempt      integer     NOT NULL DEFAULT 1,
  max_attempts integer     NOT NULL DEFAULT 1,
  backoff_ms   integer     NOT NULL DEFAULT 0,
  timeout_ms   integer     NOT NULL DEFAULT 0,
  action       text,
  payload      jsonb       NOT NULL DEFAULT '{}',
  last_error   text,
  fire_count   integer     NOT NULL DEFAULT 0, -- how many times the work took effect (must stay <= 1)
  created_at   timestamptz NOT NULL,
  fired_at     timestamptz,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX jobs_pending_due ON jobs (due_at) WHERE status = 'pending';
CREATE INDEX jobs_instance ON jobs (instance_id);

CREATE TABLE subscriptions (
  id              text PRIMARY KEY,
  instance_id     text        NOT NULL REFERENCES instances (id),
  token_id        text        NOT NULL,
  node_id         text        NOT NULL,
  message         text        NOT NULL,
  correlation_key text        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('pending', 'done', 'cancelled')),
  created_at      timestamptz NOT NULL
);
CREATE INDEX subscriptions_waiting ON subscriptions (message, correlation_key, created_at) WHERE status = 'pending';

CREATE TABLE messages (
  id              text PRIMARY KEY,            -- the sender's message id: receiving it twice is a no-op
  name            text        NOT NULL,
  correlation_key text        NOT NULL,
  payload         jsonb       NOT NULL,
  hash            text        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('buffered', 'correlated', 'expired')),
  instance_id     text,
  subscription_id text,
  received_at     timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  correlated_at   timestamptz
);
CREATE INDEX messages_buffered ON messages (name, correlation_key, received_at) WHERE status = 'buffered';

CREATE TABLE incidents (
  id          text PRIMARY KEY,
  instance_id text        NOT NULL REFERENCES instances (id),
  job_id      text        NOT NULL REFERENCES jobs (id),
  node_id     text,
  error       text        NOT NULL,
  status      text        NOT NULL CHECK (status IN ('open', 'resolved')),
  created_at  timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by text
);
CREATE INDEX incidents_open ON incidents (created_at) WHERE status = 'open';

-- The audit history: append-only, one row per state change, numbered per instance.
CREATE TABLE history (
  id          bigserial PRIMARY KEY,
  instance_id text        NOT NULL REFERENCES instances (id),
  seq         integer     NOT NULL,
  at          timestamptz NOT NULL,
  type        text        NOT NULL,
  node_id     text,
  token_id    text,
  actor       text,
  data        jsonb,
  UNIQUE (instance_id, seq)
);
