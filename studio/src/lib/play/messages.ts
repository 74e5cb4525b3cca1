/**
 * The play panel's own UI text, in Traditional Chinese (the default) and English, and how a
 * play's steps and history read to a designer.
 *
 * @example
 *   t('en', 'advanceBy', '1 hour') // 'Move the clock +1 hour'
 */
import { labelIn, messagesOf, type Lang, type Text } from '$lib/i18n';
import type { PlayAction, PlayHistoryEntry } from './api';
import { durationWords } from '@caseway/engine/time';

export type { Lang };

const MESSAGES = {
  play: { 'zh-Hant': '試行', 'zh-Hans': '试行', en: 'Play' },
  playTitle: {
    'zh-Hant': '試行（模擬，不影響實際案件）',
    'zh-Hans': '试行（模拟，不影响实际案件）',
    en: 'Play (a sandbox: no real case)',
  },
  startPlay: { 'zh-Hant': '試行此草稿', 'zh-Hans': '试行此草稿', en: 'Play this draft' },
  stopPlay: { 'zh-Hant': '結束試行', 'zh-Hans': '结束试行', en: 'Stop playing' },
  restart: { 'zh-Hant': '重新開始', 'zh-Hans': '重新开始', en: 'Start over' },
  starting: { 'zh-Hant': '準備中…', 'zh-Hans': '准备中…', en: 'Preparing…' },
  startAt: { 'zh-Hant': '模擬開始時間', 'zh-Hans': '模拟开始时间', en: 'Simulated start' },
  startForm: { 'zh-Hant': '開始表單', 'zh-Hans': '开始表单', en: 'Start form' },
  startCase: { 'zh-Hant': '開始案件', 'zh-Hans': '开始案件', en: 'Start the case' },
  noStartForm: {
    'zh-Hant': '此流程沒有開始表單。',
    'zh-Hans': '此流程没有开始表单。',
    en: 'This process has no start form.',
  },
  simulatedNow: { 'zh-Hant': '模擬時間', 'zh-Hans': '模拟时间', en: 'Simulated time' },
  status: {
    'zh-Hant': (s: string) =>
      ({ new: '尚未開始', active: '進行中', completed: '已完成', cancelled: '已取消' })[s] ?? s,
    'zh-Hans': (s: string) =>
      ({ new: '尚未开始', active: '进行中', completed: '已完成', cancelled: '已取消' })[s] ?? s,
    en: (s: string) =>
      ({ new: 'Not started', active: 'Running', completed: 'Completed', cancelled: 'Cancelled' })[
        s
      ] ?? s,
  },
  outcome: {
    'zh-Hant': (o: string) => `結果：${o}`,
    'zh-Hans': (o: string) => `结果：${o}`,
    en: (o: string) => `Outcome: ${o}`,
  },
  clock: { 'zh-Hant': '時鐘', 'zh-Hans': '时钟', en: 'Clock' },
  plusHour: { 'zh-Hant': '+1 小時', 'zh-Hans': '+1 小时', en: '+1 hour' },
  plusDay: { 'zh-Hant': '+1 天', 'zh-Hans': '+1 天', en: '+1 day' },
  nextTimer: { 'zh-Hant': '到下一個計時器', 'zh-Hans': '到下一个计时器', en: 'To the next timer' },
  nextSla: {
    'zh-Hant': '到下一個時效門檻',
    'zh-Hans': '到下一个时效门槛',
    en: 'To the next SLA threshold',
  },
  nextAt: {
    'zh-Hant': (at: string) => `（${at}）`,
    'zh-Hans': (at: string) => `（${at}）`,
    en: (at: string) => ` (${at})`,
  },
  toDate: { 'zh-Hant': '移至', 'zh-Hans': '移至', en: 'Move to' },
  toDateLabel: { 'zh-Hant': '日期時間', 'zh-Hans': '日期时间', en: 'Date and time' },
  openTasks: { 'zh-Hant': '待辦任務', 'zh-Hans': '待办任务', en: 'Open tasks' },
  noTasks: { 'zh-Hant': '沒有待辦任務。', 'zh-Hans': '没有待办任务。', en: 'No open task.' },
  complete: { 'zh-Hant': '完成任務', 'zh-Hans': '完成任务', en: 'Complete task' },
  offeredTo: {
    'zh-Hant': (g: string) => `候選：${g}`,
    'zh-Hans': (g: string) => `候选：${g}`,
    en: (g: string) => `Offered to ${g}`,
  },
  noCandidates: { 'zh-Hant': '沒有候選人', 'zh-Hans': '没有候选人', en: 'No candidates' },
  priority: {
    'zh-Hant': (p: string) => `優先順序 ${p}`,
    'zh-Hans': (p: string) => `优先级 ${p}`,
    en: (p: string) => `priority ${p}`,
  },
  messages: { 'zh-Hant': '訊息', 'zh-Hans': '消息', en: 'Messages' },
  awaiting: {
    'zh-Hant': (m: string, k: string) => `等待「${m}」（關聯鍵 ${k}）`,
    'zh-Hans': (m: string, k: string) => `等待「${m}」（关联键 ${k}）`,
    en: (m: string, k: string) => `Waiting for "${m}" (key ${k})`,
  },
  messageName: { 'zh-Hant': '訊息名稱', 'zh-Hans': '消息名称', en: 'Message name' },
  correlationKey: {
    'zh-Hant': '關聯鍵（選填）',
    'zh-Hans': '关联键（选填）',
    en: 'Correlation key (optional)',
  },
  payload: { 'zh-Hant': '內容（JSON）', 'zh-Hans': '内容（JSON）', en: 'Payload (JSON)' },
  send: { 'zh-Hant': '傳送訊息', 'zh-Hans': '发送消息', en: 'Send message' },
  badJson: {
    'zh-Hant': '不是有效的 JSON 物件',
    'zh-Hans': '不是有效的 JSON 对象',
    en: 'Not a valid JSON object',
  },
  plugins: {
    'zh-Hant': '外掛動作（模擬）',
    'zh-Hans': '插件动作（模拟）',
    en: 'Plugin actions (dry run)',
  },
  dryNote: {
    'zh-Hant': '不會呼叫外部系統：請輸入動作的結果。',
    'zh-Hans': '不会调用外部系统：请输入动作的结果。',
    en: 'Nothing is called: enter the result the action would give.',
  },
  input: { 'zh-Hant': '輸入', 'zh-Hans': '输入', en: 'Input' },
  result: { 'zh-Hant': '結果（JSON）', 'zh-Hans': '结果（JSON）', en: 'Result (JSON)' },
  giveResult: { 'zh-Hant': '使用此結果', 'zh-Hans': '使用此结果', en: 'Use this result' },
  failJob: { 'zh-Hant': '模擬失敗', 'zh-Hans': '模拟失败', en: 'Make it fail' },
  failReason: { 'zh-Hant': '模擬的錯誤', 'zh-Hans': '模拟的错误', en: 'simulated failure' },
  attempt: {
    'zh-Hant': (a: string, m: string) => `第 ${a}/${m} 次`,
    'zh-Hans': (a: string, m: string) => `第 ${a}/${m} 次`,
    en: (a: string, m: string) => `attempt ${a} of ${m}`,
  },
  incidents: { 'zh-Hant': '事故', 'zh-Hans': '事故', en: 'Incidents' },
  slas: { 'zh-Hant': '服務時效', 'zh-Hans': '服务时效', en: 'Service levels' },
  slaState: {
    'zh-Hant': (s: string) =>
      ({ running: '計時中', paused: '暫停', met: '達成', breached: '逾期', cancelled: '取消' })[
        s
      ] ?? s,
    'zh-Hans': (s: string) =>
      ({ running: '计时中', paused: '暂停', met: '达成', breached: '逾期', cancelled: '取消' })[
        s
      ] ?? s,
    en: (s: string) =>
      ({
        running: 'running',
        paused: 'paused',
        met: 'met',
        breached: 'breached',
        cancelled: 'cancelled',
      })[s] ?? s,
  },
  slaDue: {
    'zh-Hant': (at: string) => `到期 ${at}`,
    'zh-Hans': (at: string) => `到期 ${at}`,
    en: (at: string) => `due ${at}`,
  },
  slaUsed: {
    'zh-Hant': (p: string) => `已用 ${p}%`,
    'zh-Hans': (p: string) => `已用 ${p}%`,
    en: (p: string) => `${p}% used`,
  },
  steps: { 'zh-Hant': '步驟', 'zh-Hans': '步骤', en: 'Steps' },
  stepEntered: {
    'zh-Hant': (n: string) => `經過：${n}`,
    'zh-Hans': (n: string) => `经过：${n}`,
    en: (n: string) => `Entered: ${n}`,
  },
  variables: { 'zh-Hant': '變數', 'zh-Hans': '变量', en: 'Variables' },
  history: { 'zh-Hant': '歷程', 'zh-Hans': '历程', en: 'History' },
  afterStep: {
    'zh-Hant': (n: string) => `第 ${n} 步之後`,
    'zh-Hans': (n: string) => `第 ${n} 步之后`,
    en: (n: string) => `After step ${n}`,
  },
  saveScenario: { 'zh-Hant': '另存為情境', 'zh-Hans': '另存为情境', en: 'Save as scenario' },
  scenarioName: {
    'zh-Hant': '情境名稱（小寫英文、數字、連字號）',
    'zh-Hans': '情境名称（小写英文、数字、连字号）',
    en: 'Scenario name (lower case, digits, hyphens)',
  },
  scenarioTitleZh: { 'zh-Hant': '標題（中文）', 'zh-Hans': '标题（繁体）', en: 'Title (Chinese)' },
  scenarioTitleEn: { 'zh-Hant': '標題（英文）', 'zh-Hans': '标题（英文）', en: 'Title (English)' },
  scenarioSaved: {
    'zh-Hant': (f: string) => `已儲存為 ${f}；每次發佈都會重播此情境。`,
    'zh-Hans': (f: string) => `已保存为 ${f}；每次发布都会重播此情境。`,
    en: (f: string) => `Saved as ${f}; every publish replays it.`,
  },
  scenarioExists: {
    'zh-Hant': '已有同名情境。再按一次以取代它。',
    'zh-Hans': '已有同名情境。再按一次以取代它。',
    en: 'A scenario with this name exists. Press again to replace it.',
  },
  replace: { 'zh-Hant': '取代', 'zh-Hans': '取代', en: 'Replace' },
  warnings: { 'zh-Hant': '注意', 'zh-Hans': '注意', en: 'Note' },
  error: {
    'zh-Hant': (m: string) => `無法執行：${m}`,
    'zh-Hans': (m: string) => `无法执行：${m}`,
    en: (m: string) => `Refused: ${m}`,
  },
  cancelCase: { 'zh-Hant': '取消案件', 'zh-Hans': '取消案件', en: 'Cancel the case' },
  inProcess: {
    'zh-Hant': (p: string) => `（子流程 ${p}）`,
    'zh-Hans': (p: string) => `（子流程 ${p}）`,
    en: (p: string) => ` (in ${p})`,
  },
} satisfies Record<string, Record<Lang, Text>>;

