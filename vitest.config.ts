import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import SlowFirst from './tests/helpers/slow-first.ts';

// Three projects: the engine, plugins and HTTP scenarios in Node (each test file gets its own
// PostgreSQL schema and Redis key prefix, tests/helpers/engine.ts, so files run in parallel),
// the studio's browser tests (tests/studio, Chromium against a built studio and a test engine),
// and the studio's component tests in jsdom (studio/vitest.config.ts).
//
// The engine project's files share their worker's modules (`isolate: false`): the engine, its
// compiled meta-schemas, the FEEL parser, Fastify and its compiled route schemas are loaded once
// per worker instead of once per file (the isolated CI run spent 394 s of 1,419 importing). A
// file still starts its own engine on its own schema and prefix; tests/helpers/leftovers.ts
// closes what a file left running and names the file. The browser files stay isolated (each in
// a fresh process): with shared modules tests/studio/task-context-browser.test.ts hung on a
// sign-in in both full runs that shared them (ae0b45b, e3b2611), and passes isolated.
const engineFiles = {
  // migrates a template schema once per run; test engines' schemas are made from its script
  globalSetup: ['tests/helpers/schema-template.ts'],
  setupFiles: ['tests/helpers/leftovers.ts'],
  testTimeout: 60_000,
  // beforeAll starts the file's engine (on the shipped definitions a file sets longer): at
  // load 30 on this shared machine the set-ups of four small files passed 60 s
  hookTimeout: 120_000,
  // expect.poll waits for an event (a page's answer, a row written); its 1 s default
  // is less than one scrypt sign-in takes when the machine is busy
  expect: { poll: { timeout: 15_000 } },
} satisfies TestProjectInlineConfiguration['test'];

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: SlowFirst },
    reporters: ['default'],
    projects: [
      {
        test: {
          ...engineFiles,
          name: 'engine',
          include: ['tests/**/*.test.ts', 'engine/src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/studio/**'],
          isolate: false,
        },
      },
      {
        test: {
          ...engineFiles,
          name: 'browser',
          include: ['tests/studio/**/*.test.ts'],
          isolate: true,
        },
      },
      './studio/vitest.config.ts',
    ],
  },
});
