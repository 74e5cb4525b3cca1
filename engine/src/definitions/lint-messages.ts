/**
 * What definition problems say, in both languages: each problem the lint finds carries a
 * message key and its parameters (`{ key: 'lint.unknownVariable', params: { name: 'crackLenght',
 * suggestion: 'crackLength' } }`); the engine renders the message in the caller's language
 * (Accept-Language) and the studio renders the same key in its own sentence, naming the node
 * and field by their labels. A sentence says what is wrong and how to fix it; it names no node,
 * since the pointer says where. Published to the studio through `@caseway/engine/design`.
 *
 * @example
 *   lintMessage('lint.unknownVariable', { name: 'crackLenght', suggestion: 'crackLength' }, 'en');
 *   // 'reads crackLenght, which the process does not hold here. Did you mean crackLength?'
 */
import type { ErrorDetail, Lang } from '../errors.ts';

export type LintParams = Readonly<Record<string, string | number>>;
type Template = (p: LintParams) => string;

const list = (v: string | number | undefined) => String(v ?? '');
const range = (p: LintParams, lang: Lang) => {
  const min = Number(p.min);
  const max = p.max === undefined || p.max === 'Infinity' ? Infinity : Number(p.max);
  if (lang === 'zh-Hant')
    return max === Infinity
      ? `至少 ${min} 條`
      : min === max
        ? `正好 ${min} 條`
        : `${min} 到 ${max} 條`;
  return max === Infinity ? `at least ${min}` : min === max ? `exactly ${min}` : `${min} to ${max}`;
};
const maybe = (v: unknown, text: string) => (v === undefined || v === '' ? '' : text);
const TYPE_NAMES: Record<string, Record<Lang, string>> = {
  string: { en: 'text', 'zh-Hant': '文字' },
  number: { en: 'a number', 'zh-Hant': '數字' },
  boolean: { en: 'true or false', 'zh-Hant': '是非值' },
  date: { en: 'a date', 'zh-Hant': '日期' },
  'date-time': { en: 'a date and time', 'zh-Hant': '日期時間' },
  duration: { en: 'a duration', 'zh-Hant': '期間' },
  list: { en: 'a list', 'zh-Hant': '清單' },
  context: { en: 'an object', 'zh-Hant': '物件' },
};
const typeName = (t: string | number | undefined, lang: Lang) =>
  TYPE_NAMES[String(t)]?.[lang] ?? String(t ?? '');

