-- How a user task's due date was counted when its `dueDate` counts on a business calendar
-- (issue 21, item 8): {"id", "version", "from" (epoch ms), "duration"}, as a calendar timer's
-- job row keeps it in `payload.calendar` (runtime's TimerCalendarBasis), so the task is flagged
-- when its due instant falls beyond the years that version knows and a calendar replay can count
-- it again. NULL: no due date, or one not counted on a calendar.
ALTER TABLE tasks ADD COLUMN due_basis jsonb;

-- Open tasks with a due date and pending timers armed before anything was recorded: marked, so
-- the next engine start reads each once against its definition node (engine/src/effects/
-- calendar-backfill.ts) and records its basis where that is unambiguous, or removes the mark.
UPDATE tasks SET due_basis = '{"unrecorded": true}'
  WHERE status = 'open' AND due_at IS NOT NULL;
UPDATE jobs SET payload = payload || '{"calendarUnrecorded": true}'
  WHERE kind = 'timer' AND status = 'pending' AND node_id IS NOT NULL
    AND NOT payload ? 'calendar' AND NOT payload ? 'clockId';
-- what calendar coverage and a replay read: the open tasks counted on a calendar
CREATE INDEX tasks_open_due_calendar ON tasks ((due_basis->>'id'))
  WHERE status = 'open' AND due_basis ? 'id';
-- what each start looks for (empty once read): a start finds nothing to do without a scan
CREATE INDEX tasks_due_unrecorded ON tasks (id) WHERE due_basis ? 'unrecorded';
CREATE INDEX jobs_calendar_unrecorded ON jobs (id) WHERE payload ? 'calendarUnrecorded';
