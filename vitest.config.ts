import { defineConfig } from 'vitest/config';
import SlowFirst from './tests/helpers/slow-first.ts';

// Two projects: the engine, plugins and HTTP scenarios in Node (each test file gets its own
// PostgreSQL schema and Redis key prefix, tests/helpers/engine.ts, so files run in parallel),
// and the studio's component tests in jsdom (studio/vitest.config.ts).
//
// The engine project's files share their worker's modules (`isolate: false`): the engine, its
// compiled meta-schemas, the FEEL parser and Fastify are loaded once per worker instead of once
// per file (import was 394 s of the 1,419 s CI run for 262 files). A file keeps its own engine,
// schema and prefix; tests/helpers/leftovers.ts closes what a file left running.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: SlowFirst },
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'engine',
          include: ['tests/**/*.test.ts', 'engine/src/**/*.test.ts'],
          isolate: false,
          setupFiles: ['tests/helpers/leftovers.ts'],
          testTimeout: 60_000,
          // beforeAll starts the file's engine (on the shipped definitions a file sets longer): at
          // load 30 on this shared machine the set-ups of four small files passed 60 s
          hookTimeout: 120_000,
          // expect.poll waits for an event (a page's answer, a row written); its 1 s default
          // is less than one scrypt sign-in takes when the machine is busy
          expect: { poll: { timeout: 15_000 } },
        },
      },
      './studio/vitest.config.ts',
    ],
  },
});
