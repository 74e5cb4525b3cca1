/**
 * The UI text of case search, saved filters, bulk reassignment and related cases, in both
 * languages (the one lookup of $lib/i18n).
 *
 * ```ts
 * staffText('en', 'search.results', 3); // '3 cases'
 * ```
 */
import { messagesOf } from '$lib/i18n';

const MESSAGES = {
  'search.title': { 'zh-Hant': '案件搜尋', 'zh-Hans': '案件搜索', en: 'Case search' },
  'search.intro': {
    'zh-Hant':
      '依案件編號、客戶姓名、保單號碼、理賠編號或客戶查詢編號搜尋您可檢視的案件；具個資權限者亦可依身分證號或電話搜尋。',
    'zh-Hans':
      '依案件编号、客户姓名、保单号码、理赔编号或客户查询编号搜索您可查看的案件；具个资权限者亦可依身份证号或电话搜索。',
    en: "Find the cases you may see by business key, customer name, policy or claim number or the customer's reference; with the personal-data role also by ID or phone number.",
  },
  'search.query': { 'zh-Hant': '搜尋內容', 'zh-Hans': '搜索内容', en: 'Search for' },
  'search.kind': { 'zh-Hant': '搜尋類型', 'zh-Hans': '搜索类型', en: 'Search by' },
  'search.submit': { 'zh-Hant': '搜尋', 'zh-Hans': '搜索', en: 'Search' },
  'kind.any': { 'zh-Hant': '全部', 'zh-Hans': '全部', en: 'Anything' },
  'kind.businessKey': { 'zh-Hant': '案件編號', 'zh-Hans': '案件编号', en: 'Business key' },
  'kind.customerName': { 'zh-Hant': '客戶姓名', 'zh-Hans': '客户姓名', en: 'Customer name' },
  'kind.policyNumber': { 'zh-Hant': '保單號碼', 'zh-Hans': '保单号码', en: 'Policy number' },
  'kind.claimNumber': { 'zh-Hant': '理賠編號', 'zh-Hans': '理赔编号', en: 'Claim number' },
  'kind.reference': {
    'zh-Hant': '客戶查詢編號',
    'zh-Hans': '客户查询编号',
    en: "Customer's reference",
  },
  'kind.idNumber': { 'zh-Hant': '居民身分證號', 'zh-Hans': '居民身份证号', en: 'ID number' },
  'kind.phone': { 'zh-Hant': '電話號碼', 'zh-Hans': '电话号码', en: 'Phone number' },
  'search.personalOnly': {
    'zh-Hant': '（需個資權限）',
    'zh-Hans': '（需个资权限）',
    en: '(personal-data role)',
  },
  'search.results': {
    'zh-Hant': (n: string) => `共 ${n} 件案件`,
    'zh-Hans': (n: string) => `共 ${n} 件案件`,
    en: (n: string) => `${n} cases`,
  },
  'search.none': {
    'zh-Hant': '沒有符合的案件。',
    'zh-Hans': '没有符合的案件。',
    en: 'No case matches.',
  },
  'search.more': { 'zh-Hant': '下一頁', 'zh-Hans': '下一页', en: 'Next page' },
  'search.previous': { 'zh-Hant': '上一頁', 'zh-Hans': '上一页', en: 'Previous page' },
  'col.case': { 'zh-Hant': '案件', 'zh-Hans': '案件', en: 'Case' },
  'col.process': { 'zh-Hant': '流程', 'zh-Hans': '流程', en: 'Process' },
  'col.customer': { 'zh-Hant': '客戶', 'zh-Hans': '客户', en: 'Customer' },
  'col.state': { 'zh-Hant': '狀態', 'zh-Hans': '状态', en: 'State' },
  'col.steps': { 'zh-Hant': '目前步驟', 'zh-Hans': '目前步骤', en: 'Current steps' },
  'col.started': { 'zh-Hant': '開始日期', 'zh-Hans': '开始日期', en: 'Started' },
  'col.matched': { 'zh-Hant': '符合', 'zh-Hans': '符合', en: 'Matched' },
  'col.relation': { 'zh-Hant': '關聯', 'zh-Hans': '关联', en: 'Relation' },
  'status.active': { 'zh-Hant': '處理中', 'zh-Hans': '处理中', en: 'Active' },
  'status.completed': { 'zh-Hant': '已結案', 'zh-Hans': '已结案', en: 'Completed' },
  'status.cancelled': { 'zh-Hant': '已取消', 'zh-Hans': '已取消', en: 'Cancelled' },
  'case.open': {
    'zh-Hant': (t: string) => `開啟任務：${t}`,
    'zh-Hans': (t: string) => `打开任务：${t}`,
    en: (t: string) => `Open task: ${t}`,
  },
  'filters.saved': { 'zh-Hant': '已儲存的篩選', 'zh-Hans': '已保存的筛选', en: 'Saved filters' },
  'filters.name': { 'zh-Hant': '篩選名稱', 'zh-Hans': '筛选名称', en: 'Filter name' },
  'filters.save': {
    'zh-Hant': '儲存目前篩選',
    'zh-Hans': '保存目前筛选',
    en: 'Save current filter',
  },
  'filters.savedOne': {
    'zh-Hant': (n: string) => `已儲存篩選「${n}」。`,
    'zh-Hans': (n: string) => `已保存筛选「${n}」。`,
    en: (n: string) => `Saved the filter “${n}”.`,
  },
  'filters.delete': {
    'zh-Hant': (n: string) => `刪除篩選「${n}」`,
    'zh-Hans': (n: string) => `删除筛选「${n}」`,
    en: (n: string) => `Delete the filter “${n}”`,
  },
  'filters.deleted': {
    'zh-Hant': (n: string) => `已刪除篩選「${n}」。`,
    'zh-Hans': (n: string) => `已删除筛选「${n}」。`,
    en: (n: string) => `Deleted the filter “${n}”.`,
  },
  'inbox.all': { 'zh-Hant': '團隊全部任務', 'zh-Hans': '团队全部任务', en: 'All team tasks' },
  'reassign.select': {
    'zh-Hant': (t: string) => `選取「${t}」`,
    'zh-Hans': (t: string) => `选取「${t}」`,
    en: (t: string) => `Select “${t}”`,
  },
  'reassign.selectAll': { 'zh-Hant': '全選', 'zh-Hans': '全选', en: 'Select all' },
  'reassign.title': {
    'zh-Hant': '改派選取的任務',
    'zh-Hans': '改派选取的任务',
    en: 'Reassign the selected tasks',
  },
  'reassign.selected': {
    'zh-Hant': (n: string) => `已選取 ${n} 項任務`,
    'zh-Hans': (n: string) => `已选取 ${n} 项任务`,
    en: (n: string) => `${n} tasks selected`,
  },
  'reassign.toUser': { 'zh-Hant': '給使用者', 'zh-Hans': '给用户', en: 'To a user' },
  'reassign.toGroup': { 'zh-Hant': '給群組', 'zh-Hans': '给群组', en: 'To a group' },
  'reassign.target': {
    'zh-Hant': '使用者或群組代號',
    'zh-Hans': '用户或群组代号',
    en: 'User or group id',
  },
  'reassign.reason': {
    'zh-Hant': '原因（選填）',
    'zh-Hans': '原因（选填）',
    en: 'Reason (optional)',
  },
  'reassign.submit': { 'zh-Hant': '改派', 'zh-Hans': '改派', en: 'Reassign' },
  'reassign.done': {
    'zh-Hant': (n: string, to: string) => `已將 ${n} 項任務改派給 ${to}。`,
    'zh-Hans': (n: string, to: string) => `已将 ${n} 项任务改派给 ${to}。`,
    en: (n: string, to: string) => `Reassigned ${n} tasks to ${to}.`,
  },
  'reassign.refused': {
    'zh-Hant': (task: string, why: string) => `「${task}」：${why}`,
    'zh-Hans': (task: string, why: string) => `「${task}」：${why}`,
    en: (task: string, why: string) => `“${task}”: ${why}`,
  },
  'documents.title': { 'zh-Hant': '案件文件', 'zh-Hans': '案件文件', en: 'Documents' },
  'documents.none': {
    'zh-Hant': '本案件尚無文件。',
    'zh-Hans': '本案件尚无文件。',
    en: 'No documents yet.',
  },
  'documents.byCustomer': { 'zh-Hant': '客戶上傳', 'zh-Hans': '客户上传', en: 'from the customer' },
  'related.title': { 'zh-Hant': '相關案件', 'zh-Hans': '相关案件', en: 'Related cases' },
  'related.none': {
    'zh-Hant': '沒有相關案件。',
    'zh-Hans': '没有相关案件。',
    en: 'No related cases.',
  },
  'related.hidden': {
    'zh-Hant': (n: string) => `另有 ${n} 件相關案件不在您的檢視範圍內。`,
    'zh-Hans': (n: string) => `另有 ${n} 件相关案件不在您的查看范围内。`,
    en: (n: string) => `${n} more related cases are outside what you may see.`,
  },
  'relation.parent': { 'zh-Hant': '上層案件', 'zh-Hans': '上层案件', en: 'Parent case' },
  'relation.child': { 'zh-Hant': '子案件', 'zh-Hans': '子案件', en: 'Sub-case' },
  'relation.sameCustomer': { 'zh-Hant': '同一客戶', 'zh-Hans': '同一客户', en: 'Same customer' },
  'relation.samePolicy': { 'zh-Hant': '同一保單', 'zh-Hans': '同一保单', en: 'Same policy' },
  'relation.sameClaim': { 'zh-Hant': '同一理賠', 'zh-Hans': '同一理赔', en: 'Same claim' },
} as const;

export type StaffTextKey = keyof typeof MESSAGES;
export const staffText = messagesOf(MESSAGES);
