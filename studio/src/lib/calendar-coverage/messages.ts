/** The texts of calendar coverage and clock and timer replays, in zh-Hant, zh-Hans and English. */
import { messagesOf, type Lang, type Text } from '$lib/i18n';

const MESSAGES = {
  gap: {
    'zh-Hant': (cal: string, known: string, years: string) =>
      `${cal} 只涵蓋 ${known} 年：此時鐘依賴 ${years} 年，這些年份的假期尚未輸入，期限只按每週工作時間計算。`,
    'zh-Hans': (cal: string, known: string, years: string) =>
      `${cal} 只涵盖 ${known} 年：此时钟依赖 ${years} 年，这些年份的假期尚未输入，期限只按每周工作时间计算。`,
    en: (cal: string, known: string, years: string) =>
      `${cal} covers ${known} only: this clock depends on ${years}, whose holidays are not entered yet, so its deadline counts weekly hours only.`,
  },
  gapTimer: {
    'zh-Hant': (name: string, cal: string, known: string, years: string) =>
      `計時器「${name}」按 ${cal} 計算，該行事曆只涵蓋 ${known} 年：它在 ${years} 年到期，這些年份的假期尚未輸入，只按每週工作時間計算。`,
    'zh-Hans': (name: string, cal: string, known: string, years: string) =>
      `计时器“${name}”按 ${cal} 计算，该日历只涵盖 ${known} 年：它在 ${years} 年到期，这些年份的假期尚未录入，只按每周工作时间计算。`,
    en: (name: string, cal: string, known: string, years: string) =>
      `Timer “${name}” counts on ${cal}, which covers ${known} only: it falls due in ${years}, whose holidays are not entered yet, so it counts weekly hours only.`,
  },
  gapTask: {
    'zh-Hant': (name: string, cal: string, known: string, years: string) =>
      `任務「${name}」的期限按 ${cal} 計算，該行事曆只涵蓋 ${known} 年：期限落在 ${years} 年，這些年份的假期尚未輸入，只按每週工作時間計算。`,
    'zh-Hans': (name: string, cal: string, known: string, years: string) =>
      `任务“${name}”的期限按 ${cal} 计算，该日历只涵盖 ${known} 年：期限落在 ${years} 年，这些年份的假期尚未录入，只按每周工作时间计算。`,
    en: (name: string, cal: string, known: string, years: string) =>
      `Task “${name}” has its due date counted on ${cal}, which covers ${known} only: it falls in ${years}, whose holidays are not entered yet, so it counts weekly hours only.`,
  },
  flagTask: {
    'zh-Hant': (years: string) => `期限落在未涵蓋的 ${years} 年`,
    'zh-Hans': (years: string) => `期限落在未涵盖的 ${years} 年`,
    en: (years: string) => `Due in ${years}, beyond its calendar`,
  },
  gapNewer: {
    'zh-Hant': (v: string) => `版本 ${v} 已發佈，可在「營運」頁面重新計算。`,
    'zh-Hans': (v: string) => `版本 ${v} 已发布，可在「营运」页面重新计算。`,
    en: (v: string) => `Version ${v} is published: replay it from the operations page.`,
  },
  beyondDue: { 'zh-Hant': '期限', 'zh-Hans': '期限', en: 'due' },
  beyondWarning: {
    'zh-Hant': (p: string) => `${p}% 警示`,
    'zh-Hans': (p: string) => `${p}% 警示`,
    en: (p: string) => `${p}% warning`,
  },
  title: { 'zh-Hant': '行事曆涵蓋年份', 'zh-Hans': '日历涵盖年份', en: 'Calendar coverage' },
  intro: {
    'zh-Hant': '使用中的行事曆所涵蓋的年份，以及依賴其後年份的進行中時鐘、計時器與任務期限。',
    'zh-Hans': '使用中的日历所涵盖的年份，以及依赖其后年份的进行中时钟、计时器与任务期限。',
    en: 'The years each calendar in use knows, and the running clocks, timers and task due dates that depend on later years.',
  },
  calendar: { 'zh-Hant': '行事曆', 'zh-Hans': '日历', en: 'Calendar' },
  known: { 'zh-Hant': '涵蓋', 'zh-Hans': '涵盖', en: 'Covers' },
  live: { 'zh-Hant': '進行中時鐘', 'zh-Hans': '进行中时钟', en: 'Live clocks' },
  beyond: { 'zh-Hant': '超出涵蓋', 'zh-Hans': '超出涵盖', en: 'Beyond' },
  older: { 'zh-Hant': '按舊版本', 'zh-Hans': '按旧版本', en: 'On older versions' },
  timers: { 'zh-Hant': '待觸發計時器', 'zh-Hans': '待触发计时器', en: 'Pending timers' },
  tasks: { 'zh-Hant': '任務期限', 'zh-Hans': '任务期限', en: 'Task due dates' },
  timer: {
    'zh-Hant': (name: string, node: string) => `計時器「${name}」（${node}）`,
    'zh-Hans': (name: string, node: string) => `计时器“${name}”（${node}）`,
    en: (name: string, node: string) => `timer “${name}” (${node})`,
  },
  task: {
    'zh-Hant': (name: string, node: string) => `任務「${name}」（${node}）的期限`,
    'zh-Hans': (name: string, node: string) => `任务“${name}”（${node}）的期限`,
    en: (name: string, node: string) => `due date of task “${name}” (${node})`,
  },
  reportTimers: {
    'zh-Hant': (n: string, m: string) => `另有 ${n} 個待觸發的計時器，其中 ${m} 個到期時間會移動。`,
    'zh-Hans': (n: string, m: string) => `另有 ${n} 个待触发的计时器，其中 ${m} 个到期时间会移动。`,
    en: (n: string, m: string) =>
      `Also ${n} pending timer${n === '1' ? '' : 's'}, ${m} of them with a due instant that moves.`,
  },
  reportTasks: {
    'zh-Hant': (n: string, m: string) => `另有 ${n} 個任務的期限，其中 ${m} 個會移動。`,
    'zh-Hans': (n: string, m: string) => `另有 ${n} 个任务的期限，其中 ${m} 个会移动。`,
    en: (n: string, m: string) =>
      `Also ${n} task due date${n === '1' ? '' : 's'}, ${m} of them moving.`,
  },
  appliedTasks: {
    'zh-Hant': (n: string) => `已重新計算 ${n} 個任務的期限，每個案件的歷程都有記錄。`,
    'zh-Hans': (n: string) => `已重新计算 ${n} 个任务的期限，每个案件的历程都有记录。`,
    en: (n: string) =>
      `${n} task due date${n === '1' ? '' : 's'} recounted, each recorded in its case's history.`,
  },
  appliedTimers: {
    'zh-Hant': (n: string) => `已重新計算 ${n} 個計時器，每個案件的歷程都有記錄。`,
    'zh-Hans': (n: string) => `已重新计算 ${n} 个计时器，每个案件的历程都有记录。`,
    en: (n: string) =>
      `${n} timer${n === '1' ? '' : 's'} replayed, each recorded in its case's history.`,
  },
  state: {
    'zh-Hant': (s: string) => ({ ok: '正常', runsOutSoon: '即將用盡', ranOut: '已用盡' })[s] ?? s,
    'zh-Hans': (s: string) => ({ ok: '正常', runsOutSoon: '即将用尽', ranOut: '已用尽' })[s] ?? s,
    en: (s: string) => ({ ok: 'OK', runsOutSoon: 'Runs out soon', ranOut: 'Ran out' })[s] ?? s,
  },
  none: {
    'zh-Hant': '沒有使用中的行事曆。',
    'zh-Hans': '没有使用中的日历。',
    en: 'No calendar is in use.',
  },
  preview: { 'zh-Hant': '預覽重新計算', 'zh-Hans': '预览重新计算', en: 'Preview replay' },
  apply: { 'zh-Hant': '套用重新計算', 'zh-Hans': '套用重新计算', en: 'Apply replay' },
  slaOlder: {
    'zh-Hant': (sla: string, v: string, n: string) =>
      `服務水準 ${sla}：${n} 個時鐘仍按舊版本，最新為版本 ${v}`,
    'zh-Hans': (sla: string, v: string, n: string) =>
      `服务水准 ${sla}：${n} 个时钟仍按旧版本，最新为版本 ${v}`,
    en: (sla: string, v: string, n: string) =>
      `SLA ${sla}: ${n} clocks on older versions; the latest is version ${v}`,
  },
  reportTitle: {
    'zh-Hant': (what: string, n: string, m: string) =>
      `${what}：${n} 個時鐘，其中 ${m} 個期限或警示會移動。`,
    'zh-Hans': (what: string, n: string, m: string) =>
      `${what}：${n} 个时钟，其中 ${m} 个期限或警示会移动。`,
    en: (what: string, n: string, m: string) =>
      `${what}: ${n} clocks, ${m} of them with a due or warning instant that moves.`,
  },
  appliedTitle: {
    'zh-Hant': (what: string, n: string) =>
      `${what}：已重新計算 ${n} 個時鐘，每個案件的歷程都有記錄。`,
    'zh-Hans': (what: string, n: string) =>
      `${what}：已重新计算 ${n} 个时钟，每个案件的历程都有记录。`,
    en: (what: string, n: string) =>
      `${what}: ${n} clocks replayed, each recorded in its case's history.`,
  },
  case: { 'zh-Hant': '案件', 'zh-Hans': '案件', en: 'Case' },
  sla: { 'zh-Hant': '服務水準', 'zh-Hans': '服务水准', en: 'SLA' },
  slaOrStep: { 'zh-Hant': '服務水準或步驟', 'zh-Hans': '服务水准或步骤', en: 'SLA or step' },
  dueBefore: { 'zh-Hant': '原期限', 'zh-Hans': '原期限', en: 'Due before' },
  dueAfter: { 'zh-Hant': '新期限', 'zh-Hans': '新期限', en: 'Due after' },
  difference: { 'zh-Hant': '差距', 'zh-Hans': '差距', en: 'Difference' },
  why: { 'zh-Hant': '原因', 'zh-Hans': '原因', en: 'Why' },
  paused: { 'zh-Hant': '暫停中', 'zh-Hans': '暂停中', en: 'paused' },
  whyCalendar: {
    'zh-Hant': (id: string, a: string, b: string) => `行事曆 ${id} 版本 ${a} → ${b}`,
    'zh-Hans': (id: string, a: string, b: string) => `日历 ${id} 版本 ${a} → ${b}`,
    en: (id: string, a: string, b: string) => `calendar ${id} v${a} → v${b}`,
  },
  whySla: {
    'zh-Hant': (id: string, a: string, b: string) => `服務水準 ${id} 版本 ${a} → ${b}`,
    'zh-Hans': (id: string, a: string, b: string) => `服务水准 ${id} 版本 ${a} → ${b}`,
    en: (id: string, a: string, b: string) => `SLA ${id} v${a} → v${b}`,
  },
  whyTarget: {
    'zh-Hant': (a: string, b: string) => `時限 ${a} → ${b}`,
    'zh-Hans': (a: string, b: string) => `时限 ${a} → ${b}`,
    en: (a: string, b: string) => `target ${a} → ${b}`,
  },
  whyThresholds: {
    'zh-Hant': (a: string, b: string) => `警示 ${a} → ${b}`,
    'zh-Hans': (a: string, b: string) => `警示 ${a} → ${b}`,
    en: (a: string, b: string) => `warnings ${a} → ${b}`,
  },
  unchanged: { 'zh-Hant': '不變', 'zh-Hans': '不变', en: 'unchanged' },
  skipped: {
    'zh-Hant': (n: string) =>
      `${n} 個時鐘、計時器或任務期限不重新計算（已逾時、已到期、已結束或已是最新版本）。`,
    'zh-Hans': (n: string) =>
      `${n} 个时钟、计时器或任务期限不重新计算（已超时、已到期、已结束或已是最新版本）。`,
    en: (n: string) =>
      `${n} clocks, timers or task due dates are left as they are (breached, due, ended or already on the latest versions).`,
  },
  failed: {
    'zh-Hant': (m: string) => `失敗：${m}`,
    'zh-Hans': (m: string) => `失败：${m}`,
    en: (m: string) => `Failed: ${m}`,
  },
} satisfies Record<string, Record<Lang, Text>>;

export type CoverageTextKey = keyof typeof MESSAGES;
export const coverageText = messagesOf(MESSAGES);
