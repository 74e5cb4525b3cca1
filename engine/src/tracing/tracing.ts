/**
 * OpenTelemetry traces, off unless an OTLP endpoint is configured: one trace follows a request
 * into the step it runs, the job rows that step writes (their `trace_context` column carries
 * the W3C traceparent, so the worker that runs a job later, in any engine process, joins the
 * same trace), and the plugin call the job makes. Spans carry the case id, the process and the
 * business key as attributes; never variables, form data, URLs with query strings, error
 * messages or anything else a person typed (personal data stays out of the tracing backend).
 *
 * The active span lives in an AsyncLocalStorage of this module, not in OpenTelemetry's global
 * context manager, so engines in one process (tests) keep their own tracers.
 *
 * @example
 *   const tracing = createTracing({ endpoint: 'http://collector:4318/v1/traces' });
 *   await tracing?.span('caseway.job service', { 'caseway.case.id': id }, async () => work(), {
 *     parent: job.trace_context,
 *   });
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';

export { SpanKind };

const active = new AsyncLocalStorage<Context>();
/** W3C Trace Context: version 00, trace id, parent span id, flags (sampled = 01). */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Attribute names the engine sets (OpenTelemetry's for HTTP, `caseway.*` for its own). */
export const ATTR = {
  caseId: 'caseway.case.id',
  businessKey: 'caseway.case.business_key',
  process: 'caseway.process.id',
  processVersion: 'caseway.process.version',
  event: 'caseway.step.event',
  jobId: 'caseway.job.id',
  jobKind: 'caseway.job.kind',
  attempt: 'caseway.job.attempt',
  action: 'caseway.plugin.action',
  plugin: 'caseway.plugin.name',
  outcome: 'caseway.outcome',
} as const;

export interface TracingOptions {
  /** Where spans are POSTed as OTLP/HTTP JSON (the full URL, `…/v1/traces`). */
  endpoint: string;
  serviceName?: string;
  /** How long finished spans wait to be sent together (ms). */
  exportDelayMs?: number;
  headers?: Record<string, string>;
}

export interface Tracing {
  /** Runs fn inside a new span, a child of the active one or of `parent` (a traceparent). */
  span<T>(
    name: string,
    attributes: Attributes,
    fn: (span: Span) => Promise<T>,
    opts?: { parent?: string | null; kind?: SpanKind },
  ): Promise<T>;
  /** A span the caller ends (an HTTP request's); `run` makes it the active one for fn. */
  start(
    name: string,
    attributes: Attributes,
    opts?: { parent?: string | null; kind?: SpanKind },
  ): { span: Span; run<T>(fn: () => T): T };
  /** Sends what is still waiting and stops. */
  close(): Promise<void>;
}

/** The active span's W3C traceparent (stored with job rows), or undefined when none. */
export function activeTraceContext(): string | undefined {
  const ctx = active.getStore();
  if (!ctx || !trace.getSpan(ctx)?.isRecording()) return undefined;
  const { traceId, spanId, traceFlags } = trace.getSpan(ctx)!.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

/** Sets attributes on the active span (a step learns the case's business key as it runs). */
export function annotate(attributes: Attributes): void {
  const ctx = active.getStore();
  if (ctx) trace.getSpan(ctx)?.setAttributes(attributes);
}

/** The span an error ends: its code (a registry code or the error's class), never its message. */
export function failed(span: Span, e: unknown): void {
  const code = (e as { code?: unknown })?.code;
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute(
    ATTR.outcome,
    typeof code === 'string' ? code : ((e as Error)?.name ?? 'Error'),
  );
}

function parentContext(parent: string | null | undefined): Context {
  if (parent === undefined) return active.getStore() ?? ROOT_CONTEXT;
  const m = parent ? TRACEPARENT.exec(parent.trim().toLowerCase()) : null;
  // a malformed or all-zero parent is ignored (the span starts a trace of its own)
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: m[1]!,
    spanId: m[2]!,
    traceFlags: parseInt(m[3]!, 16),
    isRemote: true,
  });
}

/**
 * The engine's tracing when an endpoint is configured, else undefined (no spans at all). The
 * SDK and the exporter are loaded only then.
 */
export async function createTracing(
  opts: TracingOptions | undefined,
): Promise<Tracing | undefined> {
  if (!opts?.endpoint) return undefined;
  const [
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { BasicTracerProvider, BatchSpanProcessor },
  ] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName ?? 'caseway-engine' }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: opts.endpoint, headers: opts.headers ?? {} }),
        { scheduledDelayMillis: opts.exportDelayMs ?? 5_000 },
      ),
    ],
  });
  const tracer: Tracer = provider.getTracer('caseway');
  const start: Tracing['start'] = (name, attributes, o = {}) => {
    const parent = parentContext(o.parent);
    const span = tracer.startSpan(name, { attributes, kind: o.kind ?? SpanKind.INTERNAL }, parent);
    const ctx = trace.setSpan(parent, span);
    return { span, run: (fn) => active.run(ctx, fn) };
  };
  return {
    start,
    async span(name, attributes, fn, o) {
      const { span, run } = start(name, attributes, o);
      try {
        return await run(() => fn(span));
      } catch (e) {
        failed(span, e);
        throw e;
      } finally {
        span.end();
      }
    },
    async close() {
      await provider.shutdown();
    },
  };
}

/** Runs fn in a span when tracing is on; else runs it as it is. */
export function traced<T>(
  tracing: Tracing | undefined,
  name: string,
  attributes: Attributes,
  fn: () => Promise<T>,
  opts?: { parent?: string | null; kind?: SpanKind },
): Promise<T> {
  return tracing ? tracing.span(name, attributes, () => fn(), opts) : fn();
}

/** OTLP endpoint from the standard variables: the traces one as it is, else `<base>/v1/traces`. */
export function otlpTracesEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/** `k=v,k2=v2` (OTEL_EXPORTER_OTLP_HEADERS) as headers; values may be percent-encoded. */
export function otlpHeaders(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    try {
      out[key] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      out[key] = pair.slice(at + 1).trim();
    }
  }
  return out;
}