const MESSAGES: Record<string, Record<Lang, Template>> = {
  // identity and structure
  'lint.duplicateId': {
    en: (p) => `the id ${p.id} is used twice; give one of them another id`,
    'zh-Hant': (p) => `識別碼 ${p.id} 重複使用；請改用另一個識別碼`,
  },
  'lint.startCount': {
    en: (p) => `a process needs exactly one start node; this one has ${p.count}`,
    'zh-Hant': (p) => `流程需要正好一個開始節點；目前有 ${p.count} 個`,
  },
  'lint.noEnd': {
    en: () => 'the process has no end node; add one where cases finish',
    'zh-Hant': () => '流程沒有結束節點；請在案件完成處加上一個',
  },
  'lint.flowFromUnknown': {
    en: (p) => `the flow ${p.flow} starts at ${p.node}, which is not a node of the process`,
    'zh-Hant': (p) => `流程 ${p.flow} 從 ${p.node} 出發，但流程中沒有此節點`,
  },
  'lint.flowToUnknown': {
    en: (p) => `the flow ${p.flow} goes to ${p.node}, which is not a node of the process`,
    'zh-Hant': (p) => `流程 ${p.flow} 通往 ${p.node}，但流程中沒有此節點`,
  },
  'lint.conditionMisplaced': {
    en: () =>
      'only a flow leaving an exclusive gateway is taken by its condition; remove the condition or start the flow at a gateway',
    'zh-Hant': () => '只有離開互斥閘道的流程才依條件選擇；請移除條件，或讓流程從閘道出發',
  },
  'lint.incoming': {
    en: (p) => `has ${p.count} incoming flows; it needs ${range(p, 'en')}`,
    'zh-Hant': (p) => `有 ${p.count} 條進入的流程；需要${range(p, 'zh-Hant')}`,
  },
  'lint.outgoing': {
    en: (p) => `has ${p.count} outgoing flows; it needs ${range(p, 'en')}`,
    'zh-Hant': (p) => `有 ${p.count} 條離開的流程；需要${range(p, 'zh-Hant')}`,
  },
  'lint.unreachable': {
    en: () => 'no path leads here from the start; connect it or remove it',
    'zh-Hant': () => '從開始沒有路徑能到達這裡；請連接或移除它',
  },
  'lint.deadEnd': {
    en: () =>
      'no path leads from here to an end, so cases reaching it never finish; connect it onwards',
    'zh-Hant': () => '從這裡沒有路徑能到達結束，到達的案件永遠無法完成；請往後連接',
  },
  // references
  'lint.unknownAction': {
    en: (p) => `no loaded plugin provides the action ${p.action}; pick one of the engine's actions`,
    'zh-Hant': (p) => `沒有已載入的外掛提供動作 ${p.action}；請從引擎的動作中選擇`,
  },
  'lint.inputMissing': {
    en: (p) => `the action ${p.action} needs the input ${p.name}; map it to a value`,
    'zh-Hant': (p) => `動作 ${p.action} 需要輸入 ${p.name}；請為它設定對應`,
  },
  'lint.inputUnknown': {
    en: (p) =>
      `the action ${p.action} takes no input ${p.name}; remove it or use one of its inputs`,
    'zh-Hant': (p) => `動作 ${p.action} 沒有輸入 ${p.name}；請刪除，或改用它的輸入`,
  },
  'lint.inputType': {
    en: (p) =>
      `the input ${p.name} of ${p.action} takes ${typeName(p.expected, 'en')}; this gives ${typeName(p.actual, 'en')}`,
    'zh-Hant': (p) =>
      `${p.action} 的輸入 ${p.name} 需要${typeName(p.expected, 'zh-Hant')}；此處給的是${typeName(p.actual, 'zh-Hant')}`,
  },
  'lint.inputValue': {
    en: (p) => `the input ${p.name} of ${p.action} takes one of ${p.values}`,
    'zh-Hant': (p) => `${p.action} 的輸入 ${p.name} 只能是 ${p.values} 之一`,
  },
  'lint.outputUnknown': {
    en: (p) => `the result of ${p.action} has no ${p.name}; read one of its result's properties`,
    'zh-Hant': (p) => `${p.action} 的結果沒有 ${p.name}；請讀取結果中既有的屬性`,
  },
  'lint.unknownForm': {
    en: (p) =>
      `the engine has no form ${p.form}${maybe(p.version, ` v${p.version}`)}; pick one of its forms${maybe(p.version, ' or another version')}`,
    'zh-Hant': (p) =>
      `引擎沒有表單 ${p.form}${maybe(p.version, ` 第 ${p.version} 版`)}；請從現有表單${maybe(p.version, '或版本')}中選擇`,
  },
  'lint.unknownProcess': {
    en: (p) =>
      `the engine has no process ${p.process}${maybe(p.version, ` v${p.version}`)}; pick one of its processes`,
    'zh-Hant': (p) =>
      `引擎沒有流程 ${p.process}${maybe(p.version, ` 第 ${p.version} 版`)}；請從現有流程中選擇`,
  },
  'lint.badBoundary': {
    en: (p) =>
      `${p.host} is not a user task, call activity or message catch, so a boundary timer cannot wait on it`,
    'zh-Hant': (p) => `${p.host} 不是使用者工作、子流程或等待訊息，邊界計時器無法附著於它`,
  },
  'lint.badErrorBoundary': {
    en: (p) =>
      `${p.host} is not a service task, so an error boundary cannot catch its errors; attach it to a service task`,
    'zh-Hant': (p) => `${p.host} 不是服務工作，錯誤邊界事件無法捕捉它的錯誤；請附加到服務工作上`,
  },
  'lint.errorBoundaryInline': {
    en: (p) =>
      `${p.host} runs the built-in ${p.action}, which never reports a business error; attach the error boundary to a task that calls a plugin action`,
    'zh-Hant': (p) =>
      `${p.host} 執行內建動作 ${p.action}，它不會回報業務錯誤；請將錯誤邊界事件附加到呼叫外掛動作的工作上`,
  },
  'lint.errorCaughtTwice': {
    en: (p) =>
      p.code
        ? `${p.other} on ${p.host} already catches ${p.code}; this boundary would never be taken`
        : `${p.other} on ${p.host} already catches every code; this boundary would never be taken`,
    'zh-Hant': (p) =>
      p.code
        ? `${p.host} 上的 ${p.other} 已捕捉 ${p.code}；此邊界事件永遠不會生效`
        : `${p.host} 上的 ${p.other} 已捕捉所有代碼；此邊界事件永遠不會生效`,
  },
  'lint.defaultNotOutgoing': {
    en: (p) =>
      `the default flow ${p.flow} does not leave this gateway; choose one of its outgoing flows`,
    'zh-Hant': (p) => `預設流程 ${p.flow} 並未離開此閘道；請選擇它的離開流程之一`,
  },
  'lint.notExhaustive': {
    en: () =>
      'no default flow, and the conditions may all be false (then the case stops here); choose a default flow, or compare one required choice field with each of its options',
    'zh-Hant': () =>
      '沒有預設流程，且條件可能全部不成立（案件會停在這裡）；請選擇預設流程，或以一個必填選項欄位比較它的每個選項',
  },
  'lint.stepUnknownNode': {
    en: (p) => `the customer step covers ${p.node}, which is not a node of the process; remove it`,
    'zh-Hant': (p) => `客戶進度涵蓋 ${p.node}，但流程中沒有此節點；請移除它`,
  },
  'lint.uploadNoCatch': {
    en: (p) =>
      `no message catch waits for ${p.message}, so the customer's upload would answer nothing; pick a message the process waits for`,
    'zh-Hant': (p) => `沒有等待訊息節點在等 ${p.message}，客戶上傳將無從回覆；請選擇流程等待的訊息`,
  },
  'lint.answerNoCatch': {
    en: (p) =>
      `no message catch waits for ${p.message}, so the customer's answer would answer nothing; pick a message the process waits for`,
    'zh-Hant': (p) =>
      `沒有等待訊息節點在等 ${p.message}，客戶的回覆將無從送達；請選擇流程等待的訊息`,
  },
  'lint.referenceAsked': {
    en: (p) =>
      `the start form asks for ${p.name}, which the engine assigns (the case reference, the tracking link or the customer's language); remove that field or name another variable`,
    'zh-Hant': (p) =>
      `開始表單詢問 ${p.name}，但它由引擎指定（案件參考編號、查詢連結或客戶語言）；請移除該欄位或改用其他變數`,
  },
  'lint.contextNotStep': {
    en: (p) =>
      `${p.node} is not a start or user task of this process, so it has no submission to show`,
    'zh-Hant': (p) => `${p.node} 不是此流程的開始或使用者工作，沒有可顯示的送出內容`,
  },
  'lint.contextNoSection': {
    en: (p) => `form ${p.form} v${p.version} has no section or field ${p.key}`,
    'zh-Hant': (p) => `表單 ${p.form} 第 ${p.version} 版沒有區段或欄位 ${p.key}`,
  },
  'lint.badTimeZone': {
    en: (p) =>
      `${p.zone} is not a time zone the engine knows; use an IANA name such as Asia/Shanghai`,
    'zh-Hant': (p) => `${p.zone} 不是引擎認得的時區；請使用 IANA 名稱，例如 Asia/Shanghai`,
  },
  // FEEL
  'lint.badExpression': {
    en: (p) => `this FEEL does not parse (${p.error}): ${p.expression}`,
    'zh-Hant': (p) => `此 FEEL 運算式無法解析（${p.error}）：${p.expression}`,
  },
  'lint.unknownVariable': {
    en: (p) =>
      `reads ${p.name}, which the process does not hold here${maybe(p.suggestion, `. Did you mean ${p.suggestion}?`)}${p.suggestion ? '' : '; check the spelling, or set it in an earlier step'}`,
    'zh-Hant': (p) =>
      `讀取 ${p.name}，但流程在此沒有這個變數${maybe(p.suggestion, `。您是指 ${p.suggestion} 嗎？`)}${p.suggestion ? '' : '；請檢查拼字，或在前面的步驟設定它'}`,
  },
  'lint.setLater': {
    en: (p) => `reads ${p.name}, which is only set later (by ${p.by}); here it is still empty`,
    'zh-Hant': (p) => `讀取 ${p.name}，但它要到後面（${p.by}）才設定；在此仍是空值`,
  },
  'lint.unknownProperty': {
    en: (p) =>
      `reads ${p.name}.${p.property}, but ${p.name} has no ${p.property}${maybe(p.suggestion, `. Did you mean ${p.name}.${p.suggestion}?`)}`,
    'zh-Hant': (p) =>
      `讀取 ${p.name}.${p.property}，但 ${p.name} 沒有 ${p.property}${maybe(p.suggestion, `。您是指 ${p.name}.${p.suggestion} 嗎？`)}`,
  },
  'lint.unknownOption': {
    en: (p) =>
      `compares ${p.name} with "${p.value}", which is not one of its options (${list(p.options)})${maybe(p.suggestion, `. Did you mean "${p.suggestion}"?`)}`,
    'zh-Hant': (p) =>
      `將 ${p.name} 與 "${p.value}" 比較，但它不是此欄位的選項（${list(p.options)}）${maybe(p.suggestion, `。您是指 "${p.suggestion}" 嗎？`)}`,
  },
  'lint.notNames': {
    en: (p) =>
      `${p.expression} can never be a name or a list of names (as FEEL it is ${p.reading}); pick the people from the list, or write names in quotes: ["${p.example}"]`,
    'zh-Hant': (p) =>
      `${p.expression} 永遠不會是名稱或名稱清單（以 FEEL 來看它是${p.reading}）；請從清單選擇人員，或將名稱加上引號：["${p.example}"]`,
  },
  'lint.bareName': {
    en: (p) =>
      `reads the variable ${p.name}, which the process does not hold, so nobody gets the task; to mean the ${p.what} ${p.name}, pick it from the list (it is written ["${p.name}"])`,
    'zh-Hant': (p) =>
      `讀取變數 ${p.name}，但流程沒有這個變數，工作會沒有人收到；若指的是${p.what === 'group' ? '群組' : '使用者'} ${p.name}，請從清單選擇（寫作 ["${p.name}"]）`,
  },
  'lint.nobody': {
    en: (p) =>
      `the engine knows nobody who could work this task (${p.unknown}); create the group or user, add enabled members, or pick others`,
    'zh-Hant': (p) =>
      `引擎中沒有任何人能處理此工作（${p.unknown}）；請建立群組或使用者、加入啟用中的成員，或改選其他對象`,
  },
  // the meta-schema
  'schema.required': {
    en: (p) => `${p.property} is missing; it is required here`,
    'zh-Hant': (p) => `缺少 ${p.property}；此處必須填寫`,
  },
  'schema.unknownProperty': {
    en: (p) => `${p.property} is not a property this place takes; remove it`,
    'zh-Hant': (p) => `此處不接受屬性 ${p.property}；請移除它`,
  },
  'schema.pattern': {
    en: (p) =>
      p.kind === 'identifier'
        ? 'not a valid id: use lower-case letters, digits and hyphens, starting with a letter'
        : p.kind === 'nodeId'
          ? 'not a valid id: use letters, digits, _ and -, starting with a letter'
          : p.kind === 'variable'
            ? 'not a variable name: use letters, digits and _, not starting with a digit'
            : p.kind === 'duration'
              ? 'not an ISO 8601 duration: start with P, e.g. P7Y, P3D, PT4H'
              : `does not have the expected form (${p.pattern})`,
    'zh-Hant': (p) =>
      p.kind === 'identifier'
        ? '識別碼無效：請使用小寫英文字母、數字與連字號，並以字母開頭'
        : p.kind === 'nodeId'
          ? '識別碼無效：請使用英文字母、數字、_ 與 -，並以字母開頭'
          : p.kind === 'variable'
            ? '不是變數名稱：請使用英文字母、數字與底線，且不以數字開頭'
            : p.kind === 'duration'
              ? '不是 ISO 8601 期間：以 P 開頭，例如 P7Y、P3D、PT4H'
              : `格式不符（${p.pattern}）`,
  },
  'schema.empty': {
    en: () => 'is empty; write something here',
    'zh-Hant': () => '是空的；請填寫內容',
  },
  'schema.tooFew': {
    en: (p) => `needs at least ${p.limit} item${Number(p.limit) === 1 ? '' : 's'}`,
    'zh-Hant': (p) => `至少需要 ${p.limit} 項`,
  },
  'schema.type': {
    en: (p) => `must be ${p.type}`,
    'zh-Hant': (p) => `必須是 ${p.type}`,
  },
  'schema.enum': {
    en: (p) => `must be one of ${p.values}`,
    'zh-Hant': (p) => `必須是以下之一：${p.values}`,
  },
  'schema.invalid': {
    en: (p) => `is not valid: ${p.reason}`,
    'zh-Hant': (p) => `無效：${p.reason}`,
  },
};

export type LintKey = keyof typeof MESSAGES;

/** Whether a key is one this catalogue renders. */
export const isLintKey = (key: unknown): key is LintKey =>
  typeof key === 'string' && Object.hasOwn(MESSAGES, key);

/** A problem's sentence in `lang` (the key itself when unknown, so nothing is lost). */
export function lintMessage(key: string, params: LintParams = {}, lang: Lang = 'en'): string {
  const template = MESSAGES[key]?.[lang];
  return template ? template(params) : key;
}

/** Details whose message is rendered from their key, in `lang` (others as they are). */
export function localiseDetails<D extends ErrorDetail>(details: readonly D[], lang: Lang): D[] {
  return details.map((d) =>
    d.key && isLintKey(d.key) ? { ...d, message: lintMessage(d.key, d.params, lang) } : d,
  );
}
