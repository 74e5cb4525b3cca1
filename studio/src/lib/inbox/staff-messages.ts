/**
 * The UI text of case search, saved filters, bulk reassignment and related cases, in both
 * languages (the shared lookup of $lib/i18n/own-messages).
 *
 * ```ts
 * staffText('en', 'search.results', 3); // '3 cases'
 * ```
 */
import { messagesOf } from '$lib/i18n/own-messages';

const MESSAGES = {
  'search.title': { 'zh-Hant': '案件搜尋', en: 'Case search' },
  'search.intro': {
    'zh-Hant':
      '依案件編號、客戶姓名、保單號碼、理賠編號或客戶查詢編號搜尋您可檢視的案件；具個資權限者亦可依身分證號或電話搜尋。',
    en: "Find the cases you may see by business key, customer name, policy or claim number or the customer's reference; with the personal-data role also by ID or phone number.",
  },
  'search.query': { 'zh-Hant': '搜尋內容', en: 'Search for' },
  'search.kind': { 'zh-Hant': '搜尋類型', en: 'Search by' },
  'search.submit': { 'zh-Hant': '搜尋', en: 'Search' },
  'kind.any': { 'zh-Hant': '全部', en: 'Anything' },
  'kind.businessKey': { 'zh-Hant': '案件編號', en: 'Business key' },
  'kind.customerName': { 'zh-Hant': '客戶姓名', en: 'Customer name' },
  'kind.policyNumber': { 'zh-Hant': '保單號碼', en: 'Policy number' },
  'kind.claimNumber': { 'zh-Hant': '理賠編號', en: 'Claim number' },
  'kind.reference': { 'zh-Hant': '客戶查詢編號', en: "Customer's reference" },
  'kind.idNumber': { 'zh-Hant': '居民身分證號', en: 'ID number' },
  'kind.phone': { 'zh-Hant': '電話號碼', en: 'Phone number' },
  'search.personalOnly': {
    'zh-Hant': '（需個資權限）',
    en: '(personal-data role)',
  },
  'search.results': { 'zh-Hant': (n: string) => `共 ${n} 件案件`, en: (n: string) => `${n} cases` },
  'search.none': { 'zh-Hant': '沒有符合的案件。', en: 'No case matches.' },
  'search.more': { 'zh-Hant': '下一頁', en: 'Next page' },
  'search.previous': { 'zh-Hant': '上一頁', en: 'Previous page' },
  'col.case': { 'zh-Hant': '案件', en: 'Case' },
  'col.process': { 'zh-Hant': '流程', en: 'Process' },
  'col.customer': { 'zh-Hant': '客戶', en: 'Customer' },
  'col.state': { 'zh-Hant': '狀態', en: 'State' },
  'col.steps': { 'zh-Hant': '目前步驟', en: 'Current steps' },
  'col.started': { 'zh-Hant': '開始日期', en: 'Started' },
  'col.matched': { 'zh-Hant': '符合', en: 'Matched' },
  'col.relation': { 'zh-Hant': '關聯', en: 'Relation' },
  'status.active': { 'zh-Hant': '處理中', en: 'Active' },
  'status.completed': { 'zh-Hant': '已結案', en: 'Completed' },
  'status.cancelled': { 'zh-Hant': '已取消', en: 'Cancelled' },
  'case.open': { 'zh-Hant': (t: string) => `開啟任務：${t}`, en: (t: string) => `Open task: ${t}` },
  'filters.saved': { 'zh-Hant': '已儲存的篩選', en: 'Saved filters' },
  'filters.name': { 'zh-Hant': '篩選名稱', en: 'Filter name' },
  'filters.save': { 'zh-Hant': '儲存目前篩選', en: 'Save current filter' },
  'filters.savedOne': {
    'zh-Hant': (n: string) => `已儲存篩選「${n}」。`,
    en: (n: string) => `Saved the filter “${n}”.`,
  },
  'filters.delete': {
    'zh-Hant': (n: string) => `刪除篩選「${n}」`,
    en: (n: string) => `Delete the filter “${n}”`,
  },
  'filters.deleted': {
    'zh-Hant': (n: string) => `已刪除篩選「${n}」。`,
    en: (n: string) => `Deleted the filter “${n}”.`,
  },
  'inbox.all': { 'zh-Hant': '團隊全部任務', en: 'All team tasks' },
  'reassign.select': {
    'zh-Hant': (t: string) => `選取「${t}」`,
    en: (t: string) => `Select “${t}”`,
  },
  'reassign.selectAll': { 'zh-Hant': '全選', en: 'Select all' },
  'reassign.title': { 'zh-Hant': '改派選取的任務', en: 'Reassign the selected tasks' },
  'reassign.selected': {
    'zh-Hant': (n: string) => `已選取 ${n} 項任務`,
    en: (n: string) => `${n} tasks selected`,
  },
  'reassign.toUser': { 'zh-Hant': '給使用者', en: 'To a user' },
  'reassign.toGroup': { 'zh-Hant': '給群組', en: 'To a group' },
  'reassign.target': { 'zh-Hant': '使用者或群組代號', en: 'User or group id' },
  'reassign.reason': { 'zh-Hant': '原因（選填）', en: 'Reason (optional)' },
  'reassign.submit': { 'zh-Hant': '改派', en: 'Reassign' },
  'reassign.done': {
    'zh-Hant': (n: string, to: string) => `已將 ${n} 項任務改派給 ${to}。`,
    en: (n: string, to: string) => `Reassigned ${n} tasks to ${to}.`,
  },
  'reassign.refused': {
    'zh-Hant': (task: string, why: string) => `「${task}」：${why}`,
    en: (task: string, why: string) => `“${task}”: ${why}`,
  },
  'documents.title': { 'zh-Hant': '案件文件', en: 'Documents' },
  'documents.none': { 'zh-Hant': '本案件尚無文件。', en: 'No documents yet.' },
  'documents.byCustomer': { 'zh-Hant': '客戶上傳', en: 'from the customer' },
  'related.title': { 'zh-Hant': '相關案件', en: 'Related cases' },
  'related.none': { 'zh-Hant': '沒有相關案件。', en: 'No related cases.' },
  'related.hidden': {
    'zh-Hant': (n: string) => `另有 ${n} 件相關案件不在您的檢視範圍內。`,
    en: (n: string) => `${n} more related cases are outside what you may see.`,
  },
  'relation.parent': { 'zh-Hant': '上層案件', en: 'Parent case' },
  'relation.child': { 'zh-Hant': '子案件', en: 'Sub-case' },
  'relation.sameCustomer': { 'zh-Hant': '同一客戶', en: 'Same customer' },
  'relation.samePolicy': { 'zh-Hant': '同一保單', en: 'Same policy' },
  'relation.sameClaim': { 'zh-Hant': '同一理賠', en: 'Same claim' },
} as const;

export type StaffTextKey = keyof typeof MESSAGES;
export const staffText = messagesOf(MESSAGES);
