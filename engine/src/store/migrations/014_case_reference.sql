-- Case references (engine/src/effects/case-reference.ts): what customers see and quote, assigned
-- by the engine to every case at start, random (12 characters of Crockford's base32, shown as
-- XXXX-XXXX-XXXX) and unique. Customers were shown the business key, which a process may build
-- from what they typed (a policy number and a date) and which other cases may share.
ALTER TABLE instances ADD COLUMN reference text;

-- Cases started before this migration get one now (a clash, however unlikely, is drawn again).
DO $$
BEGIN
  LOOP
    UPDATE instances i SET reference = regexp_replace(
      (SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + floor(random() * 32)::int, 1), '')
       FROM generate_series(1, 12) WHERE i.id IS NOT NULL),
      '^(.{4})(.{4})(.{4})$', '\1-\2-\3')
    WHERE reference IS NULL
       OR reference IN (SELECT reference FROM instances WHERE reference IS NOT NULL
                        GROUP BY reference HAVING count(*) > 1);
    EXIT WHEN NOT EXISTS (SELECT 1 FROM instances WHERE reference IS NOT NULL
                          GROUP BY reference HAVING count(*) > 1);
  END LOOP;
END $$;
CREATE UNIQUE INDEX instances_reference ON instances (reference);

-- Staff find a case by the reference its customer quotes (normalised: no separators).
ALTER TABLE case_search_terms DROP CONSTRAINT case_search_terms_kind_check;
ALTER TABLE case_search_terms ADD CONSTRAINT case_search_terms_kind_check
  CHECK (kind IN ('businessKey', 'customerName', 'idNumber', 'phone', 'policyNumber', 'claimNumber', 'reference'));
INSERT INTO case_search_terms (instance_id, kind, value)
SELECT i.id, 'reference', replace(i.reference, '-', '')
FROM instances i JOIN case_search_state s ON s.instance_id = i.id
ON CONFLICT DO NOTHING;
