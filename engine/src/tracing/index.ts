/**
 * OpenTelemetry tracing (off unless OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set): request → step → job → plugin call in one trace.
 */
export {
  ATTR,
  SpanKind,
  activeTraceContext,
  annotate,
  createTracing,
  failed,
  otlpHeaders,
  otlpTracesEndpoint,
  traced,
  type Tracing,
  type TracingOptions,
} from './tracing.ts';
