/**
 * Set-up of every engine-project test file (vitest.config.ts `setupFiles`). The files of a
 * worker run one after another in one process (`isolate: false`, so the engine's modules are
 * loaded and compiled once per worker, not once per file): an engine or engine process a file
 * left running would go on polling, holding connections and using the CPU under the next
 * files. After the file's own `afterAll` hooks, this closes what is left and says which file
 * left it.
 */
import { afterAll, expect } from 'vitest';
import { closeLeftoverEngines } from './engine.ts';
import { killLeftoverEngines } from './engine-process.ts';

afterAll(async () => {
  const engines = await closeLeftoverEngines();
  const processes = await killLeftoverEngines();
  if (engines || processes)
    console.warn(
      `${expect.getState().testPath ?? 'a test file'} left ${engines} engine(s) and ${processes} engine process(es) running: closed after it`,
    );
});
