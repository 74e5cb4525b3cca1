import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIMPLIFIED_OVERRIDES } from '@caseway/plugin-sdk/locale';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemaProblems } from '../definitions/meta-schemas.ts';
import { defaultMessage, ErrorCodes, type ErrorCode } from '../errors.ts';
import { DMN_IMPORT_REASONS, sayDmnReason } from '../interchange/dmn-problems.ts';
import { langFromHeader, LOCALE_TAG_PATTERN, textIn, toSimplified } from './index.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Characters that exist only in Traditional Chinese: none may be left in a zh-Hans text. */
const TRADITIONAL_ONLY = [
  ...new Set(
    '們個這過與會點務發戶單據證賠險請驗資簡訊帳號處體變選擇實際時間設計說條項開關內線預設儲',
  ),
];

describe('toSimplified: Taiwan phrases to mainland words', () => {
  it.each([
    ['理賠', '理赔'],
    ['保單', '保单'],
    ['核保', '核保'],
    ['報案', '报案'],
    ['契約', '契约'],
    ['軟體', '软件'],
    ['簡訊', '短信'],
    ['登入', '登录'],
    // the reviewed overrides: OpenCC's own answer differs from the mainland word
    ['帳戶', '账户'],
    ['帳號', '账号'],
    ['您沒有執行此操作的權限。', '您没有执行此操作的权限。'],
    ['外掛的工作執行緒', '插件的工作线程'],
    ['未遮罩讀取個人資料', '未脱敏读取个人信息'],
    ['需要驗證身分。', '需要验证身份。'],
    ['簡訊範本', '短信模板'],
    ['登出', '退出登录'],
    // 資料: what a person fills in or hands over is 资料; data in the technical sense 数据
    ['請填寫以下資料。', '请填写以下资料。'],
    ['補充理賠資料通知', '补充理赔资料通知'],
    ['資料庫', '数据库'],
    ['輪換資料金鑰', '轮换数据密钥'],
    ['定義資料夾', '定义文件夹'],
    // 文件 (a document) is 文件 on the mainland: an override kept as it is, never converted again
    ['文件', '文件'],
    ['案件文件', '案件文件'],
    ['上傳文件至此案件', '上传文件至此案件'],
    ['檔案', '文件'],
    ['本案件先前送出的資料（唯讀）。', '本案件先前送出的资料（只读）。'],
  ])('%s → %s', (hant, hans) => {
    expect(toSimplified(hant)).toBe(hans);
  });

  it('leaves Latin text, digits and placeholders as they are', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]{0,40}$/), (s) => {
        expect(toSimplified(s)).toBe(s);
      }),
    );
  });

  it('gives the same answer from the cache', () => {
    const first = toSimplified('請於 7 日內補件，逾期將以現有資料審核');
    expect(toSimplified('請於 7 日內補件，逾期將以現有資料審核')).toBe(first);
  });

  it('every override is Simplified on the right, and is what its key becomes', () => {
    for (const [hant, hans] of SIMPLIFIED_OVERRIDES) {
      for (const c of hans) expect(TRADITIONAL_ONLY).not.toContain(c);
      // whatever surrounds it: OpenCC converts the rest, never the override's answer
      expect(toSimplified(hant)).toBe(hans);
      expect(toSimplified(`請查看${hant}。`)).toBe(`请查看${hans}。`);
    }
  });
});

describe('textIn: the fallback chain', () => {
  const claim = { 'zh-Hant': '理賠申請', en: 'Claim' };
  it.each([
    [claim, 'zh-Hant', '理賠申請'],
    [claim, 'en', 'Claim'],
    [claim, 'zh-Hans', '理赔申请'],
    [{ ...claim, 'zh-Hans': '理赔申报' }, 'zh-Hans', '理赔申报'],
    [{ ...claim, ja: '保険金請求' }, 'ja', '保険金請求'],
    [claim, 'ja', 'Claim'],
    [claim, 'pt-BR', 'Claim'],
    [{ ...claim, pt: 'Sinistro' }, 'pt-BR', 'Sinistro'],
    ['plain', 'zh-Hans', 'plain'],
    [null, 'zh-Hans', ''],
  ])('%j in %s → %s', (value, lang, text) => {
    expect(textIn(value, lang)).toBe(text);
  });

  it('zh-Hant and en read exactly what the definition says', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (zh, en) => {
        expect(textIn({ 'zh-Hant': zh, en }, 'zh-Hant')).toBe(zh);
        expect(textIn({ 'zh-Hant': zh, en }, 'en')).toBe(en);
      }),
    );
  });

  it('falls through zh-Hans to zh-Hant to en, and any other language to en', () => {
    expect(textIn({ 'zh-Hant': '', en: 'Claim' }, 'zh-Hans')).toBe('Claim');
    expect(textIn({ en: 'Claim', fr: 'Sinistre' }, 'de')).toBe('Claim');
  });
});

