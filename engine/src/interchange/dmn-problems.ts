/**
 * What a DMN import could not carry, said in both languages: each problem names the DMN element
 * (its id, type and line) and a reason key with parameters, as BPMN's do (./bpmn-problems.ts).
 */
import type { Lang } from '../errors.ts';
import { say } from '../locale/index.ts';

export interface DmnProblem {
  /** the DMN element's id ('' when it has none) */
  element: string;
  /** its DMN type, e.g. `dmn:LiteralExpression` */
  type: string;
  /** the line its id stands on (null when unknown) */
  line: number | null;
  reason: DmnReason;
  params: Record<string, string | number>;
  message: string;
}

type Params = Record<string, string | number>;
type Say = (p: Params) => string;

const REASONS = {
  'decision.extra': {
    en: (p) =>
      `One decision table is imported at a time: "${p.decision}" was left out (import the file again choosing it).`,
    zh: (p) => `一次只匯入一張決策表：「${p.decision}」未匯入（可再次匯入並選擇它）。`,
  },
  'decision.literalExpression': {
    en: () => 'A decision given by a literal expression, not a table, is not carried.',
    zh: () => '以文字運算式（而非決策表）給出的決策未帶入。',
  },
  'decision.otherLogic': {
    en: (p) => `A decision given by a ${p.logic} is not carried: only decision tables are.`,
    zh: (p) => `以 ${p.logic} 給出的決策未帶入：只帶入決策表。`,
  },
  'decision.noLogic': {
    en: () => 'The decision has no logic (no table): there is nothing to import.',
    zh: () => '此決策沒有邏輯（沒有決策表）：沒有可匯入的內容。',
  },
  'bkm.notCarried': {
    en: () =>
      'A business knowledge model is not carried: write its logic in the table’s cells or in another table.',
    zh: () => '業務知識模型未帶入：請把其邏輯寫進決策表的儲存格或另一張決策表。',
  },
  'drd.notCarried': {
    en: (p) =>
      `The requirements diagram’s ${p.type} is not carried: a Caseway table reads the case’s variables; set a required decision’s result with an earlier business rule task.`,
    zh: (p) =>
      `需求圖中的 ${p.type} 未帶入：Caseway 決策表讀取案件變數；所需決策的結果請以前面的業務規則任務設定。`,
  },
  'type.approximated': {
    en: (p) => `The type "${p.typeRef}" is not a Caseway column type: the column holds ${p.type}.`,
    zh: (p) => `型別「${p.typeRef}」不是 Caseway 欄位型別：此欄改為 ${p.type}。`,
  },
  'type.missing': {
    en: (p) => `The column names no type: it holds ${p.type}.`,
    zh: (p) => `此欄未指定型別：改為 ${p.type}。`,
  },
  'expression.language': {
    en: (p) =>
      `The expression language "${p.language}" is not FEEL: "${p.text}" was kept as written; check it.`,
    zh: (p) => `運算式語言「${p.language}」不是 FEEL：「${p.text}」照原樣保留，請檢查。`,
  },
  'expression.missing': {
    en: (p) => `The input has no expression: it reads "${p.expression}" until you set one.`,
    zh: (p) => `此輸入沒有運算式：在您設定前讀取「${p.expression}」。`,
  },
  'allowed.notLiterals': {
    en: (p) => `The allowed values "${p.values}" are not a list of literals: they were left out.`,
    zh: (p) => `允許值「${p.values}」不是字面值清單：已略去。`,
  },
  'output.renamed': {
    en: (p) =>
      `The output's name "${p.from}" is not a result name Caseway uses: it is "${p.name}".`,
    zh: (p) => `輸出名稱「${p.from}」不是 Caseway 可用的結果名稱：改為「${p.name}」。`,
  },
  'cell.invalid': {
    en: (p) =>
      `"${p.text}" is not FEEL Caseway reads: it was kept as written and the editor marks the cell.`,
    zh: (p) => `「${p.text}」不是 Caseway 可讀的 FEEL：照原樣保留，編輯器會標示此儲存格。`,
  },
  'cell.missing': {
    en: (p) =>
      `The rule has ${p.found} ${p.side} entries for ${p.columns} columns: the missing ones are "-" (inputs) or null (outputs), extra ones left out.`,
    zh: (p) =>
      `此規則有 ${p.found} 個${p.side === 'input' ? '輸入' : '輸出'}項目，但有 ${p.columns} 欄：缺少的補為「-」（輸入）或 null（輸出），多餘的已略去。`,
  },
  'text.truncated': {
    en: (p) => `The ${p.what} is longer than ${p.limit} characters: it was cut there.`,
    zh: (p) => `${p.what} 超過 ${p.limit} 個字元：已截斷。`,
  },
  'table.tooLarge': {
    en: (p) => `The table has ${p.count} ${p.what}; Caseway keeps the first ${p.limit}.`,
    zh: (p) => `此表有 ${p.count} 個 ${p.what}；Caseway 只保留前 ${p.limit} 個。`,
  },
  'table.noInputs': {
    en: () =>
      'The table has no input (every rule always matches): an input reading true with "-" in every rule was added.',
    zh: () => '此表沒有輸入（每條規則都相符）：已加入一個讀取 true 的輸入，每條規則皆為「-」。',
  },
  'table.noOutputs': {
    en: () => 'The table has no output: an output "result" giving null was added.',
    zh: () => '此表沒有輸出：已加入一個給出 null 的輸出「result」。',
  },
  'aggregation.dropped': {
    en: (p) => `The aggregation ${p.aggregation} applies under COLLECT only: it was left out.`,
    zh: (p) => `彙總 ${p.aggregation} 只適用於 COLLECT：已略去。`,
  },
  'xml.warning': {
    en: (p) => `The XML reader skipped something: ${p.detail}`,
    zh: (p) => `XML 讀取時略過了部分內容：${p.detail}`,
  },
} satisfies Record<string, { en: Say; zh: Say }>;

export type DmnReason = keyof typeof REASONS;

export function sayDmnReason(reason: DmnReason, params: Params, lang: Lang): string {
  const r = REASONS[reason];
  return say(lang, r.zh(params), r.en(params));
}

/** Every reason key (for the docs and tests). */
export const DMN_IMPORT_REASONS = Object.keys(REASONS) as DmnReason[];
