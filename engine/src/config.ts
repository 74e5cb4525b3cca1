/**
 * Configuration from environment variables (README.md documents each one in one table).
 */
import { resolve } from 'node:path';
import { durationMs } from './time/index.ts';

export interface Config {
  databaseUrl: string;
  databaseSchema: string;
  redisUrl: string;
  redisPrefix: string;
  host: string;
  port: number;
  definitionsDir: string;
  /** Folder of plugin folders (each with a plugin.json). */
  pluginsDir: string;
  /** npm packages to load as plugins besides the folder (PLUGINS, comma-separated). */
  pluginPackages: string[];
  reconcileIntervalMs: number;
  messageTtlMs: number;
  workerConcurrency: number;
  jobLockMs: number;
  /** Retries of a job that fails unexpectedly before it becomes an incident (backoff doubling from 1 s). */
  jobFailureRetries: number;
  logLevel: string;
  adminToken: string | undefined;
  /** Password given to the `admin` user at start when it has none yet (never overwritten). */
  adminPassword: string | undefined;
  /** Browser sessions: absolute lifetime and idle timeout. */
  sessionTtlMs: number;
  sessionIdleMs: number;
  /** Sign-in lockout: failures within the lockout period that lock a login name. */
  loginMaxFailures: number;
  loginLockoutMs: number;
  /** Requests per minute per client IP: sign-in, and every other public route. */
  loginRateLimit: number;
  publicRateLimit: number;
  /**
   * Proxies whose X-Forwarded-For is believed (the studio), e.g. `loopback` or `10.0.0.5`:
   * rate limits then count the browser's address, not the proxy's. Off by default.
   */
  trustProxy: string | false;
  /**
   * When set, X-Forwarded-For is believed only on requests that also carry this value in
   * `X-Caseway-Proxy` (from a `trustProxy` address): other processes on the proxy's host
   * cannot pose as it. `npm start` sets one for the studio it starts (docs/security.md).
   */
  proxySecret: string | undefined;
  /** `id:base64key,…` (first is current): AES-256-GCM keys for personal data at rest. */
  dataKeys: string | undefined;
  /** How often closed cases are checked for personal data past their retention period. */
  retentionIntervalMs: number;
  /** `/metrics` on the API's port, for callers that send it as a bearer token (METRICS_TOKEN). */
  metricsToken: string | undefined;
  /** `/metrics` on a port of its own instead (METRICS_PORT; 0 picks a free one), on metricsHost. */
  metricsPort: number | undefined;
  metricsHost: string;
  /**
   * Where customers reach the studio's public pages (PUBLIC_URL): the tracking links given to
   * processes for their notices are `<publicUrl>/track/<token>`.
   */
  publicUrl: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL ?? 'postgres://caseway:caseway@127.0.0.1:5432/caseway',
    databaseSchema: env.DATABASE_SCHEMA ?? 'public',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: env.REDIS_PREFIX ?? 'caseway',
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 3000),
    definitionsDir: resolve(env.DEFINITIONS_DIR ?? 'definitions'),
    pluginsDir: resolve(env.PLUGINS_DIR ?? 'plugins'),
    pluginPackages: (env.PLUGINS ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    reconcileIntervalMs: Number(env.RECONCILE_INTERVAL_MS ?? 5000),
    messageTtlMs: durationMs(env.MESSAGE_TTL ?? 'P7D'),
    workerConcurrency: Number(env.WORKER_CONCURRENCY ?? 16),
    jobLockMs: Number(env.JOB_LOCK_MS ?? 10_000),
    jobFailureRetries: Number(env.JOB_FAILURE_RETRIES ?? 3),
    logLevel: env.LOG_LEVEL ?? 'info',
    adminToken: env.CASEWAY_ADMIN_TOKEN || undefined,
    adminPassword: env.CASEWAY_ADMIN_PASSWORD || undefined,
    sessionTtlMs: durationMs(env.SESSION_TTL ?? 'PT8H'),
    sessionIdleMs: durationMs(env.SESSION_IDLE ?? 'PT30M'),
    loginMaxFailures: Number(env.LOGIN_MAX_FAILURES ?? 5),
    loginLockoutMs: durationMs(env.LOGIN_LOCKOUT ?? 'PT15M'),
    loginRateLimit: Number(env.LOGIN_RATE_LIMIT ?? 10),
    publicRateLimit: Number(env.PUBLIC_RATE_LIMIT ?? 120),
    trustProxy: env.TRUST_PROXY || false,
    proxySecret: env.PROXY_SECRET || undefined,
    dataKeys: env.CASEWAY_DATA_KEYS || undefined,
    retentionIntervalMs: Number(env.RETENTION_INTERVAL_MS ?? 3_600_000),
    metricsToken: env.METRICS_TOKEN || undefined,
    metricsPort: env.METRICS_PORT ? Number(env.METRICS_PORT) : undefined,
    metricsHost: env.METRICS_HOST ?? env.HOST ?? '127.0.0.1',
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.STUDIO_PORT ?? '5173'}`,
  };
}

/**
 * Whom the engine started by `npm start` believes about forwarded addresses. With the studio
 * on and no proxy configured, exactly the studio: a loopback caller that presents a secret
 * made for this start (passed to the studio's proxy and to nobody else), so another process
 * on the machine cannot rotate X-Forwarded-For to dodge rate limits. A configured
 * TRUST_PROXY or PROXY_SECRET is kept as it is.
 *
 * @example
 *   const { trustProxy, proxySecret } = studioProxyTrust(config, studioOn, newSecret());
 */
export function studioProxyTrust(
  config: Pick<Config, 'trustProxy' | 'proxySecret'>,
  studio: boolean,
  secret: string,
): Pick<Config, 'trustProxy' | 'proxySecret'> {
  if (!studio || config.trustProxy || config.proxySecret) return config;
  return { trustProxy: 'loopback', proxySecret: secret };
}
