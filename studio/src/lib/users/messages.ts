/**
 * The UI text of the users and groups screen, starting a case and the menu entries that lead to
 * them, in both languages (the shared lookup of $lib/i18n/own-messages).
 *
 * ```ts
 * usersText('en', 'users.created', '王師傅'); // 'User 王師傅 created.'
 * ```
 */
import { messagesOf } from '$lib/i18n/own-messages';

const MESSAGES = {
  'nav.users': { 'zh-Hant': '使用者與群組', en: 'Users and groups' },
  'nav.start': { 'zh-Hant': '開立案件', en: 'Start a case' },

  'users.title': { 'zh-Hant': '使用者與群組', en: 'Users and groups' },
  'users.intro': {
    'zh-Hant':
      '群組是任務的候選群組：流程設計者在使用者任務中選擇群組，群組成員在收件匣中看到其任務。',
    en: "Groups are tasks' candidate groups: designers pick them for user tasks, and their members see those tasks in their inbox.",
  },
  'groups.title': { 'zh-Hant': '群組', en: 'Groups' },
  'groups.none': { 'zh-Hant': '尚無群組。', en: 'No groups yet.' },
  'groups.id': { 'zh-Hant': '群組代號', en: 'Group id' },
  'groups.nameZh': { 'zh-Hant': '名稱（中文）', en: 'Name (Chinese)' },
  'groups.nameEn': { 'zh-Hant': '名稱（英文）', en: 'Name (English)' },
  'groups.supervisor': { 'zh-Hant': '督導群組', en: 'Supervised by' },
  'groups.supervisorNone': { 'zh-Hant': '（無）', en: '(none)' },
  'groups.members': { 'zh-Hant': '成員', en: 'Members' },
  'groups.new': { 'zh-Hant': '新增群組', en: 'New group' },
  'groups.create': { 'zh-Hant': '建立群組', en: 'Create group' },
  'groups.idHelp': {
    'zh-Hant': '小寫英文、數字、點、底線或連字號，例如 windscreen-team；建立後不能更改。',
    en: 'Lower-case letters, digits, dots, underscores or hyphens, e.g. windscreen-team; it cannot change later.',
  },
  'groups.supervisorHelp': {
    'zh-Hant': '此群組的督導者可檢視並處理本群組的工作。',
    en: "That group's supervisors see and act on this group's work.",
  },
  'groups.created': {
    'zh-Hant': (n: string) => `已建立群組「${n}」。`,
    en: (n: string) => `Group “${n}” created.`,
  },
  'groups.exists': {
    'zh-Hant': '已有相同代號的群組。',
    en: 'A group with this id already exists.',
  },

  'users.list': { 'zh-Hant': '使用者', en: 'Users' },
  'users.name': { 'zh-Hant': '顯示名稱', en: 'Display name' },
  'users.id': { 'zh-Hant': '登入名稱', en: 'Sign-in name' },
  'users.roles': { 'zh-Hant': '角色', en: 'Roles' },
  'users.groups': { 'zh-Hant': '群組', en: 'Groups' },
  'users.state': { 'zh-Hant': '狀態', en: 'State' },
  'users.lastLogin': { 'zh-Hant': '最近登入', en: 'Last sign-in' },
  'users.never': { 'zh-Hant': '從未', en: 'never' },
  'users.enabled': { 'zh-Hant': '啟用', en: 'Enabled' },
  'users.disabled': { 'zh-Hant': '已停用', en: 'Disabled' },
  'users.noPassword': { 'zh-Hant': '未設密碼', en: 'no password' },
  'users.actions': { 'zh-Hant': '操作', en: 'Actions' },
  'users.edit': { 'zh-Hant': (n: string) => `編輯 ${n}`, en: (n: string) => `Edit ${n}` },
  'users.disable': { 'zh-Hant': (n: string) => `停用 ${n}`, en: (n: string) => `Disable ${n}` },
  'users.enable': { 'zh-Hant': (n: string) => `啟用 ${n}`, en: (n: string) => `Enable ${n}` },
  'users.disableConfirm': {
    'zh-Hant': (n: string) => `停用 ${n}？其登入階段與 API 權杖將立即失效。`,
    en: (n: string) => `Disable ${n}? Their sessions and API tokens stop at once.`,
  },
  'users.new': { 'zh-Hant': '新增使用者', en: 'New user' },
  'users.create': { 'zh-Hant': '建立使用者', en: 'Create user' },
  'users.save': { 'zh-Hant': '儲存變更', en: 'Save changes' },
  'users.cancel': { 'zh-Hant': '取消', en: 'Cancel' },
  'users.password': { 'zh-Hant': '初始密碼', en: 'First password' },
  'users.newPassword': { 'zh-Hant': '新密碼', en: 'New password' },
  'users.setPassword': { 'zh-Hant': '重設密碼', en: 'Reset password' },
  'users.passwordHelp': {
    'zh-Hant': '至少 12 個字元；請另行告知使用者，並請其登入後更改。',
    en: 'At least 12 characters; tell the user separately and ask them to change it after signing in.',
  },
  'users.idHelp': {
    'zh-Hant': '小寫英文、數字、點、底線或連字號，例如 wang；建立後不能更改。',
    en: 'Lower-case letters, digits, dots, underscores or hyphens, e.g. wang; it cannot change later.',
  },
  'users.rolesHelp': {
    'zh-Hant': '至少選一個角色。',
    en: 'Choose at least one role.',
  },
  'users.noGroups': {
    'zh-Hant': '尚無群組：請先在上方建立群組。',
    en: 'No groups yet: create one above first.',
  },
  'users.created': {
    'zh-Hant': (n: string) => `已建立使用者 ${n}。`,
    en: (n: string) => `User ${n} created.`,
  },
  'users.saved': { 'zh-Hant': (n: string) => `已更新 ${n}。`, en: (n: string) => `${n} updated.` },
  'users.disabledDone': {
    'zh-Hant': (n: string) => `已停用 ${n}，其登入已結束。`,
    en: (n: string) => `${n} is disabled and signed out.`,
  },
  'users.enabledDone': {
    'zh-Hant': (n: string) => `已啟用 ${n}。`,
    en: (n: string) => `${n} is enabled.`,
  },
  'users.passwordDone': {
    'zh-Hant': (n: string) => `已重設 ${n} 的密碼，其登入已結束。`,
    en: (n: string) => `${n}'s password is reset and they are signed out.`,
  },
  'users.exists': {
    'zh-Hant': '已有相同登入名稱的使用者。',
    en: 'A user with this sign-in name already exists.',
  },
  'users.lastAdmin': {
    'zh-Hant': '此變更會使系統沒有任何啟用中的管理員。',
    en: 'This would leave no enabled administrator.',
  },
  'users.you': { 'zh-Hant': '（您）', en: '(you)' },
  'users.failed': {
    'zh-Hant': (e: string) => `未能完成：${e}`,
    en: (e: string) => `Not done: ${e}`,
  },

  'role.staff': { 'zh-Hant': '承辦人員', en: 'Staff' },
  'role.supervisor': { 'zh-Hant': '督導', en: 'Supervisor' },
  'role.designer': { 'zh-Hant': '流程設計者', en: 'Designer' },
  'role.admin': { 'zh-Hant': '管理員', en: 'Administrator' },
  'role.personal-data': { 'zh-Hant': '個資檢視', en: 'Personal data' },
  'role.integration': { 'zh-Hant': '系統整合', en: 'Integration' },
  'roleHelp.staff': { 'zh-Hant': '處理其群組的任務', en: "works their groups' tasks" },
  'roleHelp.supervisor': {
    'zh-Hant': '督導其群組的工作與時效',
    en: "oversees their groups' work and deadlines",
  },
  'roleHelp.designer': {
    'zh-Hant': '設計、試行並發佈流程',
    en: 'designs, plays and publishes processes',
  },
  'roleHelp.admin': {
    'zh-Hant': '管理使用者、群組與外掛',
    en: 'manages users, groups and plugins',
  },
  'roleHelp.personal-data': {
    'zh-Hant': '可檢視未遮蔽的個資（每次皆記錄）',
    en: 'may see personal data unmasked (each read recorded)',
  },

  'start.title': { 'zh-Hant': '開立案件', en: 'Start a case' },
  'start.intro': {
    'zh-Hant': '為客戶或內部需求開立新案件。客戶可自行線上申請的流程不在此列，請提供客戶申請網址。',
    en: 'Open a new case for a customer or for the office. Processes customers start themselves online are not listed: give the customer their page instead.',
  },
  'start.none': { 'zh-Hant': '沒有可由您開立的流程。', en: 'There is no process you can start.' },
  'start.open': { 'zh-Hant': (n: string) => `開立「${n}」`, en: (n: string) => `Start “${n}”` },
  'start.version': { 'zh-Hant': (v: string) => `第 ${v} 版`, en: (v: string) => `version ${v}` },
  'start.formIntro': {
    'zh-Hant': '填寫開始表單後送出，系統會開立案件並開啟案件頁面。',
    en: 'Fill in the start form and send it: the case opens and its page is shown.',
  },
  'start.noForm': {
    'zh-Hant': '此流程沒有開始表單，直接開立即可。',
    en: 'This process has no start form: start it directly.',
  },
  'start.submit': { 'zh-Hant': '開立案件', en: 'Start the case' },
  'start.submitting': { 'zh-Hant': '開立中…', en: 'Starting…' },
  'start.failed': {
    'zh-Hant': (e: string) => `未能開立案件：${e}`,
    en: (e: string) => `The case could not be started: ${e}`,
  },
  'start.public': {
    'zh-Hant': '此流程由客戶線上申請，不能在此開立。',
    en: 'Customers start this process online; it cannot be started here.',
  },
  'start.back': { 'zh-Hant': '回到流程列表', en: 'Back to the processes' },
} as const;

export type UsersTextKey = keyof typeof MESSAGES;
export const usersText = messagesOf(MESSAGES);
