-- Personal data retention: when a closed case's personal data was erased (its statistics stay).
ALTER TABLE instances ADD COLUMN personal_data_erased_at timestamptz;
-- The retention sweep looks only at closed cases not yet erased.
CREATE INDEX instances_retention ON instances (ended_at)
  WHERE status <> 'active' AND personal_data_erased_at IS NULL;
