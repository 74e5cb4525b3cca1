/**
 * The SDK's test kit (`@caseway/plugin-sdk/testing`) tells a plugin author what the engine
 * would: the bank-transfer plugin paid, refused with a business error, retried on a 5xx or a
 * timeout, refused unconfigured or with a bad input; and the echo plugin's log censored and its
 * events delivered. No engine, database or network: HTTP answers come from expectations.
 */
import { pluginTester } from '@caseway/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import bank from '../../plugins/bank-transfer/src/index.ts';
import echo, { received } from '../fixtures/plugins/echo/index.ts';

const BANK = new URL('../../plugins/bank-transfer/plugin.json', import.meta.url);
const ECHO = new URL('../fixtures/plugins/echo/plugin.json', import.meta.url);
const settings = {
  manifest: BANK,
  config: { baseUrl: 'https://bank.example' },
  secrets: { apiKey: 'k-0123456789abcdef' },
};
const input = { account: '1234-5678-9012', amount: 100 };

describe('running an action as the engine would', () => {
  it('answers its fetch from the expectations and records what it sent', async () => {
    const t = await pluginTester(bank, settings);
    t.http
      .expect('POST', 'https://bank.example/transfers')
      .where((r) => r.headers.authorization === 'Bearer k-0123456789abcdef')
      .reply(201, { transferId: 'tr-1', status: 'booked' });
    expect(await t.run('pay', input, { idempotencyKey: 'i1.j2' })).toEqual({
      transferId: 'tr-1',
      status: 'booked',
    });
    t.http.verify();
    expect(t.http.requests[0]).toMatchObject({
      headers: { 'idempotency-key': 'i1.j2' },
      json: input,
    });
  });

  it('says which outcomes the engine retries and which go to an incident', async () => {
    const t = await pluginTester(bank, settings);
    const pay = 'https://bank.example/transfers';
    t.http.expect('POST', pay).reply(409, {
      code: 'ACCOUNT_CLOSED',
      message: 'the account is closed',
      details: { closedOn: '2026-11-30' },
    });
    expect(await t.outcome('pay', input)).toEqual({
      status: 'incident',
      error: 'CW_ERR_ACTION_REJECTED: ACCOUNT_CLOSED: the account is closed',
      code: 'ACCOUNT_CLOSED',
      details: { closedOn: '2026-11-30' },
    });
    t.http.expect('POST', pay).reply(503, 'busy');
    expect(await t.outcome('pay', input)).toEqual({
      status: 'retried',
      error: 'CW_ERR_ACTION_FAILED: the bank answered 503',
    });
    t.http.expect('POST', pay).fail('connection reset');
    expect(await t.outcome('pay', input)).toMatchObject({ status: 'retried' });
    // an output the manifest does not allow is the host's refusal
    t.http.expect('POST', pay).reply(201, { transferId: 7, status: 'booked' });
    expect(await t.outcome('pay', input)).toMatchObject({
      status: 'incident',
      error: expect.stringMatching(/^CW_ERR_ACTION_OUTPUT_INVALID: \/output\/transferId/),
    });
    // a request nobody expected fails like a network error
    expect(await t.outcome('pay', input)).toEqual({
      status: 'retried',
      error: `CW_ERR_ACTION_FAILED: fetch failed: unexpected POST ${pay}`,
    });
    t.http.verify();
  });

  it('refuses an input the manifest does not allow, and a plugin not configured', async () => {
    const t = await pluginTester(bank, settings);
    await expect(t.run('pay', { account: '12', amount: -1 })).rejects.toMatchObject({
      code: 'CW_ERR_ACTION_INPUT_INVALID',
      problems: [
        expect.objectContaining({ pointer: '/input/account' }),
        expect.objectContaining({ pointer: '/input/amount' }),
      ],
    });
    expect(t.http.requests).toEqual([]);
    const bare = await pluginTester(bank, { manifest: BANK, secrets: { apiKey: 'short' } });
    await expect(bare.run('pay', input)).rejects.toMatchObject({
      code: 'CW_ERR_PLUGIN_NOT_CONFIGURED',
      problems: [
        expect.objectContaining({ pointer: '/config/baseUrl' }),
        expect.objectContaining({ pointer: '/secrets/apiKey' }),
      ],
    });
  });

  it('times a call out on its own clock, as a node’s retry.timeout would', async () => {
    // the bank never answers: a handler waiting on it is cut off when the clock passes 20 s
    const waiting = await pluginTester(
      { actions: { pay: () => new Promise<never>(() => {}) } },
      { now: '2026-12-01T09:00:00Z' },
    );
    const outcome = waiting.outcome('pay', input, { timeoutMs: 20_000 });
    waiting.clock.advance(20_000);
    expect(await outcome).toEqual({
      status: 'retried',
      error: 'CW_ERR_ACTION_TIMEOUT: no answer within 20000 ms',
    });
    expect(waiting.clock.now().toISOString()).toBe('2026-12-01T09:00:20.000Z');
  });
});

