-- Identity: passwords, disabled accounts, API token lifecycle, sessions and login throttling.
-- Secrets are never stored: passwords as scrypt hashes, tokens and session ids as sha256.

-- Groups also come from 002 (SLA supervisor groups); IF NOT EXISTS keeps either order working.
CREATE TABLE IF NOT EXISTS groups (
  id               text PRIMARY KEY,
  name             jsonb,                      -- {"zh-Hant": …, "en": …}
  supervisor_group text                        -- members of this group (with the supervisor role) oversee it
);
CREATE INDEX IF NOT EXISTS groups_supervisor ON groups (supervisor_group) WHERE supervisor_group IS NOT NULL;

ALTER TABLE users
  ADD COLUMN password_hash       text,          -- scrypt$<N>$<r>$<p>$<salt>$<hash>: parameters kept per user
  ADD COLUMN password_changed_at timestamptz,
  ADD COLUMN disabled            boolean     NOT NULL DEFAULT false,
  ADD COLUMN last_login_at       timestamptz;

ALTER TABLE api_tokens
  ADD COLUMN id         text NOT NULL DEFAULT ('tok_' || replace(gen_random_uuid()::text, '-', '')),
  ADD COLUMN revoked_by text;
CREATE UNIQUE INDEX api_tokens_id ON api_tokens (id);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- A signed-in browser: the cookie holds a random id, this table its sha256.
CREATE TABLE sessions (
  id_hash      text PRIMARY KEY,
  user_id      text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_secret  text        NOT NULL,           -- CSRF tokens are derived from it (@fastify/csrf)
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,           -- idle timeout is measured from here
  expires_at   timestamptz NOT NULL            -- absolute end, whatever the activity
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Failed sign-ins per login name, kept whether or not the account exists, so a lockout
-- tells an attacker nothing about which names are real.
CREATE TABLE login_failures (
  username     text PRIMARY KEY,               -- lower-cased login name as typed
  failures     integer     NOT NULL,
  window_start timestamptz NOT NULL,
  locked_until timestamptz
);
