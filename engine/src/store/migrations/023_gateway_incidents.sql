-- A gateway that cannot choose its way (a condition neither true nor false, or no true condition
-- and no default) holds its token with an incident (runtime/conditions.ts). Incidents belong to a
-- job row, so the hold writes one of kind 'gateway': retrying the incident runs it, and the
-- gateway decides again from the variables then.
ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
  CHECK (kind IN ('timer', 'service', 'resume-parent', 'cancel-instance', 'sla', 'sla-action',
                  'plugin-event', 'sweep', 'gateway'));