describe('langFromHeader: Accept-Language with q-values', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-TW,zh;q=0.9,en;q=0.8', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh', 'zh-Hant'],
    ['zh-CN,zh;q=0.9', 'zh-Hans'],
    ['zh-Hans-CN', 'zh-Hans'],
    ['zh-SG', 'zh-Hans'],
    ['en-US,en;q=0.9', 'en'],
    ['fr, zh-Hans;q=0.7, en;q=0.3', 'zh-Hans'],
    ['en;q=0.5, zh-CN', 'zh-Hans'],
    ['zh-CN;q=0, en;q=0.1', 'en'],
    ['de, fr', 'en'],
    ['*', 'en'],
    [`${'x-'.repeat(5000)}, zh-CN`, 'en'],
  ])('%s → %s', (header, lang) => {
    expect(langFromHeader(header)).toBe(lang);
  });

  it('never throws on any header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (h) => {
        expect(['zh-Hant', 'zh-Hans', 'en']).toContain(langFromHeader(h));
      }),
    );
  });
});

describe('the error registry in zh-Hans', () => {
  it('every code has a Simplified message without Traditional-only characters', () => {
    for (const code of Object.keys(ErrorCodes) as ErrorCode[]) {
      const hans = defaultMessage(code, 'zh-Hans');
      expect(hans, code).toBeTruthy();
      for (const c of TRADITIONAL_ONLY) expect(hans, `${code}: ${hans}`).not.toContain(c);
    }
  });

  it('every reason a DMN import gives is Simplified in zh-Hans, not English or Traditional', () => {
    for (const reason of DMN_IMPORT_REASONS) {
      const hans = sayDmnReason(
        reason,
        { element: 'd1', detail: 'x', aggregation: 'SUM' },
        'zh-Hans',
      );
      expect(hans, reason).toMatch(/[\u4e00-\u9fff]/);
      for (const c of TRADITIONAL_ONLY) expect(hans, `${reason}: ${hans}`).not.toContain(c);
    }
  });

  it('zh-Hant and en are the registry as written', () => {
    expect(defaultMessage('CW_ERR_FORBIDDEN', 'zh-Hant')).toBe('您沒有執行此操作的權限。');
    expect(defaultMessage('CW_ERR_FORBIDDEN', 'en')).toBe('You are not allowed to do this.');
    expect(defaultMessage('CW_ERR_FORBIDDEN', 'zh-Hans')).toBe('您没有执行此操作的权限。');
  });
});

describe('LocalizedText in the meta-schemas: an open set of locales', () => {
  const form = JSON.parse(
    readFileSync(join(ROOT, 'definitions/forms/after-sales-request-record/v1.json'), 'utf8'),
  ) as Record<string, unknown> & { title: Record<string, string> };

  it('every meta-schema names locales by the one pattern', () => {
    for (const file of readdirSync(join(ROOT, 'definitions/schema'))) {
      const text = readFileSync(join(ROOT, 'definitions/schema', file), 'utf8');
      const patterns = [...text.matchAll(/"patternProperties": \{\s*"([^"]+)"/g)].map((m) =>
        JSON.parse(`"${m[1]}"`),
      );
      expect(patterns, file).toContain(LOCALE_TAG_PATTERN);
    }
  });

  it('accepts zh-Hans and other well-formed tags', () => {
    for (const title of [
      { ...form.title, 'zh-Hans': '售后服务申请' },
      { ...form.title, 'pt-BR': 'Pedido', 'zh-Hant-HK': '售後服務申請' },
    ])
      expect(schemaProblems('form', { ...form, title })).toEqual([]);
  });

  it.each(['zh_CN', 'english', 'ZH-hans', 'zh-hans', 'en-'])(
    'refuses the malformed tag %s with its pointer',
    (tag) => {
      expect(new RegExp(LOCALE_TAG_PATTERN).test(tag)).toBe(false);
      const problems = schemaProblems('form', { ...form, title: { ...form.title, [tag]: 'x' } });
      expect(problems.map((p) => [p.code, p.pointer])).toContainEqual([
        'CW_ERR_DEF_SCHEMA',
        `/title/${tag}`,
      ]);
    },
  );

  it('still requires zh-Hant and en', () => {
    const problems = schemaProblems('form', { ...form, title: { 'zh-Hans': '售后服务申请' } });
    expect(problems.map((p) => [p.pointer, p.params?.property])).toEqual(
      expect.arrayContaining([
        ['/title', 'zh-Hant'],
        ['/title', 'en'],
      ]),
    );
  });
});
