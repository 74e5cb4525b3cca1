-- Reads that grew with the tables (issue 18, item 6; docs/benchmarks.md, `inbox`).
--
-- The inbox's GIN indexes without a pending list.
-- With `fastupdate` on (PostgreSQL's default) new entries wait in an unsorted pending list of up
-- to `gin_pending_list_limit` (4 MB) until a vacuum or a full list merges them, and every search
-- reads the whole list: with 1,000,000 open tasks "my tasks" read 355 pages of it twice a call,
-- for the tasks offered to the clerk by name (none), 3.7 ms each of a 10.7 ms statement. A task
-- adds an entry or two to each index (its groups; its named users, usually none), so writing
-- them in place costs its insert little; the lists left by earlier inserts are merged here.
ALTER INDEX tasks_open_users SET (fastupdate = off);
ALTER INDEX tasks_open_groups SET (fastupdate = off);
SELECT gin_clean_pending_list('tasks_open_users'::regclass);
SELECT gin_clean_pending_list('tasks_open_groups'::regclass);

-- Calendar coverage reads every pending calendar timer, and a calendar replay those of one
-- calendar (store/calendar-timers.ts): with 300,000 pending timers, one in ten on a calendar,
-- both read every job (a sequential scan, 100 to 140 ms under load). This index holds the
-- calendar timers alone; a case's own are read by `jobs_instance` as before.
CREATE INDEX jobs_pending_calendar ON jobs ((payload->'calendar'->>'id'), due_at)
  WHERE status = 'pending' AND kind = 'timer' AND payload ? 'calendar';
