-- The W3C traceparent of the step that wrote a job row, while tracing is on (OpenTelemetry,
-- docs/operations.md#tracing): the worker that runs the job, in any engine process and after
-- any restart, continues that trace. NULL with tracing off, and for rows written before.
ALTER TABLE jobs ADD COLUMN trace_context text;
