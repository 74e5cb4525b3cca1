/**
 * Prometheus metrics: the engine's registry, fed by the executor (an observer of committed
 * steps), the HTTP layer (latency by route pattern) and PostgreSQL figures read at each scrape.
 */
export { EngineMetrics } from './engine-metrics.ts';
