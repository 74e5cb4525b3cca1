/**
 * PostgreSQL, the engine's only source of truth: the pool with one schema per deployment (its
 * client seals personal data in JSON parameters and opens it in JSON columns), numbered
 * migrations that only grow, and one module of named queries per aggregate. Nothing outside
 * this folder writes SQL (tests/meta/architecture.test.ts).
 */
export { connectDb, migrate, type Db, type Tx } from './db.ts';
export { lockInstance, type InstanceRow } from './instances.ts';
export { loadClocks } from './sla-clocks.ts';
export { claimKey, deleteExpiredKeys, recordAnswer, type StoredAnswer } from './idempotency.ts';
export { deletePlay, insertPlay, listPlays, prunePlays, readPlay, updatePlay } from './plays.ts';
export { reachesSomebody, unroutableTasks } from './task-routing.ts';
