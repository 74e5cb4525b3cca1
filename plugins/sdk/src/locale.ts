/**
 * `@caseway/plugin-sdk/locale`: Traditional (Taiwan) Chinese → Simplified (mainland) Chinese,
 * phrase by phrase, not character by character. The one implementation in Caseway: the engine
 * reads labels and messages in zh-Hans with it (`@caseway/engine/locale` re-exports it), and a
 * plugin that writes its texts in zh-Hant answers a zh-Hans reader with it (the SMS and e-mail
 * plugins' notices).
 *
 * OpenCC's Taiwan-phrases → mainland conversion (`twp` → `cn`: 軟體 → 软件, 簡訊 → 短信, 登入 →
 * 登录), after a small reviewed list of our own words where the mainland word differs from what
 * OpenCC gives (帳戶 → 账户, not 帐户; 執行 → 执行, not 运行; 預設 → 默认; 資料 → 资料 in forms,
 * 数据 only in 資料庫 and its kin; 唯讀 → 只读; 文件 stays 文件). An override is final: the text
 * is cut at each override (longest first) and only the pieces between them go through OpenCC, so
 * OpenCC never converts an override's answer again (its Taiwan-phrase step would turn 文件 into
 * 文档, and 文件夹 into 文档夹).
 *
 * Each distinct text is converted once and cached: labels and messages come from a bounded
 * set (definitions, the error registry, message tables), so the cache stays small; texts longer
 * than {@link CACHE_MAX_TEXT} are converted without being kept. OpenCC's converter is built on the
 * first conversion.
 *
 * @example
 *   import { toSimplified } from '@caseway/plugin-sdk/locale';
 *
 *   toSimplified('簡訊通知：請補件'); // '短信通知：请补件'
 */
import { ConverterFactory } from 'opencc-js/core';
import { from, to } from 'opencc-js/preset/t2cn';

/**
 * Insurance and product words whose mainland form differs from OpenCC's, applied before it
 * (longest match first), reviewed by a reader of both scripts. Keys are zh-Hant, values the
 * mainland Simplified word.
 */
export const SIMPLIFIED_OVERRIDES: readonly (readonly [string, string])[] = [
  // 帳 in accounts and bills is 账 on the mainland (OpenCC keeps the variant 帐)
  ['帳戶', '账户'],
  ['帳號', '账号'],
  ['帳務', '账务'],
  ['帳單', '账单'],
  ['帳款', '账款'],
  ['入帳', '入账'],
  ['到帳', '到账'],
  ['對帳', '对账'],
  // OpenCC turns 執行 into 运行 (a program running); a person carrying out an act 执行
  ['執行', '执行'],
  ['執行緒', '线程'],
  // personal data is 个人信息 in mainland law (PIPL), not 个人数据
  ['個人資料', '个人信息'],
  // OpenCC gives 数据 for every 資料; forms and claims mean what a person fills in or hands
  // over, which the mainland also calls 资料 (请填写以下资料, 补充理赔资料). Only data in the
  // technical sense is 数据, named here by its compounds.
  ['資料', '资料'],
  ['資料庫', '数据库'],
  ['資料表', '数据表'],
  ['資料集', '数据集'],
  ['資料類型', '数据类型'],
  ['資料型別', '数据类型'],
  ['資料來源', '数据源'],
  ['資料金鑰', '数据密钥'],
  ['資料夾', '文件夹'],
  // a document is 文件 on the mainland too (理赔文件, 上传文件); OpenCC's Taiwan phrases give 文档
  ['文件', '文件'],
  ['精算資料', '精算数据'],
  ['唯讀', '只读'],
  ['身分', '身份'],
  ['預設', '默认'],
  ['組態', '配置'],
  ['範本', '模板'],
  ['遮罩', '脱敏'],
  ['登出', '退出登录'],
  ['行動電話', '手机'],
  ['收件匣', '收件箱'],
  ['行事曆', '日历'],
  ['國定假日', '法定节假日'],
  ['儀表板', '仪表盘'],
  ['品質', '质量'],
  // BPMN and product words as mainland software says them
  ['閘道', '网关'],
  ['權杖', '令牌'],
  ['逾時', '超时'],
  ['描述檔', '描述文件'],
  ['設定檔', '配置文件'],
  ['版面配置', '布局'],
  ['啟用', '启用'],
  ['略過', '跳过'],
  // OpenCC's 查找 (find text) for 查詢; a customer queries a case: 查询
  ['查詢', '查询'],
];

/** Texts up to this length are cached. */
const CACHE_MAX_TEXT = 2000;
/** The cache's ceiling; past it, it starts again (a guard, never reached by shipped labels). */
const CACHE_MAX_ENTRIES = 20_000;

let convert: ((text: string) => string) | null = null;
const cache = new Map<string, string>();

/** The overrides by their zh-Hant key, and one pattern matching any key, longest first. */
const OVERRIDE = new Map(SIMPLIFIED_OVERRIDES);
const OVERRIDE_PATTERN = new RegExp(
  [...OVERRIDE.keys()]
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);

/** The text converted: overrides as they are, OpenCC for every piece between them. */
function converted(text: string): string {
  convert ??= ConverterFactory(...from.twp!, ...to.cn!);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(OVERRIDE_PATTERN)) {
    out += convert(text.slice(last, m.index)) + OVERRIDE.get(m[0])!;
    last = m.index + m[0].length;
  }
  return out + convert(text.slice(last));
}

/**
 * `text` (zh-Hant) in mainland Simplified Chinese.
 *
 * @example
 *   toSimplified('請在 7 天內補件並查看保單帳戶'); // '请在 7 天内补件并查看保单账户'
 */
export function toSimplified(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const out = converted(text);
  if (text.length <= CACHE_MAX_TEXT) {
    if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
    cache.set(text, out);
  }
  return out;
}
