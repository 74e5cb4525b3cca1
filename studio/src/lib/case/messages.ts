/**
 * The UI text of the case views (the submissions beside a task, the case page, the clock
 * timelines, case notes), in both languages.
 *
 * ```ts
 * caseText('en', 'submitted', '林志明', '20 Nov 2026, 10:30'); // 'Sent by 林志明 on 20 Nov 2026, 10:30'
 * ```
 */
import { messagesOf } from '$lib/i18n/own-messages';

const MESSAGES = {
  empty: { 'zh-Hant': '—', en: '—' },
  notFilled: { 'zh-Hant': '未填寫', en: 'Not filled in' },
  yes: { 'zh-Hant': '是', en: 'Yes' },
  no: { 'zh-Hant': '否', en: 'No' },
  entry: { 'zh-Hant': (n: string) => `第 ${n} 筆`, en: (n: string) => `Entry ${n}` },
  personalData: { 'zh-Hant': '個人資料', en: 'Personal data' },
  preview: { 'zh-Hant': '預覽', en: 'Preview' },
  previewOf: {
    'zh-Hant': (name: string) => `預覽「${name}」`,
    en: (name: string) => `Preview ${name}`,
  },
  download: { 'zh-Hant': '下載', en: 'Download' },
  closePreview: { 'zh-Hant': '關閉預覽', en: 'Close the preview' },
  previewFailed: {
    'zh-Hant': '無法載入此檔案。',
    en: 'The file could not be loaded.',
  },
  submitted: {
    'zh-Hant': (who: string, at: string) => `由 ${who} 於 ${at} 送出`,
    en: (who: string, at: string) => `Sent by ${who} on ${at}`,
  },
  caseData: { 'zh-Hant': '案件資料', en: 'The case' },
  caseDataIntro: {
    'zh-Hant': '本案件先前送出的資料（唯讀）。',
    en: 'What was sent earlier on this case (read-only).',
  },
  noSubmissions: { 'zh-Hant': '尚無先前送出的資料。', en: 'Nothing was sent earlier.' },
  variables: { 'zh-Hant': '案件變數', en: 'Case values' },
  startData: { 'zh-Hant': '案件申請資料', en: 'Start data' },
  completedBy: { 'zh-Hant': '完成', en: 'Completed' },
  yourSubmission: { 'zh-Hant': '已送出的資料', en: 'What was submitted' },
  openCase: { 'zh-Hant': '開啟案件頁', en: 'Open the case page' },
} as const;

export type CaseTextKey = keyof typeof MESSAGES;
export const caseText = messagesOf(MESSAGES);