export type PlayMessageKey = keyof typeof MESSAGES;

export const t: (lang: Lang, key: PlayMessageKey, ...args: (string | number)[]) => string =
  messagesOf(MESSAGES);

/** A node's label in the played process (its id when it has no name or is elsewhere). */
export type NodeLabel = (entry: string) => string;

/** How names and instants read in the panel. */
export interface Namer {
  /** A node's label in the played process (its id when it has no name or is elsewhere). */
  label: NodeLabel;
  /** An instant in the play's zone. */
  when?: (iso: string) => string;
  /** An SLA's name by its id. */
  sla?: (id: string) => string;
}

/** What a step did, in a sentence. */
export function describeAction(lang: Lang, a: PlayAction, names: Namer): string {
  const { label } = names;
  const zh = lang !== 'en';
  const ref = (node?: string, process?: string) =>
    node ? label(process ? `${process}:${node}` : node) : '';
  switch (a.type) {
    case 'start':
      return zh ? '開始案件' : 'Started the case';
    case 'completeTask':
      return zh ? `完成「${ref(a.node, a.process)}」` : `Completed "${ref(a.node, a.process)}"`;
    case 'sendMessage':
      return zh ? `傳送訊息「${a.message}」` : `Sent message "${a.message}"`;
    case 'advanceClock':
      return a.by
        ? zh
          ? `時鐘前進 ${durationText(lang, a.by)}`
          : `Clock +${durationText(lang, a.by)}`
        : a.to && names.when
          ? zh
            ? `時鐘移至 ${names.when(a.to)}`
            : `Clock moved to ${names.when(a.to)}`
          : zh
            ? '時鐘移至指定時間'
            : 'Clock moved to a date';
    case 'jobResult':
      return zh ? `「${ref(a.node, a.process)}」的結果` : `Result of "${ref(a.node, a.process)}"`;
    case 'jobFailed':
      return zh ? `「${ref(a.node, a.process)}」失敗` : `"${ref(a.node, a.process)}" failed`;
    case 'cancel':
      return zh ? '取消案件' : 'Cancelled the case';
  }
}

