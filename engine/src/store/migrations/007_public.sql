-- Customers without a staff login: the private tracking link of a case they started (its
-- token's sha256 only), and the documents they upload.
CREATE TABLE tracking_tokens (
  token_hash  text PRIMARY KEY,
  instance_id text        NOT NULL REFERENCES instances (id),
  created_at  timestamptz NOT NULL
);
CREATE INDEX tracking_tokens_instance ON tracking_tokens (instance_id);

CREATE TABLE attachments (
  id           text PRIMARY KEY,
  instance_id  text        NOT NULL REFERENCES instances (id),
  name         text        NOT NULL,
  content_type text        NOT NULL,
  size         integer     NOT NULL,
  sha256       text        NOT NULL,   -- of the plain content (duplicates are recognised)
  key_id       text        NOT NULL,   -- the data key that sealed it (CASEWAY_DATA_KEYS)
  data         bytea       NOT NULL,   -- AES-256-GCM: iv (12) | tag (16) | ciphertext
  uploaded_by  text        NOT NULL,   -- a user id, or `public` (the tracking link)
  created_at   timestamptz NOT NULL
);
CREATE INDEX attachments_instance ON attachments (instance_id);
