-- Business errors (issue 22): a plugin's PermanentError with a code (e.g. ACCOUNT_CLOSED) and
-- details is recorded apart from the error text, on the job's last attempt and on the incident
-- it opens, so an operator filters by it and an error boundary event can match the code.
ALTER TABLE jobs ADD COLUMN last_error_code text;
ALTER TABLE jobs ADD COLUMN last_error_details jsonb;
ALTER TABLE incidents ADD COLUMN error_code text;
ALTER TABLE incidents ADD COLUMN error_details jsonb;
CREATE INDEX incidents_error_code ON incidents (error_code) WHERE error_code IS NOT NULL;
