import { describe, expect, it } from 'vitest';
import { en, zhHant } from './messages';
import { DEFAULT_LANG, createI18n, labelIn, parseLang, parseZone, translate } from './index';

describe('studio languages', () => {
  it('Traditional Chinese is the default; an unknown cookie value falls back to it', () => {
    expect(DEFAULT_LANG).toBe('zh-Hant');
    expect(parseLang('en')).toBe('en');
    expect(parseLang('fr')).toBe('zh-Hant');
    expect(parseLang(undefined)).toBe('zh-Hant');
  });

  it('fills placeholders in the chosen language', () => {
    expect(translate('en', 'user.signedInAs', { name: 'Mei' })).toBe('Signed in as Mei');
    expect(translate('zh-Hant', 'user.signedInAs', { name: '美玲' })).toBe('已登入：美玲');
  });

  it('every English text exists and keeps the Chinese placeholders', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhHant) as (keyof typeof zhHant)[]) {
      expect(en[key], key).toBeTruthy();
      expect(names(en[key]), key).toEqual(names(zhHant[key]));
    }
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
