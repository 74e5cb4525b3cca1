-- Idempotency keys (docs/api.md "Retrying safely"): a client that retries a start, a public
-- intake, a message or a task completion with the same `Idempotency-Key` gets the first answer
-- again instead of a second case. The row is inserted first, in the transaction of the work it
-- guards, so a concurrent retry with the key waits on the primary key and then reads the answer
-- committed with the work (or, when the first attempt rolled back, does the work itself).
CREATE TABLE idempotency_keys (
  scope        text        NOT NULL,   -- `user:<id>`, or `public:<METHOD> <route>` for anonymous callers
  key          text        NOT NULL,   -- the client's Idempotency-Key header
  request_hash text        NOT NULL,   -- sha256 of route, parameters and body: another request is refused
  status       integer,                -- the first answer's HTTP status and body, written with the work
  body         jsonb,                  -- (its personal data sealed like any other JSON column)
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,   -- kept at least 24 hours; expired rows are deleted by a sweep
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
