/**
 * The form renderer's and form editor's own UI text, in Traditional Chinese (the default) and
 * English. Definition text (labels, help, options) comes from the definition itself; validation
 * messages come from the engine's validateForm, so they read exactly as the server's.
 *
 * @example
 *   t('en', 'addEntry', 'Witnesses') // 'Add an entry to Witnesses'
 */
import { labelIn, messagesOf, type Lang, type Text } from '$lib/i18n';

export type { Lang };

const MESSAGES = {
  required: { 'zh-Hant': '必填', 'zh-Hans': '必填', en: 'required' },
  personalData: {
    'zh-Hant': '個人資料：僅限有權限者檢視，儲存時加密',
    'zh-Hans': '个人信息：仅限有权限者查看，保存时加密',
    en: 'Personal data: shown only to those allowed, encrypted when stored',
  },
  personalDataBadge: { 'zh-Hant': '個人資料', 'zh-Hans': '个人信息', en: 'Personal data' },
  formatResidentId: {
    'zh-Hant': '18 碼居民身分證號碼，最後一碼可為 X',
    'zh-Hans': '18 码居民身份证号码，最后一码可为 X',
    en: '18-character resident ID number; the last may be X',
  },
  formatMobile: {
    'zh-Hant': '11 碼手機號碼，以 1 開頭，可加 +86',
    'zh-Hans': '11 码手机号码，以 1 开头，可加 +86',
    en: '11-digit mobile number starting with 1, +86 optional',
  },
  moneyHint: {
    'zh-Hant': '以元為單位，最多兩位小數',
    'zh-Hans': '以元为单位，最多两位小数',
    en: 'In yuan, up to 2 decimals',
  },
  moneyRange: {
    'zh-Hant': (min: string, max: string) => `範圍：${min} 至 ${max} 元`,
    'zh-Hans': (min: string, max: string) => `范围：${min} 至 ${max} 元`,
    en: (min: string, max: string) => `Range: ${min} to ${max} yuan`,
  },
  moneyMin: {
    'zh-Hant': (min: string) => `最少 ${min} 元`,
    'zh-Hans': (min: string) => `最少 ${min} 元`,
    en: (min: string) => `At least ${min} yuan`,
  },
  moneyMax: {
    'zh-Hant': (max: string) => `最多 ${max} 元`,
    'zh-Hans': (max: string) => `最多 ${max} 元`,
    en: (max: string) => `At most ${max} yuan`,
  },
  moneyAbove: {
    'zh-Hant': (min: string) => `須多於 ${min} 元`,
    'zh-Hans': (min: string) => `须多于 ${min} 元`,
    en: (min: string) => `More than ${min} yuan`,
  },
  moneyBelow: {
    'zh-Hant': (max: string) => `須少於 ${max} 元`,
    'zh-Hans': (max: string) => `须少于 ${max} 元`,
    en: (max: string) => `Less than ${max} yuan`,
  },
  moneyUnparsable: {
    'zh-Hant': '請輸入金額（元），最多兩位小數',
    'zh-Hans': '请输入金额（元），最多两位小数',
    en: 'Enter an amount in yuan with at most 2 decimals',
  },
  numberUnparsable: { 'zh-Hant': '請輸入數字', 'zh-Hans': '请输入数字', en: 'Enter a number' },
  yes: { 'zh-Hant': '是', 'zh-Hans': '是', en: 'Yes' },
  no: { 'zh-Hant': '否', 'zh-Hans': '否', en: 'No' },
  choose: { 'zh-Hant': '請選擇', 'zh-Hans': '请选择', en: 'Choose' },
  entry: {
    'zh-Hant': (n: string) => `第 ${n} 筆`,
    'zh-Hans': (n: string) => `第 ${n} 笔`,
    en: (n: string) => `Entry ${n}`,
  },
  addEntry: {
    'zh-Hant': (label: string) => `新增一筆「${label}」`,
    'zh-Hans': (label: string) => `添加一笔「${label}」`,
    en: (label: string) => `Add an entry to ${label}`,
  },
  removeEntry: {
    'zh-Hant': (n: string) => `刪除第 ${n} 筆`,
    'zh-Hans': (n: string) => `删除第 ${n} 笔`,
    en: (n: string) => `Remove entry ${n}`,
  },
  entryAdded: {
    'zh-Hant': (label: string, n: string) => `已新增「${label}」第 ${n} 筆`,
    'zh-Hans': (label: string, n: string) => `已添加「${label}」第 ${n} 笔`,
    en: (label: string, n: string) => `Added entry ${n} to ${label}`,
  },
  entryRemoved: {
    'zh-Hant': (label: string, n: string) => `已刪除「${label}」第 ${n} 筆`,
    'zh-Hans': (label: string, n: string) => `已删除「${label}」第 ${n} 笔`,
    en: (label: string, n: string) => `Removed entry ${n} from ${label}`,
  },
  itemsRange: {
    'zh-Hant': (min: string, max: string) => `${min} 至 ${max} 筆`,
    'zh-Hans': (min: string, max: string) => `${min} 至 ${max} 笔`,
    en: (min: string, max: string) => `${min} to ${max} entries`,
  },
  submit: { 'zh-Hant': '送出', 'zh-Hans': '送出', en: 'Submit' },
  errorSummary: {
    'zh-Hant': '請修正以下問題',
    'zh-Hans': '请修正以下问题',
    en: 'Please correct the following',
  },
  formProblem: { 'zh-Hant': '表單', 'zh-Hans': '表单', en: 'Form' },
  ruleFailed: {
    'zh-Hant': '表單規則無法計算，請檢查 FEEL 運算式',
    'zh-Hans': '表单规则无法计算，请检查 FEEL 表达式',
    en: 'A form rule could not be evaluated; check the FEEL expressions',
  },
  unknownType: {
    'zh-Hant': (type: string) => `未知的欄位類型：${type}`,
    'zh-Hans': (type: string) => `未知的字段类型：${type}`,
    en: (type: string) => `Unknown field type: ${type}`,
  },
  // editor
  fields: { 'zh-Hant': '欄位', 'zh-Hans': '字段', en: 'Fields' },
  noFields: {
    'zh-Hant': '尚無欄位，請從工具列新增。',
    'zh-Hans': '尚无字段，请从工具列添加。',
    en: 'No fields yet; add one from the palette.',
  },
  palette: { 'zh-Hant': '新增欄位', 'zh-Hans': '添加字段', en: 'Add a field' },
  addType: {
    'zh-Hant': (type: string) => `新增${type}欄位`,
    'zh-Hans': (type: string) => `添加${type}字段`,
    en: (type: string) => `Add a ${type} field`,
  },
  addLayout: {
    'zh-Hant': (type: string) => `新增${type}`,
    'zh-Hans': (type: string) => `添加${type}`,
    en: (type: string) => `Add a ${type}`,
  },
  addInto: {
    'zh-Hant': (group: string) => `新增的欄位會放入「${group}」。`,
    'zh-Hans': (group: string) => `添加的字段会放入「${group}」。`,
    en: (group: string) => `New fields go into ${group}.`,
  },
  reorderHelp: {
    'zh-Hant':
      '按 Alt+上/下 方向鍵移動欄位，Alt+右 移入上方的群組、區段或頁面，Alt+左 移出；或拖放。',
    'zh-Hans':
      '按 Alt+上/下 方向键移动字段，Alt+右 移入上方的群组、区段或页面，Alt+左 移出；或拖放。',
    en: 'Press Alt+Up or Alt+Down to move a field, Alt+Right to move it into the group, section or page above, Alt+Left to move it out; or drag and drop.',
  },
  moved: {
    'zh-Hant': (label: string, pos: string, total: string) =>
      `「${label}」已移到第 ${pos} 位，共 ${total} 個`,
    'zh-Hans': (label: string, pos: string, total: string) =>
      `「${label}」已移到第 ${pos} 位，共 ${total} 个`,
    en: (label: string, pos: string, total: string) =>
      `${label} moved to position ${pos} of ${total}`,
  },
  added: {
    'zh-Hant': (label: string) => `已新增「${label}」`,
    'zh-Hans': (label: string) => `已添加「${label}」`,
    en: (label: string) => `Added ${label}`,
  },
  removed: {
    'zh-Hant': (label: string) => `已刪除「${label}」`,
    'zh-Hans': (label: string) => `已删除「${label}」`,
    en: (label: string) => `Removed ${label}`,
  },
  moveUp: {
    'zh-Hant': (l: string) => `上移「${l}」`,
    'zh-Hans': (l: string) => `上移「${l}」`,
    en: (l: string) => `Move ${l} up`,
  },
  moveDown: {
    'zh-Hant': (l: string) => `下移「${l}」`,
    'zh-Hans': (l: string) => `下移「${l}」`,
    en: (l: string) => `Move ${l} down`,
  },
  removeField: {
    'zh-Hant': (l: string) => `刪除「${l}」`,
    'zh-Hans': (l: string) => `删除「${l}」`,
    en: (l: string) => `Remove ${l}`,
  },
  properties: { 'zh-Hant': '屬性', 'zh-Hans': '属性', en: 'Properties' },
  noSelection: {
    'zh-Hant': '請選擇一個欄位；新欄位加在表單最後。',
    'zh-Hans': '请选择一个字段；新字段加在表单最后。',
    en: 'Select a field; new fields go to the end of the form.',
  },
  deselect: { 'zh-Hant': '取消選取', 'zh-Hans': '取消选取', en: 'Deselect' },
  deselectHelp: {
    'zh-Hant': '不再選取此欄位（Esc 鍵，或點選空白處）',
    'zh-Hans': '不再选取此字段（Esc 键，或点击空白处）',
    en: 'Let go of this field (Escape, or click on empty space)',
  },
  formProperties: { 'zh-Hant': '表單', 'zh-Hans': '表单', en: 'Form' },
  formTitle: { 'zh-Hant': '標題', 'zh-Hans': '标题', en: 'Title' },
  key: { 'zh-Hant': '鍵名', 'zh-Hans': '键名', en: 'Key' },
  keyInvalid: {
    'zh-Hant': '鍵名須以英文字母或底線開頭，只含英數字與底線（最多 64 字）',
    'zh-Hans': '键名须以英文字母或底线开头，只含英数字与底线（最多 64 字）',
    en: 'A key starts with a letter or underscore and has only letters, digits and underscores (64 at most)',
  },
  keyDuplicate: {
    'zh-Hant': '同一層已有相同鍵名',
    'zh-Hans': '同一层已有相同键名',
    en: 'Another field here has this key',
  },
  type: { 'zh-Hant': '類型', 'zh-Hans': '类型', en: 'Type' },
  label: { 'zh-Hant': '標籤', 'zh-Hans': '标签', en: 'Label' },
  title: { 'zh-Hant': '標題', 'zh-Hans': '标题', en: 'Title' },
  help: { 'zh-Hant': '說明', 'zh-Hans': '说明', en: 'Help' },
  // zh-Hans names the script: beside 简体 the Traditional input is 繁体, as the label editor says
  inZh: { 'zh-Hant': '中文', 'zh-Hans': '繁体', en: 'Chinese' },
  inEn: { 'zh-Hant': '英文', 'zh-Hans': '英文', en: 'English' },
  /** optional; empty reads the Chinese converted (its placeholder) */
  inZhHans: { 'zh-Hant': '簡體，選填', 'zh-Hans': '简体，选填', en: 'Simplified, optional' },
  /** a label's text in one language: `標題（中文）`, `Title (Chinese)` */
  inLang: {
    'zh-Hant': (label: string, language: string) => `${label}（${language}）`,
    'zh-Hans': (label: string, language: string) => `${label}（${language}）`,
    en: (label: string, language: string) => `${label} (${language})`,
  },
  requiredField: { 'zh-Hant': '必填', 'zh-Hans': '必填', en: 'Required' },
  requiredIf: {
    'zh-Hant': '必填條件（FEEL）',
    'zh-Hans': '必填条件（FEEL）',
    en: 'Required if (FEEL)',
  },
  visibleIf: {
    'zh-Hant': '顯示條件（FEEL）',
    'zh-Hans': '显示条件（FEEL）',
    en: 'Visible if (FEEL)',
  },
  feelSyntax: {
    'zh-Hant': (m: string) => `FEEL 語法錯誤：${m}`,
    'zh-Hans': (m: string) => `FEEL 语法错误：${m}`,
    en: (m: string) => `FEEL syntax error: ${m}`,
  },
  sensitive: {
    'zh-Hant': '個人資料（敏感）',
    'zh-Hans': '个人信息（敏感）',
    en: 'Personal data (sensitive)',
  },
  format: { 'zh-Hant': '格式', 'zh-Hans': '格式', en: 'Format' },
  noFormat: { 'zh-Hant': '不限', 'zh-Hans': '不限', en: 'Any' },
  min: { 'zh-Hant': '最小值', 'zh-Hans': '最小值', en: 'Minimum' },
  max: { 'zh-Hant': '最大值', 'zh-Hans': '最大值', en: 'Maximum' },
  minYuan: { 'zh-Hant': '最小金額（元）', 'zh-Hans': '最小金额（元）', en: 'Minimum (yuan)' },
  exclusiveMinimum: { 'zh-Hant': '必須大於', 'zh-Hans': '必须大于', en: 'Greater than' },
  exclusiveMaximum: { 'zh-Hant': '必須小於', 'zh-Hans': '必须小于', en: 'Less than' },
  aboveYuan: {
    'zh-Hant': '金額必須大於（元）',
    'zh-Hans': '金额必须大于（元）',
    en: 'More than (yuan)',
  },
  belowYuan: {
    'zh-Hant': '金額必須小於（元）',
    'zh-Hans': '金额必须小于（元）',
    en: 'Less than (yuan)',
  },
  minDate: {
    'zh-Hant': '最早（FEEL，如 today()）',
    'zh-Hans': '最早（FEEL，如 today()）',
    en: 'Earliest (FEEL, e.g. today())',
  },
  maxDate: {
    'zh-Hant': '最晚（FEEL，如 today()）',
    'zh-Hans': '最晚（FEEL，如 today()）',
    en: 'Latest (FEEL, e.g. today())',
  },
  afterDate: { 'zh-Hant': '必須晚於（FEEL）', 'zh-Hans': '必须晚于（FEEL）', en: 'After (FEEL)' },
  beforeDate: { 'zh-Hant': '必須早於（FEEL）', 'zh-Hans': '必须早于（FEEL）', en: 'Before (FEEL)' },
  dateBoundsHelp: {
    'zh-Hant': 'today() 為流程時區的今天，依引擎時鐘計算。',
    'zh-Hans': 'today() 为流程时区的今天，依引擎时钟计算。',
    en: "today() is today in the process's time zone, on the engine's clock.",
  },
  validations: { 'zh-Hant': '驗證規則', 'zh-Hans': '验证规则', en: 'Validations' },
  formValidations: {
    'zh-Hant': '表單驗證規則（跨欄位）',
    'zh-Hans': '表单验证规则（跨字段）',
    en: 'Form validations (across fields)',
  },
  validation: {
    'zh-Hant': (n: string) => `規則 ${n}`,
    'zh-Hans': (n: string) => `规则 ${n}`,
    en: (n: string) => `Rule ${n}`,
  },
  validationExpression: {
    'zh-Hant': '條件（FEEL，為 false 時顯示訊息）',
    'zh-Hans': '条件（FEEL，为 false 时显示消息）',
    en: 'Condition (FEEL; the message shows when it is false)',
  },
  validationMessage: { 'zh-Hant': '訊息', 'zh-Hans': '消息', en: 'Message' },
  validationFields: {
    'zh-Hant': '顯示於欄位（以逗號分隔的鍵）',
    'zh-Hans': '显示于字段（以逗号分隔的键）',
    en: 'Shown on fields (keys, comma-separated)',
  },
  addValidation: { 'zh-Hant': '新增驗證規則', 'zh-Hans': '添加验证规则', en: 'Add a validation' },
  removeValidation: {
    'zh-Hant': (n: string) => `刪除規則 ${n}`,
    'zh-Hans': (n: string) => `删除规则 ${n}`,
    en: (n: string) => `Remove rule ${n}`,
  },
  maxYuan: { 'zh-Hant': '最大金額（元）', 'zh-Hans': '最大金额（元）', en: 'Maximum (yuan)' },
  minLength: { 'zh-Hant': '最少字數', 'zh-Hans': '最少字数', en: 'Minimum length' },
  maxLength: { 'zh-Hant': '最多字數', 'zh-Hans': '最多字数', en: 'Maximum length' },
  pattern: { 'zh-Hant': '規則運算式', 'zh-Hans': '规则表达式', en: 'Pattern (regular expression)' },
  options: { 'zh-Hant': '選項', 'zh-Hans': '选项', en: 'Options' },
  optionValue: { 'zh-Hant': '值', 'zh-Hans': '值', en: 'Value' },
  addOption: { 'zh-Hant': '新增選項', 'zh-Hans': '添加选项', en: 'Add an option' },
  removeOption: {
    'zh-Hant': (n: string) => `刪除選項 ${n}`,
    'zh-Hans': (n: string) => `删除选项 ${n}`,
    en: (n: string) => `Remove option ${n}`,
  },
  option: {
    'zh-Hant': (n: string) => `選項 ${n}`,
    'zh-Hans': (n: string) => `选项 ${n}`,
    en: (n: string) => `Option ${n}`,
  },
  optionUp: {
    'zh-Hant': (n: string) => `上移選項 ${n}`,
    'zh-Hans': (n: string) => `上移选项 ${n}`,
    en: (n: string) => `Move option ${n} up`,
  },
  optionDown: {
    'zh-Hant': (n: string) => `下移選項 ${n}`,
    'zh-Hans': (n: string) => `下移选项 ${n}`,
    en: (n: string) => `Move option ${n} down`,
  },
  repeatable: {
    'zh-Hant': '可重複（多筆）',
    'zh-Hans': '可重复（多笔）',
    en: 'Repeatable (a list of entries)',
  },
  minItems: { 'zh-Hant': '最少筆數', 'zh-Hans': '最少笔数', en: 'Minimum entries' },
  maxItems: { 'zh-Hant': '最多筆數', 'zh-Hans': '最多笔数', en: 'Maximum entries' },
  groupChildren: {
    'zh-Hant': '選取群組後，新增的欄位會放入群組內。',
    'zh-Hans': '选取群组后，添加的字段会放入群组内。',
    en: 'With a group selected, new fields go inside it.',
  },
  preview: {
    'zh-Hant': '預覽（與承辦人員所見相同）',
    'zh-Hans': '预览（与承办人员所见相同）',
    en: 'Preview (as staff see it)',
  },
  previewVariables: {
    'zh-Hant': '預覽用流程變數（JSON）',
    'zh-Hans': '预览用流程变量（JSON）',
    en: 'Preview process variables (JSON)',
  },
  previewClock: {
    'zh-Hant': (day: string, zone: string, process: string) =>
      `預覽以引擎時鐘計算：today() 為 ${day}（${zone}，使用此表單的流程 ${process} 的時區）。`,
    'zh-Hans': (day: string, zone: string, process: string) =>
      `预览以引擎时钟计算：today() 为 ${day}（${zone}，使用此表单的流程 ${process} 的时区）。`,
    en: (day: string, zone: string, process: string) =>
      `The preview runs on the engine's clock: today() is ${day} (${zone}, the zone of ${process}, which uses this form).`,
  },
  previewClockUnused: {
    'zh-Hant': (day: string, zone: string) =>
      `預覽以引擎時鐘計算：today() 為 ${day}（${zone}；尚無流程使用此表單）。`,
    'zh-Hans': (day: string, zone: string) =>
      `预览以引擎时钟计算：today() 为 ${day}（${zone}；尚无流程使用此表单）。`,
    en: (day: string, zone: string) =>
      `The preview runs on the engine's clock: today() is ${day} (${zone}; no process uses this form yet).`,
  },
  previewBrowserClock: {
    'zh-Hant': '預覽以瀏覽器時鐘計算，日期以 UTC 計（表單發布後改用引擎時鐘及流程時區）。',
    'zh-Hans': '预览以浏览器时钟计算，日期以 UTC 计（表单发布后改用引擎时钟及流程时区）。',
    en: "The preview runs on the browser's clock, days in UTC (once the form is published, on the engine's clock in its process's zone).",
  },
  json: { 'zh-Hant': 'JSON', 'zh-Hans': 'JSON', en: 'JSON' },
  jsonInvalid: {
    'zh-Hant': (m: string) => `JSON 無效，未套用：${m}`,
    'zh-Hans': (m: string) => `JSON 无效，未套用：${m}`,
    en: (m: string) => `Invalid JSON, not applied: ${m}`,
  },
  jsonNotForm: {
    'zh-Hant': (m: string) => `不是表單定義，未套用：${m}`,
    'zh-Hans': (m: string) => `不是表单定义，未套用：${m}`,
    en: (m: string) => `Not a form definition, not applied: ${m}`,
  },
  // computed values, layout and wizard pages (renderer)
  computed: {
    'zh-Hant': '自動計算，提交時由系統重新計算',
    'zh-Hans': '自动计算，提交时由系统重新计算',
    en: 'Calculated automatically; the system recalculates it on submit',
  },
  notComputed: {
    'zh-Hant': '（尚無法計算）',
    'zh-Hans': '（尚无法计算）',
    en: '(not yet calculated)',
  },
  steps: { 'zh-Hant': '步驟', 'zh-Hans': '步骤', en: 'Steps' },
  stepOf: {
    'zh-Hant': (n: string, total: string) => `第 ${n} 步，共 ${total} 步`,
    'zh-Hans': (n: string, total: string) => `第 ${n} 步，共 ${total} 步`,
    en: (n: string, total: string) => `Step ${n} of ${total}`,
  },
  next: { 'zh-Hant': '下一步', 'zh-Hans': '下一步', en: 'Next' },
  back: { 'zh-Hant': '上一步', 'zh-Hans': '上一步', en: 'Back' },
  pageProblems: {
    'zh-Hant': '請先修正本頁的問題再繼續：',
    'zh-Hans': '请先修正本页的问题再继续：',
    en: 'Fix the problems on this page before you go on:',
  },
  pageShown: {
    'zh-Hant': (title: string, n: string, total: string) =>
      `${title}（第 ${n} 步，共 ${total} 步）`,
    'zh-Hans': (title: string, n: string, total: string) =>
      `${title}（第 ${n} 步，共 ${total} 步）`,
    en: (title: string, n: string, total: string) => `${title} (step ${n} of ${total})`,
  },
  // file fields (renderer)
  fileAccept: {
    'zh-Hant': (types: string) => `接受：${types}`,
    'zh-Hans': (types: string) => `接受：${types}`,
    en: (types: string) => `Accepted: ${types}`,
  },
  fileLimits: {
    'zh-Hant': (size: string, count: string) => `每個檔案最大 ${size}，最多 ${count} 個`,
    'zh-Hans': (size: string, count: string) => `每个文件最大 ${size}，最多 ${count} 个`,
    en: (size: string, count: string) => `Up to ${size} per file, at most ${count} files`,
  },
  fileAdded: {
    'zh-Hant': (field: string, name: string) => `已將 ${name} 加入 ${field}`,
    'zh-Hans': (field: string, name: string) => `已将 ${name} 加入 ${field}`,
    en: (field: string, name: string) => `Added ${name} to ${field}`,
  },
  fileUploading: { 'zh-Hant': '上傳中…', 'zh-Hans': '上传中…', en: 'Uploading…' },
  fileRemove: {
    'zh-Hant': (name: string) => `移除 ${name}`,
    'zh-Hans': (name: string) => `移除 ${name}`,
    en: (name: string) => `Remove ${name}`,
  },
  fileUnavailable: {
    'zh-Hant': '此處無法上傳檔案（預覽）',
    'zh-Hans': '此处无法上传文件（预览）',
    en: 'Files cannot be uploaded here (preview)',
  },
  fileFailed: {
    'zh-Hant': (name: string, m: string) => `${name} 上傳失敗：${m}`,
    'zh-Hans': (name: string, m: string) => `${name} 上传失败：${m}`,
    en: (name: string, m: string) => `${name} was not uploaded: ${m}`,
  },
  // editor: computed values and layout
  compute: {
    'zh-Hant': '計算公式（FEEL）',
    'zh-Hans': '计算公式（FEEL）',
    en: 'Computed value (FEEL)',
  },
  computeHelp: {
    'zh-Hant': '只能讀取同一層的欄位，例如 sum(invoices.amount)',
    'zh-Hans': '只能读取同一层的字段，例如 sum(invoices.amount)',
    en: 'Reads only the fields of the same level, e.g. sum(invoices.amount)',
  },
  width: { 'zh-Hant': '寬度（欄數）', 'zh-Hans': '宽度（栏数）', en: 'Width (columns)' },
  widthFull: { 'zh-Hant': '整列', 'zh-Hans': '整列', en: 'Full row' },
  columns: { 'zh-Hant': '欄數', 'zh-Hans': '栏数', en: 'Columns' },
  collapsible: { 'zh-Hant': '可摺疊', 'zh-Hans': '可折叠', en: 'Collapsible' },
  description: { 'zh-Hant': '說明段落', 'zh-Hans': '说明段落', en: 'Description' },
  layoutChildren: {
    'zh-Hant': '選取此項目後，從元件列新增的欄位會放入其中；欄位可用 Alt+← / Alt+→ 移出或移入。',
    'zh-Hans': '选取此项目后，从组件列添加的字段会放入其中；字段可用 Alt+← / Alt+→ 移出或移入。',
    en: 'With this selected, fields from the palette go into it; Alt+← / Alt+→ move a field out of or into it.',
  },
  movedInto: {
    'zh-Hant': (field: string, into: string) => `已將 ${field} 移入 ${into}`,
    'zh-Hans': (field: string, into: string) => `已将 ${field} 移入 ${into}`,
    en: (field: string, into: string) => `Moved ${field} into ${into}`,
  },
  movedOut: {
    'zh-Hant': (field: string, into: string) => `已將 ${field} 移出至 ${into}`,
    'zh-Hans': (field: string, into: string) => `已将 ${field} 移出至 ${into}`,
    en: (field: string, into: string) => `Moved ${field} out to ${into}`,
  },
  emptyContainer: {
    'zh-Hant': '（空的：拖曳欄位到這裡，或選取後從元件列新增）',
    'zh-Hans': '（空的：拖曳字段到这里，或选取后从组件列添加）',
    en: '(empty: drag fields here, or select it and add from the palette)',
  },
  formLevel: { 'zh-Hant': '表單', 'zh-Hans': '表单', en: 'the form' },
  accept: {
    'zh-Hant': '接受的檔案類型（MIME，以逗號分隔）',
    'zh-Hans': '接受的文件类型（MIME，以逗号分隔）',
    en: 'Accepted types (MIME, comma-separated)',
  },
  maxSize: {
    'zh-Hant': '檔案大小上限（MB）',
    'zh-Hans': '文件大小上限（MB）',
    en: 'Largest file (MB)',
  },
  maxFiles: { 'zh-Hant': '檔案數上限', 'zh-Hans': '文件数上限', en: 'Most files' },
  // page
  loading: { 'zh-Hant': '載入中…', 'zh-Hans': '加载中…', en: 'Loading…' },
  editForm: {
    'zh-Hant': (id: string) => `編輯表單 ${id}`,
    'zh-Hans': (id: string) => `编辑表单 ${id}`,
    en: (id: string) => `Edit form ${id}`,
  },
  problems: { 'zh-Hant': '檢查結果', 'zh-Hans': '检查结果', en: 'Problems' },
  noProblems: { 'zh-Hant': '沒有問題。', 'zh-Hans': '没有问题。', en: 'No problems.' },
  loadFailed: {
    'zh-Hant': (m: string) => `載入失敗：${m}`,
    'zh-Hans': (m: string) => `加载失败：${m}`,
    en: (m: string) => `Loading failed: ${m}`,
  },
} satisfies Record<string, Record<Lang, Text>>;

