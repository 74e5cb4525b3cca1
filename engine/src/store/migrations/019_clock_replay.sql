-- A live clock replayed against a newer calendar or SLA version (sla/replay.ts): its log
-- records the replay (the versions and instants before and after) like a move.
ALTER TABLE sla_clock_events DROP CONSTRAINT sla_clock_events_type_check;
ALTER TABLE sla_clock_events ADD CONSTRAINT sla_clock_events_type_check
  CHECK (type IN ('start', 'pause', 'resume', 'stop', 'cancel', 'reset', 'warning', 'breach', 'move', 'replay'));

-- Calendars in use are read per calendar: every live clock of a calendar, whatever its version.
CREATE INDEX sla_clocks_live_calendar ON sla_clocks (calendar_id, calendar_version)
  WHERE status IN ('running', 'paused');
