-- The inbox with a million open tasks (docs/benchmarks.md, `inbox`): the page's order is
-- due date, priority, creation, id; an index holding all four lets PostgreSQL read a page in
-- order and stop, where `(due_at, priority)` alone made it sort every matching task (most
-- tasks have no due date). Offered-by-name tasks get a GIN index like the group one, for
-- `candidate_users @> ARRAY[me]` in "my tasks".
CREATE INDEX tasks_open_order ON tasks (due_at ASC NULLS LAST, priority DESC, created_at, id)
  WHERE status = 'open';
DROP INDEX tasks_open_due;
CREATE INDEX tasks_open_users ON tasks USING gin (candidate_users) WHERE status = 'open';
