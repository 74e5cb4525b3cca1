/**
 * The UI text of the case views (the submissions beside a task, the case page, the clock
 * timelines, case notes), in both languages.
 *
 * ```ts
 * caseText('en', 'submitted', '林志明', '20 Nov 2026, 10:30'); // 'Sent by 林志明 on 20 Nov 2026, 10:30'
 * ```
 */
import { messagesOf } from '$lib/i18n';

const MESSAGES = {
  empty: { 'zh-Hant': '—', 'zh-Hans': '—', en: '—' },
  notFilled: { 'zh-Hant': '未填寫', 'zh-Hans': '未填写', en: 'Not filled in' },
  yes: { 'zh-Hant': '是', 'zh-Hans': '是', en: 'Yes' },
  no: { 'zh-Hant': '否', 'zh-Hans': '否', en: 'No' },
  entry: {
    'zh-Hant': (n: string) => `第 ${n} 筆`,
    'zh-Hans': (n: string) => `第 ${n} 笔`,
    en: (n: string) => `Entry ${n}`,
  },
  personalData: { 'zh-Hant': '個人資料', 'zh-Hans': '个人信息', en: 'Personal data' },
  preview: { 'zh-Hant': '預覽', 'zh-Hans': '预览', en: 'Preview' },
  previewOf: {
    'zh-Hant': (name: string) => `預覽「${name}」`,
    'zh-Hans': (name: string) => `预览「${name}」`,
    en: (name: string) => `Preview ${name}`,
  },
  download: { 'zh-Hant': '下載', 'zh-Hans': '下载', en: 'Download' },
  closePreview: { 'zh-Hant': '關閉預覽', 'zh-Hans': '关闭预览', en: 'Close the preview' },
  previewFailed: {
    'zh-Hant': '無法載入此檔案。',
    'zh-Hans': '无法加载此文件。',
    en: 'The file could not be loaded.',
  },
  submitted: {
    'zh-Hant': (who: string, at: string) => `由 ${who} 於 ${at} 送出`,
    'zh-Hans': (who: string, at: string) => `由 ${who} 于 ${at} 送出`,
    en: (who: string, at: string) => `Sent by ${who} on ${at}`,
  },
  caseData: { 'zh-Hant': '案件資料', 'zh-Hans': '案件资料', en: 'The case' },
  caseDataIntro: {
    'zh-Hant': '本案件先前送出的資料（唯讀）。',
    'zh-Hans': '本案件先前送出的资料（只读）。',
    en: 'What was sent earlier on this case (read-only).',
  },
  noSubmissions: {
    'zh-Hant': '尚無先前送出的資料。',
    'zh-Hans': '尚无先前送出的资料。',
    en: 'Nothing was sent earlier.',
  },
  variables: { 'zh-Hant': '案件變數', 'zh-Hans': '案件变量', en: 'Case values' },
  startData: { 'zh-Hant': '案件申請資料', 'zh-Hans': '案件申请资料', en: 'Start data' },
  completedBy: { 'zh-Hant': '完成', 'zh-Hans': '完成', en: 'Completed' },
  yourSubmission: {
    'zh-Hant': '已送出的資料',
    'zh-Hans': '已送出的资料',
    en: 'What was submitted',
  },
  openCase: { 'zh-Hant': '開啟案件頁', 'zh-Hans': '打开案件页', en: 'Open the case page' },
  // the case page
  title: {
    'zh-Hant': (ref: string) => `案件 ${ref}`,
    'zh-Hans': (ref: string) => `案件 ${ref}`,
    en: (ref: string) => `Case ${ref}`,
  },
  process: { 'zh-Hant': '流程', 'zh-Hans': '流程', en: 'Process' },
  version: {
    'zh-Hant': (v: string) => `第 ${v} 版`,
    'zh-Hans': (v: string) => `第 ${v} 版`,
    en: (v: string) => `version ${v}`,
  },
  status: { 'zh-Hant': '狀態', 'zh-Hans': '状态', en: 'Status' },
  outcome: { 'zh-Hant': '結果', 'zh-Hans': '结果', en: 'Outcome' },
  customer: { 'zh-Hant': '客戶', 'zh-Hans': '客户', en: 'Customer' },
  started: { 'zh-Hant': '建立', 'zh-Hans': '创建', en: 'Started' },
  startedBy: {
    'zh-Hant': (who: string, at: string) => `${who}，${at}`,
    'zh-Hans': (who: string, at: string) => `${who}，${at}`,
    en: (who: string, at: string) => `${who}, ${at}`,
  },
  ended: { 'zh-Hant': '結束', 'zh-Hans': '结束', en: 'Ended' },
  waitsAt: { 'zh-Hant': '目前在', 'zh-Hans': '目前在', en: 'Waiting at' },
  nowhere: {
    'zh-Hant': '（沒有等待中的步驟）',
    'zh-Hans': '（没有等待中的步骤）',
    en: '(no step waiting)',
  },
  graph: { 'zh-Hant': '流程圖', 'zh-Hans': '流程图', en: 'Process graph' },
  graphLegend: {
    'zh-Hant': '藍色：目前所在；綠色：已經過；灰色：尚未到達',
    'zh-Hans': '蓝色：目前所在；绿色：已经过；灰色：尚未到达',
    en: 'Blue: where it is now; green: passed; grey: not reached',
  },
  graphSummary: {
    'zh-Hant': (here: string) => `案件目前在：${here}`,
    'zh-Hans': (here: string) => `案件目前在：${here}`,
    en: (here: string) => `The case is now at: ${here}`,
  },
  dataByStep: { 'zh-Hant': '各步驟資料', 'zh-Hans': '各步骤资料', en: 'Data by step' },
  tasks: { 'zh-Hant': '任務', 'zh-Hans': '任务', en: 'Tasks' },
  task: { 'zh-Hant': '任務', 'zh-Hans': '任务', en: 'Task' },
  who: { 'zh-Hant': '處理人', 'zh-Hans': '处理人', en: 'Who' },
  created: { 'zh-Hant': '建立時間', 'zh-Hans': '创建时间', en: 'Created' },
  closed: { 'zh-Hant': '完成時間', 'zh-Hans': '完成时间', en: 'Completed' },
  taskOpen: { 'zh-Hant': '待處理', 'zh-Hans': '待处理', en: 'Open' },
  taskCompleted: { 'zh-Hant': '已完成', 'zh-Hans': '已完成', en: 'Completed' },
  taskCancelled: { 'zh-Hant': '已取消', 'zh-Hans': '已取消', en: 'Cancelled' },
  unassigned: { 'zh-Hant': '未指派', 'zh-Hans': '未指派', en: 'Unassigned' },
  noTasks: { 'zh-Hant': '沒有任務。', 'zh-Hans': '没有任务。', en: 'No tasks.' },
  clocks: { 'zh-Hant': '服務時限', 'zh-Hans': '服务时限', en: 'Service levels' },
  noClocks: {
    'zh-Hant': '此案件沒有 SLA 計時。',
    'zh-Hans': '此案件没有 SLA 计时。',
    en: 'No SLA clock measures this case.',
  },
  documents: { 'zh-Hant': '文件', 'zh-Hans': '文件', en: 'Documents' },
  noDocuments: { 'zh-Hant': '沒有文件。', 'zh-Hans': '没有文件。', en: 'No documents.' },
  byCustomer: { 'zh-Hant': '客戶上傳', 'zh-Hans': '客户上传', en: 'from the customer' },
  history: { 'zh-Hant': '案件歷程', 'zh-Hans': '案件历程', en: 'History' },
  related: { 'zh-Hant': '相關案件', 'zh-Hans': '相关案件', en: 'Related cases' },
  noRelated: { 'zh-Hant': '沒有相關案件。', 'zh-Hans': '没有相关案件。', en: 'No related cases.' },
  relatedHidden: {
    'zh-Hant': (n: string) => `另有 ${n} 件相關案件不在您的檢視範圍內。`,
    'zh-Hans': (n: string) => `另有 ${n} 件相关案件不在您的查看范围内。`,
    en: (n: string) => `${n} more related cases are outside what you may see.`,
  },
  notes: { 'zh-Hant': '案件備註', 'zh-Hans': '案件备注', en: 'Case notes' },
  noNotes: { 'zh-Hant': '尚無備註。', 'zh-Hans': '尚无备注。', en: 'No notes yet.' },
  noteLabel: { 'zh-Hant': '新增備註', 'zh-Hans': '添加备注', en: 'Add a note' },
  noteHelp: {
    'zh-Hant': '備註會連同您的姓名與時間記入案件歷程，之後無法修改。',
    'zh-Hans': '备注会连同您的姓名与时间记入案件历程，之后无法修改。',
    en: 'A note is kept in the case history with your name and the time, and cannot be changed later.',
  },
  noteSubmit: { 'zh-Hant': '儲存備註', 'zh-Hans': '保存备注', en: 'Save the note' },
  noteBy: {
    'zh-Hant': (who: string, at: string) => `${who}，${at}`,
    'zh-Hans': (who: string, at: string) => `${who}，${at}`,
    en: (who: string, at: string) => `${who}, ${at}`,
  },
  actions: { 'zh-Hant': '處理', 'zh-Hans': '处理', en: 'Actions' },
  cancel: { 'zh-Hant': '取消案件', 'zh-Hans': '取消案件', en: 'Cancel the case' },
  cancelReason: {
    'zh-Hant': '取消原因（記入案件歷程）',
    'zh-Hans': '取消原因（记入案件历程）',
    en: 'Reason for cancelling (kept in the history)',
  },
  cancelConfirm: {
    'zh-Hant': '確認取消案件',
    'zh-Hans': '确认取消案件',
    en: 'Cancel the case now',
  },
  cancelled: { 'zh-Hant': '案件已取消。', 'zh-Hans': '案件已取消。', en: 'The case is cancelled.' },
  reassign: {
    'zh-Hant': '改派待處理任務',
    'zh-Hans': '改派待处理任务',
    en: 'Reassign the open tasks',
  },
  reassignTo: {
    'zh-Hant': '改派給（姓名或群組名稱）',
    'zh-Hans': '改派给（姓名或群组名称）',
    en: 'To (a name or a group)',
  },
  reassignKind: { 'zh-Hant': '改派對象', 'zh-Hans': '改派对象', en: 'A person or a group' },
  toUser: { 'zh-Hant': '個人', 'zh-Hans': '个人', en: 'A person' },
  toGroup: { 'zh-Hant': '群組', 'zh-Hans': '群组', en: 'A group' },
  reassignSubmit: { 'zh-Hant': '改派', 'zh-Hans': '改派', en: 'Reassign' },
  reassigned: {
    'zh-Hant': (n: string, to: string) => `已將 ${n} 項任務改派給 ${to}。`,
    'zh-Hans': (n: string, to: string) => `已将 ${n} 项任务改派给 ${to}。`,
    en: (n: string, to: string) =>
      `Reassigned ${n} ${String(n) === '1' ? 'task' : 'tasks'} to ${to}.`,
  },
  migrate: {
    'zh-Hant': '移轉至其他版本',
    'zh-Hans': '移转至其他版本',
    en: 'Migrate to another version',
  },
  incidents: { 'zh-Hant': '異常', 'zh-Hans': '异常', en: 'Incidents' },
  retry: {
    'zh-Hant': (step: string) => `重試「${step}」`,
    'zh-Hans': (step: string) => `重试「${step}」`,
    en: (step: string) => `Retry “${step}”`,
  },
  retried: { 'zh-Hant': '已重試。', 'zh-Hans': '已重试。', en: 'Retried.' },
  reveal: {
    'zh-Hant': '顯示個人資料（讀取會記入案件歷程）',
    'zh-Hans': '显示个人信息（读取会记入案件历程）',
    en: 'Show personal data (the read is recorded in the case history)',
  },
  stateActive: { 'zh-Hant': '處理中', 'zh-Hans': '处理中', en: 'Active' },
  stateCompleted: { 'zh-Hant': '已結案', 'zh-Hans': '已结案', en: 'Completed' },
  stateCancelled: { 'zh-Hant': '已取消', 'zh-Hans': '已取消', en: 'Cancelled' },
  lateCases: {
    'zh-Hant': '已逾時的待處理工作',
    'zh-Hans': '已超时的待处理工作',
    en: 'Open work past its service level',
  },
  noLateCases: {
    'zh-Hant': '沒有已逾時的待處理工作。',
    'zh-Hans': '没有已超时的待处理工作。',
    en: 'No open work is past its service level.',
  },
  // SLA clock timelines
  clockState: {
    'zh-Hant': (s: string) =>
      ({
        running: '計時中',
        paused: '暫停',
        met: '已達成',
        breached: '已逾時',
        cancelled: '已取消',
      })[s] ?? s,
    'zh-Hans': (s: string) =>
      ({
        running: '计时中',
        paused: '暂停',
        met: '已达成',
        breached: '已超时',
        cancelled: '已取消',
      })[s] ?? s,
    en: (s: string) =>
      ({
        running: 'Running',
        paused: 'Paused',
        met: 'Met',
        breached: 'Breached',
        cancelled: 'Cancelled',
      })[s] ?? s,
  },
  target: { 'zh-Hant': '時限', 'zh-Hans': '时限', en: 'Target' },
  calendar: { 'zh-Hant': '行事曆', 'zh-Hans': '日历', en: 'Calendar' },
  alwaysOpen: {
    'zh-Hant': '全天候：每一天、每一小時都計算，沒有非工作日。',
    'zh-Hans': '全天候：每一天、每一小时都计算，没有非工作日。',
    en: '24x7: every day and hour counts; there are no days off.',
  },
  daysOff: {
    'zh-Hant': (n: string) => `從開始到期限之間有 ${n} 個非工作日，期限因此順延：`,
    'zh-Hans': (n: string) => `从开始到期限之间有 ${n} 个非工作日，期限因此顺延：`,
    en: (n: string) =>
      `${n} days without working time between the start and the due instant moved it:`,
  },
  noDaysOff: {
    'zh-Hant': '從開始到期限之間沒有非工作日。',
    'zh-Hans': '从开始到期限之间没有非工作日。',
    en: 'No day off between the start and the due instant.',
  },
  weekend: { 'zh-Hant': '休息日', 'zh-Hans': '休息日', en: 'day off' },
  used: { 'zh-Hant': '已用工作時間', 'zh-Hans': '已用工作时间', en: 'Working time used' },
  left: { 'zh-Hant': '剩餘工作時間', 'zh-Hans': '剩余工作时间', en: 'Working time left' },
  overdue: { 'zh-Hant': '逾時', 'zh-Hans': '超时', en: 'Overdue by' },
  paused: { 'zh-Hant': '暫停合計', 'zh-Hans': '暂停合计', en: 'Paused in all' },
  due: { 'zh-Hant': '期限', 'zh-Hans': '期限', en: 'Due' },
  firstDue: { 'zh-Hant': '原始期限', 'zh-Hans': '原始期限', en: 'Due at first' },
  warning: {
    'zh-Hant': (p: string) => `${p}% 警示`,
    'zh-Hans': (p: string) => `${p}% 警示`,
    en: (p: string) => `${p}% warning`,
  },
  warningAt: {
    'zh-Hant': (at: string, fired: string) => `${at}${fired === 'y' ? '（已發出）' : '（預計）'}`,
    'zh-Hans': (at: string, fired: string) => `${at}${fired === 'y' ? '（已发出）' : '（预计）'}`,
    en: (at: string, fired: string) => `${at}${fired === 'y' ? ' (sent)' : ' (expected)'}`,
  },
  breachedAt: { 'zh-Hant': '逾時於', 'zh-Hans': '超时于', en: 'Breached at' },
  timeline: { 'zh-Hant': '計時經過', 'zh-Hans': '计时经过', en: 'Timeline' },
  evStart: { 'zh-Hant': '開始計時', 'zh-Hans': '开始计时', en: 'Started' },
  evPause: { 'zh-Hant': '暫停', 'zh-Hans': '暂停', en: 'Paused' },
  evResume: { 'zh-Hant': '恢復計時', 'zh-Hans': '恢复计时', en: 'Resumed' },
  evStop: { 'zh-Hant': '停止計時', 'zh-Hans': '停止计时', en: 'Stopped' },
  evCancel: { 'zh-Hant': '取消計時', 'zh-Hans': '取消计时', en: 'Cancelled' },
  evReset: { 'zh-Hant': '重新計時', 'zh-Hans': '重新计时', en: 'Reset' },
  evWarning: {
    'zh-Hant': (p: string) => `已用 ${p}%，發出警示`,
    'zh-Hans': (p: string) => `已用 ${p}%，发出警示`,
    en: (p: string) => `${p}% used: warning sent`,
  },
  evBreach: { 'zh-Hant': '已逾時', 'zh-Hans': '已超时', en: 'Breached' },
  evMove: { 'zh-Hant': '期限已調整', 'zh-Hans': '期限已调整', en: 'Due instant moved' },
  evReplay: {
    'zh-Hant': '按新版本重新計算',
    'zh-Hans': '按新版本重新计算',
    en: 'Replayed against newer versions',
  },
  because: {
    'zh-Hant': (why: string) => `：${why}`,
    'zh-Hans': (why: string) => `：${why}`,
    en: (why: string) => `: ${why}`,
  },
  pausedFor: {
    'zh-Hant': (span: string, moved: string, due: string) =>
      `暫停 ${span}，期限順延 ${moved} 至 ${due}`,
    'zh-Hans': (span: string, moved: string, due: string) =>
      `暂停 ${span}，期限顺延 ${moved} 至 ${due}`,
    en: (span: string, moved: string, due: string) =>
      `paused ${span}; the due instant moved by ${moved} to ${due}`,
  },
  dueFrom: {
    'zh-Hant': (due: string) => `期限 ${due}`,
    'zh-Hans': (due: string) => `期限 ${due}`,
    en: (due: string) => `due ${due}`,
  },
  causeInstanceStarted: { 'zh-Hant': '案件建立', 'zh-Hans': '案件创建', en: 'the case started' },
  causeInstanceCompleted: { 'zh-Hant': '案件結案', 'zh-Hans': '案件结案', en: 'the case closed' },
  causeInstanceCancelled: {
    'zh-Hant': '案件取消',
    'zh-Hans': '案件取消',
    en: 'the case was cancelled',
  },
  causeNodeEntered: {
    'zh-Hant': (n: string) => `進入「${n}」`,
    'zh-Hans': (n: string) => `进入「${n}」`,
    en: (n: string) => `entered “${n}”`,
  },
  causeNodeLeft: {
    'zh-Hant': (n: string) => `離開「${n}」`,
    'zh-Hans': (n: string) => `离开「${n}」`,
    en: (n: string) => `left “${n}”`,
  },
  causeTaskCreated: {
    'zh-Hant': (n: string) => `建立任務「${n}」`,
    'zh-Hans': (n: string) => `创建任务「${n}」`,
    en: (n: string) => `task “${n}” created`,
  },
  causeTaskCompleted: {
    'zh-Hant': (n: string) => `完成「${n}」`,
    'zh-Hans': (n: string) => `完成「${n}」`,
    en: (n: string) => `“${n}” completed`,
  },
  causeTaskCancelled: {
    'zh-Hant': (n: string) => `任務「${n}」取消`,
    'zh-Hans': (n: string) => `任务「${n}」取消`,
    en: (n: string) => `task “${n}” cancelled`,
  },
  causeMessageReceived: {
    'zh-Hant': (m: string) => `收到「${m}」`,
    'zh-Hans': (m: string) => `收到「${m}」`,
    en: (m: string) => `“${m}” received`,
  },
  causeVariable: {
    'zh-Hant': '案件資料變更',
    'zh-Hans': '案件资料变更',
    en: 'the case data changed',
  },
} as const;

export type CaseTextKey = keyof typeof MESSAGES;
export const caseText = messagesOf(MESSAGES);