/** PT1H, P1D as words (the duration as it is when it is not one). */
export const durationText = (lang: Lang, iso: string): string => durationWords(iso, lang) ?? iso;

const HISTORY: Record<string, Record<Lang, string>> = {
  'instance.started': { 'zh-Hant': '案件開始', 'zh-Hans': '案件开始', en: 'Case started' },
  'instance.completed': { 'zh-Hant': '案件完成', 'zh-Hans': '案件完成', en: 'Case completed' },
  'instance.cancelled': { 'zh-Hant': '案件取消', 'zh-Hans': '案件取消', en: 'Case cancelled' },
  'node.entered': { 'zh-Hant': '進入', 'zh-Hans': '进入', en: 'Entered' },
  'node.left': { 'zh-Hant': '離開', 'zh-Hans': '离开', en: 'Left' },
  'node.interrupted': { 'zh-Hant': '被中斷', 'zh-Hans': '被中断', en: 'Interrupted' },
  'task.created': { 'zh-Hant': '建立任務', 'zh-Hans': '创建任务', en: 'Task created' },
  'task.completed': { 'zh-Hant': '任務完成', 'zh-Hans': '任务完成', en: 'Task completed' },
  'timer.scheduled': { 'zh-Hant': '計時開始', 'zh-Hans': '计时开始', en: 'Timer set' },
  'timer.fired': { 'zh-Hant': '計時器觸發', 'zh-Hans': '计时器触发', en: 'Timer fired' },
  'job.scheduled': {
    'zh-Hant': '外掛動作待執行',
    'zh-Hans': '插件动作待执行',
    en: 'Plugin action waiting',
  },
  'job.succeeded': {
    'zh-Hant': '外掛動作完成',
    'zh-Hans': '插件动作完成',
    en: 'Plugin action done',
  },
  'job.failed': {
    'zh-Hant': '外掛動作失敗，將重試',
    'zh-Hans': '插件动作失败，将重试',
    en: 'Plugin action failed, will retry',
  },
  'incident.opened': { 'zh-Hant': '發生事故', 'zh-Hans': '发生事故', en: 'Incident opened' },
  'message.awaited': { 'zh-Hant': '等待訊息', 'zh-Hans': '等待消息', en: 'Waiting for a message' },
  'message.correlated': { 'zh-Hant': '收到訊息', 'zh-Hans': '收到消息', en: 'Message received' },
  'call.started': {
    'zh-Hant': '子流程開始',
    'zh-Hans': '子流程开始',
    en: 'Called process started',
  },
  'call.completed': {
    'zh-Hant': '子流程完成',
    'zh-Hans': '子流程完成',
    en: 'Called process completed',
  },
  'gateway.joined': { 'zh-Hant': '平行匯合', 'zh-Hans': '平行汇合', en: 'Branches joined' },
  'sla.started': { 'zh-Hant': '時效開始計時', 'zh-Hans': '时效开始计时', en: 'SLA clock started' },
  'sla.paused': { 'zh-Hant': '時效暫停', 'zh-Hans': '时效暂停', en: 'SLA clock paused' },
  'sla.resumed': { 'zh-Hant': '時效恢復', 'zh-Hans': '时效恢复', en: 'SLA clock resumed' },
  'sla.stopped': { 'zh-Hant': '時效停止', 'zh-Hans': '时效停止', en: 'SLA clock stopped' },
  'sla.cancelled': { 'zh-Hant': '時效取消', 'zh-Hans': '时效取消', en: 'SLA clock cancelled' },
  'sla.reset': { 'zh-Hant': '時效重設', 'zh-Hans': '时效重设', en: 'SLA clock reset' },
  'sla.warning': { 'zh-Hant': '時效警示', 'zh-Hans': '时效警示', en: 'SLA warning' },
  'sla.breached': { 'zh-Hant': '時效逾期', 'zh-Hans': '时效逾期', en: 'SLA breached' },
  'sla.action': { 'zh-Hant': '時效動作', 'zh-Hans': '时效动作', en: 'SLA action' },
  'sla.failed': { 'zh-Hant': '時效無法開始', 'zh-Hans': '时效无法开始', en: 'SLA could not start' },
};

