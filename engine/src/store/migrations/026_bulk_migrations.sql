-- Bulk migration of running cases to another version of their process (issue 21, item 4): one
-- row per batch (what was asked: the process, the versions, the node mapping, who), one row per
-- case it holds (pending until its own transaction migrates it, refuses it or finds it gone), and
-- one job row (`migration/<batch>`, kind 'migration', no case) whose runs work the pending cases
-- off a chunk at a time. A case's row changes in the transaction that migrates the case, so a
-- batch killed anywhere resumes where it stopped and no case moves twice; progress is a count
-- of its cases by status.
CREATE TABLE migration_batches (
  id            text PRIMARY KEY,
  process_id    text        NOT NULL,
  from_version  integer,                      -- NULL: the cases on every other version
  to_version    integer     NOT NULL,
  mapping       jsonb       NOT NULL DEFAULT '{}',
  status        text        NOT NULL CHECK (status IN ('running', 'done', 'cancelled')),
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL,
  finished_at   timestamptz
);
CREATE INDEX migration_batches_recent ON migration_batches (created_at DESC);

CREATE TABLE migration_batch_cases (
  batch_id      text        NOT NULL REFERENCES migration_batches (id),
  seq           integer     NOT NULL,        -- the order the batch works its cases in
  instance_id   text        NOT NULL REFERENCES instances (id),
  from_version  integer     NOT NULL,
  status        text        NOT NULL CHECK (status IN ('pending', 'moved', 'refused', 'skipped', 'cancelled')),
  moves         jsonb       NOT NULL DEFAULT '[]',
  problems      jsonb       NOT NULL DEFAULT '[]',
  done_at       timestamptz,
  PRIMARY KEY (batch_id, seq)
);
CREATE INDEX migration_batch_cases_pending ON migration_batch_cases (batch_id, seq) WHERE status = 'pending';
CREATE INDEX migration_batch_cases_status ON migration_batch_cases (batch_id, status);

ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
  CHECK (kind IN ('timer', 'service', 'resume-parent', 'cancel-instance', 'sla', 'sla-action',
                  'plugin-event', 'sweep', 'gateway', 'migration'));
ALTER TABLE jobs DROP CONSTRAINT jobs_case_or_sweep;
ALTER TABLE jobs ADD CONSTRAINT jobs_case_or_sweep
  CHECK ((kind IN ('sweep', 'migration')) = (instance_id IS NULL));
