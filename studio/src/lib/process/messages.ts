/**
 * The process editor's own UI text, in Traditional Chinese (the default) and English.
 * Definition text (node names) comes from the definition; problems come from the engine.
 *
 * @example
 *   t('en', 'add', typeName('en', 'userTask')) // 'Add a User task'
 */
import type { NodeType } from './model';

import { labelIn, messagesOf, type Lang, type Text } from '$lib/i18n';

export type { Lang };

const MESSAGES = {
  palette: { 'zh-Hant': '元件', 'zh-Hans': '组件', en: 'Palette' },
  add: {
    'zh-Hant': (t: string) => `新增${t}`,
    'zh-Hans': (t: string) => `添加${t}`,
    en: (t: string) => `Add a ${t}`,
  },
  boundaryNeedsHost: {
    'zh-Hant': '先選取一個使用者工作、子流程、等待訊息或內嵌子流程，再加上邊界計時器',
    'zh-Hans': '先选取一个用户工作、子流程、等待消息或内嵌子流程，再加上边界计时器',
    en: 'Select a user task, call activity, message catch or subprocess first, then add a boundary timer',
  },
  errorBoundaryNeedsHost: {
    'zh-Hant': '先選取一個服務工作、子流程或內嵌子流程，再加上錯誤邊界事件',
    'zh-Hans': '先选取一个服务工作、子流程或内嵌子流程，再加上错误边界事件',
    en: 'Select a service task, call activity or subprocess first, then add an error boundary',
  },
  messageBoundaryNeedsHost: {
    'zh-Hant': '先選取一個使用者工作、子流程或內嵌子流程，再加上訊息邊界事件',
    'zh-Hans': '先选取一个用户工作、子流程或内嵌子流程，再加上消息边界事件',
    en: 'Select a user task, call activity or subprocess first, then add a message boundary',
  },
  messageBoundaryHelp: {
    'zh-Hant':
      '工作進行期間等待此訊息；訊息一到即中斷工作（取消工作、子流程或其中的一切），從此事件繼續。工作先結束時不再等待',
    'zh-Hans':
      '工作进行期间等待此消息；消息一到即中断工作（取消工作、子流程或其中的一切），从此事件继续。工作先结束时不再等待',
    en: 'Waits for this message while the activity runs; when it comes, the activity is interrupted (its task, called case or everything inside cancelled) and the case goes on from here. Once the activity has ended, it no longer waits',
  },
  errorEndHelp: {
    'zh-Hant':
      '抵達此處即拋出業務錯誤並結束整個案件：由呼叫此流程的子流程上捕捉此代碼的錯誤邊界事件接手；沒有邊界事件捕捉時，呼叫端會出現事故',
    'zh-Hans':
      '抵达此处即抛出业务错误并结束整个案件：由调用此流程的子流程上捕捉此代码的错误边界事件接手；没有边界事件捕捉时，调用端会出现事故',
    en: 'Reaching it throws a business error and ends the whole case: the error boundary for its code on the call activity that called this process takes over; when none catches it, the caller stops with an incident',
  },
  thrownCodeHelp: {
    'zh-Hant': '呼叫端錯誤邊界事件比對的代碼（例如 ACCOUNT_CLOSED）',
    'zh-Hans': '调用端错误边界事件比对的代码（例如 ACCOUNT_CLOSED）',
    en: 'The code the caller’s error boundaries match (e.g. ACCOUNT_CLOSED)',
  },
  eventBasedGatewayHelp: {
    'zh-Hant':
      '之後的等待訊息與計時器同時啟動，最先發生者勝出，其餘立即撤銷（計時器取消、訊息訂閱移除）。之後只能連到等待訊息或計時器',
    'zh-Hans':
      '之后的等待消息与计时器同时启动，最先发生者胜出，其余立即撤销（计时器取消、消息订阅移除）。之后只能连到等待消息或计时器',
    en: 'The message catches and timers after it are armed at once; the first to happen wins and the others are withdrawn (timers cancelled, subscriptions removed). Only message catches and timers can follow it',
  },
  inclusiveGatewayHelp: {
    'zh-Hant':
      '分流：走每一條條件成立的流程（沒有條件的流程一定走），全部不成立時才走預設流程。合流：等候仍可能抵達的分支，未走或已改道的分支不會等候',
    'zh-Hans':
      '分流：走每一条条件成立的流程（没有条件的流程一定走），全部不成立时才走默认流程。合流：等候仍可能抵达的分支，未走或已改道的分支不会等候',
    en: 'As a fork it takes every flow whose condition holds (a flow without one always), the default only when none does. As a join it waits for the branches that can still arrive, never for one not taken or gone another way',
  },
  errorMessage: { 'zh-Hant': '錯誤說明', 'zh-Hans': '错误说明', en: 'Error message' },
  errorDetails: { 'zh-Hant': '錯誤細節', 'zh-Hans': '错误细节', en: 'Error details' },
  errorCode: { 'zh-Hant': '錯誤代碼', 'zh-Hans': '错误代码', en: 'Error code' },
  multiInstance: { 'zh-Hant': '多實例', 'zh-Hans': '多实例', en: 'Multi-instance' },
  multiInstanceOn: {
    'zh-Hant': '對清單中的每一項各執行一次（例如每位被保險人一份審核）',
    'zh-Hans': '对清单中的每一项各执行一次（例如每位被保险人一份审核）',
    en: 'Run once per item of a list (e.g. one review per insured person)',
  },
  miCollection: { 'zh-Hant': '集合（清單）', 'zh-Hans': '集合（清单）', en: 'Collection (a list)' },
  miElement: {
    'zh-Hant': '每個實例的項目名稱',
    'zh-Hans': '每个实例的项目名称',
    en: 'Name of each instance’s item',
  },
  miMode: { 'zh-Hant': '執行方式', 'zh-Hans': '执行方式', en: 'How they run' },
  miParallel: {
    'zh-Hant': '同時（平行）',
    'zh-Hans': '同时（平行）',
    en: 'All at once (parallel)',
  },
  miSequential: {
    'zh-Hant': '依序（逐一）',
    'zh-Hans': '依序（逐一）',
    en: 'One after another (sequential)',
  },
  miCompletion: {
    'zh-Hant': '提前完成條件',
    'zh-Hans': '提前完成条件',
    en: 'Completion condition',
  },
  miCompletionHelp: {
    'zh-Hant':
      '可讀 nrOfInstances、nrOfCompletedInstances、nrOfActiveInstances；成立時其餘實例撤銷',
    'zh-Hans':
      '可读 nrOfInstances、nrOfCompletedInstances、nrOfActiveInstances；成立时其余实例撤销',
    en: 'Reads nrOfInstances, nrOfCompletedInstances, nrOfActiveInstances; when it holds the other instances are withdrawn',
  },
  miOutputCollection: {
    'zh-Hant': '結果清單變數',
    'zh-Hans': '结果清单变量',
    en: 'Results list variable',
  },
  miOutputElement: {
    'zh-Hant': '每個實例的結果',
    'zh-Hans': '每个实例的结果',
    en: 'Each instance’s result',
  },
  miBadName: {
    'zh-Hant': '須為變數名稱：英文字母或底線開頭，只含字母、數字與底線',
    'zh-Hans': '须为变量名称：英文字母或底线开头，只含字母、数字与底线',
    en: 'Must be a variable name: a letter or underscore, then letters, digits and underscores',
  },
  compensation: { 'zh-Hant': '復原（補償）', 'zh-Hans': '复原（补偿）', en: 'Undo (compensation)' },
  compensationHelp: {
    'zh-Hant':
      '此工作完成後若流程抵達補償事件，執行此動作以復原它（例如退款、取消預約）；輸入在工作完成時以當時的變數與 result 計算',
    'zh-Hans':
      '此工作完成后若流程抵达补偿事件，执行此动作以复原它（例如退款、取消预约）；输入在工作完成时以当时的变量与 result 计算',
    en: 'When the case reaches a compensation event after this task completed, this action undoes it (a refund, a cancelled booking); its input is evaluated when the task completes, from the variables then and result',
  },
  undoAction: { 'zh-Hant': '復原動作', 'zh-Hans': '复原动作', en: 'Undo action' },
  addCompensation: {
    'zh-Hant': '新增復原動作',
    'zh-Hans': '添加复原动作',
    en: 'Add an undo action',
  },
  removeCompensation: {
    'zh-Hant': '移除復原動作',
    'zh-Hans': '移除复原动作',
    en: 'Remove the undo action',
  },
  compensateHelp: {
    'zh-Hant':
      '抵達此處時，依完成順序倒序復原其範圍內（案件或所在子流程）已完成且設有復原動作的服務工作，一個接一個，全部完成後才繼續；每個工作最多復原一次',
    'zh-Hans':
      '抵达此处时，依完成顺序倒序复原其范围内（案件或所在子流程）已完成且设有复原动作的服务工作，一个接一个，全部完成后才继续；每个工作最多复原一次',
    en: 'Reaching it undoes the completed service tasks of its scope (the case, or the subprocess it is in) that name an undo action, the last completed first, one after another, then goes on; no task is undone twice',
  },
  compensateEndHelp: {
    'zh-Hant': '如補償拋出事件復原已完成的服務工作，然後在此結束',
    'zh-Hans': '如补偿抛出事件复原已完成的服务工作，然后在此结束',
    en: 'Undoes the completed service tasks as a compensation throw does, then ends here',
  },
  terminateEndHelp: {
    'zh-Hant': '抵達此處即結束整個案件：其他分支的工作、計時器與等待全部撤銷',
    'zh-Hans': '抵达此处即结束整个案件：其他分支的工作、计时器与等待全部撤销',
    en: 'Reaching it ends the whole case: the other branches’ tasks, timers and waits are all withdrawn',
  },
  errorCodeHelp: {
    'zh-Hant':
      '外掛回報或被呼叫流程的錯誤結束事件拋出的業務錯誤代碼（例如 ACCOUNT_CLOSED）；留空則捕捉此節點上其他邊界事件未指名的所有代碼',
    'zh-Hans':
      '插件回报或被调用流程的错误结束事件抛出的业务错误代码（例如 ACCOUNT_CLOSED）；留空则捕捉此节点上其他边界事件未指名的所有代码',
    en: 'The business error code the plugin reports or the called process’s error end throws (e.g. ACCOUNT_CLOSED); empty catches every code no other boundary on the node names',
  },
  added: {
    'zh-Hant': (n: string) => `已新增 ${n}`,
    'zh-Hans': (n: string) => `已添加 ${n}`,
    en: (n: string) => `Added ${n}`,
  },
  deleted: {
    'zh-Hant': (n: string) => `已刪除 ${n}`,
    'zh-Hans': (n: string) => `已删除 ${n}`,
    en: (n: string) => `Deleted ${n}`,
  },
  connected: {
    'zh-Hant': (a: string, b: string) => `已連接 ${a} → ${b}`,
    'zh-Hans': (a: string, b: string) => `已连接 ${a} → ${b}`,
    en: (a: string, b: string) => `Connected ${a} → ${b}`,
  },
  refused: {
    'zh-Hant': '無法連接：起點不能有進入的流程、終點不能有離開的流程、不能重複或連到自己',
    'zh-Hans': '无法连接：起点不能有进入的流程、终点不能有离开的流程、不能重复或连到自己',
    en: 'Cannot connect: nothing flows into a start or out of an end, into a boundary timer, to itself, or twice',
  },
  toolbar: { 'zh-Hant': '編輯', 'zh-Hans': '编辑', en: 'Edit' },
  undo: { 'zh-Hant': '復原', 'zh-Hans': '复原', en: 'Undo' },
  redo: { 'zh-Hant': '重做', 'zh-Hans': '重做', en: 'Redo' },
  fit: { 'zh-Hant': '縮放至全圖', 'zh-Hans': '缩放至全图', en: 'Zoom to fit' },
  relayout: { 'zh-Hant': '自動排版', 'zh-Hans': '自动排版', en: 'Auto layout' },
  openSubProcess: {
    'zh-Hant': (name: string) => `打開子流程「${name}」`,
    'zh-Hans': (name: string) => `打开子流程「${name}」`,
    en: (name: string) => `Open subprocess “${name}”`,
  },
  scopePath: { 'zh-Hant': '目前顯示的層級', 'zh-Hans': '目前显示的层级', en: 'Level shown' },
  deleteSelected: { 'zh-Hant': '刪除選取', 'zh-Hans': '删除选取', en: 'Delete selection' },
  canvas: { 'zh-Hant': '流程圖', 'zh-Hans': '流程图', en: 'Process diagram' },
  canvasHelp: {
    'zh-Hant':
      '在流程圖上：方向鍵平移（Shift 加快）、+ 與 - 縮放、0 縮放至全圖；捲動或觸控板雙指平移，Ctrl 加捲動或雙指捏合縮放。Tab 鍵移到節點，方向鍵移動選取的節點，Delete 刪除，Ctrl+Z 復原，Ctrl+Shift+Z 重做。從節點右側的把手拖曳到另一節點以連接，或使用屬性面板的「連接到」。',
    'zh-Hans':
      '在流程图上：方向键平移（Shift 加快）、+ 与 - 缩放、0 缩放至全图；卷动或触摸板双指平移，Ctrl 加卷动或双指捏合缩放。Tab 键移到节点，方向键移动选取的节点，Delete 删除，Ctrl+Z 复原，Ctrl+Shift+Z 重做。从节点右侧的把手拖曳到另一节点以连接，或使用属性面板的「连接到」。',
    en: 'On the diagram: arrow keys pan (Shift: further), + and - zoom, 0 zooms to fit; scroll or two fingers pan, Ctrl+scroll or a pinch zooms. Tab to a node, arrow keys move the selected node, Delete removes it, Ctrl+Z undoes, Ctrl+Shift+Z redoes. Drag from a node’s right handle to another node to connect, or use “Connect to” in the properties.',
  },
  controls: { 'zh-Hant': '縮放控制', 'zh-Hans': '缩放控制', en: 'Zoom controls' },
  zoomIn: { 'zh-Hant': '放大', 'zh-Hans': '放大', en: 'Zoom in' },
  zoomOut: { 'zh-Hant': '縮小', 'zh-Hans': '缩小', en: 'Zoom out' },
  minimap: {
    'zh-Hant': '縮圖（拖曳以平移）',
    'zh-Hans': '缩略图（拖曳以平移）',
    en: 'Mini map (drag to pan)',
  },
  handle: { 'zh-Hant': '連接把手', 'zh-Hans': '连接把手', en: 'Connection handle' },
  nodeHelp: {
    'zh-Hant': '按 Enter 或空白鍵選取節點，方向鍵移動，Delete 刪除，Esc 取消。',
    'zh-Hans': '按 Enter 或空白键选取节点，方向键移动，Delete 删除，Esc 取消。',
    en: 'Press Enter or Space to select the node, arrow keys to move it, Delete to remove it, Escape to cancel.',
  },
  edgeHelp: {
    'zh-Hant': '按 Enter 或空白鍵選取流程，Delete 刪除，Esc 取消。',
    'zh-Hans': '按 Enter 或空白键选取流程，Delete 删除，Esc 取消。',
    en: 'Press Enter or Space to select the flow, Delete to remove it, Escape to cancel.',
  },
  properties: { 'zh-Hant': '屬性', 'zh-Hans': '属性', en: 'Properties' },
  nothingSelected: {
    'zh-Hant': '選取一個節點或流程以編輯其屬性。',
    'zh-Hans': '选取一个节点或流程以编辑其属性。',
    en: 'Select a node or a flow to edit its properties.',
  },
  id: { 'zh-Hant': '識別碼', 'zh-Hans': '识别码', en: 'Id' },
  idTaken: {
    'zh-Hant': '識別碼已被使用或格式不符',
    'zh-Hans': '识别码已被使用或格式不符',
    en: 'Id already used or not valid',
  },
  type: { 'zh-Hant': '類型', 'zh-Hans': '类型', en: 'Type' },
  name: { 'zh-Hant': '名稱', 'zh-Hans': '名称', en: 'Name' },
  description: { 'zh-Hant': '說明', 'zh-Hans': '说明', en: 'Description' },
  zhHant: { 'zh-Hant': '中文', 'zh-Hans': '繁体', en: 'Chinese' },
  /** optional; empty reads the Chinese converted (its placeholder) */
  zhHans: { 'zh-Hant': '簡體（選填）', 'zh-Hans': '简体（选填）', en: 'Simplified (optional)' },
  en: { 'zh-Hant': '英文', 'zh-Hans': '英文', en: 'English' },
  form: { 'zh-Hant': '表單', 'zh-Hans': '表单', en: 'Form' },
  formId: { 'zh-Hant': '表單識別碼', 'zh-Hans': '表单识别码', en: 'Form id' },
  processRef: { 'zh-Hant': '子流程', 'zh-Hans': '子流程', en: 'Process' },
  processId: { 'zh-Hant': '流程識別碼', 'zh-Hans': '流程识别码', en: 'Process id' },
  version: {
    'zh-Hant': '版本（空白為最新）',
    'zh-Hans': '版本（空白为最新）',
    en: 'Version (empty: latest)',
  },
  assignee: { 'zh-Hant': '負責人', 'zh-Hans': '负责人', en: 'Assignee' },
  candidateGroups: { 'zh-Hant': '候選群組', 'zh-Hans': '候选群组', en: 'Candidate groups' },
  candidateUsers: { 'zh-Hant': '候選使用者', 'zh-Hans': '候选用户', en: 'Candidate users' },
  useExpression: {
    'zh-Hant': '運算式（FEEL）',
    'zh-Hans': '表达式（FEEL）',
    en: 'Expression (FEEL)',
  },
  expressionOf: {
    'zh-Hant': (l: string) => `${l}（FEEL）`,
    'zh-Hans': (l: string) => `${l}（FEEL）`,
    en: (l: string) => `${l} (FEEL)`,
  },
  pickUser: { 'zh-Hant': '使用者', 'zh-Hans': '用户', en: 'User' },
  pickUsers: { 'zh-Hant': '使用者', 'zh-Hans': '用户', en: 'Users' },
  pickGroups: { 'zh-Hant': '群組', 'zh-Hans': '群组', en: 'Groups' },
  unknownUser: {
    'zh-Hant': (u: string) => `引擎沒有使用者 ${u}。`,
    'zh-Hans': (u: string) => `引擎没有用户 ${u}。`,
    en: (u: string) => `The engine has no user ${u}.`,
  },
  unknownGroup: {
    'zh-Hant': (g: string) => `引擎沒有群組 ${g}（可在「使用者與群組」建立）。`,
    'zh-Hans': (g: string) => `引擎没有群组 ${g}（可在「用户与群组」创建）。`,
    en: (g: string) => `The engine has no group ${g} (create it under Users and groups).`,
  },
  userDisabled: { 'zh-Hant': '已停用', 'zh-Hans': '已禁用', en: 'disabled' },
  groupMembers: {
    'zh-Hant': (n: string) => `${n} 位成員`,
    'zh-Hans': (n: string) => `${n} 位成员`,
    en: (n: string) => (n === '1' ? '1 member' : `${n} members`),
  },
  groupEmpty: {
    'zh-Hant': (g: string) => `${g} 沒有啟用中的成員：工作不會有人看到。`,
    'zh-Hans': (g: string) => `${g} 没有启用中的成员：工作不会有人看到。`,
    en: (g: string) => `${g} has no enabled member: nobody would see the task.`,
  },
  userIsDisabled: {
    'zh-Hant': (u: string) => `${u} 已停用：看不到工作。`,
    'zh-Hans': (u: string) => `${u} 已禁用：看不到工作。`,
    en: (u: string) => `${u} is disabled and cannot see the task.`,
  },
  priority: {
    'zh-Hant': '優先順序（FEEL，0–100）',
    'zh-Hans': '优先级（FEEL，0–100）',
    en: 'Priority (FEEL, 0–100)',
  },
  dueDate: { 'zh-Hant': '到期日', 'zh-Hans': '到期日', en: 'Due date' },
  timer: { 'zh-Hant': '計時', 'zh-Hans': '计时', en: 'Timer' },
  timerKind: { 'zh-Hant': '計時方式', 'zh-Hans': '计时方式', en: 'Timer kind' },
  none: { 'zh-Hant': '無', 'zh-Hans': '无', en: 'None' },
  duration: {
    'zh-Hant': '期間（ISO 8601，例如 P3D）',
    'zh-Hans': '期间（ISO 8601，例如 P3D）',
    en: 'Duration (ISO 8601, e.g. P3D)',
  },
  durationExpression: {
    'zh-Hant': '期間運算式（FEEL）',
    'zh-Hans': '期间表达式（FEEL）',
    en: 'Duration expression (FEEL)',
  },
  dateExpression: {
    'zh-Hant': '日期時間運算式（FEEL）',
    'zh-Hans': '日期时间表达式（FEEL）',
    en: 'Date-time expression (FEEL)',
  },
  badDuration: {
    'zh-Hant': '不是 ISO 8601 期間',
    'zh-Hans': '不是 ISO 8601 期间',
    en: 'Not an ISO 8601 duration',
  },
  cycle: {
    'zh-Hant': '循環（R3/P1D：每隔 1 天，最多 3 次）',
    'zh-Hans': '循环（R3/P1D：每隔 1 天，最多 3 次）',
    en: 'Cycle (R3/P1D: a day apart, 3 times at most)',
  },
  badCycle: {
    'zh-Hant': '不是循環（R<次數>/<期間>，如 R3/P1D）',
    'zh-Hans': '不是循环（R<次数>/<期间>，如 R3/P1D）',
    en: 'Not a cycle (R<count>/<duration>, e.g. R3/P1D)',
  },
  timerCalendar: {
    'zh-Hant': '工作日曆（期間以工作時間計，如 cn-mainland；空白為自然時間）',
    'zh-Hans': '工作日历（期间以工作时间计，如 cn-mainland；空白为自然时间）',
    en: 'Business calendar (the duration counts working time, e.g. cn-mainland; empty: natural time)',
  },
  prefill: {
    'zh-Hant': '預填（欄位 ← FEEL）',
    'zh-Hans': '预填（字段 ← FEEL）',
    en: 'Prefill (field ← FEEL)',
  },
  output: {
    'zh-Hant': '輸出（變數 ← FEEL）',
    'zh-Hans': '输出（变量 ← FEEL）',
    en: 'Output (variable ← FEEL)',
  },
  input: {
    'zh-Hant': '輸入（名稱 ← FEEL）',
    'zh-Hans': '输入（名称 ← FEEL）',
    en: 'Input (name ← FEEL)',
  },
  mappingKey: { 'zh-Hant': '名稱', 'zh-Hans': '名称', en: 'Name' },
  mappingValue: { 'zh-Hant': '運算式', 'zh-Hans': '表达式', en: 'Expression' },
  addMapping: { 'zh-Hant': '新增對應', 'zh-Hans': '添加对应', en: 'Add a mapping' },
  removeMapping: {
    'zh-Hant': (k: string) => `移除對應 ${k}`,
    'zh-Hans': (k: string) => `移除对应 ${k}`,
    en: (k: string) => `Remove mapping ${k}`,
  },
  action: {
    'zh-Hant': '動作（noop、set-variables 或 外掛/動作）',
    'zh-Hans': '动作（noop、set-variables 或 插件/动作）',
    en: 'Action (noop, set-variables or plugin/action)',
  },
  outcome: { 'zh-Hant': '結果', 'zh-Hans': '结果', en: 'Outcome' },
  message: { 'zh-Hant': '訊息名稱', 'zh-Hans': '消息名称', en: 'Message name' },
  correlationKey: {
    'zh-Hant': '關聯鍵（FEEL）',
    'zh-Hans': '关联键（FEEL）',
    en: 'Correlation key (FEEL)',
  },
  attachedTo: { 'zh-Hant': '附著於', 'zh-Hans': '附著于', en: 'Attached to' },
  interrupting: { 'zh-Hant': '中斷主工作', 'zh-Hans': '中断主工作', en: 'Interrupting' },
  defaultFlow: { 'zh-Hant': '預設流程', 'zh-Hans': '默认流程', en: 'Default flow' },
  outgoing: { 'zh-Hant': '離開的流程', 'zh-Hans': '离开的流程', en: 'Outgoing flows' },
  condition: { 'zh-Hant': '條件（FEEL）', 'zh-Hans': '条件（FEEL）', en: 'Condition (FEEL)' },
  conditionOf: {
    'zh-Hant': (to: string) => `往 ${to} 的條件（FEEL）`,
    'zh-Hans': (to: string) => `往 ${to} 的条件（FEEL）`,
    en: (to: string) => `Condition to ${to} (FEEL)`,
  },
  noOutgoing: {
    'zh-Hant': '尚無離開的流程。',
    'zh-Hans': '尚无离开的流程。',
    en: 'No outgoing flow yet.',
  },
  connectTo: { 'zh-Hant': '連接到', 'zh-Hans': '连接到', en: 'Connect to' },
  connectChoose: { 'zh-Hant': '選擇節點…', 'zh-Hans': '选择节点…', en: 'Choose a node…' },
  connect: { 'zh-Hant': '連接', 'zh-Hans': '连接', en: 'Connect' },
  flow: { 'zh-Hant': '流程', 'zh-Hans': '流程', en: 'Flow' },
  from: { 'zh-Hant': '從', 'zh-Hans': '从', en: 'From' },
  to: { 'zh-Hant': '到', 'zh-Hans': '到', en: 'To' },
  conditionOnlyGateway: {
    'zh-Hant': '只有離開互斥閘道的流程可以有條件。',
    'zh-Hans': '只有离开互斥网关的流程可以有条件。',
    en: 'Only a flow leaving an exclusive gateway can have a condition.',
  },
  feelSyntax: {
    'zh-Hant': (e: string) => `FEEL 語法錯誤：${e}`,
    'zh-Hans': (e: string) => `FEEL 语法错误：${e}`,
    en: (e: string) => `FEEL syntax error: ${e}`,
  },
  problems: { 'zh-Hant': '問題', 'zh-Hans': '问题', en: 'Problems' },
  warningCount: {
    'zh-Hant': (n: string) => `${n} 個警告`,
    'zh-Hans': (n: string) => `${n} 个警告`,
    en: (n: string) => (n === '1' ? '1 warning' : `${n} warnings`),
  },
  problemKind: { 'zh-Hant': '問題', 'zh-Hans': '问题', en: 'Problem' },
  savedScenario: {
    'zh-Hant': (f: string) => `已儲存的情境（${f}）`,
    'zh-Hans': (f: string) => `已保存的情境（${f}）`,
    en: (f: string) => `Saved scenario (${f})`,
  },
  warningKind: { 'zh-Hant': '警告', 'zh-Hans': '警告', en: 'Warning' },
  problemHelp: {
    'zh-Hant': '問題會阻止發佈；警告不會。點選一項即可選取它所指的節點、流程或欄位。',
    'zh-Hans': '问题会阻止发布；警告不会。点击一项即可选取它所指的节点、流程或字段。',
    en: 'Problems stop publishing; warnings do not. Click one to select the node, flow or field it is about.',
  },
  contextField: {
    'zh-Hant': '工作畫面顯示的案件內容',
    'zh-Hans': '工作画面显示的案件内容',
    en: 'Case context shown',
  },
  retryField: { 'zh-Hant': '重試', 'zh-Hans': '重试', en: 'Retries' },
  nodesField: { 'zh-Hant': '節點', 'zh-Hans': '节点', en: 'Nodes' },
  flowsField: { 'zh-Hant': '流程線', 'zh-Hans': '流程线', en: 'Flows' },
  noProblems: { 'zh-Hant': '沒有問題。', 'zh-Hans': '没有问题。', en: 'No problems.' },
  problemCount: {
    'zh-Hant': (n: string) => `${n} 個問題`,
    'zh-Hans': (n: string) => `${n} 个问题`,
    en: (n: string) => (n === '1' ? '1 problem' : `${n} problems`),
  },
  defaultFlowLabel: { 'zh-Hant': '預設', 'zh-Hans': '默认', en: 'default' },
  // The page around the editor.
  editTitle: {
    'zh-Hant': (n: string) => `編輯流程：${n}`,
    'zh-Hans': (n: string) => `编辑流程：${n}`,
    en: (n: string) => `Edit process: ${n}`,
  },
  back: {
    'zh-Hant': '回到定義與版本',
    'zh-Hans': '回到定义与版本',
    en: 'Back to the definition and its versions',
  },
  notAProcess: {
    'zh-Hant': '這不是流程定義。',
    'zh-Hans': '这不是流程定义。',
    en: 'This is not a process definition.',
  },
  importedTitle: {
    'zh-Hant': (n: string) => `自 BPMN 匯入：${n} 個元素未能照原樣帶入`,
    'zh-Hans': (n: string) => `自 BPMN 导入：${n} 个元素未能照原样带入`,
    en: (n: string) =>
      n === '1'
        ? 'Imported from BPMN: 1 element was not carried as it is'
        : `Imported from BPMN: ${n} elements were not carried as they are`,
  },
  importedNone: {
    'zh-Hant': '自 BPMN 匯入：每個元素都已帶入。',
    'zh-Hans': '自 BPMN 导入：每个元素都已带入。',
    en: 'Imported from BPMN: every element was carried.',
  },
  importedElement: { 'zh-Hant': '元素', 'zh-Hans': '元素', en: 'Element' },
  importedLine: { 'zh-Hant': '行', 'zh-Hans': '行', en: 'Line' },
  importedReason: { 'zh-Hant': '說明', 'zh-Hans': '说明', en: 'What happened' },
  importedDismiss: { 'zh-Hant': '關閉清單', 'zh-Hans': '关闭清单', en: 'Dismiss the list' },
  businessKey: {
    'zh-Hant': '業務鍵（FEEL，未提供時由開始變數計算）',
    'zh-Hans': '业务键（FEEL，未提供时由开始变量计算）',
    en: 'Business key (FEEL, computed from the start variables when none is given)',
  },
  businessKeyUnique: {
    'zh-Hant': '業務鍵不可重複（同一流程的進行中案件）',
    'zh-Hans': '业务键不可重复（同一流程的进行中案件）',
    en: 'Unique among open cases of this process',
  },
  // The editor's views.
  views: { 'zh-Hant': '檢視', 'zh-Hans': '查看', en: 'Views' },
  viewDiagram: { 'zh-Hant': '流程圖', 'zh-Hans': '流程图', en: 'Diagram' },
  viewSettings: { 'zh-Hant': '流程設定', 'zh-Hans': '流程设置', en: 'Settings' },
  viewJson: { 'zh-Hant': 'JSON', 'zh-Hans': 'JSON', en: 'JSON' },
  jsonLabel: {
    'zh-Hant': '流程定義（JSON）',
    'zh-Hans': '流程定义（JSON）',
    en: 'Process definition (JSON)',
  },
  jsonSyntax: { 'zh-Hant': 'JSON 語法錯誤', 'zh-Hans': 'JSON 语法错误', en: 'JSON syntax error' },
  jsonAt: {
    'zh-Hant': (l: string, c: string) => `（第 ${l} 行第 ${c} 字）`,
    'zh-Hans': (l: string, c: string) => `（第 ${l} 行第 ${c} 字）`,
    en: (l: string, c: string) => `(line ${l}, column ${c})`,
  },
  jsonNotProcess: {
    'zh-Hant': '這不是流程：需要 nodes 與 flows 清單。',
    'zh-Hans': '这不是流程：需要 nodes 与 flows 清单。',
    en: 'This is not a process: it needs nodes and flows lists.',
  },
  jsonIdFixed: {
    'zh-Hant': (id: string) => `識別碼必須是 ${id}（另存為其他流程請用新的識別碼開啟編輯器）。`,
    'zh-Hans': (id: string) => `识别码必须是 ${id}（另存为其他流程请用新的识别码打开编辑器）。`,
    en: (id: string) => `The id must stay ${id} (open the editor on a new id for another process).`,
  },
  jsonValid: {
    'zh-Hant': 'JSON 正確，引擎沒有發現問題。',
    'zh-Hans': 'JSON 正确，引擎没有发现问题。',
    en: 'Valid JSON; the engine finds no problems.',
  },
  jsonProblems: {
    'zh-Hant': (n: string) => `JSON 正確；引擎發現 ${n} 個問題（見問題清單）。`,
    'zh-Hans': (n: string) => `JSON 正确；引擎发现 ${n} 个问题（见问题清单）。`,
    en: (n: string) =>
      `Valid JSON; the engine finds ${n === '1' ? '1 problem' : `${n} problems`} (see the list).`,
  },
  summaryShape: { 'zh-Hant': '內容', 'zh-Hans': '内容', en: 'Contents' },
  summaryCounts: {
    'zh-Hant': (n: string, f: string) => `${n} 個節點、${f} 條流程`,
    'zh-Hans': (n: string, f: string) => `${n} 个节点、${f} 条流程`,
    en: (n: string, f: string) => `${n} nodes, ${f} flows`,
  },
  yes: { 'zh-Hant': '是', 'zh-Hans': '是', en: 'yes' },
  no: { 'zh-Hant': '否', 'zh-Hans': '否', en: 'no' },
  openSettings: {
    'zh-Hant': '開啟流程設定',
    'zh-Hans': '打开流程设置',
    en: 'Open the process settings',
  },
  // Process settings.
  settings: { 'zh-Hant': '流程設定', 'zh-Hans': '流程设置', en: 'Process settings' },
  settingsNames: { 'zh-Hant': '名稱與說明', 'zh-Hans': '名称与说明', en: 'Name and description' },
  processName: { 'zh-Hant': '流程名稱', 'zh-Hans': '流程名称', en: 'Process name' },
  settingsStart: { 'zh-Hant': '開始', 'zh-Hans': '开始', en: 'Start' },
  startForm: { 'zh-Hant': '開始表單', 'zh-Hans': '开始表单', en: 'Start form' },
  noStartNode: {
    'zh-Hant': '流程還沒有開始節點；在流程圖加上一個，再選擇開始表單。',
    'zh-Hans': '流程还没有开始节点；在流程图加上一个，再选择开始表单。',
    en: 'The process has no start node yet; add one on the diagram, then choose its form.',
  },
  settingsPublic: { 'zh-Hant': '客戶', 'zh-Hans': '客户', en: 'Customers' },
  publicIntake: {
    'zh-Hant': '客戶可在線上提出（公開申請）',
    'zh-Hans': '客户可在在线提出（公开申请）',
    en: 'Customers may report online (public intake)',
  },
  publicIntakeHint: {
    'zh-Hant': (path: string) => `客戶不需登入，在 ${path} 填寫開始表單；送出後取得追蹤連結。`,
    'zh-Hans': (path: string) => `客户不需登录，在 ${path} 填写开始表单；送出后取得追踪链接。`,
    en: (path: string) =>
      `Customers fill in the start form at ${path} without signing in, and get a tracking link.`,
  },
  publicIntakeNoForm: {
    'zh-Hant': '公開申請需要開始表單。',
    'zh-Hans': '公开申请需要开始表单。',
    en: 'Public intake needs a start form.',
  },
  publicReference: {
    'zh-Hant': '接收案件參考編號的變數（選填）',
    'zh-Hans': '接收案件参考编号的变量（选填）',
    en: 'Variable receiving the case reference (optional)',
  },
  publicReferenceHint: {
    'zh-Hant':
      '客戶看到的是引擎產生的參考編號（XXXX-XXXX-XXXX），不是業務鍵；開始表單不可詢問此變數。',
    'zh-Hans':
      '客户看到的是引擎产生的参考编号（XXXX-XXXX-XXXX），不是业务键；开始表单不可询问此变量。',
    en: 'Customers see the reference the engine makes (XXXX-XXXX-XXXX), never the business key; the start form must not ask for this variable.',
  },
  customerSteps: {
    'zh-Hant': '客戶看到的進度',
    'zh-Hans': '客户看到的进度',
    en: 'Progress customers see',
  },
  customerStepsHint: {
    'zh-Hant': '依序列出；每一步以客戶的話命名，並涵蓋它代表的節點（客戶看不到節點）。',
    'zh-Hans': '依串行出；每一步以客户的话命名，并涵盖它代表的节点（客户看不到节点）。',
    en: 'In order; each step in the customer’s words, covering the nodes it stands for (never shown).',
  },
  stepN: {
    'zh-Hant': (n: string) => `第 ${n} 步`,
    'zh-Hans': (n: string) => `第 ${n} 步`,
    en: (n: string) => `Step ${n}`,
  },
  moveUp: {
    'zh-Hant': (n: string) => `第 ${n} 項上移`,
    'zh-Hans': (n: string) => `第 ${n} 项上移`,
    en: (n: string) => `Move item ${n} up`,
  },
  moveDown: {
    'zh-Hant': (n: string) => `第 ${n} 項下移`,
    'zh-Hans': (n: string) => `第 ${n} 项下移`,
    en: (n: string) => `Move item ${n} down`,
  },
  remove: { 'zh-Hant': '移除', 'zh-Hans': '移除', en: 'Remove' },
  removeStep: {
    'zh-Hant': (n: string) => `移除第 ${n} 步`,
    'zh-Hans': (n: string) => `移除第 ${n} 步`,
    en: (n: string) => `Remove step ${n}`,
  },
  stepLabel: {
    'zh-Hant': '客戶看到的名稱',
    'zh-Hans': '客户看到的名称',
    en: 'What customers read',
  },
  stepNodes: { 'zh-Hant': '涵蓋的節點', 'zh-Hans': '涵盖的节点', en: 'Nodes it covers' },
  noSuchNode: {
    'zh-Hant': (id: string) => `流程沒有節點 ${id}。`,
    'zh-Hans': (id: string) => `流程没有节点 ${id}。`,
    en: (id: string) => `The process has no node ${id}.`,
  },
  addStep: { 'zh-Hant': '新增步驟', 'zh-Hans': '添加步骤', en: 'Add a step' },
  customerUploads: {
    'zh-Hant': '客戶上傳的文件',
    'zh-Hans': '客户上传的材料',
    en: 'Documents customers upload',
  },
  customerUploadsHint: {
    'zh-Hant': '客戶在追蹤頁上傳文件，回覆流程正在等待的訊息。',
    'zh-Hans': '客户在追踪页上传材料，回复流程正在等待的消息。',
    en: 'Customers upload documents on the tracking page, answering a message the process waits for.',
  },
  uploadN: {
    'zh-Hant': (n: string) => `第 ${n} 項文件`,
    'zh-Hans': (n: string) => `第 ${n} 项材料`,
    en: (n: string) => `Upload ${n}`,
  },
  removeUpload: {
    'zh-Hant': (n: string) => `移除第 ${n} 項文件`,
    'zh-Hans': (n: string) => `移除第 ${n} 项材料`,
    en: (n: string) => `Remove upload ${n}`,
  },
  uploadMessage: { 'zh-Hant': '回覆的訊息', 'zh-Hans': '回复的消息', en: 'Message it answers' },
  noCatchFor: {
    'zh-Hant': (m: string) => `流程沒有等待訊息 ${m} 的節點。`,
    'zh-Hans': (m: string) => `流程没有等待消息 ${m} 的节点。`,
    en: (m: string) => `No message catch of the process waits for ${m}.`,
  },
  uploadLabel: {
    'zh-Hant': '要求客戶提供的文件',
    'zh-Hans': '要求客户提供的材料',
    en: 'What customers are asked for',
  },
  addUpload: { 'zh-Hant': '新增上傳文件', 'zh-Hans': '添加上传材料', en: 'Add an upload' },
  settingsSearch: { 'zh-Hant': '案件搜尋', 'zh-Hans': '案件搜索', en: 'Case search' },
  searchHint: {
    'zh-Hant': '案件搜尋與相關案件依這些變數找到案件；身分證與電話號碼只以雜湊索引。',
    'zh-Hans': '案件搜索与相关案件依这些变量找到案件；身份证与电话号码只以哈希索引。',
    en: 'Case search and related cases find a case by these variables; ID and phone numbers are indexed as digests only.',
  },
  search_customerName: { 'zh-Hant': '客戶姓名', 'zh-Hans': '客户姓名', en: 'Customer name' },
  search_idNumber: { 'zh-Hant': '身分證號碼', 'zh-Hans': '身份证号码', en: 'ID number' },
  search_phone: { 'zh-Hant': '電話號碼', 'zh-Hans': '电话号码', en: 'Phone number' },
  search_policyNumber: { 'zh-Hant': '保單號碼', 'zh-Hans': '保单号码', en: 'Policy number' },
  search_claimNumber: { 'zh-Hant': '理賠編號', 'zh-Hans': '理赔编号', en: 'Claim number' },
  notAVariable: {
    'zh-Hant': (v: string) => `流程沒有變數 ${v}。`,
    'zh-Hans': (v: string) => `流程没有变量 ${v}。`,
    en: (v: string) => `The process has no variable ${v}.`,
  },
  settingsRetention: { 'zh-Hant': '保存期限', 'zh-Hans': '保存期限', en: 'Retention' },
  retention: {
    'zh-Hant': '結案後保留個人資料的期間（ISO 8601）',
    'zh-Hans': '结案后保留个人信息的期间（ISO 8601）',
    en: 'How long closed cases keep personal data (ISO 8601)',
  },
  retentionHint: {
    'zh-Hant': '例如 P7Y（7 年）、P6M（6 個月）；空白為永久保留。',
    'zh-Hans': '例如 P7Y（7 年）、P6M（6 个月）；空白为永久保留。',
    en: 'For example P7Y (7 years), P6M (6 months); empty keeps it for ever.',
  },
  retentionReads: {
    'zh-Hant': (d: string) => `= ${d}`,
    'zh-Hans': (d: string) => `= ${d}`,
    en: (d: string) => `= ${d}`,
  },
  issueBothLanguages: {
    'zh-Hant': '中文與英文都要填寫。',
    'zh-Hans': '中文与英文都要填写。',
    en: 'Write it in both Chinese and English.',
  },
  settingsTime: { 'zh-Hant': '時間', 'zh-Hans': '时间', en: 'Time' },
  timeZone: {
    'zh-Hant': '計時器與到期日的時區',
    'zh-Hans': '计时器与到期日的时区',
    en: 'Time zone of timers and due dates',
  },
  timeZoneHint: {
    'zh-Hant':
      '計時器、到期日與保存期限的天、週、月、年依此時區計算（例如 Asia/Shanghai）；空白為 UTC。',
    'zh-Hans':
      '计时器、到期日与保存期限的天、周、月、年依此时区计算（例如 Asia/Shanghai）；空白为 UTC。',
    en: 'Days, weeks, months and years of timers, due dates and retention are counted in this zone (e.g. Asia/Shanghai); empty: UTC.',
  },
  issueTimeZone: {
    'zh-Hant': '不是 IANA 時區名稱，例如 Asia/Shanghai、Europe/Berlin。',
    'zh-Hans': '不是 IANA 时区名称，例如 Asia/Shanghai、Europe/Berlin。',
    en: 'Not an IANA time zone name, e.g. Asia/Shanghai, Europe/Berlin.',
  },
  issueDuration: {
    'zh-Hant': '不是 ISO 8601 期間：以 P 開頭，例如 P7Y、P18M、P30D。',
    'zh-Hans': '不是 ISO 8601 期间：以 P 开头，例如 P7Y、P18M、P30D。',
    en: 'Not an ISO 8601 duration: start with P, e.g. P7Y, P18M, P30D.',
  },
  issueVariableName: {
    'zh-Hant': '變數名稱只能有英文字母、數字與底線，且不以數字開頭。',
    'zh-Hans': '变量名称只能有英文字母、数字与底线，且不以数字开头。',
    en: 'A variable name has letters, digits and _ only, and does not start with a digit.',
  },
  issueStepNodes: {
    'zh-Hant': '選擇這一步涵蓋的節點（至少一個）。',
    'zh-Hans': '选择这一步涵盖的节点（至少一个）。',
    en: 'Choose the nodes this step covers (at least one).',
  },
  issueUnknownNode: {
    'zh-Hant': '有節點已不在流程中；移除它。',
    'zh-Hans': '有节点已不在流程中；移除它。',
    en: 'A node is no longer in the process; remove it.',
  },
  issueUploadMessage: {
    'zh-Hant': '選擇客戶上傳時回覆的訊息。',
    'zh-Hans': '选择客户上传时回复的消息。',
    en: 'Choose the message the upload answers.',
  },
  // Multi-select pickers.
  chosen: {
    'zh-Hant': (l: string) => `已選的${l}`,
    'zh-Hans': (l: string) => `已选的${l}`,
    en: (l: string) => `Chosen: ${l}`,
  },
  removeChoice: {
    'zh-Hant': (v: string) => `移除 ${v}`,
    'zh-Hans': (v: string) => `移除 ${v}`,
    en: (v: string) => `Remove ${v}`,
  },
  typeToSearch: { 'zh-Hant': '輸入以搜尋…', 'zh-Hans': '输入以搜索…', en: 'Type to search…' },
  // Pickers.
  choicesList: { 'zh-Hant': '選項', 'zh-Hans': '选项', en: 'Choices' },
  choices: {
    'zh-Hant': (n: string) => `${n} 個選項`,
    'zh-Hans': (n: string) => `${n} 个选项`,
    en: (n: string) => (n === '1' ? '1 choice' : `${n} choices`),
  },
  versions: {
    'zh-Hant': (v: string) => `版本 ${v}`,
    'zh-Hans': (v: string) => `版本 ${v}`,
    en: (v: string) => `versions ${v}`,
  },
  unknownForm: {
    'zh-Hant': (id: string) => `引擎沒有表單 ${id}`,
    'zh-Hans': (id: string) => `引擎没有表单 ${id}`,
    en: (id: string) => `The engine has no form ${id}`,
  },
  decisionRef: { 'zh-Hant': '決策表', 'zh-Hans': '决策表', en: 'Decision table' },
  decisionId: { 'zh-Hant': '決策表識別碼', 'zh-Hans': '决策表识别码', en: 'Decision table id' },
  resultVariable: { 'zh-Hant': '結果存入變數', 'zh-Hans': '结果存入变量', en: 'Result variable' },
  decisionHelp: {
    'zh-Hant':
      '依所選版本的決策表評估案件變數；結果存入結果變數，輸出對應可讀取 result（例如 result.route）。無法決定時（UNIQUE 下無規則或多條規則相符）案件停在此處並產生事件。',
    'zh-Hans':
      '依所选版本的决策表评估案件变量；结果存入结果变量，输出对应可读取 result（例如 result.route）。无法决定时（UNIQUE 下无规则或多条规则相符）案件停在此处并产生事件。',
    en: 'Evaluates the chosen version of the decision table over the case variables; the result goes into the result variable, and output mappings can read result (e.g. result.route). When the table cannot decide (no rule, or several under UNIQUE) the case stops here with an incident.',
  },
  unknownDecision: {
    'zh-Hant': (id: string) => `引擎沒有決策表 ${id}`,
    'zh-Hans': (id: string) => `引擎没有决策表 ${id}`,
    en: (id: string) => `The engine has no decision table ${id}`,
  },
  openDecision: {
    'zh-Hant': (id: string) => `開啟決策表 ${id}`,
    'zh-Hans': (id: string) => `打开决策表 ${id}`,
    en: (id: string) => `Open decision table ${id}`,
  },
  unknownProcess: {
    'zh-Hant': (id: string) => `引擎沒有流程 ${id}`,
    'zh-Hans': (id: string) => `引擎没有流程 ${id}`,
    en: (id: string) => `The engine has no process ${id}`,
  },
  unknownAction: {
    'zh-Hant': (id: string) => `引擎沒有動作 ${id}`,
    'zh-Hans': (id: string) => `引擎没有动作 ${id}`,
    en: (id: string) => `The engine has no action ${id}`,
  },
  unknownVersion: {
    'zh-Hant': (v: string) => `沒有此版本；現有版本：${v}`,
    'zh-Hans': (v: string) => `没有此版本；现有版本：${v}`,
    en: (v: string) => `No such version; there are: ${v}`,
  },
  usedBy: {
    'zh-Hant': (p: string) => `使用於 ${p}`,
    'zh-Hans': (p: string) => `使用于 ${p}`,
    en: (p: string) => `used by ${p}`,
  },
  openFormEditor: {
    'zh-Hant': (id: string) => `在表單編輯器開啟 ${id}`,
    'zh-Hans': (id: string) => `在表单编辑器打开 ${id}`,
    en: (id: string) => `Open ${id} in the form editor`,
  },
  openProcess: {
    'zh-Hant': (id: string) => `開啟流程 ${id}`,
    'zh-Hans': (id: string) => `打开流程 ${id}`,
    en: (id: string) => `Open process ${id}`,
  },
  // A service task's action and the mappings generated from its schemas.
  actionInput: { 'zh-Hant': '動作的輸入', 'zh-Hans': '动作的输入', en: 'Action input' },
  actionOutput: { 'zh-Hant': '動作的結果', 'zh-Hans': '动作的结果', en: 'Action result' },
  required: { 'zh-Hant': '必填', 'zh-Hans': '必填', en: 'required' },
  sensitive: { 'zh-Hant': '個人資料', 'zh-Hans': '个人信息', en: 'personal data' },
  missingRequired: {
    'zh-Hant': (k: string) => `必填的輸入 ${k} 尚未對應`,
    'zh-Hans': (k: string) => `必填的输入 ${k} 尚未对应`,
    en: (k: string) => `Required input ${k} is not mapped`,
  },
  notAnInput: {
    'zh-Hant': (k: string) => `${k} 不是此動作的輸入`,
    'zh-Hans': (k: string) => `${k} 不是此动作的输入`,
    en: (k: string) => `${k} is not an input of this action`,
  },
  extraInputs: { 'zh-Hant': '其他輸入', 'zh-Hans': '其他输入', en: 'Other inputs' },
  storeIn: {
    'zh-Hant': (k: string) => `將結果 ${k} 存入變數`,
    'zh-Hans': (k: string) => `将结果 ${k} 存入变量`,
    en: (k: string) => `Store result ${k} in variable`,
  },
  badVariable: {
    'zh-Hant': '變數名稱只能有英文字母、數字與底線，且不以數字開頭',
    'zh-Hans': '变量名称只能有英文字母、数字与底线，且不以数字开头',
    en: 'A variable name has letters, digits and _ only, and does not start with a digit',
  },
  noSchema: {
    'zh-Hant': '此動作沒有宣告輸入與輸出格式。',
    'zh-Hans': '此动作没有声明输入与输出格式。',
    en: 'This action declares no input or output schema.',
  },
  // Completion: where a variable comes from, and its type.
  latest: { 'zh-Hant': '（最新版）', 'zh-Hans': '（最新版）', en: ' (latest)' },
  originStartForm: {
    'zh-Hant': (f: string, v: string) => `來自開始表單 ${f}${v}`,
    'zh-Hans': (f: string, v: string) => `来自开始表单 ${f}${v}`,
    en: (f: string, v: string) => `from start form ${f}${v}`,
  },
  originStartInput: {
    'zh-Hant': (by: string) => `由啟動者傳入（${by}）`,
    'zh-Hans': (by: string) => `由启动者传入（${by}）`,
    en: (by: string) => `passed in by ${by}`,
  },
  originCaseReference: {
    'zh-Hant': '案件參考編號（引擎指定）',
    'zh-Hans': '案件参考编号（引擎指定）',
    en: 'the case reference (given by the engine)',
  },
  originTrackingLink: {
    'zh-Hant': '客戶的查詢連結（網上報案時由引擎指定）',
    'zh-Hans': '客户的查询链接（网上报案时由引擎指定）',
    en: "the customer's tracking link (given by the engine at online intake)",
  },
  originCustomerLanguage: {
    'zh-Hant': '客戶報案時使用的語言（引擎指定）',
    'zh-Hans': '客户报案时使用的语言（引擎指定）',
    en: 'the language the customer reported in (given by the engine)',
  },
  originTaskForm: {
    'zh-Hant': (f: string, v: string, n: string) => `來自工作 ${n} 的表單 ${f}${v}`,
    'zh-Hans': (f: string, v: string, n: string) => `来自工作 ${n} 的表单 ${f}${v}`,
    en: (f: string, v: string, n: string) => `from form ${f}${v} of task ${n}`,
  },
  originTaskOutput: {
    'zh-Hant': (n: string) => `工作 ${n} 的輸出`,
    'zh-Hans': (n: string) => `工作 ${n} 的输出`,
    en: (n: string) => `output of task ${n}`,
  },
  originSetVariables: {
    'zh-Hant': (n: string) => `由 ${n} 設定`,
    'zh-Hans': (n: string) => `由 ${n} 设置`,
    en: (n: string) => `set by ${n}`,
  },
  originServiceOutput: {
    'zh-Hant': (n: string, a: string) => `${n}（${a}）的輸出`,
    'zh-Hans': (n: string, a: string) => `${n}（${a}）的输出`,
    en: (n: string, a: string) => `output of ${n} (${a})`,
  },
  originMessageOutput: {
    'zh-Hant': (n: string, m: string) => `來自訊息 ${m}（${n}）`,
    'zh-Hans': (n: string, m: string) => `来自消息 ${m}（${n}）`,
    en: (n: string, m: string) => `from message ${m} (${n})`,
  },
  originDecisionOutput: {
    'zh-Hant': (node: string, decision: string) => `由 ${node} 依決策表 ${decision} 設定`,
    'zh-Hans': (node: string, decision: string) => `由 ${node} 依决策表 ${decision} 设置`,
    en: (node: string, decision: string) => `set by ${node} from decision table ${decision}`,
  },
  originMultiInstanceElement: {
    'zh-Hant': (n: string) => `${n} 每個實例的項目`,
    'zh-Hans': (n: string) => `${n} 每个实例的项目`,
    en: (n: string) => `the item of each instance of ${n}`,
  },
  originMultiInstanceCounter: {
    'zh-Hant': (n: string) => `${n} 每個實例的序號（從 1 起）`,
    'zh-Hans': (n: string) => `${n} 每个实例的序号（从 1 起）`,
    en: (n: string) => `the position of each instance of ${n} (from 1)`,
  },
  originMultiInstanceOutput: {
    'zh-Hant': (n: string) => `${n} 各實例結果的清單`,
    'zh-Hans': (n: string) => `${n} 各实例结果的清单`,
    en: (n: string) => `the list of ${n}'s instance results`,
  },
  originCallOutput: {
    'zh-Hant': (n: string, p: string) => `來自子流程 ${p}（${n}）`,
    'zh-Hans': (n: string, p: string) => `来自子流程 ${p}（${n}）`,
    en: (n: string, p: string) => `from process ${p} (${n})`,
  },
  localForm: {
    'zh-Hant': '本工作送出的表單',
    'zh-Hans': '本工作送出的表单',
    en: "this task's submitted form",
  },
  localResult: { 'zh-Hant': '本動作的結果', 'zh-Hans': '本动作的结果', en: "this action's result" },
  localMessage: {
    'zh-Hant': '收到的訊息內容',
    'zh-Hans': '收到的消息内容',
    en: 'the received message',
  },
  localChild: {
    'zh-Hant': '子流程結束時的變數',
    'zh-Hans': '子流程结束时的变量',
    en: "the called process's variables",
  },
  localOutcome: {
    'zh-Hant': '子流程的結果',
    'zh-Hans': '子流程的结果',
    en: "the called process's outcome",
  },
  localError: {
    'zh-Hant': '捕捉到的錯誤（code、message、details）',
    'zh-Hans': '捕捉到的错误（code、message、details）',
    en: 'the error caught (code, message, details)',
  },
  originErrorOutput: {
    'zh-Hant': (n: string, code: string) => `來自錯誤邊界事件 ${n}（${code}）`,
    'zh-Hans': (n: string, code: string) => `来自错误边界事件 ${n}（${code}）`,
    en: (n: string, code: string) => `from the error boundary ${n} (${code})`,
  },
  anyErrorCode: { 'zh-Hant': '任何代碼', 'zh-Hans': '任何代码', en: 'any code' },
  builtin: { 'zh-Hant': 'FEEL 函式', 'zh-Hans': 'FEEL 函数', en: 'FEEL function' },
  personalData: { 'zh-Hant': '個人資料', 'zh-Hans': '个人信息', en: 'personal data' },
} satisfies Record<string, Record<Lang, Text>>;

