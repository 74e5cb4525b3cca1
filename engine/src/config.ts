/**
 * Configuration from environment variables (README.md documents each one in one table).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { durationMs } from './time/index.ts';
import { otlpHeaders, otlpTracesEndpoint, type TracingOptions } from './tracing/index.ts';

export interface Config {
  databaseUrl: string;
  databaseSchema: string;
  redisUrl: string;
  redisPrefix: string;
  host: string;
  port: number;
  definitionsDir: string;
  /** Folder of plugin folders (each with a plugin.json); the shipped plugins by default. */
  pluginsDir: string;
  /** npm packages to load as plugins besides the folder (PLUGINS, comma-separated). */
  pluginPackages: string[];
  /** Heap limit of each plugin's worker thread in MB (PLUGIN_MEMORY_MB). */
  pluginMemoryMb: number;
  /**
   * A plugin's worker with no call for this long is stopped, the next call starts a new one
   * (PLUGIN_IDLE_STOP, an ISO 8601 duration; `PT0S` keeps workers running).
   */
  pluginIdleMs: number;
  reconcileIntervalMs: number;
  messageTtlMs: number;
  workerConcurrency: number;
  /** Service results recorded per transaction at most (SERVICE_RESULT_BATCH; 1: one each). */
  serviceResultBatch: number;
  /** Concurrent starts committed in one transaction at most (START_BATCH; 1: one each). */
  startBatch: number;
  /**
   * Due service rows this engine takes from PostgreSQL per statement (SERVICE_CLAIM_BATCH; 0:
   * only through their BullMQ deliveries), and actions it runs at once (SERVICE_CONCURRENCY).
   */
  serviceClaimBatch: number;
  serviceConcurrency: number;
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
  /** A closed case moves to the archive tables this long after it ended (ARCHIVE_AFTER). */
  archiveAfterMs: number;
  /** How often the archive sweep runs (ARCHIVE_INTERVAL_MS). */
  archiveIntervalMs: number;
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
  /**
   * OpenTelemetry traces (docs/operations.md#tracing): sent to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
   * or OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`, as OTLP/HTTP JSON; unset: no tracing at all.
   */
  tracing: Required<TracingOptions> | undefined;
  /** Single sign-on with OpenID Connect (OIDC_*; off unless OIDC_ISSUER is set). */
  oidc: OidcSettings | undefined;
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
    // the shipped plugins beside this engine: plugins/, or dist/plugins for the built engine
    pluginsDir: env.PLUGINS_DIR
      ? resolve(env.PLUGINS_DIR)
      : fileURLToPath(new URL('../../plugins', import.meta.url)),
    pluginPackages: (env.PLUGINS ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    pluginMemoryMb: Number(env.PLUGIN_MEMORY_MB ?? 256),
    pluginIdleMs: durationMs(env.PLUGIN_IDLE_STOP ?? 'PT5M'),
    reconcileIntervalMs: Number(env.RECONCILE_INTERVAL_MS ?? 5000),
    messageTtlMs: durationMs(env.MESSAGE_TTL ?? 'P7D'),
    workerConcurrency: Number(env.WORKER_CONCURRENCY ?? 16),
    serviceResultBatch: Number(env.SERVICE_RESULT_BATCH ?? 100),
    startBatch: Number(env.START_BATCH ?? 100),
    serviceClaimBatch: Number(env.SERVICE_CLAIM_BATCH ?? 100),
    serviceConcurrency: Number(env.SERVICE_CONCURRENCY ?? 128),
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
    archiveAfterMs: durationMs(env.ARCHIVE_AFTER ?? 'P7D'),
    archiveIntervalMs: Number(env.ARCHIVE_INTERVAL_MS ?? 600_000),
    metricsToken: env.METRICS_TOKEN || undefined,
    metricsPort: env.METRICS_PORT ? Number(env.METRICS_PORT) : undefined,
    metricsHost: env.METRICS_HOST ?? env.HOST ?? '127.0.0.1',
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.STUDIO_PORT ?? '5173'}`,
    tracing: tracingFromEnv(env),
    oidc: oidcFromEnv(env),
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

function tracingFromEnv(env: NodeJS.ProcessEnv): Required<TracingOptions> | undefined {
  const endpoint = otlpTracesEndpoint(env);
  if (!endpoint) return undefined;
  return {
    endpoint,
    headers: otlpHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS),
    serviceName: env.OTEL_SERVICE_NAME || 'caseway-engine',
    exportDelayMs: Number(env.OTEL_BSP_SCHEDULE_DELAY ?? 5000) || 5000,
  };
}

/** Single sign-on settings (OIDC_*), read by identity/oidc.ts; docs/operations.md#single-sign-on. */
export interface OidcSettings {
  /** The provider's issuer URL (its discovery document is at `/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** Where the provider sends the browser back: `<studio>/api/auth/oidc/callback`. */
  redirectUri: string;
  /** What the sign-in page calls the provider ("Sign in with <name>"). */
  name: string;
  scopes: string;
  /** The claim whose value becomes the Caseway login id (lower-cased). */
  usernameClaim: string;
  /** The claims that carry role and group names (a list or one string). */
  rolesClaim: string;
  groupsClaim: string;
  /** Claim value → Caseway roles (empty: the claim's values are role ids as they are). */
  roleMap: Record<string, string[]>;
  /** Claim value → Caseway groups (empty: the claim's values are group ids as they are). */
  groupMap: Record<string, string[]>;
  /** Roles every user signing in this way holds besides the mapped ones. */
  defaultRoles: string[];
  /** Talk to an `http://` issuer (development and tests only). */
  allowHttp: boolean;
}

/** A map setting: JSON `{"claim value": ["role", …]}` (a single string is taken as one). */
function parseMap(name: string, text: string | undefined): Record<string, string[]> {
  if (!text) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`${name} is not JSON: {"claim value": ["caseway id", …]}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`${name} must be a JSON object: {"claim value": ["caseway id", …]}`);
  return Object.fromEntries(
    Object.entries(v).map(([k, ids]) => {
      const list = typeof ids === 'string' ? [ids] : ids;
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
        throw new Error(`${name}: "${k}" must name a list of ids`);
      return [k, list as string[]];
    }),
  );
}

/** The settings from OIDC_* variables; undefined unless OIDC_ISSUER is set. */
export function oidcFromEnv(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  if (!env.OIDC_ISSUER) return undefined;
  const required = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`${name} is required when OIDC_ISSUER is set (docs/operations.md)`);
    return v;
  };
  return {
    issuer: env.OIDC_ISSUER,
    clientId: required('OIDC_CLIENT_ID'),
    clientSecret: env.OIDC_CLIENT_SECRET || undefined,
    redirectUri: required('OIDC_REDIRECT_URI'),
    name: env.OIDC_NAME || 'single sign-on',
    scopes: env.OIDC_SCOPES || 'openid profile email',
    usernameClaim: env.OIDC_USERNAME_CLAIM || 'preferred_username',
    rolesClaim: env.OIDC_ROLES_CLAIM || 'roles',
    groupsClaim: env.OIDC_GROUPS_CLAIM || 'groups',
    roleMap: parseMap('OIDC_ROLE_MAP', env.OIDC_ROLE_MAP),
    groupMap: parseMap('OIDC_GROUP_MAP', env.OIDC_GROUP_MAP),
    defaultRoles: (env.OIDC_DEFAULT_ROLES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    allowHttp: env.OIDC_ALLOW_HTTP === 'true',
  };
}
