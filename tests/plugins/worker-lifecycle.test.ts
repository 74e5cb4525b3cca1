/**
 * A plugin's worker thread over its life (issue 18, memory): a worker holds 7 to 41 MB of the
 * engine's resident memory, so one with no call for its idle time (PLUGIN_IDLE_STOP) stops and
 * the next call starts a new one; a call under way is never cut short by it; a worker that
 * allocates past its heap limit (PLUGIN_MEMORY_MB) fails its call, and the plugin answers again
 * from a new worker. Real worker threads, real plugins, the engine's sandbox and host.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PluginSandbox } from '../../engine/src/plugins/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process as definition, service, start } from '../fixtures/definitions.ts';
import { startInstance, untilStatus } from '../helpers/scenario.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/idle', import.meta.url));
const IDLER = pathToFileURL(`${FIXTURES}/idler/index.ts`).href;
const UNRULY = new URL('../fixtures/isolation/unruly/index.ts', import.meta.url).href;

type SandboxOptions = Parameters<typeof PluginSandbox.open>[0];
const ctx: Parameters<PluginSandbox['call']>[3] = {
  config: {},
  secrets: {},
  idempotencyKey: 'k',
  attempt: 1,
  clockOffsetMs: 0,
};

/** A logger whose lines the test reads, and a promise for the first line that says `text`. */
function captured() {
  const lines: { level: number; msg: string; plugin?: string }[] = [];
  const waiting: { text: string; resolve: () => void }[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as (typeof lines)[number];
        lines.push(entry);
        for (const w of waiting.filter((w) => entry.msg.includes(w.text))) w.resolve();
      },
    },
  );
  const said = (text: string) =>
    lines.some((l) => l.msg.includes(text))
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiting.push({ text, resolve }));
  return { logger, lines, said };
}

const IDLE_LINE = 'plugin worker idle: stopped until its next call';
const boxes: PluginSandbox[] = [];
async function open(o: Partial<SandboxOptions> & Pick<SandboxOptions, 'logger'>) {
  const box = await PluginSandbox.open({ plugin: 'idler', main: IDLER, ...o });
  boxes.push(box);
  return box;
}
afterAll(async () => {
  await Promise.all(boxes.map((b) => b.close()));
});

const ping = async (box: PluginSandbox) =>
  (await box.call('action', 'ping', {}, ctx, { signal: AbortSignal.timeout(30_000) })) as {
    pong: boolean;
    thread: number;
  };

describe('a plugin worker with nothing to do', () => {
  it('stops after its idle time, and the next call starts a new worker that answers', async () => {
    const log = captured();
    const box = await open({ logger: log.logger, idleMs: 100 });
    const first = await ping(box);
    expect(first.pong).toBe(true);
    await log.said(IDLE_LINE);
    expect(box.running).toBe(false);
    expect(box.idleStops).toBe(1);
    const again = await ping(box);
    expect(again.pong).toBe(true);
    expect(again.thread).not.toBe(first.thread);
    expect(box.starts).toBe(2);
    // an idle stop is no crash: nothing at error level
    expect(log.lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('stops even when never called: loading the plugin is not a use', async () => {
    const log = captured();
    const box = await open({ logger: log.logger, idleMs: 100 });
    expect(box.shape.actions).toEqual(['ping', 'wait']);
    await log.said(IDLE_LINE);
    expect(box.running).toBe(false);
    expect((await ping(box)).pong).toBe(true);
  });

  it('keeps a worker whose call is under way, and one whose idle time is 0', async () => {
    const busyLog = captured();
    const busy = await open({ logger: busyLog.logger, idleMs: 100 });
    const thread = (await ping(busy)).thread;
    const release = new AbortController();
    const under = busy.call('action', 'wait', {}, ctx, { signal: release.signal });
    const kept = await open({ logger: captured().logger, idleMs: 0 });
    // a neighbour opened after the call began, with the same idle time, has been idle that long
    const neighbour = captured();
    await open({ logger: neighbour.logger, idleMs: 100 });
    await neighbour.said(IDLE_LINE);
    expect(busy.running).toBe(true);
    expect(busy.idleStops).toBe(0);
    expect(kept.running).toBe(true);
    release.abort();
    await expect(under).rejects.toMatchObject({ code: 'CW_ERR_ACTION_TIMEOUT' });
    expect((await ping(busy)).thread).toBe(thread);
    expect(busyLog.lines.some((l) => l.msg.includes(IDLE_LINE))).toBe(false);
  });
});

describe('a plugin worker past its heap limit', () => {
  it('fails the call that was under way; the plugin answers again from a new worker', async () => {
    const log = captured();
    const box = await open({ plugin: 'unruly', main: UNRULY, logger: log.logger, memoryMb: 32 });
    await expect(
      box.call('action', 'hog', {}, ctx, { signal: AbortSignal.timeout(60_000) }),
    ).rejects.toMatchObject({
      code: 'CW_ERR_PLUGIN_CRASHED',
      message: 'unruly stopped: it ran out of memory (limit 32 MB)',
    });
    const seen = (await box.call('action', 'look', {}, ctx, {
      signal: AbortSignal.timeout(30_000),
    })) as { env: string[] };
    expect(seen.env).toEqual([]);
    expect(box.starts).toBe(2);
  });
});

describe('the engine with a short PLUGIN_IDLE_STOP', () => {
  const calls = definition(
    'idler-ping',
    [
      start(),
      service('call', 'idler/ping', {
        retry: { attempts: 1 },
        output: { thread: 'result.thread' },
      }),
      end(),
    ],
    [
      ['start', 'call'],
      ['call', 'end'],
    ],
  );
  const lines: string[] = [];
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({
      definitions: files(calls),
      pluginsDir: FIXTURES,
      config: { logLevel: 'info', pluginIdleMs: 200 },
      logStream: { write: (l: string) => void lines.push(l) },
    });
  });
  afterAll(async () => {
    await t.close();
    await dropTestData(t.schema, t.prefix);
  });

  it('runs a service task on a worker that stopped for being idle, with no incident', async () => {
    const first = await untilStatus(t, (await startInstance(t, 'idler-ping')).id, 'completed');
    const idled = () => lines.filter((l) => l.includes(IDLE_LINE)).length;
    const before = idled();
    await t.until(async () => idled() > before, 'the idle worker stopped');
    const again = await untilStatus(t, (await startInstance(t, 'idler-ping')).id, 'completed');
    expect(again.variables.thread).not.toBe(first.variables.thread);
    expect((await t.api('GET', '/api/incidents')).body.items).toEqual([]);
    expect(lines.filter((l) => l.includes('"level":50'))).toEqual([]);
  });
});
