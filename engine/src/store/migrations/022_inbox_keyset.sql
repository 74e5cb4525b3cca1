-- The inbox pages by keyset (store/tasks.ts, `inbox`): each sort's keys are ascending and never
-- null (a missing due date is 'infinity', priority is negated), so "after this task" is the row
-- comparison `(keys) > (cursor)`, an index range: a page reads its own rows and stops, however
-- deep it is, where an offset read and dropped every row before it. They replace the mixed
-- direction index of 012, whose order no row comparison can follow.
CREATE INDEX tasks_open_by_due
  ON tasks ((COALESCE(due_at, 'infinity'::timestamptz)), (-priority), created_at, id)
  WHERE status = 'open';
CREATE INDEX tasks_open_by_priority
  ON tasks ((-priority), (COALESCE(due_at, 'infinity'::timestamptz)), created_at, id)
  WHERE status = 'open';
CREATE INDEX tasks_open_by_created ON tasks (created_at, id) WHERE status = 'open';
DROP INDEX tasks_open_order;
