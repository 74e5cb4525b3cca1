/**
 * The form renderer's and form editor's own UI text, in Traditional Chinese (the default) and
 * English. Definition text (labels, help, options) comes from the definition itself; validation
 * messages come from the engine's validateForm, so they read exactly as the server's.
 *
 * @example
 *   t('en', 'addEntry', 'Witnesses') // 'Add an entry to Witnesses'
 */
import { localized, messagesOf, type Lang, type Text } from '../i18n/own-messages';

export { localized, type Lang };

const MESSAGES = {
  required: { 'zh-Hant': '必填', en: 'required' },
  personalData: {
    'zh-Hant': '個人資料：僅限有權限者檢視，儲存時加密',
    en: 'Personal data: shown only to those allowed, encrypted when stored',
  },
  personalDataBadge: { 'zh-Hant': '個人資料', en: 'Personal data' },
  formatResidentId: {
    'zh-Hant': '18 碼居民身分證號碼，最後一碼可為 X',
    en: '18-character resident ID number; the last may be X',
  },
  formatMobile: {
    'zh-Hant': '11 碼手機號碼，以 1 開頭，可加 +86',
    en: '11-digit mobile number starting with 1, +86 optional',
  },
  moneyHint: { 'zh-Hant': '以元為單位，最多兩位小數', en: 'In yuan, up to 2 decimals' },
  moneyRange: {
    'zh-Hant': (min: string, max: string) => `範圍：${min} 至 ${max} 元`,
    en: (min: string, max: string) => `Range: ${min} to ${max} yuan`,
  },
  moneyMin: {
    'zh-Hant': (min: string) => `最少 ${min} 元`,
    en: (min: string) => `At least ${min} yuan`,
  },
  moneyMax: {
    'zh-Hant': (max: string) => `最多 ${max} 元`,
    en: (max: string) => `At most ${max} yuan`,
  },
  moneyAbove: {
    'zh-Hant': (min: string) => `須多於 ${min} 元`,
    en: (min: string) => `More than ${min} yuan`,
  },
  moneyBelow: {
    'zh-Hant': (max: string) => `須少於 ${max} 元`,
    en: (max: string) => `Less than ${max} yuan`,
  },
  moneyUnparsable: {
    'zh-Hant': '請輸入金額（元），最多兩位小數',
    en: 'Enter an amount in yuan with at most 2 decimals',
  },
  numberUnparsable: { 'zh-Hant': '請輸入數字', en: 'Enter a number' },
  yes: { 'zh-Hant': '是', en: 'Yes' },
  no: { 'zh-Hant': '否', en: 'No' },
  choose: { 'zh-Hant': '請選擇', en: 'Choose' },
  entry: { 'zh-Hant': (n: string) => `第 ${n} 筆`, en: (n: string) => `Entry ${n}` },
  addEntry: {
    'zh-Hant': (label: string) => `新增一筆「${label}」`,
    en: (label: string) => `Add an entry to ${label}`,
  },
  removeEntry: {
    'zh-Hant': (n: string) => `刪除第 ${n} 筆`,
    en: (n: string) => `Remove entry ${n}`,
  },
  entryAdded: {
    'zh-Hant': (label: string, n: string) => `已新增「${label}」第 ${n} 筆`,
    en: (label: string, n: string) => `Added entry ${n} to ${label}`,
  },
  entryRemoved: {
    'zh-Hant': (label: string, n: string) => `已刪除「${label}」第 ${n} 筆`,
    en: (label: string, n: string) => `Removed entry ${n} from ${label}`,
  },
  itemsRange: {
    'zh-Hant': (min: string, max: string) => `${min} 至 ${max} 筆`,
    en: (min: string, max: string) => `${min} to ${max} entries`,
  },
  submit: { 'zh-Hant': '送出', en: 'Submit' },
  errorSummary: { 'zh-Hant': '請修正以下問題', en: 'Please correct the following' },
  formProblem: { 'zh-Hant': '表單', en: 'Form' },
  ruleFailed: {
    'zh-Hant': '表單規則無法計算，請檢查 FEEL 運算式',
    en: 'A form rule could not be evaluated; check the FEEL expressions',
  },
  unknownType: {
    'zh-Hant': (type: string) => `未知的欄位類型：${type}`,
    en: (type: string) => `Unknown field type: ${type}`,
  },
  // editor
  fields: { 'zh-Hant': '欄位', en: 'Fields' },
  noFields: {
    'zh-Hant': '尚無欄位，請從工具列新增。',
    en: 'No fields yet; add one from the palette.',
  },
  palette: { 'zh-Hant': '新增欄位', en: 'Add a field' },
  addType: {
    'zh-Hant': (type: string) => `新增${type}欄位`,
    en: (type: string) => `Add a ${type} field`,
  },
  addLayout: {
    'zh-Hant': (type: string) => `新增${type}`,
    en: (type: string) => `Add a ${type}`,
  },
  addInto: {
    'zh-Hant': (group: string) => `新增的欄位會放入「${group}」。`,
    en: (group: string) => `New fields go into ${group}.`,
  },
  reorderHelp: {
    'zh-Hant':
      '按 Alt+上/下 方向鍵移動欄位，Alt+右 移入上方的群組、區段或頁面，Alt+左 移出；或拖放。',
    en: 'Press Alt+Up or Alt+Down to move a field, Alt+Right to move it into the group, section or page above, Alt+Left to move it out; or drag and drop.',
  },
  moved: {
    'zh-Hant': (label: string, pos: string, total: string) =>
      `「${label}」已移到第 ${pos} 位，共 ${total} 個`,
    en: (label: string, pos: string, total: string) =>
      `${label} moved to position ${pos} of ${total}`,
  },
  added: {
    'zh-Hant': (label: string) => `已新增「${label}」`,
    en: (label: string) => `Added ${label}`,
  },
  removed: {
    'zh-Hant': (label: string) => `已刪除「${label}」`,
    en: (label: string) => `Removed ${label}`,
  },
  moveUp: { 'zh-Hant': (l: string) => `上移「${l}」`, en: (l: string) => `Move ${l} up` },
  moveDown: { 'zh-Hant': (l: string) => `下移「${l}」`, en: (l: string) => `Move ${l} down` },
  removeField: { 'zh-Hant': (l: string) => `刪除「${l}」`, en: (l: string) => `Remove ${l}` },
  properties: { 'zh-Hant': '屬性', en: 'Properties' },
  noSelection: {
    'zh-Hant': '請選擇一個欄位；新欄位加在表單最後。',
    en: 'Select a field; new fields go to the end of the form.',
  },
  deselect: { 'zh-Hant': '取消選取', en: 'Deselect' },
  deselectHelp: {
    'zh-Hant': '不再選取此欄位（Esc 鍵，或點選空白處）',
    en: 'Let go of this field (Escape, or click on empty space)',
  },
  formProperties: { 'zh-Hant': '表單', en: 'Form' },
  formTitle: { 'zh-Hant': '標題', en: 'Title' },
  key: { 'zh-Hant': '鍵名', en: 'Key' },
  keyInvalid: {
    'zh-Hant': '鍵名須以英文字母或底線開頭，只含英數字與底線（最多 64 字）',
    en: 'A key starts with a letter or underscore and has only letters, digits and underscores (64 at most)',
  },
  keyDuplicate: { 'zh-Hant': '同一層已有相同鍵名', en: 'Another field here has this key' },
  type: { 'zh-Hant': '類型', en: 'Type' },
  label: { 'zh-Hant': '標籤', en: 'Label' },
  title: { 'zh-Hant': '標題', en: 'Title' },
  help: { 'zh-Hant': '說明', en: 'Help' },
  inZh: { 'zh-Hant': '中文', en: 'Chinese' },
  inEn: { 'zh-Hant': '英文', en: 'English' },
  /** a label's text in one language: `標題（中文）`, `Title (Chinese)` */
  inLang: {
    'zh-Hant': (label: string, language: string) => `${label}（${language}）`,
    en: (label: string, language: string) => `${label} (${language})`,
  },
  requiredField: { 'zh-Hant': '必填', en: 'Required' },
  requiredIf: { 'zh-Hant': '必填條件（FEEL）', en: 'Required if (FEEL)' },
  visibleIf: { 'zh-Hant': '顯示條件（FEEL）', en: 'Visible if (FEEL)' },
  feelSyntax: {
    'zh-Hant': (m: string) => `FEEL 語法錯誤：${m}`,
    en: (m: string) => `FEEL syntax error: ${m}`,
  },
  sensitive: { 'zh-Hant': '個人資料（敏感）', en: 'Personal data (sensitive)' },
  format: { 'zh-Hant': '格式', en: 'Format' },
  noFormat: { 'zh-Hant': '不限', en: 'Any' },
  min: { 'zh-Hant': '最小值', en: 'Minimum' },
  max: { 'zh-Hant': '最大值', en: 'Maximum' },
  minYuan: { 'zh-Hant': '最小金額（元）', en: 'Minimum (yuan)' },
  maxYuan: { 'zh-Hant': '最大金額（元）', en: 'Maximum (yuan)' },
  minLength: { 'zh-Hant': '最少字數', en: 'Minimum length' },
  maxLength: { 'zh-Hant': '最多字數', en: 'Maximum length' },
  pattern: { 'zh-Hant': '規則運算式', en: 'Pattern (regular expression)' },
  options: { 'zh-Hant': '選項', en: 'Options' },
  optionValue: { 'zh-Hant': '值', en: 'Value' },
  addOption: { 'zh-Hant': '新增選項', en: 'Add an option' },
  removeOption: {
    'zh-Hant': (n: string) => `刪除選項 ${n}`,
    en: (n: string) => `Remove option ${n}`,
  },
  option: { 'zh-Hant': (n: string) => `選項 ${n}`, en: (n: string) => `Option ${n}` },
  optionUp: {
    'zh-Hant': (n: string) => `上移選項 ${n}`,
    en: (n: string) => `Move option ${n} up`,
  },
  optionDown: {
    'zh-Hant': (n: string) => `下移選項 ${n}`,
    en: (n: string) => `Move option ${n} down`,
  },
  repeatable: { 'zh-Hant': '可重複（多筆）', en: 'Repeatable (a list of entries)' },
  minItems: { 'zh-Hant': '最少筆數', en: 'Minimum entries' },
  maxItems: { 'zh-Hant': '最多筆數', en: 'Maximum entries' },
  groupChildren: {
    'zh-Hant': '選取群組後，新增的欄位會放入群組內。',
    en: 'With a group selected, new fields go inside it.',
  },
  preview: { 'zh-Hant': '預覽（與承辦人員所見相同）', en: 'Preview (as staff see it)' },
  previewVariables: { 'zh-Hant': '預覽用流程變數（JSON）', en: 'Preview process variables (JSON)' },
  json: { 'zh-Hant': 'JSON', en: 'JSON' },
  jsonInvalid: {
    'zh-Hant': (m: string) => `JSON 無效，未套用：${m}`,
    en: (m: string) => `Invalid JSON, not applied: ${m}`,
  },
  jsonNotForm: {
    'zh-Hant': (m: string) => `不是表單定義，未套用：${m}`,
    en: (m: string) => `Not a form definition, not applied: ${m}`,
  },
  // computed values, layout and wizard pages (renderer)
  computed: {
    'zh-Hant': '自動計算，提交時由系統重新計算',
    en: 'Calculated automatically; the system recalculates it on submit',
  },
  notComputed: { 'zh-Hant': '（尚無法計算）', en: '(not yet calculated)' },
  steps: { 'zh-Hant': '步驟', en: 'Steps' },
  stepOf: {
    'zh-Hant': (n: string, total: string) => `第 ${n} 步，共 ${total} 步`,
    en: (n: string, total: string) => `Step ${n} of ${total}`,
  },
  next: { 'zh-Hant': '下一步', en: 'Next' },
  back: { 'zh-Hant': '上一步', en: 'Back' },
  pageProblems: {
    'zh-Hant': '請先修正本頁的問題再繼續：',
    en: 'Fix the problems on this page before you go on:',
  },
  pageShown: {
    'zh-Hant': (title: string, n: string, total: string) =>
      `${title}（第 ${n} 步，共 ${total} 步）`,
    en: (title: string, n: string, total: string) => `${title} (step ${n} of ${total})`,
  },
  // file fields (renderer)
  fileAccept: {
    'zh-Hant': (types: string) => `接受：${types}`,
    en: (types: string) => `Accepted: ${types}`,
  },
  fileLimits: {
    'zh-Hant': (size: string, count: string) => `每個檔案最大 ${size}，最多 ${count} 個`,
    en: (size: string, count: string) => `Up to ${size} per file, at most ${count} files`,
  },
  fileAdded: {
    'zh-Hant': (field: string, name: string) => `已將 ${name} 加入 ${field}`,
    en: (field: string, name: string) => `Added ${name} to ${field}`,
  },
  fileUploading: { 'zh-Hant': '上傳中…', en: 'Uploading…' },
  fileRemove: {
    'zh-Hant': (name: string) => `移除 ${name}`,
    en: (name: string) => `Remove ${name}`,
  },
  fileUnavailable: {
    'zh-Hant': '此處無法上傳檔案（預覽）',
    en: 'Files cannot be uploaded here (preview)',
  },
  fileFailed: {
    'zh-Hant': (name: string, m: string) => `${name} 上傳失敗：${m}`,
    en: (name: string, m: string) => `${name} was not uploaded: ${m}`,
  },
  // editor: computed values and layout
  compute: { 'zh-Hant': '計算公式（FEEL）', en: 'Computed value (FEEL)' },
  computeHelp: {
    'zh-Hant': '只能讀取同一層的欄位，例如 sum(invoices.amount)',
    en: 'Reads only the fields of the same level, e.g. sum(invoices.amount)',
  },
  width: { 'zh-Hant': '寬度（欄數）', en: 'Width (columns)' },
  widthFull: { 'zh-Hant': '整列', en: 'Full row' },
  columns: { 'zh-Hant': '欄數', en: 'Columns' },
  collapsible: { 'zh-Hant': '可摺疊', en: 'Collapsible' },
  description: { 'zh-Hant': '說明段落', en: 'Description' },
  layoutChildren: {
    'zh-Hant': '選取此項目後，從元件列新增的欄位會放入其中；欄位可用 Alt+← / Alt+→ 移出或移入。',
    en: 'With this selected, fields from the palette go into it; Alt+← / Alt+→ move a field out of or into it.',
  },
  movedInto: {
    'zh-Hant': (field: string, into: string) => `已將 ${field} 移入 ${into}`,
    en: (field: string, into: string) => `Moved ${field} into ${into}`,
  },
  movedOut: {
    'zh-Hant': (field: string, into: string) => `已將 ${field} 移出至 ${into}`,
    en: (field: string, into: string) => `Moved ${field} out to ${into}`,
  },
  emptyContainer: {
    'zh-Hant': '（空的：拖曳欄位到這裡，或選取後從元件列新增）',
    en: '(empty: drag fields here, or select it and add from the palette)',
  },
  formLevel: { 'zh-Hant': '表單', en: 'the form' },
  accept: {
    'zh-Hant': '接受的檔案類型（MIME，以逗號分隔）',
    en: 'Accepted types (MIME, comma-separated)',
  },
  maxSize: { 'zh-Hant': '檔案大小上限（MB）', en: 'Largest file (MB)' },
  maxFiles: { 'zh-Hant': '檔案數上限', en: 'Most files' },
  // page
  loading: { 'zh-Hant': '載入中…', en: 'Loading…' },
  editForm: { 'zh-Hant': (id: string) => `編輯表單 ${id}`, en: (id: string) => `Edit form ${id}` },
  problems: { 'zh-Hant': '檢查結果', en: 'Problems' },
  noProblems: { 'zh-Hant': '沒有問題。', en: 'No problems.' },
  loadFailed: {
    'zh-Hant': (m: string) => `載入失敗：${m}`,
    en: (m: string) => `Loading failed: ${m}`,
  },
} satisfies Record<string, Record<Lang, Text>>;

