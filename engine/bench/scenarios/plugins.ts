/**
 * What running a plugin in a worker thread of its own costs per call (issue 22, isolation): the
 * echo fixture's `shout` called through its worker (settings, input and answer copied across,
 * the engine's side of a call) against the same handler called in the engine's process, one
 * call at a time (latency) and 16 at a time (throughput), and what starting a worker takes.
 * Input and output schema checks and the settings cache are the same either way, so left out.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from '@caseway/plugin-sdk';
import pino from 'pino';
import { PluginSandbox } from '../../src/plugins/index.ts';
import { load, pct, scaled, type Scenario } from '../lib.ts';

const MAIN = fileURLToPath(
  new URL('../../../tests/fixtures/isolation/steady/index.ts', import.meta.url),
);
const ctx = {
  config: { endpoint: 'https://bank.example/api', timeoutMs: 5000 },
  secrets: { steadyKey: 'k-bench-0123456789' },
  idempotencyKey: 'bench',
  attempt: 1,
  instanceId: 'bench',
  clockOffsetMs: 0,
};
const input = { text: 'a claim of moderate length, as a notice would carry' };
const silent = pino({ level: 'silent' });

async function timed(n: number, call: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const t0 = performance.now();
  await load(n, 16, () => call().then(() => undefined));
  return { p50: pct(ms, 50), p99: pct(ms, 99), perSecond: n / ((performance.now() - t0) / 1000) };
}

export const plugins: Scenario = {
  key: 'plugins',
  title: 'a plugin call through its worker thread against the same handler in the engine process',
  async run(scale) {
    const n = scaled(20_000, scale, 500);
    const t0 = performance.now();
    const box = await PluginSandbox.open({
      plugin: 'steady',
      main: pathToFileURL(MAIN).href,
      logger: silent,
    });
    const startMs = performance.now() - t0;
    const plugin = ((await import(MAIN)) as { default: Plugin }).default;
    const inProcessCtx = {
      ...ctx,
      signal: new AbortController().signal,
      logger: silent,
      now: () => new Date(),
    };
    try {
      const signal = new AbortController().signal;
      // warm both paths first (JIT, the worker's module graph)
      await timed(200, () => box.call('action', 'ping', input, ctx, { signal, logger: silent }));
      await timed(200, async () => plugin.actions.ping!(input, inProcessCtx));
      const worker = await timed(n, () =>
        box.call('action', 'ping', input, ctx, { signal, logger: silent }),
      );
      const inProcess = await timed(n, async () => plugin.actions.ping!(input, inProcessCtx));
      const data = { calls: n, workerStartMs: startMs, worker, inProcess };
      console.log('plugins:', data);
      return {
        data,
        figures: [
          {
            name: 'plugin worker start (tsx, module loaded)',
            value: startMs,
            unit: 'ms',
            kind: 'latency',
          },
          {
            name: 'plugin call through its worker, p50',
            value: worker.p50,
            unit: 'ms',
            kind: 'latency',
          },
          {
            name: 'plugin call through its worker, p99',
            value: worker.p99,
            unit: 'ms',
            kind: 'latency',
          },
          {
            name: 'plugin call in the engine process, p50',
            value: inProcess.p50,
            unit: 'ms',
            kind: 'latency',
          },
          {
            name: 'plugin calls through its worker, 16 at a time',
            value: worker.perSecond,
            unit: '/s',
            kind: 'rate',
          },
        ],
      };
    } finally {
      await box.close();
    }
  },
};
