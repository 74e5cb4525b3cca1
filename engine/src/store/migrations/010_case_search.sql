-- Case search, saved inbox filters (docs/security.md "Blind index", docs/api.md "Case search").

-- What identifies a case to the people who look for it: its business key and the variables its
-- process names in `search` (customer name, ID number, phone, policy number, claim number).
-- Personal data (ID and phone numbers, anything a form marks sensitive) is never stored here in
-- clear: only an HMAC-SHA256 digest of the normalised value under a search key derived (HKDF)
-- from the data key `key_id`, so an equal value can be found without being readable.
-- Written in the same transaction as the instance variables (effects/apply.ts).
CREATE TABLE case_search_terms (
  instance_id text NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('businessKey', 'customerName', 'idNumber', 'phone', 'policyNumber', 'claimNumber')),
  value       text,                            -- normalised text, for kinds that are not personal data
  digest      text,                            -- hex HMAC-SHA256 (blind index) for those that are
  key_id      text,                            -- the data key the search key was derived from
  CHECK ((value IS NULL) <> (digest IS NULL)),
  CHECK ((digest IS NULL) = (key_id IS NULL))
);
CREATE UNIQUE INDEX case_search_terms_unique ON case_search_terms (instance_id, kind, (coalesce(value, digest)));
CREATE INDEX case_search_terms_value ON case_search_terms (kind, value text_pattern_ops) WHERE value IS NOT NULL;
CREATE INDEX case_search_terms_digest ON case_search_terms (kind, digest) WHERE digest IS NOT NULL;

-- Which cases are indexed, and under which data key: the start-up backfill indexes cases
-- missing here (those started before this migration) and re-indexes those under an older key.
CREATE TABLE case_search_state (
  instance_id text PRIMARY KEY REFERENCES instances (id) ON DELETE CASCADE,
  key_id      text        NOT NULL,
  indexed_at  timestamptz NOT NULL
);

-- A user's saved inbox filters (the query string of GET /api/tasks, by name).
CREATE TABLE inbox_filters (
  id         text PRIMARY KEY,
  user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name       text        NOT NULL,
  query      jsonb       NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (user_id, name)
);
