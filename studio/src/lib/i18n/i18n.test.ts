import { describe, expect, it } from 'vitest';
import { MESSAGES } from './messages';
import {
  DEFAULT_LANG,
  createI18n,
  labelIn,
  messagesOf,
  parseLang,
  parseZone,
  translate,
} from './index';

describe('studio languages', () => {
  it('Traditional Chinese is the default; an unknown cookie value falls back to it', () => {
    expect(DEFAULT_LANG).toBe('zh-Hant');
    expect(parseLang('en')).toBe('en');
    expect(parseLang('fr')).toBe('zh-Hant');
    expect(parseLang(undefined)).toBe('zh-Hant');
  });

  it('Simplified Chinese: chosen by cookie, or on a first visit by the browser asking for it', () => {
    expect(parseLang('zh-Hans')).toBe('zh-Hans');
    expect(parseLang(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-Hans');
    expect(parseLang(undefined, 'zh-TW,zh;q=0.9')).toBe('zh-Hant');
    expect(parseLang(undefined, 'en-US,en;q=0.9')).toBe('zh-Hant');
    expect(parseLang('en', 'zh-CN')).toBe('en');
    expect(translate('zh-Hans', 'user.signedInAs', { name: '美玲' })).toBe('已登录：美玲');
  });

  it('a definition label in zh-Hans: its own zh-Hans, else its zh-Hant converted', () => {
    expect(labelIn('zh-Hans', { 'zh-Hant': '理賠受理', en: 'Claims intake' })).toBe('理赔受理');
    expect(
      labelIn('zh-Hans', { 'zh-Hant': '理賠受理', en: 'Claims intake', 'zh-Hans': '理赔登记' }),
    ).toBe('理赔登记');
    expect(labelIn('zh-Hant', { 'zh-Hant': '理賠受理', en: 'Claims intake' })).toBe('理賠受理');
  });

  it('no message table of the studio lacks a zh-Hans text, and none is left Traditional', () => {
    const tables = import.meta.glob('../**/*messages.ts', {
      query: '?raw',
      import: 'default',
      eager: true,
    }) as Record<string, string>;
    const traditionalOnly = /[們個這過與會點務發戶單據證賠險請驗資簡訊帳號處體變選擇實際時間設計]/;
    expect(Object.keys(tables).length).toBeGreaterThan(10);
    for (const [file, source] of Object.entries(tables)) {
      const hant = source.match(/'zh-Hant':/g)?.length ?? 0;
      // each zh-Hans text: from its key to the next language's key or the entry's end
      const hans: string[] = [];
      let open: string[] | null = null;
      for (const line of source.split('\n')) {
        if (open && /^\s*(en:|'zh-Hant':|\}|'[\w.-]+': \{)/.test(line)) open = null;
        if (line.includes("'zh-Hans':")) hans.push((open = [line.split("'zh-Hans':")[1]!]).join());
        else if (open) hans[hans.length - 1] += line;
        if (line.includes("'zh-Hans':") && /\ben:/.test(line.split("'zh-Hans':")[1]!)) open = null;
      }
      expect(hans.length, file).toBe(hant);
      for (const text of hans) expect(traditionalOnly.test(text), `${file}: ${text}`).toBe(false);
      // mainland wording: read-only is 只读; what a customer fills in or hands over is 资料/材料
      for (const text of hans) expect(text, file).not.toMatch(/唯读|填写以下数据|上传文档/);
    }
  });

  it('fills placeholders in the chosen language', () => {
    expect(translate('en', 'user.signedInAs', { name: 'Mei' })).toBe('Signed in as Mei');
    expect(translate('zh-Hant', 'user.signedInAs', { name: '美玲' })).toBe('已登入：美玲');
  });

  it('every English text exists and keeps the Chinese placeholders', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(MESSAGES)) {
      expect(text.en, key).toBeTruthy();
      expect(names(text.en), key).toEqual(names(text['zh-Hant']));
    }
  });

  it("one lookup serves every part's table: values for function texts, parameters for placeholders", () => {
    const t = messagesOf({
      add: {
        'zh-Hant': (n: string) => `新增${n}`,
        'zh-Hans': (n: string) => `新增${n}`,
        en: (n: string) => `Add ${n}`,
      },
      hello: {
        'zh-Hant': '您好，{name}',
        'zh-Hans': '您好，{name}',
        en: 'Hello, {name} ({missing})',
      },
    });
    expect(t('en', 'add', 'a field')).toBe('Add a field');
    expect(t('zh-Hant', 'add', 3)).toBe('新增3');
    expect(t('en', 'hello', { name: 'Mei' })).toBe('Hello, Mei ({missing})');
    expect(t('zh-Hant', 'hello')).toBe('您好，{name}');
  });

  it("labels show the current language's text, then the other one, then the fallback", () => {
    const name = { 'zh-Hant': '理賠服務', en: 'Claims service' };
    expect(labelIn('zh-Hant', name)).toBe('理賠服務');
    expect(labelIn('en', name)).toBe('Claims service');
    expect(labelIn('en', { 'zh-Hant': '理賠服務' })).toBe('理賠服務');
    expect(labelIn('en', 'plain')).toBe('plain');
    expect(labelIn('en', null, 'claim')).toBe('claim');
  });

  it('follows the language it is given, e.g. layout data after a switch', () => {
    let lang: 'zh-Hant' | 'en' = 'zh-Hant';
    const i18n = createI18n(() => lang);
    expect(i18n.t('nav.definitions')).toBe('定義');
    lang = 'en';
    expect(i18n.t('nav.definitions')).toBe('Definitions');
    expect(i18n.instant('2026-11-20T01:30:00Z')).toBe('Fri, 20 Nov 2026, 09:30 GMT+8');
  });

  it("shows an instant in the viewer's zone with the zone, through the engine's time module", () => {
    const zone = 'Europe/London';
    const i18n = createI18n(
      () => 'en',
      () => zone,
    );
    expect(i18n.zone).toBe('Europe/London');
    expect(i18n.instant('2026-07-01T08:00:00Z')).toBe('Wed, 1 Jul 2026, 09:00 BST');
    expect(createI18n(() => 'zh-Hant').instant(Date.parse('2026-07-01T08:00:00Z'))).toBe(
      '2026年7月1日週三 16:00 [GMT+8]',
    );
    // a zone the time module does not know is the business's
    expect(parseZone('Mars/Olympus')).toBe('Asia/Shanghai');
    expect(parseZone('America/New_York')).toBe('America/New_York');
  });
});
