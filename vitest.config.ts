import { defineConfig } from 'vitest/config';

// Each test file gets its own PostgreSQL schema and Redis key prefix (tests/helpers/engine.ts),
// so files run in parallel against the one local PostgreSQL and Redis.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'engine/src/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
