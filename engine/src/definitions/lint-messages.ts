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
import { toSimplified } from '../locale/index.ts';

/** The languages the templates are written in; zh-Hans is the zh-Hant sentence converted. */
type Written = 'zh-Hant' | 'en';

export type LintParams = Readonly<Record<string, string | number>>;
type Template = (p: LintParams) => string;

const list = (v: string | number | undefined) => String(v ?? '');
const range = (p: LintParams, lang: Written) => {
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
const TYPE_NAMES: Record<string, Record<Written, string>> = {
  string: { en: 'text', 'zh-Hant': '文字' },
  number: { en: 'a number', 'zh-Hant': '數字' },
  boolean: { en: 'true or false', 'zh-Hant': '是非值' },
  date: { en: 'a date', 'zh-Hant': '日期' },
  'date-time': { en: 'a date and time', 'zh-Hant': '日期時間' },
  duration: { en: 'a duration', 'zh-Hant': '期間' },
  list: { en: 'a list', 'zh-Hant': '清單' },
  context: { en: 'an object', 'zh-Hant': '物件' },
};
const typeName = (t: string | number | undefined, lang: Written) =>
  TYPE_NAMES[String(t)]?.[lang] ?? String(t ?? '');

const MESSAGES: Record<string, Record<Written, Template>> = {
  // identity and structure
  'lint.duplicateId': {
    en: (p) => `the id ${p.id} is used twice; give one of them another id`,
    'zh-Hant': (p) => `識別碼 ${p.id} 重複使用；請改用另一個識別碼`,
  },
  'lint.startCount': {
    en: (p) => `a process needs exactly one start node; this one has ${p.count}`,
    'zh-Hant': (p) => `流程需要正好一個開始節點；目前有 ${p.count} 個`,
  },
  'lint.slaCoversNoVersion': {
    en: (p) =>
      `measures ${p.process} ${p.range}, but no such version is loaded (versions ${p.known}); name one that exists, e.g. ">=${String(p.known).split(', ').at(-1)}"`,
    'zh-Hant': (p) =>
      `衡量 ${p.process} ${p.range}，但沒有符合的已載入版本（現有版本 ${p.known}）；請指定存在的版本，例如 ">=${String(p.known).split(', ').at(-1)}"`,
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
      'only a flow leaving an exclusive or inclusive gateway is taken by its condition; remove the condition or start the flow at a gateway',
    'zh-Hant': () => '只有離開互斥閘道或包容閘道的流程才依條件選擇；請移除條件，或讓流程從閘道出發',
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
  'lint.actionVersion': {
    en: (p) =>
      `no loaded version of ${p.action} is in the range ${p.range} (loaded: ${p.versions}); change the range or load a version in it`,
    'zh-Hant': (p) =>
      `${p.action} 沒有已載入的版本符合範圍 ${p.range}（已載入：${p.versions}）；請修改範圍或載入符合的版本`,
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
  'lint.unknownDecision': {
    en: (p) =>
      `the engine has no decision table ${p.decision}${maybe(p.version, ` v${p.version}`)}; pick one of its decision tables`,
    'zh-Hant': (p) =>
      `引擎沒有決策表 ${p.decision}${maybe(p.version, ` 第 ${p.version} 版`)}；請從現有決策表中選擇`,
  },
  'lint.unknownProcess': {
    en: (p) =>
      `the engine has no process ${p.process}${maybe(p.version, ` v${p.version}`)}; pick one of its processes`,
    'zh-Hant': (p) =>
      `引擎沒有流程 ${p.process}${maybe(p.version, ` 第 ${p.version} 版`)}；請從現有流程中選擇`,
  },
  'lint.badBoundary': {
    en: (p) =>
      `${p.host} is not a user task, call activity, message catch or subprocess, so a boundary timer cannot wait on it`,
    'zh-Hant': (p) =>
      `${p.host} 不是使用者工作、呼叫活動、等待訊息或內嵌子流程，邊界計時器無法附著於它`,
  },
  'lint.parentNotSubProcess': {
    en: (p) =>
      `${p.node} is placed inside ${p.parent}, which is not an embedded subprocess; name a subprocess or leave parent out`,
    'zh-Hant': (p) =>
      `${p.node} 放在 ${p.parent} 之內，但它不是內嵌子流程；請指定一個子流程，或不要設定上層`,
  },
  'lint.scopeCycle': {
    en: (p) => `${p.node} is inside itself (its parents go round in a circle); untangle them`,
    'zh-Hant': (p) => `${p.node} 位於自己之內（上層形成循環）；請解開`,
  },
  'lint.flowCrossesScope': {
    en: (p) =>
      `flow ${p.flow} crosses the border of a subprocess (${p.from} is in ${p.fromScope}, ${p.to} in ${p.toScope}); a subprocess is entered through its box and left when its own end is reached`,
    'zh-Hant': (p) =>
      `流程線 ${p.flow} 跨越了子流程的邊界（${p.from} 在 ${p.fromScope}，${p.to} 在 ${p.toScope}）；子流程從它的方框進入，到達它自己的結束節點時離開`,
  },
  'lint.subProcessStart': {
    en: (p) => `subprocess ${p.node} needs exactly one start inside it; it has ${p.count}`,
    'zh-Hant': (p) => `內嵌子流程 ${p.node} 內需要正好一個開始節點；目前有 ${p.count} 個`,
  },
  'lint.subProcessStartForm': {
    en: (p) =>
      `the start inside subprocess ${p.parent} has a form, but only a case's own start asks for one; put a user task after it`,
    'zh-Hant': (p) =>
      `子流程 ${p.parent} 內的開始節點帶有表單，但只有案件本身的開始節點能填表；請在它之後加上人工任務`,
  },
  'lint.nothingToCompensate': {
    en: (p) =>
      `${p.node} undoes the completed service tasks of ${p.scope}, but none there names an undo action; give a service task a compensation (its undo action) or remove ${p.node}`,
    'zh-Hant': (p) =>
      `${p.node} 會復原 ${p.scope} 中已完成的服務任務，但其中沒有任何一個指定復原動作；請為服務任務設定補償（復原動作），或移除 ${p.node}`,
  },
  'lint.collectionNotList': {
    en: (p) =>
      `the multi-instance collection of ${p.node} (${p.expression}) is a ${p.type}, not a list; give a list with one item per instance`,
    'zh-Hant': (p) =>
      `${p.node} 的多實例集合（${p.expression}）是 ${p.type}，不是清單；請提供每個實例一項的清單`,
  },
  'lint.outputElementAlone': {
    en: (p) =>
      `${p.node} has an output element but no output collection to gather it in; name the collection variable`,
    'zh-Hant': (p) => `${p.node} 有輸出元素，但沒有收集它的輸出集合；請指定集合變數名稱`,
  },
  'lint.elementVariableReserved': {
    en: (p) =>
      `${p.node}'s element variable ${p.name} hides the name the engine gives each instance; choose another (e.g. insured)`,
    'zh-Hant': (p) =>
      `${p.node} 的元素變數 ${p.name} 會遮蔽引擎給每個實例的名稱；請改用其他名稱（例如 insured）`,
  },
  'lint.subProcessNoEnd': {
    en: (p) => `subprocess ${p.node} has no end inside it; add one where its work finishes`,
    'zh-Hant': (p) => `內嵌子流程 ${p.node} 內沒有結束節點；請在工作完成處加上一個`,
  },
  'lint.timerKinds': {
    en: () =>
      'a timer has exactly one of duration, durationExpression, dateExpression and cycle (and a calendar only with a duration or a cycle)',
    'zh-Hant': () =>
      '計時器須恰有 duration、durationExpression、dateExpression、cycle 其中之一（calendar 僅能搭配時長或循環）',
  },
  'lint.cycleNotRepeating': {
    en: () =>
      'a cycle repeats only on a non-interrupting boundary timer (this timer fires once and moves on)',
    'zh-Hant': () => '循環僅適用於非中斷的邊界計時器（此計時器觸發一次即繼續）',
  },
  'lint.badErrorBoundary': {
    en: (p) =>
      `${p.host} is not a service task, call activity or subprocess, so an error boundary cannot catch its errors; attach it to one`,
    'zh-Hant': (p) =>
      `${p.host} 不是服務工作、呼叫活動或內嵌子流程，錯誤邊界事件無法捕捉它的錯誤；請附加到服務工作、呼叫活動或內嵌子流程上`,
  },
  'lint.badMessageBoundary': {
    en: (p) =>
      `${p.host} is not a user task, call activity or subprocess, so a message boundary event cannot interrupt it; attach it to one`,
    'zh-Hant': (p) =>
      `${p.host} 不是使用者工作、呼叫活動或內嵌子流程，訊息邊界事件無法中斷它；請附加到使用者工作、呼叫活動或內嵌子流程上`,
  },
  'lint.eventGatewayTarget': {
    en: (p) =>
      `${p.node} is a ${p.type}, but an event-based gateway can only be followed by message catches and timers (the first of them to happen wins); put a message catch or a timer between them`,
    'zh-Hant': (p) =>
      `${p.node} 是 ${p.type}，但事件閘道之後只能接等待訊息或計時器（最先發生者勝出）；請在兩者之間加上等待訊息或計時器`,
  },
  'lint.errorNotCaught': {
    en: (p) =>
      `${p.process} can end with error ${p.code} (at ${p.thrower}), which no error boundary here catches: the case would stop with an incident; add an error boundary for ${p.code} or one without a code`,
    'zh-Hant': (p) =>
      `${p.process} 可能以錯誤 ${p.code} 結束（於 ${p.thrower}），此處沒有錯誤邊界事件捕捉它：案件會停在事故上；請加上捕捉 ${p.code} 或不指定代碼的錯誤邊界事件`,
  },
  'lint.errorNoCaller': {
    en: (p) =>
      `throws ${p.code}, but no call activity calls this process and no subprocess around it catches it: nothing can catch the error, and a case started on its own just ends`,
    'zh-Hant': (p) =>
      `拋出 ${p.code}，但沒有呼叫活動呼叫此流程，也沒有外圍子流程捕捉它：沒有任何地方能捕捉此錯誤，自行啟動的案件只會直接結束`,
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
  // decision tables
  'decision.aggregationWithoutCollect': {
    en: (p) =>
      `an aggregation applies to the COLLECT hit policy only, not ${p.hitPolicy}; remove it or choose COLLECT`,
    'zh-Hant': (p) =>
      `彙總只適用於 COLLECT 命中政策，不適用於 ${p.hitPolicy}；請移除彙總或改用 COLLECT`,
  },
  'decision.aggregationOutputs': {
    en: (p) => `${p.aggregation} aggregates a single output; keep one output or use COUNT`,
    'zh-Hant': (p) => `${p.aggregation} 只能彙總單一輸出；請只保留一個輸出或改用 COUNT`,
  },
  'decision.priorityNeedsValues': {
    en: (p) =>
      `${p.hitPolicy} orders the matched rules by an output's allowed values; give an output its allowed values, most important first`,
    'zh-Hant': (p) => `${p.hitPolicy} 依輸出的允許值排序相符的規則；請為輸出列出允許值，重要者在前`,
  },
  'decision.duplicateOutput': {
    en: (p) => `the output name ${p.name} is used twice; rename one of them`,
    'zh-Hant': (p) => `輸出名稱 ${p.name} 重複；請將其中一個改名`,
  },
  'decision.entryCount': {
    en: (p) =>
      `has ${p.count} entries where the table has ${p.expected} columns; give one per column (- for any value)`,
    'zh-Hant': (p) => `有 ${p.count} 個項目，但決策表有 ${p.expected} 欄；請每欄一個（任意值用 -）`,
  },
  'decision.typeMismatch': {
    en: (p) =>
      `${p.value} is ${typeName(p.found, 'en')}, but the column holds ${typeName(p.expected, 'en')}`,
    'zh-Hant': (p) =>
      `${p.value} 是${typeName(p.found, 'zh-Hant')}，但此欄的型別是${typeName(p.expected, 'zh-Hant')}`,
  },
  'decision.notAllowed': {
    en: (p) => `${p.value} is not one of the column's allowed values (${p.allowed})`,
    'zh-Hant': (p) => `${p.value} 不在此欄的允許值之中（${p.allowed}）`,
  },
  'decision.overlap': {
    en: (p) =>
      `rule ${p.rule} and rule ${p.other} both match some inputs, which ${p.hitPolicy} does not allow; narrow one of them or choose another hit policy`,
    'zh-Hant': (p) =>
      `規則 ${p.rule} 與規則 ${p.other} 對某些輸入都相符，${p.hitPolicy} 不允許；請縮小其中一條，或改用其他命中政策`,
  },
  'decision.gap': {
    en: (p) => `no rule covers ${p.combination}; add a rule for it (the table gives null there)`,
    'zh-Hant': (p) => `沒有規則涵蓋 ${p.combination}；請為此加上規則（否則結果為 null）`,
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
  const template = MESSAGES[key]?.[lang === 'en' ? 'en' : 'zh-Hant'];
  if (!template) return key;
  return lang === 'zh-Hans' ? toSimplified(template(params)) : template(params);
}

/** Details whose message is rendered from their key, in `lang` (others as they are). */
export function localiseDetails<D extends ErrorDetail>(details: readonly D[], lang: Lang): D[] {
  return details.map((d) =>
    d.key && isLintKey(d.key) ? { ...d, message: lintMessage(d.key, d.params, lang) } : d,
  );
}
