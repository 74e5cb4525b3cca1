/**
 * The process editor's own UI text, in Traditional Chinese (the default) and English.
 * Definition text (node names) comes from the definition; problems come from the engine.
 *
 * @example
 *   t('en', 'add', typeName('en', 'userTask')) // 'Add a User task'
 */
import type { NodeType } from './model';

import { localized, messagesOf, type Lang, type Text } from '../i18n/own-messages';

export { localized, type Lang };

const MESSAGES = {
  palette: { 'zh-Hant': '元件', en: 'Palette' },
  add: { 'zh-Hant': (t: string) => `新增${t}`, en: (t: string) => `Add a ${t}` },
  boundaryNeedsHost: {
    'zh-Hant': '先選取一個使用者工作、子流程或等待訊息，再加上邊界計時器',
    en: 'Select a user task, call activity or message catch first, then add a boundary timer',
  },
  errorBoundaryNeedsHost: {
    'zh-Hant': '先選取一個服務工作，再加上錯誤邊界事件',
    en: 'Select a service task first, then add an error boundary',
  },
  errorCode: { 'zh-Hant': '錯誤代碼', en: 'Error code' },
  terminateEndHelp: {
    'zh-Hant': '抵達此處即結束整個案件：其他分支的工作、計時器與等待全部撤銷',
    en: 'Reaching it ends the whole case: the other branches’ tasks, timers and waits are all withdrawn',
  },
  errorCodeHelp: {
    'zh-Hant':
      '外掛回報的業務錯誤代碼（例如 ACCOUNT_CLOSED）；留空則捕捉此工作上其他邊界事件未指名的所有代碼',
    en: 'The business error code the plugin reports (e.g. ACCOUNT_CLOSED); empty catches every code no other boundary on the task names',
  },
  added: { 'zh-Hant': (n: string) => `已新增 ${n}`, en: (n: string) => `Added ${n}` },
  deleted: { 'zh-Hant': (n: string) => `已刪除 ${n}`, en: (n: string) => `Deleted ${n}` },
  connected: {
    'zh-Hant': (a: string, b: string) => `已連接 ${a} → ${b}`,
    en: (a: string, b: string) => `Connected ${a} → ${b}`,
  },
  refused: {
    'zh-Hant': '無法連接：起點不能有進入的流程、終點不能有離開的流程、不能重複或連到自己',
    en: 'Cannot connect: nothing flows into a start or out of an end, into a boundary timer, to itself, or twice',
  },
  toolbar: { 'zh-Hant': '編輯', en: 'Edit' },
  undo: { 'zh-Hant': '復原', en: 'Undo' },
  redo: { 'zh-Hant': '重做', en: 'Redo' },
  fit: { 'zh-Hant': '縮放至全圖', en: 'Zoom to fit' },
  relayout: { 'zh-Hant': '自動排版', en: 'Auto layout' },
  deleteSelected: { 'zh-Hant': '刪除選取', en: 'Delete selection' },
  canvas: { 'zh-Hant': '流程圖', en: 'Process diagram' },
  canvasHelp: {
    'zh-Hant':
      '在流程圖上：方向鍵平移（Shift 加快）、+ 與 - 縮放、0 縮放至全圖；捲動或觸控板雙指平移，Ctrl 加捲動或雙指捏合縮放。Tab 鍵移到節點，方向鍵移動選取的節點，Delete 刪除，Ctrl+Z 復原，Ctrl+Shift+Z 重做。從節點右側的把手拖曳到另一節點以連接，或使用屬性面板的「連接到」。',
    en: 'On the diagram: arrow keys pan (Shift: further), + and - zoom, 0 zooms to fit; scroll or two fingers pan, Ctrl+scroll or a pinch zooms. Tab to a node, arrow keys move the selected node, Delete removes it, Ctrl+Z undoes, Ctrl+Shift+Z redoes. Drag from a node’s right handle to another node to connect, or use “Connect to” in the properties.',
  },
  controls: { 'zh-Hant': '縮放控制', en: 'Zoom controls' },
  zoomIn: { 'zh-Hant': '放大', en: 'Zoom in' },
  zoomOut: { 'zh-Hant': '縮小', en: 'Zoom out' },
  minimap: { 'zh-Hant': '縮圖（拖曳以平移）', en: 'Mini map (drag to pan)' },
  handle: { 'zh-Hant': '連接把手', en: 'Connection handle' },
  nodeHelp: {
    'zh-Hant': '按 Enter 或空白鍵選取節點，方向鍵移動，Delete 刪除，Esc 取消。',
    en: 'Press Enter or Space to select the node, arrow keys to move it, Delete to remove it, Escape to cancel.',
  },
  edgeHelp: {
    'zh-Hant': '按 Enter 或空白鍵選取流程，Delete 刪除，Esc 取消。',
    en: 'Press Enter or Space to select the flow, Delete to remove it, Escape to cancel.',
  },
  properties: { 'zh-Hant': '屬性', en: 'Properties' },
  nothingSelected: {
    'zh-Hant': '選取一個節點或流程以編輯其屬性。',
    en: 'Select a node or a flow to edit its properties.',
  },
  id: { 'zh-Hant': '識別碼', en: 'Id' },
  idTaken: { 'zh-Hant': '識別碼已被使用或格式不符', en: 'Id already used or not valid' },
  type: { 'zh-Hant': '類型', en: 'Type' },
  name: { 'zh-Hant': '名稱', en: 'Name' },
  description: { 'zh-Hant': '說明', en: 'Description' },
  zhHant: { 'zh-Hant': '中文', en: 'Chinese' },
  en: { 'zh-Hant': '英文', en: 'English' },
  form: { 'zh-Hant': '表單', en: 'Form' },
  formId: { 'zh-Hant': '表單識別碼', en: 'Form id' },
  processRef: { 'zh-Hant': '子流程', en: 'Process' },
  processId: { 'zh-Hant': '流程識別碼', en: 'Process id' },
  version: { 'zh-Hant': '版本（空白為最新）', en: 'Version (empty: latest)' },
  assignee: { 'zh-Hant': '負責人', en: 'Assignee' },
  candidateGroups: { 'zh-Hant': '候選群組', en: 'Candidate groups' },
  candidateUsers: { 'zh-Hant': '候選使用者', en: 'Candidate users' },
  useExpression: { 'zh-Hant': '運算式（FEEL）', en: 'Expression (FEEL)' },
  expressionOf: { 'zh-Hant': (l: string) => `${l}（FEEL）`, en: (l: string) => `${l} (FEEL)` },
  pickUser: { 'zh-Hant': '使用者', en: 'User' },
  pickUsers: { 'zh-Hant': '使用者', en: 'Users' },
  pickGroups: { 'zh-Hant': '群組', en: 'Groups' },
  unknownUser: {
    'zh-Hant': (u: string) => `引擎沒有使用者 ${u}。`,
    en: (u: string) => `The engine has no user ${u}.`,
  },
  unknownGroup: {
    'zh-Hant': (g: string) => `引擎沒有群組 ${g}（可在「使用者與群組」建立）。`,
    en: (g: string) => `The engine has no group ${g} (create it under Users and groups).`,
  },
  userDisabled: { 'zh-Hant': '已停用', en: 'disabled' },
  groupMembers: {
    'zh-Hant': (n: string) => `${n} 位成員`,
    en: (n: string) => (n === '1' ? '1 member' : `${n} members`),
  },
  groupEmpty: {
    'zh-Hant': (g: string) => `${g} 沒有啟用中的成員：工作不會有人看到。`,
    en: (g: string) => `${g} has no enabled member: nobody would see the task.`,
  },
  userIsDisabled: {
    'zh-Hant': (u: string) => `${u} 已停用：看不到工作。`,
    en: (u: string) => `${u} is disabled and cannot see the task.`,
  },
  priority: { 'zh-Hant': '優先順序（FEEL，0–100）', en: 'Priority (FEEL, 0–100)' },
  dueDate: { 'zh-Hant': '到期日', en: 'Due date' },
  timer: { 'zh-Hant': '計時', en: 'Timer' },
  timerKind: { 'zh-Hant': '計時方式', en: 'Timer kind' },
  none: { 'zh-Hant': '無', en: 'None' },
  duration: { 'zh-Hant': '期間（ISO 8601，例如 P3D）', en: 'Duration (ISO 8601, e.g. P3D)' },
  durationExpression: { 'zh-Hant': '期間運算式（FEEL）', en: 'Duration expression (FEEL)' },
  dateExpression: { 'zh-Hant': '日期時間運算式（FEEL）', en: 'Date-time expression (FEEL)' },
  badDuration: { 'zh-Hant': '不是 ISO 8601 期間', en: 'Not an ISO 8601 duration' },
  prefill: { 'zh-Hant': '預填（欄位 ← FEEL）', en: 'Prefill (field ← FEEL)' },
  output: { 'zh-Hant': '輸出（變數 ← FEEL）', en: 'Output (variable ← FEEL)' },
  input: { 'zh-Hant': '輸入（名稱 ← FEEL）', en: 'Input (name ← FEEL)' },
  mappingKey: { 'zh-Hant': '名稱', en: 'Name' },
  mappingValue: { 'zh-Hant': '運算式', en: 'Expression' },
  addMapping: { 'zh-Hant': '新增對應', en: 'Add a mapping' },
  removeMapping: {
    'zh-Hant': (k: string) => `移除對應 ${k}`,
    en: (k: string) => `Remove mapping ${k}`,
  },
  action: {
    'zh-Hant': '動作（noop、set-variables 或 外掛/動作）',
    en: 'Action (noop, set-variables or plugin/action)',
  },
  outcome: { 'zh-Hant': '結果', en: 'Outcome' },
  message: { 'zh-Hant': '訊息名稱', en: 'Message name' },
  correlationKey: { 'zh-Hant': '關聯鍵（FEEL）', en: 'Correlation key (FEEL)' },
  attachedTo: { 'zh-Hant': '附著於', en: 'Attached to' },
  interrupting: { 'zh-Hant': '中斷主工作', en: 'Interrupting' },
  defaultFlow: { 'zh-Hant': '預設流程', en: 'Default flow' },
  outgoing: { 'zh-Hant': '離開的流程', en: 'Outgoing flows' },
  condition: { 'zh-Hant': '條件（FEEL）', en: 'Condition (FEEL)' },
  conditionOf: {
    'zh-Hant': (to: string) => `往 ${to} 的條件（FEEL）`,
    en: (to: string) => `Condition to ${to} (FEEL)`,
  },
  noOutgoing: { 'zh-Hant': '尚無離開的流程。', en: 'No outgoing flow yet.' },
  connectTo: { 'zh-Hant': '連接到', en: 'Connect to' },
  connectChoose: { 'zh-Hant': '選擇節點…', en: 'Choose a node…' },
  connect: { 'zh-Hant': '連接', en: 'Connect' },
  flow: { 'zh-Hant': '流程', en: 'Flow' },
  from: { 'zh-Hant': '從', en: 'From' },
  to: { 'zh-Hant': '到', en: 'To' },
  conditionOnlyGateway: {
    'zh-Hant': '只有離開互斥閘道的流程可以有條件。',
    en: 'Only a flow leaving an exclusive gateway can have a condition.',
  },
  feelSyntax: {
    'zh-Hant': (e: string) => `FEEL 語法錯誤：${e}`,
    en: (e: string) => `FEEL syntax error: ${e}`,
  },
  problems: { 'zh-Hant': '問題', en: 'Problems' },
  warningCount: {
    'zh-Hant': (n: string) => `${n} 個警告`,
    en: (n: string) => (n === '1' ? '1 warning' : `${n} warnings`),
  },
  problemKind: { 'zh-Hant': '問題', en: 'Problem' },
  savedScenario: {
    'zh-Hant': (f: string) => `已儲存的情境（${f}）`,
    en: (f: string) => `Saved scenario (${f})`,
  },
  warningKind: { 'zh-Hant': '警告', en: 'Warning' },
  problemHelp: {
    'zh-Hant': '問題會阻止發佈；警告不會。點選一項即可選取它所指的節點、流程或欄位。',
    en: 'Problems stop publishing; warnings do not. Click one to select the node, flow or field it is about.',
  },
  contextField: { 'zh-Hant': '工作畫面顯示的案件內容', en: 'Case context shown' },
  retryField: { 'zh-Hant': '重試', en: 'Retries' },
  nodesField: { 'zh-Hant': '節點', en: 'Nodes' },
  flowsField: { 'zh-Hant': '流程線', en: 'Flows' },
  noProblems: { 'zh-Hant': '沒有問題。', en: 'No problems.' },
  problemCount: {
    'zh-Hant': (n: string) => `${n} 個問題`,
    en: (n: string) => (n === '1' ? '1 problem' : `${n} problems`),
  },
  defaultFlowLabel: { 'zh-Hant': '預設', en: 'default' },
  // The page around the editor.
  editTitle: {
    'zh-Hant': (n: string) => `編輯流程：${n}`,
    en: (n: string) => `Edit process: ${n}`,
  },
  back: { 'zh-Hant': '回到定義與版本', en: 'Back to the definition and its versions' },
  notAProcess: { 'zh-Hant': '這不是流程定義。', en: 'This is not a process definition.' },
  businessKey: {
    'zh-Hant': '業務鍵（FEEL，未提供時由開始變數計算）',
    en: 'Business key (FEEL, computed from the start variables when none is given)',
  },
  businessKeyUnique: {
    'zh-Hant': '業務鍵不可重複（同一流程的進行中案件）',
    en: 'Unique among open cases of this process',
  },
  // The editor's views.
  views: { 'zh-Hant': '檢視', en: 'Views' },
  viewDiagram: { 'zh-Hant': '流程圖', en: 'Diagram' },
  viewSettings: { 'zh-Hant': '流程設定', en: 'Settings' },
  viewJson: { 'zh-Hant': 'JSON', en: 'JSON' },
  jsonLabel: { 'zh-Hant': '流程定義（JSON）', en: 'Process definition (JSON)' },
  jsonSyntax: { 'zh-Hant': 'JSON 語法錯誤', en: 'JSON syntax error' },
  jsonAt: {
    'zh-Hant': (l: string, c: string) => `（第 ${l} 行第 ${c} 字）`,
    en: (l: string, c: string) => `(line ${l}, column ${c})`,
  },
  jsonNotProcess: {
    'zh-Hant': '這不是流程：需要 nodes 與 flows 清單。',
    en: 'This is not a process: it needs nodes and flows lists.',
  },
  jsonIdFixed: {
    'zh-Hant': (id: string) => `識別碼必須是 ${id}（另存為其他流程請用新的識別碼開啟編輯器）。`,
    en: (id: string) => `The id must stay ${id} (open the editor on a new id for another process).`,
  },
  jsonValid: {
    'zh-Hant': 'JSON 正確，引擎沒有發現問題。',
    en: 'Valid JSON; the engine finds no problems.',
  },
  jsonProblems: {
    'zh-Hant': (n: string) => `JSON 正確；引擎發現 ${n} 個問題（見問題清單）。`,
    en: (n: string) =>
      `Valid JSON; the engine finds ${n === '1' ? '1 problem' : `${n} problems`} (see the list).`,
  },
  summaryShape: { 'zh-Hant': '內容', en: 'Contents' },
  summaryCounts: {
    'zh-Hant': (n: string, f: string) => `${n} 個節點、${f} 條流程`,
    en: (n: string, f: string) => `${n} nodes, ${f} flows`,
  },
  yes: { 'zh-Hant': '是', en: 'yes' },
  no: { 'zh-Hant': '否', en: 'no' },
  openSettings: { 'zh-Hant': '開啟流程設定', en: 'Open the process settings' },
  // Process settings.
  settings: { 'zh-Hant': '流程設定', en: 'Process settings' },
  settingsNames: { 'zh-Hant': '名稱與說明', en: 'Name and description' },
  processName: { 'zh-Hant': '流程名稱', en: 'Process name' },
  settingsStart: { 'zh-Hant': '開始', en: 'Start' },
  startForm: { 'zh-Hant': '開始表單', en: 'Start form' },
  noStartNode: {
    'zh-Hant': '流程還沒有開始節點；在流程圖加上一個，再選擇開始表單。',
    en: 'The process has no start node yet; add one on the diagram, then choose its form.',
  },
  settingsPublic: { 'zh-Hant': '客戶', en: 'Customers' },
  publicIntake: {
    'zh-Hant': '客戶可在線上提出（公開申請）',
    en: 'Customers may report online (public intake)',
  },
  publicIntakeHint: {
    'zh-Hant': (path: string) => `客戶不需登入，在 ${path} 填寫開始表單；送出後取得追蹤連結。`,
    en: (path: string) =>
      `Customers fill in the start form at ${path} without signing in, and get a tracking link.`,
  },
  publicIntakeNoForm: {
    'zh-Hant': '公開申請需要開始表單。',
    en: 'Public intake needs a start form.',
  },
  publicReference: {
    'zh-Hant': '接收案件參考編號的變數（選填）',
    en: 'Variable receiving the case reference (optional)',
  },
  publicReferenceHint: {
    'zh-Hant':
      '客戶看到的是引擎產生的參考編號（XXXX-XXXX-XXXX），不是業務鍵；開始表單不可詢問此變數。',
    en: 'Customers see the reference the engine makes (XXXX-XXXX-XXXX), never the business key; the start form must not ask for this variable.',
  },
  customerSteps: { 'zh-Hant': '客戶看到的進度', en: 'Progress customers see' },
  customerStepsHint: {
    'zh-Hant': '依序列出；每一步以客戶的話命名，並涵蓋它代表的節點（客戶看不到節點）。',
    en: 'In order; each step in the customer’s words, covering the nodes it stands for (never shown).',
  },
  stepN: { 'zh-Hant': (n: string) => `第 ${n} 步`, en: (n: string) => `Step ${n}` },
  moveUp: { 'zh-Hant': (n: string) => `第 ${n} 項上移`, en: (n: string) => `Move item ${n} up` },
  moveDown: {
    'zh-Hant': (n: string) => `第 ${n} 項下移`,
    en: (n: string) => `Move item ${n} down`,
  },
  remove: { 'zh-Hant': '移除', en: 'Remove' },
  removeStep: { 'zh-Hant': (n: string) => `移除第 ${n} 步`, en: (n: string) => `Remove step ${n}` },
  stepLabel: { 'zh-Hant': '客戶看到的名稱', en: 'What customers read' },
  stepNodes: { 'zh-Hant': '涵蓋的節點', en: 'Nodes it covers' },
  noSuchNode: {
    'zh-Hant': (id: string) => `流程沒有節點 ${id}。`,
    en: (id: string) => `The process has no node ${id}.`,
  },
  addStep: { 'zh-Hant': '新增步驟', en: 'Add a step' },
  customerUploads: { 'zh-Hant': '客戶上傳的文件', en: 'Documents customers upload' },
  customerUploadsHint: {
    'zh-Hant': '客戶在追蹤頁上傳文件，回覆流程正在等待的訊息。',
    en: 'Customers upload documents on the tracking page, answering a message the process waits for.',
  },
  uploadN: { 'zh-Hant': (n: string) => `第 ${n} 項文件`, en: (n: string) => `Upload ${n}` },
  removeUpload: {
    'zh-Hant': (n: string) => `移除第 ${n} 項文件`,
    en: (n: string) => `Remove upload ${n}`,
  },
  uploadMessage: { 'zh-Hant': '回覆的訊息', en: 'Message it answers' },
  noCatchFor: {
    'zh-Hant': (m: string) => `流程沒有等待訊息 ${m} 的節點。`,
    en: (m: string) => `No message catch of the process waits for ${m}.`,
  },
  uploadLabel: { 'zh-Hant': '要求客戶提供的文件', en: 'What customers are asked for' },
  addUpload: { 'zh-Hant': '新增上傳文件', en: 'Add an upload' },
  settingsSearch: { 'zh-Hant': '案件搜尋', en: 'Case search' },
  searchHint: {
    'zh-Hant': '案件搜尋與相關案件依這些變數找到案件；身分證與電話號碼只以雜湊索引。',
    en: 'Case search and related cases find a case by these variables; ID and phone numbers are indexed as digests only.',
  },
  search_customerName: { 'zh-Hant': '客戶姓名', en: 'Customer name' },
  search_idNumber: { 'zh-Hant': '身分證號碼', en: 'ID number' },
  search_phone: { 'zh-Hant': '電話號碼', en: 'Phone number' },
  search_policyNumber: { 'zh-Hant': '保單號碼', en: 'Policy number' },
  search_claimNumber: { 'zh-Hant': '理賠編號', en: 'Claim number' },
  notAVariable: {
    'zh-Hant': (v: string) => `流程沒有變數 ${v}。`,
    en: (v: string) => `The process has no variable ${v}.`,
  },
  settingsRetention: { 'zh-Hant': '保存期限', en: 'Retention' },
  retention: {
    'zh-Hant': '結案後保留個人資料的期間（ISO 8601）',
    en: 'How long closed cases keep personal data (ISO 8601)',
  },
  retentionHint: {
    'zh-Hant': '例如 P7Y（7 年）、P6M（6 個月）；空白為永久保留。',
    en: 'For example P7Y (7 years), P6M (6 months); empty keeps it for ever.',
  },
  retentionReads: { 'zh-Hant': (d: string) => `= ${d}`, en: (d: string) => `= ${d}` },
  issueBothLanguages: {
    'zh-Hant': '中文與英文都要填寫。',
    en: 'Write it in both Chinese and English.',
  },
  settingsTime: { 'zh-Hant': '時間', en: 'Time' },
  timeZone: {
    'zh-Hant': '計時器與到期日的時區',
    en: 'Time zone of timers and due dates',
  },
  timeZoneHint: {
    'zh-Hant':
      '計時器、到期日與保存期限的天、週、月、年依此時區計算（例如 Asia/Shanghai）；空白為 UTC。',
    en: 'Days, weeks, months and years of timers, due dates and retention are counted in this zone (e.g. Asia/Shanghai); empty: UTC.',
  },
  issueTimeZone: {
    'zh-Hant': '不是 IANA 時區名稱，例如 Asia/Shanghai、Europe/Berlin。',
    en: 'Not an IANA time zone name, e.g. Asia/Shanghai, Europe/Berlin.',
  },
  issueDuration: {
    'zh-Hant': '不是 ISO 8601 期間：以 P 開頭，例如 P7Y、P18M、P30D。',
    en: 'Not an ISO 8601 duration: start with P, e.g. P7Y, P18M, P30D.',
  },
  issueVariableName: {
    'zh-Hant': '變數名稱只能有英文字母、數字與底線，且不以數字開頭。',
    en: 'A variable name has letters, digits and _ only, and does not start with a digit.',
  },
  issueStepNodes: {
    'zh-Hant': '選擇這一步涵蓋的節點（至少一個）。',
    en: 'Choose the nodes this step covers (at least one).',
  },
  issueUnknownNode: {
    'zh-Hant': '有節點已不在流程中；移除它。',
    en: 'A node is no longer in the process; remove it.',
  },
  issueUploadMessage: {
    'zh-Hant': '選擇客戶上傳時回覆的訊息。',
    en: 'Choose the message the upload answers.',
  },
  // Multi-select pickers.
  chosen: { 'zh-Hant': (l: string) => `已選的${l}`, en: (l: string) => `Chosen: ${l}` },
  removeChoice: { 'zh-Hant': (v: string) => `移除 ${v}`, en: (v: string) => `Remove ${v}` },
  typeToSearch: { 'zh-Hant': '輸入以搜尋…', en: 'Type to search…' },
  // Pickers.
  choicesList: { 'zh-Hant': '選項', en: 'Choices' },
  choices: {
    'zh-Hant': (n: string) => `${n} 個選項`,
    en: (n: string) => (n === '1' ? '1 choice' : `${n} choices`),
  },
  versions: {
    'zh-Hant': (v: string) => `版本 ${v}`,
    en: (v: string) => `versions ${v}`,
  },
  unknownForm: {
    'zh-Hant': (id: string) => `引擎沒有表單 ${id}`,
    en: (id: string) => `The engine has no form ${id}`,
  },
  unknownProcess: {
    'zh-Hant': (id: string) => `引擎沒有流程 ${id}`,
    en: (id: string) => `The engine has no process ${id}`,
  },
  unknownAction: {
    'zh-Hant': (id: string) => `引擎沒有動作 ${id}`,
    en: (id: string) => `The engine has no action ${id}`,
  },
  unknownVersion: {
    'zh-Hant': (v: string) => `沒有此版本；現有版本：${v}`,
    en: (v: string) => `No such version; there are: ${v}`,
  },
  usedBy: {
    'zh-Hant': (p: string) => `使用於 ${p}`,
    en: (p: string) => `used by ${p}`,
  },
  openFormEditor: {
    'zh-Hant': (id: string) => `在表單編輯器開啟 ${id}`,
    en: (id: string) => `Open ${id} in the form editor`,
  },
  openProcess: {
    'zh-Hant': (id: string) => `開啟流程 ${id}`,
    en: (id: string) => `Open process ${id}`,
  },
  // A service task's action and the mappings generated from its schemas.
  actionInput: { 'zh-Hant': '動作的輸入', en: 'Action input' },
  actionOutput: { 'zh-Hant': '動作的結果', en: 'Action result' },
  required: { 'zh-Hant': '必填', en: 'required' },
  sensitive: { 'zh-Hant': '個人資料', en: 'personal data' },
  missingRequired: {
    'zh-Hant': (k: string) => `必填的輸入 ${k} 尚未對應`,
    en: (k: string) => `Required input ${k} is not mapped`,
  },
  notAnInput: {
    'zh-Hant': (k: string) => `${k} 不是此動作的輸入`,
    en: (k: string) => `${k} is not an input of this action`,
  },
  extraInputs: { 'zh-Hant': '其他輸入', en: 'Other inputs' },
  storeIn: {
    'zh-Hant': (k: string) => `將結果 ${k} 存入變數`,
    en: (k: string) => `Store result ${k} in variable`,
  },
  badVariable: {
    'zh-Hant': '變數名稱只能有英文字母、數字與底線，且不以數字開頭',
    en: 'A variable name has letters, digits and _ only, and does not start with a digit',
  },
  noSchema: {
    'zh-Hant': '此動作沒有宣告輸入與輸出格式。',
    en: 'This action declares no input or output schema.',
  },
  // Completion: where a variable comes from, and its type.
  latest: { 'zh-Hant': '（最新版）', en: ' (latest)' },
  originStartForm: {
    'zh-Hant': (f: string, v: string) => `來自開始表單 ${f}${v}`,
    en: (f: string, v: string) => `from start form ${f}${v}`,
  },
  originStartInput: {
    'zh-Hant': (by: string) => `由啟動者傳入（${by}）`,
    en: (by: string) => `passed in by ${by}`,
  },
  originCaseReference: {
    'zh-Hant': '案件參考編號（引擎指定）',
    en: 'the case reference (given by the engine)',
  },
  originTrackingLink: {
    'zh-Hant': '客戶的查詢連結（網上報案時由引擎指定）',
    en: "the customer's tracking link (given by the engine at online intake)",
  },
  originCustomerLanguage: {
    'zh-Hant': '客戶報案時使用的語言（引擎指定）',
    en: 'the language the customer reported in (given by the engine)',
  },
  originTaskForm: {
    'zh-Hant': (f: string, v: string, n: string) => `來自工作 ${n} 的表單 ${f}${v}`,
    en: (f: string, v: string, n: string) => `from form ${f}${v} of task ${n}`,
  },
  originTaskOutput: {
    'zh-Hant': (n: string) => `工作 ${n} 的輸出`,
    en: (n: string) => `output of task ${n}`,
  },
  originSetVariables: {
    'zh-Hant': (n: string) => `由 ${n} 設定`,
    en: (n: string) => `set by ${n}`,
  },
  originServiceOutput: {
    'zh-Hant': (n: string, a: string) => `${n}（${a}）的輸出`,
    en: (n: string, a: string) => `output of ${n} (${a})`,
  },
  originMessageOutput: {
    'zh-Hant': (n: string, m: string) => `來自訊息 ${m}（${n}）`,
    en: (n: string, m: string) => `from message ${m} (${n})`,
  },
  originCallOutput: {
    'zh-Hant': (n: string, p: string) => `來自子流程 ${p}（${n}）`,
    en: (n: string, p: string) => `from process ${p} (${n})`,
  },
  localForm: { 'zh-Hant': '本工作送出的表單', en: "this task's submitted form" },
  localResult: { 'zh-Hant': '本動作的結果', en: "this action's result" },
  localMessage: { 'zh-Hant': '收到的訊息內容', en: 'the received message' },
  localChild: { 'zh-Hant': '子流程結束時的變數', en: "the called process's variables" },
  localOutcome: { 'zh-Hant': '子流程的結果', en: "the called process's outcome" },
  localError: {
    'zh-Hant': '捕捉到的錯誤（code、message、details）',
    en: 'the error caught (code, message, details)',
  },
  originErrorOutput: {
    'zh-Hant': (n: string, code: string) => `來自錯誤邊界事件 ${n}（${code}）`,
    en: (n: string, code: string) => `from the error boundary ${n} (${code})`,
  },
  anyErrorCode: { 'zh-Hant': '任何代碼', en: 'any code' },
  builtin: { 'zh-Hant': 'FEEL 函式', en: 'FEEL function' },
  personalData: { 'zh-Hant': '個人資料', en: 'personal data' },
} satisfies Record<string, Record<Lang, Text>>;

