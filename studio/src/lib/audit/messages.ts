/**
 * The UI text of the audit log page, in both languages: the acts in words and their details.
 *
 * ```ts
 * auditText('en', 'action.user.created'); // 'Created a user'
 * ```
 */
import { messagesOf } from '$lib/i18n';

const MESSAGES = {
  title: { 'zh-Hant': '稽核紀錄', 'zh-Hans': '审核纪录', en: 'Audit log' },
  intro: {
    'zh-Hant':
      '管理操作的紀錄：發布定義、建立或變更使用者、角色與群組、設定密碼、外掛設定與密鑰、資料金鑰變更。紀錄只增不減，不會因保存期限而刪除。',
    'zh-Hans':
      '管理操作的纪录：发布定义、创建或变更用户、角色与群组、设置密码、插件设置与密钥、数据密钥变更。纪录只增不减，不会因保存期限而删除。',
    en: 'Administrative acts: definitions published, users, roles and groups created or changed, passwords set, plugin settings and secrets set, data key changes. The log only grows: no retention erases it.',
  },
  link: { 'zh-Hant': '稽核紀錄', 'zh-Hans': '审核纪录', en: 'Audit log' },
  filter: { 'zh-Hant': '操作', 'zh-Hans': '操作', en: 'Act' },
  all: { 'zh-Hant': '全部', 'zh-Hans': '全部', en: 'All' },
  show: { 'zh-Hant': '顯示', 'zh-Hans': '显示', en: 'Show' },
  when: { 'zh-Hant': '時間', 'zh-Hans': '时间', en: 'When' },
  who: { 'zh-Hant': '執行者', 'zh-Hans': '执行者', en: 'Who' },
  what: { 'zh-Hant': '操作', 'zh-Hans': '操作', en: 'What' },
  subject: { 'zh-Hant': '對象', 'zh-Hans': '对象', en: 'About' },
  details: { 'zh-Hant': '內容', 'zh-Hans': '内容', en: 'Details' },
  none: { 'zh-Hant': '沒有紀錄。', 'zh-Hans': '没有纪录。', en: 'No entries.' },
  older: { 'zh-Hant': '較早的紀錄', 'zh-Hans': '较早的纪录', en: 'Older entries' },
  newest: { 'zh-Hant': '回到最新', 'zh-Hans': '回到最新', en: 'Back to the newest' },
  system: {
    'zh-Hant': '系統（設定）',
    'zh-Hans': '系统（设置）',
    en: 'The system (configuration)',
  },
  'action.definition.published': {
    'zh-Hant': '發布定義',
    'zh-Hans': '发布定义',
    en: 'Published a definition',
  },
  'action.user.created': { 'zh-Hant': '建立使用者', 'zh-Hans': '创建用户', en: 'Created a user' },
  'action.user.changed': { 'zh-Hant': '變更使用者', 'zh-Hans': '变更用户', en: 'Changed a user' },
  'action.user.password-set': {
    'zh-Hant': '設定密碼',
    'zh-Hans': '设置密码',
    en: 'Set a password',
  },
  'action.group.changed': {
    'zh-Hant': '建立或變更群組',
    'zh-Hans': '创建或变更群组',
    en: 'Created or changed a group',
  },
  'action.role.created': { 'zh-Hant': '建立角色', 'zh-Hans': '创建角色', en: 'Created a role' },
  'action.role.changed': {
    'zh-Hant': '變更角色權限',
    'zh-Hans': '变更角色权限',
    en: 'Changed a role',
  },
  permissionsAdded: {
    'zh-Hant': (names: string) => `新增權限：${names}`,
    'zh-Hans': (names: string) => `添加权限：${names}`,
    en: (names: string) => `permissions added: ${names}`,
  },
  permissionsRemoved: {
    'zh-Hant': (names: string) => `移除權限：${names}`,
    'zh-Hans': (names: string) => `移除权限：${names}`,
    en: (names: string) => `permissions removed: ${names}`,
  },
  permissions: {
    'zh-Hant': (names: string) => `權限：${names}`,
    'zh-Hans': (names: string) => `权限：${names}`,
    en: (names: string) => `permissions: ${names}`,
  },
  'action.plugin.configured': {
    'zh-Hant': '變更外掛設定',
    'zh-Hans': '变更插件设置',
    en: 'Changed plugin settings',
  },
  'action.plugin.secrets-set': {
    'zh-Hant': '設定外掛密鑰',
    'zh-Hans': '设置插件密钥',
    en: 'Set plugin secrets',
  },
  'action.data-keys.changed': {
    'zh-Hant': '資料金鑰變更',
    'zh-Hans': '数据密钥变更',
    en: 'Data keys changed',
  },
  'action.migration.started': {
    'zh-Hant': '開始批次遷移案件',
    'zh-Hans': '开始批量迁移案件',
    en: 'Started a bulk migration',
  },
  'action.migration.cancelled': {
    'zh-Hant': '取消批次遷移',
    'zh-Hans': '取消批量迁移',
    en: 'Cancelled a bulk migration',
  },
  'action.clocks.replayed': {
    'zh-Hant': '重新計算時鐘與計時器',
    'zh-Hans': '重新计算时钟与计时器',
    en: 'Replayed clocks and timers',
  },
  replayed: {
    'zh-Hant': (clocks: string, timers: string) => `${clocks} 個時鐘、${timers} 個計時器`,
    'zh-Hans': (clocks: string, timers: string) => `${clocks} 个时钟、${timers} 个计时器`,
    en: (clocks: string, timers: string) => `${clocks} clocks, ${timers} timers`,
  },
  replayedTasks: {
    'zh-Hant': (clocks: string, timers: string, tasks: string) =>
      `${clocks} 個時鐘、${timers} 個計時器、${tasks} 個任務期限`,
    'zh-Hans': (clocks: string, timers: string, tasks: string) =>
      `${clocks} 个时钟、${timers} 个计时器、${tasks} 个任务期限`,
    en: (clocks: string, timers: string, tasks: string) =>
      `${clocks} clocks, ${timers} timers, ${tasks} task due dates`,
  },
  migration: {
    'zh-Hant': (from: string, to: string, cases: string) => `版本 ${from} → ${to}，${cases} 件案件`,
    'zh-Hans': (from: string, to: string, cases: string) => `版本 ${from} → ${to}，${cases} 件案件`,
    en: (from: string, to: string, cases: string) => `version ${from} → ${to}, ${cases} cases`,
  },
  migrationCancelled: {
    'zh-Hant': (from: string, to: string, moved: string, left: string) =>
      `版本 ${from} → ${to}：已遷移 ${moved} 件，未遷移 ${left} 件`,
    'zh-Hans': (from: string, to: string, moved: string, left: string) =>
      `版本 ${from} → ${to}：已迁移 ${moved} 件，未迁移 ${left} 件`,
    en: (from: string, to: string, moved: string, left: string) =>
      `version ${from} → ${to}: ${moved} moved, ${left} left where they were`,
  },
  anyVersion: { 'zh-Hant': '其他各版本', 'zh-Hans': '其他各版本', en: 'every other' },
  changed: {
    'zh-Hant': (what: string, before: string, after: string) => `${what}：${before} → ${after}`,
    'zh-Hans': (what: string, before: string, after: string) => `${what}：${before} → ${after}`,
    en: (what: string, before: string, after: string) => `${what}: ${before} → ${after}`,
  },
  note: {
    'zh-Hant': (n: string) => `變更說明：${n}`,
    'zh-Hans': (n: string) => `变更说明：${n}`,
    en: (n: string) => `Change note: ${n}`,
  },
  created: { 'zh-Hant': '（新建）', 'zh-Hans': '（新建）', en: ' (new)' },
  secretsSet: {
    'zh-Hant': (names: string) => `已設定：${names}`,
    'zh-Hans': (names: string) => `已设置：${names}`,
    en: (names: string) => `set: ${names}`,
  },
  secretsCleared: {
    'zh-Hant': (names: string) => `已清除：${names}`,
    'zh-Hans': (names: string) => `已清除：${names}`,
    en: (names: string) => `cleared: ${names}`,
  },
  fields: {
    'zh-Hant': (f: string) => `欄位：${f}`,
    'zh-Hans': (f: string) => `字段：${f}`,
    en: (f: string) => `fields: ${f}`,
  },
  keys: {
    'zh-Hant': (current: string, keys: string) => `目前金鑰 ${current}（金鑰：${keys}）`,
    'zh-Hans': (current: string, keys: string) => `目前密钥 ${current}（密钥：${keys}）`,
    en: (current: string, keys: string) => `current key ${current} (keys: ${keys})`,
  },
  previousKeys: {
    'zh-Hant': (current: string) => `先前為 ${current}`,
    'zh-Hans': (current: string) => `先前为 ${current}`,
    en: (current: string) => `before: ${current}`,
  },
  withPassword: { 'zh-Hant': '含初始密碼', 'zh-Hans': '含初始密码', en: 'with a first password' },
  nothing: { 'zh-Hant': '（無）', 'zh-Hans': '（无）', en: '(none)' },
  yes: { 'zh-Hant': '是', 'zh-Hans': '是', en: 'yes' },
  no: { 'zh-Hant': '否', 'zh-Hans': '否', en: 'no' },
  'field.displayName': { 'zh-Hant': '名稱', 'zh-Hans': '名称', en: 'name' },
  'field.roles': { 'zh-Hant': '角色', 'zh-Hans': '角色', en: 'roles' },
  'field.groups': { 'zh-Hant': '群組', 'zh-Hans': '群组', en: 'groups' },
  'field.disabled': { 'zh-Hant': '停用', 'zh-Hans': '禁用', en: 'disabled' },
  'field.supervisorGroup': {
    'zh-Hant': '督導群組',
    'zh-Hans': '督导群组',
    en: 'supervising group',
  },
} as const;

export type AuditTextKey = keyof typeof MESSAGES;
export const auditText = messagesOf(MESSAGES);
