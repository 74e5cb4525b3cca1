-- Single sign-on with OpenID Connect (issue 21, item 5). A sign-in in progress is kept by the
-- sha256 of its state for ten minutes and taken once (a replayed or tampered state finds
-- nothing); users who sign in through the provider are linked to it by `<issuer>#<sub>`.
CREATE TABLE oidc_logins (
  state_hash    text        PRIMARY KEY,
  nonce         text        NOT NULL,
  code_verifier text        NOT NULL,
  return_to     text        NOT NULL,
  expires_at    timestamptz NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins (expires_at);

ALTER TABLE users ADD COLUMN oidc_subject text UNIQUE;
