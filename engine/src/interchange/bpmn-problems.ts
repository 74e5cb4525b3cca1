/**
 * What an import could not carry, said in both languages. Each problem names the BPMN element
 * (its id, type and line) and a reason key with parameters; the message is rendered in the
 * caller's language, and the studio may say the key in its own sentence.
 */
import type { Lang } from '../errors.ts';
import { say } from '../locale/index.ts';

export interface ImportProblem {
  /** the BPMN element's id ('' when it has none) */
  element: string;
  /** its BPMN type, e.g. `bpmn:ScriptTask` */
  type: string;
  /** the line its id stands on (null when unknown) */
  line: number | null;
  /** a stable key (below) */
  reason: ImportReason;
  params: Record<string, string | number>;
  message: string;
  /** the Caseway node or flow it became, when it became one */
  node?: string;
}

type Params = Record<string, string | number>;
type Say = (p: Params) => string;

const REASONS = {
  'element.unsupported': {
    en: (p) => `A ${p.type} has no Caseway equivalent: it was left out, with its flows.`,
    zh: (p) => `${p.type} 在 Caseway 中沒有對應：已略去，連同其流程線。`,
  },
  'element.placeholder': {
    en: (p) =>
      `A ${p.type} became a no-op service task: its behaviour is not carried; pick an action.`,
    zh: (p) => `${p.type} 已轉為不執行動作的服務任務：其行為未帶入，請選擇動作。`,
  },
  'gateway.approximated': {
    en: (p) =>
      `A ${p.type} is not supported yet: it became an exclusive gateway, which takes only the first flow whose condition holds.`,
    zh: (p) => `尚不支援 ${p.type}：已轉為排他閘道，只走第一條條件成立的流程線。`,
  },
  'start.extra': {
    en: () => 'A Caseway process has one start event: this one was left out, with its flows.',
    zh: () => 'Caseway 流程只有一個開始事件：此事件已略去，連同其流程線。',
  },
  'start.missing': {
    en: () => 'The process has no start event: one was added; connect it.',
    zh: () => '流程沒有開始事件：已加入一個，請將其連接。',
  },
  'end.missing': {
    en: () => 'The process has no end event: one was added; connect it.',
    zh: () => '流程沒有結束事件：已加入一個，請將其連接。',
  },
  'start.trigger': {
    en: (p) =>
      `The start event's ${p.trigger} trigger is not carried: the case starts when someone or something starts it.`,
    zh: (p) => `開始事件的 ${p.trigger} 觸發未帶入：案件由人或系統啟動。`,
  },
  'end.kind': {
    en: (p) => `The end event's ${p.trigger} result is not carried: it became a plain end.`,
    zh: (p) => `結束事件的 ${p.trigger} 結果未帶入：已轉為一般結束事件。`,
  },
  'event.trigger': {
    en: (p) =>
      `An event with a ${p.trigger} trigger is not supported: it became a no-op service task.`,
    zh: (p) => `不支援 ${p.trigger} 觸發的事件：已轉為不執行動作的服務任務。`,
  },
  'boundary.unsupported': {
    en: (p) =>
      `A boundary event with a ${p.trigger} trigger is not supported: it was left out, with its flows.`,
    zh: (p) => `不支援 ${p.trigger} 觸發的邊界事件：已略去，連同其流程線。`,
  },
  'boundary.noHost': {
    en: () => 'The boundary event is attached to nothing Caseway imported: it was left out.',
    zh: () => '邊界事件所附的元素未匯入：已略去。',
  },
  'timer.missing': {
    en: () =>
      'The timer has no duration or date Caseway can read (a repeating cycle is not supported): it waits one day until you set it.',
    zh: () => '計時器沒有可讀的期間或日期（不支援重複週期）：在您設定前等待一天。',
  },
  'userTask.noForm': {
    en: (p) => `The user task names no form: it refers to form "${p.form}"; create or pick one.`,
    zh: (p) => `使用者任務未指定表單：暫時參照表單「${p.form}」，請建立或選擇表單。`,
  },
  'userTask.formKey': {
    en: (p) =>
      `The form key "${p.formKey}" is not a Caseway form id: the task refers to "${p.form}".`,
    zh: (p) => `表單鍵「${p.formKey}」不是 Caseway 表單 id：任務改參照「${p.form}」。`,
  },
  'expression.juel': {
    en: (p) => `A Camunda 7 expression (\${…}) was translated to FEEL: check "${p.feel}".`,
    zh: (p) => `Camunda 7 運算式（\${…}）已轉為 FEEL：請檢查「${p.feel}」。`,
  },
  'expression.invalid': {
    en: (p) => `"${p.expression}" is not FEEL that Caseway reads: it was left out.`,
    zh: (p) => `「${p.expression}」不是 Caseway 可讀的 FEEL：已略去。`,
  },
  'serviceTask.noAction': {
    en: () => "The task names no job type or topic: its action is 'noop' until you pick one.",
    zh: () => "任務未指定工作類型或主題：在您選擇前動作為 'noop'。",
  },
  'serviceTask.implementation': {
    en: (p) =>
      `A Java class, delegate or connector implementation (${p.implementation}) is not carried: its action is 'noop'.`,
    zh: (p) => `Java 類別、委派或連接器實作（${p.implementation}）未帶入：動作為 'noop'。`,
  },
  'serviceTask.renamed': {
    en: (p) => `The job type "${p.jobType}" became the action "${p.action}".`,
    zh: (p) => `工作類型「${p.jobType}」已轉為動作「${p.action}」。`,
  },
  'businessRuleTask.noDecision': {
    en: (p) =>
      `The business rule task names no decision Caseway can read: it calls "${p.decision}" until you pick a decision table.`,
    zh: (p) => `業務規則任務未指定可讀的決策：在您選擇決策表前暫時呼叫「${p.decision}」。`,
  },
  'callActivity.noProcess': {
    en: (p) => `The call activity names no process Caseway can read: it calls "${p.process}".`,
    zh: (p) => `呼叫活動未指定可讀的流程：暫時呼叫「${p.process}」。`,
  },
  'message.noCorrelation': {
    en: () =>
      'The message has no correlation key: it is null until you set one (a case cannot receive it until then).',
    zh: () => '訊息沒有關聯鍵：在您設定前為 null（設定前案件無法接收此訊息）。',
  },
  'message.renamed': {
    en: (p) => `The message name "${p.name}" became "${p.message}".`,
    zh: (p) => `訊息名稱「${p.name}」已轉為「${p.message}」。`,
  },
  'flow.dropped': {
    en: () => 'The flow was left out: its source or target was not imported.',
    zh: () => '流程線已略去：其來源或目標未匯入。',
  },
  'flow.conditionDropped': {
    en: () =>
      'A condition is supported only on a flow that leaves an exclusive or inclusive gateway: it was left out.',
    zh: () => '只有離開排他或包容閘道的流程線可帶條件：此條件已略去。',
  },
  'mapping.target': {
    en: (p) => `The mapping target "${p.target}" is not a variable name: it was left out.`,
    zh: (p) => `對應目標「${p.target}」不是變數名稱：已略去。`,
  },
  'activity.multiInstance': {
    en: () =>
      'Multi-instance runs only on user tasks, service tasks, call activities and subprocesses: this one runs once.',
    zh: () => '多實例僅適用於人工任務、服務工作、呼叫活動與子流程：此活動只執行一次。',
  },
  'multiInstance.noCollection': {
    en: () =>
      'A multi-instance without an input collection (a loop cardinality alone) is not supported: the activity runs once.',
    zh: () => '沒有輸入集合的多實例（僅有迴圈次數）不受支援：此活動只執行一次。',
  },
  'multiInstance.element': {
    en: (p) =>
      `The input element "${p.element}" is not a variable name: each instance sees its item as "item".`,
    zh: (p) => `輸入元素「${p.element}」不是變數名稱：每個實例的項目改名為「item」。`,
  },
  'activity.loop': {
    en: () => 'A standard loop is not supported: the activity runs once.',
    zh: () => '不支援標準迴圈：此活動只執行一次。',
  },
  'subProcess.placeholder': {
    en: () =>
      'An embedded subprocess is not supported yet: it became a no-op service task and its content was left out.',
    zh: () => '尚不支援內嵌子流程：已轉為不執行動作的服務任務，其內容已略去。',
  },
  'subProcess.child': {
    en: (p) => `Left out with the subprocess "${p.parent}" that holds it.`,
    zh: (p) => `隨所屬子流程「${p.parent}」一併略去。`,
  },
  'subProcess.event': {
    en: () => 'An event subprocess is not supported: it was left out.',
    zh: () => '不支援事件子流程：已略去。',
  },
  'lane.notCarried': {
    en: () => 'Lanes are not carried: give the tasks candidate groups instead.',
    zh: () => '泳道未帶入：請改為任務設定候選群組。',
  },
  'data.notCarried': {
    en: (p) => `A ${p.type} (data, annotations, associations) is not carried.`,
    zh: (p) => `${p.type}（資料、註解、關聯）未帶入。`,
  },
  'listener.notCarried': {
    en: () => 'Execution and task listeners are not carried.',
    zh: () => '執行與任務監聽器未帶入。',
  },
  'process.extra': {
    en: (p) => `Only one process is imported: "${p.process}" was left out.`,
    zh: (p) => `只匯入一個流程：「${p.process}」已略去。`,
  },
  'messageFlow.notCarried': {
    en: () => 'Message flows between pools are not carried: model them as messages.',
    zh: () => '池之間的訊息流未帶入：請以訊息建模。',
  },
  'id.renamed': {
    en: (p) => `The id "${p.id}" is not a Caseway id: it became "${p.node}".`,
    zh: (p) => `id「${p.id}」不是 Caseway id：已轉為「${p.node}」。`,
  },
  'xml.warning': {
    en: (p) => `The XML reader skipped something: ${p.detail}`,
    zh: (p) => `XML 讀取時略過了部分內容：${p.detail}`,
  },
  'caseway.properties': {
    en: () => 'The Caseway properties of this element are not valid JSON: they were left out.',
    zh: () => '此元素的 Caseway 屬性不是有效的 JSON：已略去。',
  },
} satisfies Record<string, { en: Say; zh: Say }>;

export type ImportReason = keyof typeof REASONS;

export function sayReason(reason: ImportReason, params: Params, lang: Lang): string {
  const r = REASONS[reason];
  return say(lang, r.zh(params), r.en(params));
}

/** Every reason key (for the docs and tests). */
export const IMPORT_REASONS = Object.keys(REASONS) as ImportReason[];
