-- The inbox with 1,000,000 open tasks (issue 18, item 6; docs/benchmarks.md, `inbox`): the two
-- reads of GET /api/tasks that still grew with the number of open tasks.
--
-- "My tasks" (assigned to me, or offered to me by name) is read as two index ranges, one per
-- half of that OR (store/tasks.ts, `inbox`): the assigned half in the page's order from this
-- index, a page's rows and no more, where the planner otherwise walked the whole due-date order
-- filtering for the assignee (58 ms) or fetched and sorted every task of the user. It replaces
-- the assignee index of 001 (every `assignee = …` on open tasks is an assigned one).
CREATE INDEX tasks_open_assigned_by_due
  ON tasks (assignee, (COALESCE(due_at, 'infinity'::timestamptz)), (-priority), created_at, id)
  WHERE status = 'open' AND assignee IS NOT NULL;
DROP INDEX tasks_open_assignee;

-- A group queue's total counts to 1,001 tasks; through the GIN index on candidate_groups that
-- meant collecting every open task of the group first (a bitmap of 50,000 tasks: 20 to 70 ms).
-- `task_offers` holds one row per group an open, unassigned task is offered to, kept by the
-- trigger below on every write to `tasks`, so the count reads 1,001 entries of one index range
-- and stops. Archived tasks are never open, and the archive children have no trigger.
CREATE TABLE task_offers (
  group_id text NOT NULL,
  task_id  text NOT NULL,
  PRIMARY KEY (group_id, task_id)
);

CREATE FUNCTION caseway_task_offers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'open' AND OLD.assignee IS NULL THEN
    IF TG_OP = 'UPDATE' AND NEW.status = 'open' AND NEW.assignee IS NULL AND NEW.id = OLD.id
       AND NEW.candidate_groups IS NOT DISTINCT FROM OLD.candidate_groups THEN
      RETURN NULL;
    END IF;
    DELETE FROM task_offers WHERE group_id = ANY (OLD.candidate_groups) AND task_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'open' AND NEW.assignee IS NULL THEN
    INSERT INTO task_offers (group_id, task_id)
      SELECT DISTINCT g, NEW.id FROM unnest(NEW.candidate_groups) g WHERE g IS NOT NULL
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER task_offers AFTER INSERT OR DELETE OR UPDATE OF id, status, assignee, candidate_groups
  ON tasks FOR EACH ROW EXECUTE FUNCTION caseway_task_offers();

CREATE FUNCTION caseway_task_offers_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE task_offers;
  RETURN NULL;
END $$;

CREATE TRIGGER task_offers_truncate AFTER TRUNCATE ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION caseway_task_offers_truncate();

INSERT INTO task_offers (group_id, task_id)
  SELECT DISTINCT g, t.id FROM ONLY tasks t, unnest(t.candidate_groups) g
  WHERE t.status = 'open' AND t.assignee IS NULL AND g IS NOT NULL;
ANALYZE task_offers;