export type MessageKey = keyof typeof MESSAGES;

const TYPE_NAMES: Record<string, Record<Lang, string>> = {
  text: { 'zh-Hant': '文字', en: 'Text' },
  textarea: { 'zh-Hant': '多行文字', en: 'Long text' },
  number: { 'zh-Hant': '數字', en: 'Number' },
  integer: { 'zh-Hant': '整數', en: 'Integer' },
  money: { 'zh-Hant': '金額', en: 'Money' },
  boolean: { 'zh-Hant': '是／否', en: 'Yes/no' },
  select: { 'zh-Hant': '單選', en: 'Select' },
  multiselect: { 'zh-Hant': '多選', en: 'Multi-select' },
  date: { 'zh-Hant': '日期', en: 'Date' },
  datetime: { 'zh-Hant': '日期時間', en: 'Date and time' },
  email: { 'zh-Hant': '電子郵件', en: 'Email' },
  phone: { 'zh-Hant': '電話', en: 'Phone' },
  group: { 'zh-Hant': '群組', en: 'Group' },
  file: { 'zh-Hant': '檔案', en: 'File' },
  section: { 'zh-Hant': '區段', en: 'Section' },
  page: { 'zh-Hant': '頁面（步驟）', en: 'Page (step)' },
};

/** A field type's name for designers. */
export function typeName(lang: Lang, type: string): string {
  return TYPE_NAMES[type]?.[lang] ?? type;
}

/** The UI text for `key` in `lang`, with its arguments filled in. */
export const t: (lang: Lang, key: MessageKey, ...args: (string | number)[]) => string =
  messagesOf(MESSAGES);