export type MessageKey = keyof typeof MESSAGES;

const TYPE_NAMES: Record<NodeType, Record<Lang, string>> = {
  start: { 'zh-Hant': '開始', 'zh-Hans': '开始', en: 'Start' },
  end: { 'zh-Hant': '結束', 'zh-Hans': '结束', en: 'End' },
  terminateEnd: { 'zh-Hant': '終止結束', 'zh-Hans': '终止结束', en: 'Terminate end' },
  errorEnd: { 'zh-Hant': '錯誤結束', 'zh-Hans': '错误结束', en: 'Error end' },
  compensateEnd: { 'zh-Hant': '補償結束', 'zh-Hans': '补偿结束', en: 'Compensation end' },
  compensateThrow: { 'zh-Hant': '補償拋出', 'zh-Hans': '补偿抛出', en: 'Compensation throw' },
  userTask: { 'zh-Hant': '使用者工作', 'zh-Hans': '用户工作', en: 'User task' },
  serviceTask: { 'zh-Hant': '服務工作', 'zh-Hans': '服务工作', en: 'Service task' },
  exclusiveGateway: { 'zh-Hant': '互斥閘道', 'zh-Hans': '互斥网关', en: 'Exclusive gateway' },
  inclusiveGateway: { 'zh-Hant': '包容閘道', 'zh-Hans': '包容网关', en: 'Inclusive gateway' },
  eventBasedGateway: { 'zh-Hant': '事件閘道', 'zh-Hans': '事件网关', en: 'Event-based gateway' },
  parallelGateway: { 'zh-Hant': '平行閘道', 'zh-Hans': '平行网关', en: 'Parallel gateway' },
  timer: { 'zh-Hant': '計時器', 'zh-Hans': '计时器', en: 'Timer' },
  messageCatch: { 'zh-Hant': '等待訊息', 'zh-Hans': '等待消息', en: 'Message catch' },
  boundaryTimer: { 'zh-Hant': '邊界計時器', 'zh-Hans': '边界计时器', en: 'Boundary timer' },
  boundaryError: { 'zh-Hant': '錯誤邊界事件', 'zh-Hans': '错误边界事件', en: 'Error boundary' },
  boundaryMessage: {
    'zh-Hant': '訊息邊界事件',
    'zh-Hans': '消息边界事件',
    en: 'Message boundary',
  },
  callActivity: { 'zh-Hant': '子流程', 'zh-Hans': '子流程', en: 'Call activity' },
  subProcess: { 'zh-Hant': '內嵌子流程', 'zh-Hans': '内嵌子流程', en: 'Subprocess' },
  businessRuleTask: {
    'zh-Hant': '業務規則工作',
    'zh-Hans': '业务规则工作',
    en: 'Business rule task',
  },
};

/** A node type's name for designers. */
export function typeName(lang: Lang, type: NodeType): string {
  return TYPE_NAMES[type]?.[lang] ?? type;
}

/** The UI text for `key` in `lang`, with its arguments filled in. */
export const t: (lang: Lang, key: MessageKey, ...args: (string | number)[]) => string =
  messagesOf(MESSAGES);
