/**
 * The UI text of supervision: the deadline worklist and its row actions, the notification
 * inbox, the incident screen, the complaints report and the dashboards' new figures, in both
 * languages (the one lookup of $lib/i18n).
 *
 * ```ts
 * supText('en', 'wl.bucket.today', 3); // 'Due today (3)'
 * ```
 */
import { toSimplified } from '@caseway/engine/locale';
import { messagesOf } from '$lib/i18n';

/** A message with one argument; its zh-Hans is the zh-Hant one converted (cached per text). */
const n = (zh: (x: string) => string, en: (x: string) => string) => ({
  'zh-Hant': zh,
  'zh-Hans': (x: string) => toSimplified(zh(x)),
  en,
});

const MESSAGES = {
  // the deadline worklist
  'wl.title': { 'zh-Hant': '期限工作清單', 'zh-Hans': '期限工作清单', en: 'Deadline worklist' },
  'wl.intro': {
    'zh-Hant':
      '您督導的案件中每個仍在計時的法定時效，無論案件在等任務、客戶、計時器或異常，依到期時間排序。',
    'zh-Hans':
      '您督导的案件中每个仍在计时的法定时效，无论案件在等任务、客户、计时器或异常，依到期时间排序。',
    en: 'Every legal clock still counting on the cases you supervise, whatever the case waits on (a task, the customer, a timer, an incident), soonest due first.',
  },
  'wl.filters': { 'zh-Hant': '篩選工作清單', 'zh-Hans': '筛选工作清单', en: 'Filter the worklist' },
  'wl.process': { 'zh-Hant': '流程', 'zh-Hans': '流程', en: 'Process' },
  'wl.group': { 'zh-Hant': '群組', 'zh-Hans': '群组', en: 'Group' },
  'wl.person': { 'zh-Hant': '處理人', 'zh-Hans': '处理人', en: 'Person' },
  'wl.threshold': {
    'zh-Hant': '已用時效至少',
    'zh-Hans': '已用时效至少',
    en: 'Time used at least',
  },
  'wl.any': { 'zh-Hant': '全部', 'zh-Hans': '全部', en: 'Any' },
  'wl.percentAtLeast': n(
    (p) => `${p}%`,
    (p) => `${p}%`,
  ),
  'wl.apply': { 'zh-Hant': '套用', 'zh-Hans': '套用', en: 'Apply' },
  'wl.clear': { 'zh-Hant': '清除篩選', 'zh-Hans': '清除筛选', en: 'Clear the filters' },
  'wl.empty': {
    'zh-Hant': '沒有符合的計時中時效。',
    'zh-Hans': '没有符合的计时中时效。',
    en: 'No counting clock matches.',
  },
  'wl.summary': {
    'zh-Hant': '各期限的件數',
    'zh-Hans': '各期限的件数',
    en: 'Clocks by when they fall due',
  },
  'wl.bucket.overdue': n(
    (x) => `已逾時（${x}）`,
    (x) => `Overdue (${x})`,
  ),
  'wl.bucket.today': n(
    (x) => `今天到期（${x}）`,
    (x) => `Due today (${x})`,
  ),
  'wl.bucket.tomorrow': n(
    (x) => `明天到期（${x}）`,
    (x) => `Due tomorrow (${x})`,
  ),
  'wl.bucket.week': n(
    (x) => `七天內到期（${x}）`,
    (x) => `Due this week (${x})`,
  ),
  'wl.bucket.later': n(
    (x) => `之後到期（${x}）`,
    (x) => `Due later (${x})`,
  ),
  'wl.bucket.paused': n(
    (x) => `暫停計時（${x}）`,
    (x) => `Paused (${x})`,
  ),
  'wl.col.case': { 'zh-Hant': '案件', 'zh-Hans': '案件', en: 'Case' },
  'wl.col.sla': { 'zh-Hant': '時效', 'zh-Hans': '时效', en: 'SLA' },
  'wl.col.left': { 'zh-Hant': '剩餘／逾時', 'zh-Hans': '剩余／超时', en: 'Left / overdue' },
  'wl.col.used': { 'zh-Hant': '已用', 'zh-Hans': '已用', en: 'Used' },
  'wl.col.due': { 'zh-Hant': '到期時間', 'zh-Hans': '到期时间', en: 'Due' },
  'wl.col.waiting': { 'zh-Hant': '等待', 'zh-Hans': '等待', en: 'Waiting on' },
  'wl.col.assignee': { 'zh-Hant': '處理人', 'zh-Hans': '处理人', en: 'Assignee' },
  'wl.col.actions': { 'zh-Hant': '操作', 'zh-Hans': '操作', en: 'Actions' },
  'wl.left': n(
    (x) => `剩 ${x}`,
    (x) => `${x} left`,
  ),
  'wl.overdueBy': n(
    (x) => `逾時 ${x}`,
    (x) => `${x} overdue`,
  ),
  'wl.paused': { 'zh-Hant': '暫停中', 'zh-Hans': '暂停中', en: 'Paused' },
  'wl.usedOf': n(
    (p) => `已用 ${p}%`,
    (p) => `${p}% used`,
  ),
  'wl.caseScope': { 'zh-Hant': '整件案件', 'zh-Hans': '整件案件', en: 'whole case' },
  'wl.taskScope': { 'zh-Hant': '單一任務', 'zh-Hans': '单一任务', en: 'one task' },
  'wl.priority': n(
    (p) => `優先順序 ${p}`,
    (p) => `priority ${p}`,
  ),
  'wl.unassigned': { 'zh-Hant': '未認領', 'zh-Hans': '未认领', en: 'Unassigned' },
  'wl.noTask': {
    'zh-Hant': '（沒有待辦任務）',
    'zh-Hans': '（没有待办任务）',
    en: '(no open task)',
  },
  'wl.waitOf': {
    'zh-Hant': (kind: string, node: string) => `${kind}：${node}`,
    'zh-Hans': (kind: string, node: string) => `${kind}：${node}`,
    en: (kind: string, node: string) => `${kind}: ${node}`,
  },
  'wait.task': { 'zh-Hant': '任務', 'zh-Hans': '任务', en: 'Task' },
  'wait.customer': { 'zh-Hant': '等待客戶', 'zh-Hans': '等待客户', en: 'Customer' },
  'wait.timer': { 'zh-Hant': '計時器', 'zh-Hans': '计时器', en: 'Timer' },
  'wait.incident': { 'zh-Hant': '異常', 'zh-Hans': '异常', en: 'Incident' },
  'wait.service': { 'zh-Hant': '系統作業', 'zh-Hans': '系统作业', en: 'Service call' },
  'wait.subcase': { 'zh-Hant': '子案件', 'zh-Hans': '子案件', en: 'Sub-case' },
  'wait.gateway': { 'zh-Hant': '閘道判斷', 'zh-Hans': '网关判断', en: 'Gateway decision' },
  'wl.openIncident': n(
    (x) => `開啟異常：${x}`,
    (x) => `Open the incident: ${x}`,
  ),
  'wl.act': { 'zh-Hant': '處理', 'zh-Hans': '处理', en: 'Act' },
  'wl.actOn': n(
    (x) => `處理 ${x}`,
    (x) => `Act on ${x}`,
  ),
  'wl.openCase': { 'zh-Hant': '開啟案件', 'zh-Hans': '打开案件', en: 'Open the case' },
  'wl.pages': { 'zh-Hant': '工作清單分頁', 'zh-Hans': '工作清单分页', en: 'Worklist pages' },
  'wl.pageOf': {
    'zh-Hant': (from: string, to: string, total: string) => `第 ${from}–${to} 筆，共 ${total} 筆`,
    'zh-Hans': (from: string, to: string, total: string) => `第 ${from}–${to} 笔，共 ${total} 笔`,
    en: (from: string, to: string, total: string) => `${from}–${to} of ${total}`,
  },
  'ops.casePages': {
    'zh-Hant': '執行中案件分頁',
    'zh-Hans': '执行中案件分页',
    en: 'Running case pages',
  },
  'wl.previous': { 'zh-Hant': '上一頁', 'zh-Hans': '上一页', en: 'Previous' },
  'wl.next': { 'zh-Hant': '下一頁', 'zh-Hans': '下一页', en: 'Next' },
  // row actions
  'act.title': n(
    (x) => `處理案件 ${x}`,
    (x) => `Act on case ${x}`,
  ),
  'act.reassign': { 'zh-Hant': '改派', 'zh-Hans': '改派', en: 'Reassign' },
  'act.task': { 'zh-Hant': '任務', 'zh-Hans': '任务', en: 'Task' },
  'act.taskIs': n(
    (x) => `任務：${x}`,
    (x) => `Task: ${x}`,
  ),
  'act.to': { 'zh-Hant': '改派給', 'zh-Hans': '改派给', en: 'Give it to' },
  'act.choose': { 'zh-Hant': '請選擇…', 'zh-Hans': '请选择…', en: 'Choose…' },
  'act.person': {
    'zh-Hant': (name: string, groups: string, open: string) =>
      `${name}（${groups}；${open} 件待辦）`,
    'zh-Hans': (name: string, groups: string, open: string) =>
      `${name}（${groups}；${open} 件待办）`,
    en: (name: string, groups: string, open: string) => `${name} (${groups}; ${open} open)`,
  },
  'act.noCandidates': {
    'zh-Hant': '沒有其他可處理此任務的人員。',
    'zh-Hans': '没有其他可处理此任务的人员。',
    en: 'Nobody else may work this task.',
  },
  'act.noTask': {
    'zh-Hant': '此案件目前沒有可改派的任務。',
    'zh-Hans': '此案件目前没有可改派的任务。',
    en: 'This case has no open task to reassign.',
  },
  'act.reason': { 'zh-Hant': '原因', 'zh-Hans': '原因', en: 'Reason' },
  'act.reasonOptional': {
    'zh-Hant': '原因（選填）',
    'zh-Hans': '原因（选填）',
    en: 'Reason (optional)',
  },
  'act.reassignSubmit': { 'zh-Hant': '改派', 'zh-Hans': '改派', en: 'Reassign' },
  'act.reassigned': n(
    (x) => `已改派給 ${x}。`,
    (x) => `Reassigned to ${x}.`,
  ),
  'act.priority': { 'zh-Hant': '提高優先順序', 'zh-Hans': '提高优先级', en: 'Raise the priority' },
  'act.priorityValue': {
    'zh-Hant': '優先順序（0–100）',
    'zh-Hans': '优先级（0–100）',
    en: 'Priority (0–100)',
  },
  'act.priorityNow': n(
    (x) => `目前為 ${x}，只會提高不會降低；之後的任務也從此優先順序開始。`,
    (x) => `Now ${x}; it is only raised, never lowered, and the case's next tasks start there.`,
  ),
  'act.prioritySubmit': { 'zh-Hant': '提高', 'zh-Hans': '提高', en: 'Raise' },
  'act.priorityRaised': n(
    (x) => `案件優先順序已提高為 ${x}。`,
    (x) => `The case's priority is now ${x}.`,
  ),
  'act.due': { 'zh-Hant': '延後到期時間', 'zh-Hans': '延后到期时间', en: 'Move the due date' },
  'act.dueAt': {
    'zh-Hant': '新的到期時間',
    'zh-Hans': '新的到期时间',
    en: 'New due date and time',
  },
  'act.dueZone': n(
    (z) => `以 ${z} 時間輸入。`,
    (z) => `In ${z} time.`,
  ),
  'act.dueSubmit': {
    'zh-Hant': '更改到期時間',
    'zh-Hans': '更改到期时间',
    en: 'Move the due date',
  },
  'act.dueMoved': n(
    (x) => `到期時間已改為 ${x}。`,
    (x) => `Now due ${x}.`,
  ),
  'act.notMovable': {
    'zh-Hant': '已逾時或暫停的時效不能更改到期時間。',
    'zh-Hans': '已超时或暂停的时效不能更改到期时间。',
    en: 'A breached or paused clock cannot be moved.',
  },
  'act.note': { 'zh-Hant': '新增備註', 'zh-Hans': '添加备注', en: 'Add a note' },
  'act.noteText': { 'zh-Hant': '備註內容', 'zh-Hans': '备注内容', en: 'Note' },
  'act.noteSubmit': { 'zh-Hant': '新增備註', 'zh-Hans': '添加备注', en: 'Add the note' },
  'act.noted': { 'zh-Hant': '已新增備註。', 'zh-Hans': '已添加备注。', en: 'The note is added.' },
  'act.failed': n(
    (x) => `無法完成：${x}`,
    (x) => `Could not do it: ${x}`,
  ),
  'act.close': { 'zh-Hant': '關閉', 'zh-Hans': '关闭', en: 'Close' },
  // notifications
  'nt.title': { 'zh-Hant': '通知', 'zh-Hans': '通知', en: 'Notifications' },
  'nt.link': n(
    (x) => `通知（${x} 則未讀）`,
    (x) => `Notifications (${x} unread)`,
  ),
  'nt.intro': {
    'zh-Hant': '發給您、您的群組或您的角色的時效警示與逾時通知，最新的在前。',
    'zh-Hans': '发给您、您的群组或您的角色的时效警示与超时通知，最新的在前。',
    en: 'SLA warnings and breaches sent to you, your groups or your roles, newest first.',
  },
  'nt.unreadCounts': {
    'zh-Hant': (all: string, breach: string, warning: string) =>
      `未讀 ${all} 則：逾時 ${breach}、警示 ${warning}`,
    'zh-Hans': (all: string, breach: string, warning: string) =>
      `未读 ${all} 则：超时 ${breach}、警示 ${warning}`,
    en: (all: string, breach: string, warning: string) =>
      `${all} unread: ${breach} breaches, ${warning} warnings`,
  },
  'nt.show': { 'zh-Hant': '顯示', 'zh-Hans': '显示', en: 'Show' },
  'nt.all': { 'zh-Hant': '全部', 'zh-Hans': '全部', en: 'All' },
  'nt.unread': { 'zh-Hant': '只看未讀', 'zh-Hans': '只看未读', en: 'Unread only' },
  'nt.kind': { 'zh-Hant': '類型', 'zh-Hans': '类型', en: 'Kind' },
  'nt.kind.sla.breach': { 'zh-Hant': '逾時', 'zh-Hans': '超时', en: 'Breach' },
  'nt.kind.sla.warning': { 'zh-Hant': '警示', 'zh-Hans': '警示', en: 'Warning' },
  'nt.kind.other': { 'zh-Hant': '其他', 'zh-Hans': '其他', en: 'Other' },
  'nt.empty': { 'zh-Hant': '沒有通知。', 'zh-Hans': '没有通知。', en: 'No notifications.' },
  'nt.case': { 'zh-Hant': '案件', 'zh-Hans': '案件', en: 'Case' },
  'nt.message': { 'zh-Hant': '內容', 'zh-Hans': '内容', en: 'Message' },
  'nt.at': { 'zh-Hant': '時間', 'zh-Hans': '时间', en: 'When' },
  'nt.sentTo': n(
    (x) => `發給：${x}`,
    (x) => `To: ${x}`,
  ),
  'nt.to.user': { 'zh-Hant': '您', 'zh-Hans': '您', en: 'You' },
  'nt.to.group': n(
    (x) => `群組 ${x}`,
    (x) => `Group ${x}`,
  ),
  'nt.to.role': n(
    (x) => `角色 ${x}`,
    (x) => `Role ${x}`,
  ),
  'nt.new': { 'zh-Hant': '未讀', 'zh-Hans': '未读', en: 'Unread' },
  'nt.markAll': { 'zh-Hant': '全部標為已讀', 'zh-Hans': '全部标为已读', en: 'Mark all read' },
  'nt.markRead': { 'zh-Hant': '標為已讀', 'zh-Hans': '标为已读', en: 'Mark read' },
  'nt.open': n(
    (x) => `開啟案件 ${x}`,
    (x) => `Open case ${x}`,
  ),
  'nt.pages': { 'zh-Hant': '通知分頁', 'zh-Hans': '通知分页', en: 'Notification pages' },
  // incidents
  'in.list': n(
    (x) => `待處理的異常（${x}）`,
    (x) => `Open incidents (${x})`,
  ),
  'in.title': n(
    (x) => `異常：${x}`,
    (x) => `Incident: ${x}`,
  ),
  'in.back': { 'zh-Hant': '回到營運監控', 'zh-Hans': '回到营运监控', en: 'Back to Operations' },
  'in.case': { 'zh-Hant': '案件', 'zh-Hans': '案件', en: 'Case' },
  'in.reference': {
    'zh-Hant': '客戶查詢編號',
    'zh-Hans': '客户查询编号',
    en: "Customer's reference",
  },
  'in.process': { 'zh-Hant': '流程', 'zh-Hans': '流程', en: 'Process' },
  'in.node': { 'zh-Hant': '停在', 'zh-Hans': '停在', en: 'Stopped at' },
  'in.status': { 'zh-Hant': '狀態', 'zh-Hans': '状态', en: 'State' },
  'in.status.open': { 'zh-Hant': '待處理', 'zh-Hans': '待处理', en: 'Open' },
  'in.status.resolved': { 'zh-Hant': '已解決', 'zh-Hans': '已解决', en: 'Resolved' },
  'in.firstFailed': { 'zh-Hant': '首次失敗', 'zh-Hans': '首次失败', en: 'First failed' },
  'in.lastFailed': { 'zh-Hant': '最近失敗', 'zh-Hans': '最近失败', en: 'Last failed' },
  'in.action': { 'zh-Hant': '動作', 'zh-Hans': '动作', en: 'Action' },
  'in.error': { 'zh-Hant': '錯誤', 'zh-Hans': '错误', en: 'Error' },
  'in.graph': {
    'zh-Hant': '流程圖（藍色為停住的步驟）',
    'zh-Hans': '流程图（蓝色为停住的步骤）',
    en: 'Process graph (the step it stopped at in blue)',
  },
  'in.input': { 'zh-Hant': '輸入', 'zh-Hans': '输入', en: 'Input' },
  'in.inputNone': { 'zh-Hant': '（沒有輸入）', 'zh-Hans': '（没有输入）', en: '(no input)' },
  'in.mappings': {
    'zh-Hant': '輸入對應（FEEL）',
    'zh-Hans': '输入对应（FEEL）',
    en: 'Input mappings (FEEL)',
  },
  'in.attempts': n(
    (x) => `嘗試紀錄（${x}）`,
    (x) => `Attempts (${x})`,
  ),
  'in.attemptOf': {
    'zh-Hant': (a: string, max: string) => `第 ${a} / ${max} 次`,
    'zh-Hans': (a: string, max: string) => `第 ${a} / ${max} 次`,
    en: (a: string, max: string) => `${a} of ${max}`,
  },
  'in.at': { 'zh-Hant': '時間', 'zh-Hans': '时间', en: 'When' },
  'in.what': { 'zh-Hant': '事件', 'zh-Hans': '事件', en: 'What' },
  'in.who': { 'zh-Hant': '處理人', 'zh-Hans': '处理人', en: 'By' },
  'in.type.job.failed': { 'zh-Hant': '執行失敗', 'zh-Hans': '执行失败', en: 'Failed' },
  'in.type.job.retrying': { 'zh-Hant': '稍後重試', 'zh-Hans': '稍后重试', en: 'Will retry' },
  'in.type.incident.opened': {
    'zh-Hant': '成為異常',
    'zh-Hans': '成为异常',
    en: 'Became an incident',
  },
  'in.type.incident.retried': {
    'zh-Hant': '人工重試',
    'zh-Hans': '人工重试',
    en: 'Retried by hand',
  },
  'in.type.incident.resolved': { 'zh-Hant': '已解決', 'zh-Hans': '已解决', en: 'Resolved' },
  'in.type.incident.skipped': { 'zh-Hant': '已略過', 'zh-Hans': '已跳过', en: 'Skipped' },
  'in.type.variables.edited': {
    'zh-Hant': '修正變數',
    'zh-Hans': '修正变量',
    en: 'Variables corrected',
  },
  'in.clocks': { 'zh-Hant': '案件的時效', 'zh-Hans': '案件的时效', en: "The case's clocks" },
  'in.noClocks': {
    'zh-Hant': '此案件沒有時效。',
    'zh-Hans': '此案件没有时效。',
    en: 'This case has no clocks.',
  },
  'in.resolve': { 'zh-Hant': '處理異常', 'zh-Hans': '处理异常', en: 'Resolve it' },
  'in.retry': { 'zh-Hant': '重試', 'zh-Hans': '重试', en: 'Retry' },
  'in.retryEvaluate': {
    'zh-Hant': '依目前的案件變數重新計算輸入後重試',
    'zh-Hans': '依目前的案件变量重新计算输入后重试',
    en: 'Retry with the input evaluated again from the case now',
  },
  'in.code': { 'zh-Hant': '業務錯誤代碼', 'zh-Hans': '业务错误代码', en: 'Business error code' },
  'in.details': { 'zh-Hant': '錯誤詳情', 'zh-Hans': '错误详情', en: 'Error details' },
  'in.condition': {
    'zh-Hant': '無法判定的閘道條件',
    'zh-Hans': '无法判定的网关条件',
    en: 'Gateway condition not decided',
  },
  'in.conditionRead': {
    'zh-Hant': '條件讀取的變數值',
    'zh-Hans': '条件读取的变量值',
    en: 'Values it read',
  },
  'in.conditionGave': {
    'zh-Hant': '條件結果（非真亦非假）',
    'zh-Hans': '条件结果（非真亦非假）',
    en: 'What it gave (neither true nor false)',
  },
  'in.retried': {
    'zh-Hant': '已重新執行，案件繼續進行。',
    'zh-Hans': '已重新执行，案件继续进行。',
    en: 'Retried: the case goes on.',
  },
  'in.editRetry': {
    'zh-Hant': '修正變數後重試',
    'zh-Hans': '修正变量后重试',
    en: 'Correct variables and retry',
  },
  'in.editHint': {
    'zh-Hant': '變更的值記錄於案件歷程（含原值與原因），並依新值重新計算輸入。',
    'zh-Hans': '变更的值记录于案件历程（含原值与原因），并依新值重新计算输入。',
    en: "Changed values are recorded in the case's history (with the previous values and the reason); the input is evaluated again from them.",
  },
  'in.variable': { 'zh-Hant': '變數', 'zh-Hans': '变量', en: 'Variable' },
  'in.value': {
    'zh-Hant': '值（JSON 或文字）',
    'zh-Hans': '值（JSON 或文字）',
    en: 'Value (JSON or text)',
  },
  'in.editSubmit': {
    'zh-Hant': '以修正後的變數重試',
    'zh-Hans': '以修正后的变量重试',
    en: 'Retry with these values',
  },
  'in.nothingChanged': {
    'zh-Hant': '沒有變更任何變數。',
    'zh-Hans': '没有变更任何变量。',
    en: 'No variable was changed.',
  },
  'in.skip': { 'zh-Hant': '略過此步驟', 'zh-Hans': '跳过此步骤', en: 'Skip this step' },
  'in.skipHint': {
    'zh-Hant': '案件不帶此步驟的結果繼續進行（僅系統管理員，記錄原因）。',
    'zh-Hans': '案件不带此步骤的结果继续进行（仅系统管理员，记录原因）。',
    en: 'The case moves on without this step’s result (administrators only; the reason is recorded).',
  },
  'in.skipSubmit': { 'zh-Hant': '略過', 'zh-Hans': '跳过', en: 'Skip' },
  'in.skipped': {
    'zh-Hant': '已略過此步驟。',
    'zh-Hans': '已跳过此步骤。',
    en: 'The step is skipped.',
  },
  'in.cancel': { 'zh-Hant': '取消案件', 'zh-Hans': '取消案件', en: 'Cancel the case' },
  'in.cancelSubmit': { 'zh-Hant': '取消案件', 'zh-Hans': '取消案件', en: 'Cancel the case' },
  'in.cancelled': {
    'zh-Hant': '案件已取消。',
    'zh-Hans': '案件已取消。',
    en: 'The case is cancelled.',
  },
  'in.noActions': {
    'zh-Hant': '此異常已解決，或您沒有可用的操作。',
    'zh-Hans': '此异常已解决，或您没有可用的操作。',
    en: 'This incident is resolved, or nothing is yours to do.',
  },
  'in.bulk': {
    'zh-Hant': '依流程與錯誤批次重試',
    'zh-Hans': '依流程与错误批量重试',
    en: 'Retry alike incidents together',
  },
  'in.bulkHint': {
    'zh-Hant': '同一流程、同一錯誤的異常可在修復原因後一次重試。',
    'zh-Hans': '同一流程、同一错误的异常可在修复原因后一次重试。',
    en: 'Incidents of one process with the same error can be retried at once after the cause is fixed.',
  },
  'in.count': { 'zh-Hant': '件數', 'zh-Hans': '件数', en: 'Incidents' },
  'in.bulkRetry': n(
    (x) => `重試 ${x} 件`,
    (x) => `Retry ${x}`,
  ),
  'in.bulkDone': {
    'zh-Hant': (ok: string, refused: string) => `已重試 ${ok} 件，${refused} 件未能重試。`,
    'zh-Hans': (ok: string, refused: string) => `已重试 ${ok} 件，${refused} 件未能重试。`,
    en: (ok: string, refused: string) => `${ok} retried, ${refused} refused.`,
  },
  'in.open': n(
    (x) => `開啟異常 ${x}`,
    (x) => `Open incident ${x}`,
  ),
  'in.filterAll': { 'zh-Hant': '所有流程', 'zh-Hans': '所有流程', en: 'Every process' },
  // the complaints report
  'cr.title': { 'zh-Hant': '投訴統計報表', 'zh-Hans': '投诉统计报表', en: 'Complaints report' },
  'cr.nav': { 'zh-Hant': '投訴報表', 'zh-Hans': '投诉报表', en: 'Complaints report' },
  'cr.intro': {
    'zh-Hant':
      '依《銀行保險機構消費投訴處理管理辦法》按月或按年、依業務類別與地區統計投訴：受理件數、15日內辦結、延長至30日、逾期、平均處理時間，以及重大投訴的根本原因。',
    'zh-Hans':
      '依《银行保险机构消费投诉处理管理办法》按月或按年、依业务类别与地区统计投诉：受理件数、15日内办结、延长至30日、逾期、平均处理时间，以及重大投诉的根本原因。',
    en: 'Complaints by month or year, business category and region, as the 2020 consumer-complaint rules ask: received, closed within 15 days, extended to 30, overdue, average handling time, and the root causes of the major ones.',
  },
  'cr.period': { 'zh-Hant': '期間', 'zh-Hans': '期间', en: 'Period' },
  'cr.month': { 'zh-Hant': '月報', 'zh-Hans': '月报', en: 'Monthly' },
  'cr.year': { 'zh-Hant': '年報', 'zh-Hans': '年报', en: 'Yearly' },
  'cr.monthOf': { 'zh-Hant': '月份', 'zh-Hans': '月份', en: 'Month' },
  'cr.yearOf': { 'zh-Hant': '年度', 'zh-Hans': '年度', en: 'Year' },
  'cr.show': { 'zh-Hant': '顯示', 'zh-Hans': '显示', en: 'Show' },
  'cr.summary': n(
    (x) => `${x} 投訴統計`,
    (x) => `Complaints of ${x}`,
  ),
  'cr.category': { 'zh-Hant': '業務類別', 'zh-Hans': '业务类别', en: 'Business category' },
  'cr.region': { 'zh-Hant': '地區', 'zh-Hans': '地区', en: 'Region' },
  'cr.received': { 'zh-Hant': '受理件數', 'zh-Hans': '受理件数', en: 'Received' },
  'cr.within15': { 'zh-Hant': '15日內辦結', 'zh-Hans': '15日内办结', en: 'Closed within 15 days' },
  'cr.extended': { 'zh-Hant': '延長至30日', 'zh-Hans': '延长至30日', en: 'Extended to 30 days' },
  'cr.overdue': { 'zh-Hant': '逾期', 'zh-Hans': '逾期', en: 'Overdue' },
  'cr.open': { 'zh-Hant': '處理中', 'zh-Hans': '处理中', en: 'Still open' },
  'cr.major': { 'zh-Hant': '重大投訴', 'zh-Hans': '重大投诉', en: 'Major' },
  'cr.average': {
    'zh-Hant': '平均處理時間',
    'zh-Hans': '平均处理时间',
    en: 'Average handling time',
  },
  'cr.total': { 'zh-Hant': '合計', 'zh-Hans': '合计', en: 'Total' },
  'cr.byCategory': { 'zh-Hant': '依業務類別', 'zh-Hans': '依业务类别', en: 'By business category' },
  'cr.byRegion': { 'zh-Hant': '依地區', 'zh-Hans': '依地区', en: 'By region' },
  'cr.detail': {
    'zh-Hant': '依業務類別與地區',
    'zh-Hans': '依业务类别与地区',
    en: 'By business category and region',
  },
  'cr.rootCauses': {
    'zh-Hant': '重大投訴的根本原因',
    'zh-Hans': '重大投诉的根本原因',
    en: 'Root causes of major complaints',
  },
  'cr.rootCause': { 'zh-Hant': '根本原因', 'zh-Hans': '根本原因', en: 'Root cause' },
  'cr.count': { 'zh-Hant': '件數', 'zh-Hans': '件数', en: 'Count' },
  'cr.noRootCauses': {
    'zh-Hant': '本期沒有已記錄根本原因的重大投訴。',
    'zh-Hans': '本期没有已记录根本原因的重大投诉。',
    en: 'No major complaint of this period has a recorded root cause.',
  },
  'cr.empty': {
    'zh-Hant': '本期沒有投訴。',
    'zh-Hans': '本期没有投诉。',
    en: 'No complaint was received in this period.',
  },
  'cr.none': { 'zh-Hant': '（未填）', 'zh-Hans': '（未填）', en: '(not given)' },
  'cr.csv': { 'zh-Hant': '匯出 CSV', 'zh-Hans': '导出 CSV', en: 'Export CSV' },
  'cr.csvSummary': { 'zh-Hant': '統計表 CSV', 'zh-Hans': '统计表 CSV', en: 'Summary as CSV' },
  'cr.csvCauses': {
    'zh-Hant': '根本原因 CSV',
    'zh-Hans': '根本原因 CSV',
    en: 'Root causes as CSV',
  },
  'cr.print': { 'zh-Hant': '列印', 'zh-Hans': '打印', en: 'Print' },
  'cr.generated': {
    'zh-Hant': (at: string, zone: string) => `製表時間 ${at}；日期以 ${zone} 計`,
    'zh-Hans': (at: string, zone: string) => `制表时间 ${at}；日期以 ${zone} 计`,
    en: (at: string, zone: string) => `Produced ${at}; days counted in ${zone}`,
  },
  'cr.noProcess': {
    'zh-Hant': '找不到投訴流程（complaint），無法製作報表。',
    'zh-Hans': '找不到投诉流程（complaint），无法制作报表。',
    en: 'There is no complaint process (complaint) to report on.',
  },
} as const;

export type SupTextKey = keyof typeof MESSAGES;
export const supText = messagesOf(MESSAGES);
/** Whether a text of that key exists (keys built from engine values, e.g. history types). */
export const isSupTextKey = (key: string): key is SupTextKey => key in MESSAGES;