export type MessageKey = keyof typeof MESSAGES;

const TYPE_NAMES: Record<string, Record<Lang, string>> = {
  text: { 'zh-Hant': '文字', 'zh-Hans': '文字', en: 'Text' },
  textarea: { 'zh-Hant': '多行文字', 'zh-Hans': '多行文字', en: 'Long text' },
  number: { 'zh-Hant': '數字', 'zh-Hans': '数字', en: 'Number' },
  integer: { 'zh-Hant': '整數', 'zh-Hans': '整数', en: 'Integer' },
  money: { 'zh-Hant': '金額', 'zh-Hans': '金额', en: 'Money' },
  boolean: { 'zh-Hant': '是／否', 'zh-Hans': '是／否', en: 'Yes/no' },
  select: { 'zh-Hant': '單選', 'zh-Hans': '单选', en: 'Select' },
  multiselect: { 'zh-Hant': '多選', 'zh-Hans': '多选', en: 'Multi-select' },
  date: { 'zh-Hant': '日期', 'zh-Hans': '日期', en: 'Date' },
  datetime: { 'zh-Hant': '日期時間', 'zh-Hans': '日期时间', en: 'Date and time' },
  email: { 'zh-Hant': '電子郵件', 'zh-Hans': '电子邮件', en: 'Email' },
  phone: { 'zh-Hant': '電話', 'zh-Hans': '电话', en: 'Phone' },
  group: { 'zh-Hant': '群組', 'zh-Hans': '群组', en: 'Group' },
  file: { 'zh-Hant': '檔案', 'zh-Hans': '文件', en: 'File' },
  section: { 'zh-Hant': '區段', 'zh-Hans': '区段', en: 'Section' },
  page: { 'zh-Hant': '頁面（步驟）', 'zh-Hans': '页面（步骤）', en: 'Page (step)' },
};

/** A field type's name for designers. */
export function typeName(lang: Lang, type: string): string {
  return TYPE_NAMES[type]?.[lang] ?? type;
}

/** The UI text for `key` in `lang`, with its arguments filled in. */
export const t: (lang: Lang, key: MessageKey, ...args: (string | number)[]) => string =
  messagesOf(MESSAGES);
