/**
 * Configuration from environment variables (README.md documents each one in one table).
 */
import { resolve } from 'node:path';
import { durationMs } from './runtime/index.ts';

export interface Config {
  databaseUrl: string;
  databaseSchema: string;
  redisUrl: string;
  redisPrefix: string;
  host: string;
  port: number;
  definitionsDir: string;
  reconcileIntervalMs: number;
  messageTtlMs: number;
  workerConcurrency: number;
  jobLockMs: number;
  logLevel: string;
  adminToken: string | undefined;
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
    reconcileIntervalMs: Number(env.RECONCILE_INTERVAL_MS ?? 5000),
    messageTtlMs: durationMs(env.MESSAGE_TTL ?? 'P7D'),
    workerConcurrency: Number(env.WORKER_CONCURRENCY ?? 16),
    jobLockMs: Number(env.JOB_LOCK_MS ?? 10_000),
    logLevel: env.LOG_LEVEL ?? 'info',
    adminToken: env.CASEWAY_ADMIN_TOKEN || undefined,
  };
}
