/**
 * A plugin's "test connection" (`POST /api/plugins/{name}/test`): its `testConnection` run in
 * its worker with the stored settings, 15 s at most, its message with every secret's value
 * censored; or the settings' problems when the plugin is not configured.
 *
 * @example
 *   const r = await testConnection(plugin, () => settings.of(plugin), { lang: 'en', logger: () => log });
 *   r.ok; // true
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.ts';
import type { ErrorDetail, Lang } from '../errors.ts';
import { toSimplified } from '../locale/index.ts';
import type { LoadedPlugin } from './manifest.ts';
import type { Settings } from './settings.ts';

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  durationMs: number;
  problems: ErrorDetail[];
}

export async function testConnection(
  p: LoadedPlugin,
  read: () => Promise<Settings>,
  opts: { lang: Lang; clock?: Clock | undefined; logger: () => Logger },
): Promise<ConnectionTestResult> {
  const t0 = performance.now();
  let settings: Settings;
  try {
    settings = await read();
  } catch (e) {
    const details = (e as { details?: ErrorDetail[] }).details;
    if (!details) throw e;
    return { ok: false, message: (e as Error).message, durationMs: 0, problems: details };
  }
  const censor = (text: string) =>
    Object.values((settings.secrets ?? {}) as Record<string, unknown>)
      .filter((v): v is string => typeof v === 'string' && v.length >= 4)
      .reduce((t, v) => t.split(v).join('[redacted]'), text);
  // plugins answer in zh-Hant or en: a zh-Hans caller reads the zh-Hant answer converted (a
  // server's own English words, quoted in it, stay as they are)
  const inLang = (text: string) => (opts.lang === 'zh-Hans' ? toSimplified(text) : text);
  const answer = (ok: boolean, message: string) => ({
    ok,
    message: inLang(censor(message)).slice(0, 2000),
    durationMs: Math.round(performance.now() - t0),
    problems: [],
  });
  try {
    const r = (await p.sandbox.call(
      'test',
      '',
      null,
      {
        config: settings.config,
        secrets: settings.secrets,
        idempotencyKey: `test-${Date.now()}`,
        attempt: 1,
        clockOffsetMs: opts.clock ? opts.clock.now() - Date.now() : 0,
        lang: opts.lang === 'en' ? 'en' : 'zh-Hant',
      },
      { signal: AbortSignal.timeout(15_000), logger: opts.logger() },
    )) as { ok?: unknown; message?: unknown } | null;
    const ok = r?.ok === true;
    return answer(ok, typeof r?.message === 'string' ? r.message : ok ? 'ok' : 'failed');
  } catch (e) {
    return answer(false, (e as Error)?.message ?? String(e));
  }
}