describe('logs and events', () => {
  it('captures the log with the secrets censored, and delivers events to onEvent', async () => {
    const t = await pluginTester(echo, {
      manifest: ECHO,
      config: { prefix: 'Hi ' },
      secrets: { apiKey: 'k-7781-secret' },
    });
    expect(await t.run('shout', { text: 'mei' })).toEqual({ text: 'Hi MEI' });
    expect(t.logs).toEqual([
      {
        level: 'info',
        obj: { apiKey: '[redacted]', text: 'mei', key: 'test-1' },
        msg: 'shouting',
      },
    ]);
    expect(t.subscriptions()).toEqual(['instance.completed', 'task.created']);
    const before = received.events.length;
    await t.deliver('task.created', { taskId: 't1' });
    expect(received.events.slice(before)).toEqual([
      expect.objectContaining({ type: 'task.created', data: { taskId: 't1' } }),
    ]);
    const quiet = await pluginTester(echo, {
      manifest: ECHO,
      config: { prefix: 'quiet' },
      secrets: { apiKey: 'k' },
    });
    expect(quiet.subscriptions()).toEqual([]);
  });
});

describe('test connection', () => {
  it('answers as the plugins page would: the message censored, a throw a failure, unconfigured the fields', async () => {
    const echoWith = (prefix: string, secrets: Record<string, unknown>) =>
      pluginTester(echo, {
        manifest: ECHO,
        config: { prefix },
        // unchecked, as stored settings are: the tester checks them against the manifest
        secrets: secrets as { apiKey: string },
      });
    expect(await (await echoWith('Hi ', { apiKey: 'k-7781-secret' })).testConnection()).toEqual({
      ok: true,
      message: 'echo.example answers to Hi',
      problems: [],
    });
    // in the administrator's language when asked in it
    expect(
      (
        await (
          await echoWith('Hi ', { apiKey: 'k-7781-secret' })
        ).testConnection({ lang: 'zh-Hant' })
      ).message,
    ).toBe('echo.example 回應了 Hi');
    // a throw is a failure with its message, the key it echoed censored
    expect(
      await (await echoWith('unreachable', { apiKey: 'k-7781-secret' })).testConnection(),
    ).toEqual({
      ok: false,
      message: '401 from echo.example: key [redacted] refused',
      problems: [],
    });
    // not configured: the field it lacks, and the handler is not called
    const unconfigured = await (await echoWith('unreachable', {})).testConnection();
    expect(unconfigured.ok).toBe(false);
    expect(unconfigured.problems).toEqual([
      expect.objectContaining({ pointer: '/secrets/apiKey' }),
    ]);
    // a plugin that does not declare it cannot be asked
    await expect((await pluginTester(bank, settings)).testConnection()).rejects.toThrow(
      /testConnection/,
    );
  });
});