export type MessageKey = keyof typeof MESSAGES;

const TYPE_NAMES: Record<NodeType, Record<Lang, string>> = {
  start: { 'zh-Hant': '開始', en: 'Start' },
  end: { 'zh-Hant': '結束', en: 'End' },
  terminateEnd: { 'zh-Hant': '終止結束', en: 'Terminate end' },
  userTask: { 'zh-Hant': '使用者工作', en: 'User task' },
  serviceTask: { 'zh-Hant': '服務工作', en: 'Service task' },
  exclusiveGateway: { 'zh-Hant': '互斥閘道', en: 'Exclusive gateway' },
  parallelGateway: { 'zh-Hant': '平行閘道', en: 'Parallel gateway' },
  timer: { 'zh-Hant': '計時器', en: 'Timer' },
  messageCatch: { 'zh-Hant': '等待訊息', en: 'Message catch' },
  boundaryTimer: { 'zh-Hant': '邊界計時器', en: 'Boundary timer' },
  boundaryError: { 'zh-Hant': '錯誤邊界事件', en: 'Error boundary' },
  callActivity: { 'zh-Hant': '子流程', en: 'Call activity' },
};

/** A node type's name for designers. */
export function typeName(lang: Lang, type: NodeType): string {
  return TYPE_NAMES[type]?.[lang] ?? type;
}

/** The UI text for `key` in `lang`, with its arguments filled in. */
export const t: (lang: Lang, key: MessageKey, ...args: (string | number)[]) => string =
  messagesOf(MESSAGES);