/** A history entry in a line: what happened, where, and the details a designer looks for. */
export function describeEntry(lang: Lang, h: PlayHistoryEntry, names: Namer): string {
  const { label } = names;
  const what = HISTORY[h.type]?.[lang] ?? h.type;
  const where = h.nodeId ? ` ${label(h.nodeId)}` : '';
  const d = h.data ?? {};
  let extra = '';
  if (h.type === 'sla.warning' || h.type === 'sla.breached')
    extra = ` ${names.sla?.(String(d.slaId)) ?? String(d.slaId ?? '')} ${String(d.percent ?? '')}%`;
  else if (h.type === 'sla.action') {
    const to = Array.isArray(d.recipients)
      ? (d.recipients as { id: string }[]).map((r) => r.id).join(', ')
      : '';
    const msg = d.message && typeof d.message === 'object' ? labelIn(lang, d.message as never) : '';
    extra = ` ${String(d.action ?? '')}${to ? ` → ${to}` : ''}${msg ? `: ${msg}` : ''}${d.dry ? (lang === 'en' ? ' (not run)' : lang === 'zh-Hans' ? '（未执行）' : '（未執行）') : ''}`;
  } else if (h.type === 'incident.opened' && typeof d.error === 'string') extra = `: ${d.error}`;
  else if (h.type === 'message.correlated' && typeof d.message === 'string')
    extra = ` "${d.message}"`;
  return `${what}${where}${extra}`;
}
