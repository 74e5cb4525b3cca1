-- The case archive (issue 18, item 5): closed cases must not slow the live tables.
--
-- A closed, quiet case's detail rows (history, tasks, jobs, incidents, message subscriptions,
-- SLA clocks and their events, search terms) move, a batch of cases per transaction, from each
-- live table to its `<table>_archive` child. The children INHERIT the live tables: every read
-- that names the live table (`FROM history`, `UPDATE tasks`, `DELETE FROM case_search_terms`)
-- sees the archived rows too, so the case page, history, search, tracking, analytics and
-- retention need no second place to look; only the move names `ONLY history`. The live tables'
-- indexes then hold the open cases and the recently closed ones, whatever the number of cases
-- closed over the years. The `instances` row stays where it is (one row per case, the anchor
-- that tracking tokens, attachments, notifications and child cases point at) and records when
-- the case was archived.
--
-- The children copy every index of their parent (a read planned on the live table has the same
-- index on its child), no foreign key (a case is moved whole, in one transaction) and no
-- trigger (moving a case announces nothing, and starts no plugin event). CHECK constraints say
-- what an archived row never is (an open task, a pending job), so the planner skips the archive
-- for the inbox's and the drains' queries (constraint_exclusion = partition, the default).

ALTER TABLE instances ADD COLUMN archived_at timestamptz;

DO $$
DECLARE
  t text;
  d record;
BEGIN
  FOREACH t IN ARRAY ARRAY['history', 'tasks', 'jobs', 'incidents', 'subscriptions', 'sla_clocks',
                           'sla_clock_events', 'case_search_terms'] LOOP
    EXECUTE format('CREATE TABLE %I () INHERITS (%I)', t || '_archive', t);
    FOR d IN SELECT indexdef FROM pg_indexes
             WHERE schemaname = current_schema() AND tablename = t LOOP
      EXECUTE regexp_replace(d.indexdef, '^(CREATE (UNIQUE )?INDEX )(\S+) ON (\S+) ',
                             '\1\3_archive ON ' || quote_ident(t || '_archive') || ' ');
    END LOOP;
  END LOOP;
END $$;

ALTER TABLE tasks_archive ADD CONSTRAINT tasks_archive_closed CHECK (status <> 'open');
ALTER TABLE jobs_archive ADD CONSTRAINT jobs_archive_settled CHECK (status <> 'pending');
ALTER TABLE subscriptions_archive ADD CONSTRAINT subscriptions_archive_settled
  CHECK (status <> 'pending');
ALTER TABLE incidents_archive ADD CONSTRAINT incidents_archive_resolved CHECK (status <> 'open');

-- The cases the next move takes: closed, and either never archived or erased since (the
-- retention sweep's `personalData.erased` entry lands in the live history and follows the case).
CREATE INDEX instances_archivable ON instances (ended_at)
  WHERE status <> 'active' AND (archived_at IS NULL OR archived_at < personal_data_erased_at);

-- Moves up to `batch` cases closed before `closed_before`, with nothing left to do (no open
-- task, pending job or subscription, open incident), to the archive; returns their ids. One
-- statement, so one transaction: a move interrupted anywhere (a killed engine, a lost
-- connection) leaves every row where it was. Cases locked by a step are left for the next one.
CREATE FUNCTION caseway_archive_cases(closed_before timestamptz, batch integer,
                                      now timestamptz) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
  ids text[];
  t text;
BEGIN
  SELECT array_agg(c.id) INTO ids FROM (
    SELECT i.id FROM instances i
    WHERE i.status <> 'active' AND i.ended_at < closed_before
      AND (i.archived_at IS NULL OR i.archived_at < i.personal_data_erased_at)
      AND NOT EXISTS (SELECT 1 FROM ONLY tasks x WHERE x.instance_id = i.id AND x.status = 'open')
      AND NOT EXISTS (SELECT 1 FROM ONLY jobs x WHERE x.instance_id = i.id AND x.status = 'pending')
      AND NOT EXISTS (SELECT 1 FROM ONLY subscriptions x
                      WHERE x.instance_id = i.id AND x.status = 'pending')
      AND NOT EXISTS (SELECT 1 FROM ONLY incidents x WHERE x.instance_id = i.id AND x.status = 'open')
    ORDER BY i.ended_at
    LIMIT batch
    FOR UPDATE OF i SKIP LOCKED) c;
  IF ids IS NULL THEN
    RETURN '{}';
  END IF;
  -- children before the rows they reference (the live tables keep their foreign keys)
  WITH moved AS (
    DELETE FROM ONLY sla_clock_events e
    WHERE e.clock_id IN (SELECT id FROM ONLY sla_clocks WHERE instance_id = ANY (ids))
    RETURNING e.*)
  INSERT INTO sla_clock_events_archive SELECT * FROM moved;
  FOREACH t IN ARRAY ARRAY['sla_clocks', 'incidents', 'jobs', 'tasks', 'subscriptions', 'history',
                           'case_search_terms'] LOOP
    EXECUTE format('WITH moved AS (DELETE FROM ONLY %I WHERE instance_id = ANY ($1) RETURNING *)
                    INSERT INTO %I SELECT * FROM moved', t, t || '_archive')
      USING ids;
  END LOOP;
  UPDATE instances SET archived_at = now WHERE id = ANY (ids);
  RETURN ids;
END $$;
