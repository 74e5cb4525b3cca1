/**
 * The checks `npm test` runs before the tests (format, lint, types), two at a time: each tool
 * is single-threaded, and one after another they took some 4 to 5 minutes of the test command
 * on CI's two cores. Two lanes of about equal length; each command's output is printed whole
 * when it ends, and the exit code is 1 when any failed (every command runs to its end, so one
 * run reports every problem).
 *
 * The commands do not write where another reads: `tsc -b` writes .tsbuild (ignored by prettier
 * and eslint), `svelte-kit sync` writes studio/.svelte-kit (ignored by both; tsc -b reads no
 * studio file).
 */
import { spawn } from 'node:child_process';

const LANES: string[][] = [
  ['npm run format:check', 'npx tsc -b'],
  ['npm run check -w studio', 'npm run lint'],
];

function run(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(d));
    child.stderr.on('data', (d: Buffer) => output.push(d));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      process.stdout.write(
        `\n> ${command} (${code === 0 ? 'passed' : `failed, exit ${code}`}, ${seconds} s)\n`,
      );
      process.stdout.write(Buffer.concat(output));
      resolve(code === 0);
    });
  });
}

const results = await Promise.all(
  LANES.map(async (lane) => {
    const passed: boolean[] = [];
    for (const command of lane) passed.push(await run(command));
    return passed.every(Boolean);
  }),
);
process.exitCode = results.every(Boolean) ? 0 : 1;
