/**
 * The UI text of the users and groups screen, starting a case and the menu entries that lead to
 * them, in both languages (the one lookup of $lib/i18n).
 *
 * ```ts
 * usersText('en', 'users.created', '王師傅'); // 'User 王師傅 created.'
 * ```
 */
import { messagesOf } from '$lib/i18n';

const MESSAGES = {
  'nav.users': { 'zh-Hant': '使用者與群組', 'zh-Hans': '用户与群组', en: 'Users and groups' },
  'nav.start': { 'zh-Hant': '開立案件', 'zh-Hans': '开立案件', en: 'Start a case' },

  'users.title': { 'zh-Hant': '使用者與群組', 'zh-Hans': '用户与群组', en: 'Users and groups' },
  'users.intro': {
    'zh-Hant':
      '群組是任務的候選群組：流程設計者在使用者任務中選擇群組，群組成員在收件匣中看到其任務。',
    'zh-Hans':
      '群组是任务的候选群组：流程设计者在用户任务中选择群组，群组成员在收件箱中看到其任务。',
    en: "Groups are tasks' candidate groups: designers pick them for user tasks, and their members see those tasks in their inbox.",
  },
  'groups.title': { 'zh-Hant': '群組', 'zh-Hans': '群组', en: 'Groups' },
  'groups.none': { 'zh-Hant': '尚無群組。', 'zh-Hans': '尚无群组。', en: 'No groups yet.' },
  'groups.id': { 'zh-Hant': '群組代號', 'zh-Hans': '群组代号', en: 'Group id' },
  'groups.nameZh': { 'zh-Hant': '名稱（中文）', 'zh-Hans': '名称（繁体）', en: 'Name (Chinese)' },
  'groups.nameEn': { 'zh-Hant': '名稱（英文）', 'zh-Hans': '名称（英文）', en: 'Name (English)' },
  'groups.supervisor': { 'zh-Hant': '督導群組', 'zh-Hans': '督导群组', en: 'Supervised by' },
  'groups.supervisorNone': { 'zh-Hant': '（無）', 'zh-Hans': '（无）', en: '(none)' },
  'groups.members': { 'zh-Hant': '成員', 'zh-Hans': '成员', en: 'Members' },
  'groups.new': { 'zh-Hant': '新增群組', 'zh-Hans': '添加群组', en: 'New group' },
  'groups.create': { 'zh-Hant': '建立群組', 'zh-Hans': '创建群组', en: 'Create group' },
  'groups.idHelp': {
    'zh-Hant': '小寫英文、數字、點、底線或連字號，例如 windscreen-team；建立後不能更改。',
    'zh-Hans': '小写英文、数字、点、底线或连字号，例如 windscreen-team；创建后不能更改。',
    en: 'Lower-case letters, digits, dots, underscores or hyphens, e.g. windscreen-team; it cannot change later.',
  },
  'groups.supervisorHelp': {
    'zh-Hant': '此群組的督導者可檢視並處理本群組的工作。',
    'zh-Hans': '此群组的督导者可查看并处理本群组的工作。',
    en: "That group's supervisors see and act on this group's work.",
  },
  'groups.created': {
    'zh-Hant': (n: string) => `已建立群組「${n}」。`,
    'zh-Hans': (n: string) => `已创建群组「${n}」。`,
    en: (n: string) => `Group “${n}” created.`,
  },
  'groups.exists': {
    'zh-Hant': '已有相同代號的群組。',
    'zh-Hans': '已有相同代号的群组。',
    en: 'A group with this id already exists.',
  },

  'users.list': { 'zh-Hant': '使用者', 'zh-Hans': '用户', en: 'Users' },
  'users.name': { 'zh-Hant': '顯示名稱', 'zh-Hans': '显示名称', en: 'Display name' },
  'users.id': { 'zh-Hant': '登入名稱', 'zh-Hans': '登录名称', en: 'Sign-in name' },
  'users.roles': { 'zh-Hant': '角色', 'zh-Hans': '角色', en: 'Roles' },
  'users.groups': { 'zh-Hant': '群組', 'zh-Hans': '群组', en: 'Groups' },
  'users.state': { 'zh-Hant': '狀態', 'zh-Hans': '状态', en: 'State' },
  'users.lastLogin': { 'zh-Hant': '最近登入', 'zh-Hans': '最近登录', en: 'Last sign-in' },
  'users.never': { 'zh-Hant': '從未', 'zh-Hans': '从未', en: 'never' },
  'users.enabled': { 'zh-Hant': '啟用', 'zh-Hans': '启用', en: 'Enabled' },
  'users.disabled': { 'zh-Hant': '已停用', 'zh-Hans': '已禁用', en: 'Disabled' },
  'users.noPassword': { 'zh-Hant': '未設密碼', 'zh-Hans': '未设密码', en: 'no password' },
  'users.actions': { 'zh-Hant': '操作', 'zh-Hans': '操作', en: 'Actions' },
  'users.edit': {
    'zh-Hant': (n: string) => `編輯 ${n}`,
    'zh-Hans': (n: string) => `编辑 ${n}`,
    en: (n: string) => `Edit ${n}`,
  },
  'users.disable': {
    'zh-Hant': (n: string) => `停用 ${n}`,
    'zh-Hans': (n: string) => `禁用 ${n}`,
    en: (n: string) => `Disable ${n}`,
  },
  'users.enable': {
    'zh-Hant': (n: string) => `啟用 ${n}`,
    'zh-Hans': (n: string) => `启用 ${n}`,
    en: (n: string) => `Enable ${n}`,
  },
  'users.disableConfirm': {
    'zh-Hant': (n: string) => `停用 ${n}？其登入階段與 API 權杖將立即失效。`,
    'zh-Hans': (n: string) => `禁用 ${n}？其登录阶段与 API 令牌将立即失效。`,
    en: (n: string) => `Disable ${n}? Their sessions and API tokens stop at once.`,
  },
  'users.new': { 'zh-Hant': '新增使用者', 'zh-Hans': '添加用户', en: 'New user' },
  'users.create': { 'zh-Hant': '建立使用者', 'zh-Hans': '创建用户', en: 'Create user' },
  'users.save': { 'zh-Hant': '儲存變更', 'zh-Hans': '保存变更', en: 'Save changes' },
  'users.cancel': { 'zh-Hant': '取消', 'zh-Hans': '取消', en: 'Cancel' },
  'users.password': { 'zh-Hant': '初始密碼', 'zh-Hans': '初始密码', en: 'First password' },
  'users.newPassword': { 'zh-Hant': '新密碼', 'zh-Hans': '新密码', en: 'New password' },
  'users.setPassword': { 'zh-Hant': '重設密碼', 'zh-Hans': '重设密码', en: 'Reset password' },
  'users.passwordHelp': {
    'zh-Hant': '至少 12 個字元；請另行告知使用者，並請其登入後更改。',
    'zh-Hans': '至少 12 个字符；请另行告知用户，并请其登录后更改。',
    en: 'At least 12 characters; tell the user separately and ask them to change it after signing in.',
  },
  'users.idHelp': {
    'zh-Hant': '小寫英文、數字、點、底線或連字號，例如 wang；建立後不能更改。',
    'zh-Hans': '小写英文、数字、点、底线或连字号，例如 wang；创建后不能更改。',
    en: 'Lower-case letters, digits, dots, underscores or hyphens, e.g. wang; it cannot change later.',
  },
  'users.rolesHelp': {
    'zh-Hant': '至少選一個角色。',
    'zh-Hans': '至少选一个角色。',
    en: 'Choose at least one role.',
  },
  'users.noGroups': {
    'zh-Hant': '尚無群組：請先在上方建立群組。',
    'zh-Hans': '尚无群组：请先在上方创建群组。',
    en: 'No groups yet: create one above first.',
  },
  'users.created': {
    'zh-Hant': (n: string) => `已建立使用者 ${n}。`,
    'zh-Hans': (n: string) => `已创建用户 ${n}。`,
    en: (n: string) => `User ${n} created.`,
  },
  'users.saved': {
    'zh-Hant': (n: string) => `已更新 ${n}。`,
    'zh-Hans': (n: string) => `已更新 ${n}。`,
    en: (n: string) => `${n} updated.`,
  },
  'users.disabledDone': {
    'zh-Hant': (n: string) => `已停用 ${n}，其登入已結束。`,
    'zh-Hans': (n: string) => `已禁用 ${n}，其登录已结束。`,
    en: (n: string) => `${n} is disabled and signed out.`,
  },
  'users.enabledDone': {
    'zh-Hant': (n: string) => `已啟用 ${n}。`,
    'zh-Hans': (n: string) => `已启用 ${n}。`,
    en: (n: string) => `${n} is enabled.`,
  },
  'users.passwordDone': {
    'zh-Hant': (n: string) => `已重設 ${n} 的密碼，其登入已結束。`,
    'zh-Hans': (n: string) => `已重设 ${n} 的密码，其登录已结束。`,
    en: (n: string) => `${n}'s password is reset and they are signed out.`,
  },
  'users.exists': {
    'zh-Hant': '已有相同登入名稱的使用者。',
    'zh-Hans': '已有相同登录名称的用户。',
    en: 'A user with this sign-in name already exists.',
  },
  'users.lastAdmin': {
    'zh-Hant': '此變更會使系統沒有任何啟用中的管理員。',
    'zh-Hans': '此变更会使系统没有任何启用中的管理员。',
    en: 'This would leave no enabled administrator.',
  },
  'users.you': { 'zh-Hant': '（您）', 'zh-Hans': '（您）', en: '(you)' },
  'users.failed': {
    'zh-Hant': (e: string) => `未能完成：${e}`,
    'zh-Hans': (e: string) => `未能完成：${e}`,
    en: (e: string) => `Not done: ${e}`,
  },

  'role.staff': { 'zh-Hant': '承辦人員', 'zh-Hans': '承办人员', en: 'Staff' },
  'role.supervisor': { 'zh-Hant': '督導', 'zh-Hans': '督导', en: 'Supervisor' },
  'role.designer': { 'zh-Hant': '流程設計者', 'zh-Hans': '流程设计者', en: 'Designer' },
  'role.admin': { 'zh-Hant': '管理員', 'zh-Hans': '管理员', en: 'Administrator' },
  'role.personal-data': { 'zh-Hant': '個資檢視', 'zh-Hans': '个资查看', en: 'Personal data' },
  'role.integration': { 'zh-Hant': '系統整合', 'zh-Hans': '系统集成', en: 'Integration' },
  'roleHelp.staff': {
    'zh-Hant': '處理其群組的任務',
    'zh-Hans': '处理其群组的任务',
    en: "works their groups' tasks",
  },
  'roleHelp.supervisor': {
    'zh-Hant': '督導其群組的工作與時效',
    'zh-Hans': '督导其群组的工作与时效',
    en: "oversees their groups' work and deadlines",
  },
  'roleHelp.designer': {
    'zh-Hant': '設計、試行並發佈流程',
    'zh-Hans': '设计、试行并发布流程',
    en: 'designs, plays and publishes processes',
  },
  'roleHelp.admin': {
    'zh-Hant': '管理使用者、群組與外掛',
    'zh-Hans': '管理用户、群组与插件',
    en: 'manages users, groups and plugins',
  },
  'roleHelp.personal-data': {
    'zh-Hant': '可檢視未遮蔽的個資（每次皆記錄）',
    'zh-Hans': '可查看未屏蔽的个资（每次皆记录）',
    en: 'may see personal data unmasked (each read recorded)',
  },

  'roles.title': { 'zh-Hant': '角色與權限', 'zh-Hans': '角色与权限', en: 'Roles and permissions' },
  'roles.intro': {
    'zh-Hant':
      '角色決定使用者可以做什麼：使用者擁有其所有角色權限的總和。變更在下一次操作時即生效，擁有該角色者的即時更新會重新連線。',
    'zh-Hans':
      '角色决定用户可以做什么：用户拥有其所有角色权限的总和。变更在下一次操作时即生效，拥有该角色者的实时更新会重新连接。',
    en: 'A role decides what its users may do: a user holds every permission of each of their roles. A change counts from their next action; the live updates of those who hold the role reconnect.',
  },
  'roles.users': {
    'zh-Hant': (n: string) => `${n} 位使用者`,
    'zh-Hans': (n: string) => `${n} 位用户`,
    en: (n: string) => (n === '1' ? '1 user' : `${n} users`),
  },
  'roles.count': {
    'zh-Hant': (n: string) => `${n} 項權限`,
    'zh-Hans': (n: string) => `${n} 项权限`,
    en: (n: string) => (n === '1' ? '1 permission' : `${n} permissions`),
  },
  'roles.permissions': { 'zh-Hant': '權限', 'zh-Hans': '权限', en: 'Permissions' },
  'roles.none': {
    'zh-Hant': '（無權限：只能處理自己與群組的任務）',
    'zh-Hans': '（无权限：只能处理自己与群组的任务）',
    en: '(none: only their own and their groups’ tasks)',
  },
  'roles.edit': {
    'zh-Hant': (n: string) => `編輯角色 ${n}`,
    'zh-Hans': (n: string) => `编辑角色 ${n}`,
    en: (n: string) => `Edit role ${n}`,
  },
  'roles.save': { 'zh-Hant': '儲存權限', 'zh-Hans': '保存权限', en: 'Save permissions' },
  'roles.saved': {
    'zh-Hant': (n: string) => `已更新角色 ${n}。`,
    'zh-Hans': (n: string) => `已更新角色 ${n}。`,
    en: (n: string) => `Role ${n} updated.`,
  },
  'roles.new': { 'zh-Hant': '新增角色', 'zh-Hans': '添加角色', en: 'New role' },
  'roles.create': { 'zh-Hant': '建立角色', 'zh-Hans': '创建角色', en: 'Create role' },
  'roles.created': {
    'zh-Hant': (n: string) => `已建立角色 ${n}。`,
    'zh-Hans': (n: string) => `已创建角色 ${n}。`,
    en: (n: string) => `Role ${n} created.`,
  },
  'roles.id': { 'zh-Hant': '代碼', 'zh-Hans': '代码', en: 'Id' },
  'roles.nameZh': { 'zh-Hant': '中文名稱', 'zh-Hans': '中文名称', en: 'Name (Chinese)' },
  'roles.nameEn': { 'zh-Hant': '英文名稱', 'zh-Hans': '英文名称', en: 'Name (English)' },
  'roles.exists': {
    'zh-Hant': '已有相同代碼的角色。',
    'zh-Hans': '已有相同代码的角色。',
    en: 'A role with this id already exists.',
  },
  'roles.lastAdmin': {
    'zh-Hant': '沒有任何啟用中的使用者會擁有「系統管理」權限：請先將它給予另一個有使用者的角色。',
    'zh-Hans': '没有任何启用中的用户会拥有「系统管理」权限：请先将它给予另一个有用户的角色。',
    en: 'No enabled user would hold “Administer”: give it to another role that has users first.',
  },
  'roles.unchanged': { 'zh-Hant': '沒有變更。', 'zh-Hans': '没有变更。', en: 'Nothing changed.' },

  'perm.design': { 'zh-Hant': '設計流程', 'zh-Hans': '设计流程', en: 'Design' },
  'perm.oversee': { 'zh-Hant': '督導工作', 'zh-Hans': '督导工作', en: 'Oversee' },
  'perm.listCases': { 'zh-Hant': '列出案件', 'zh-Hans': '列出案件', en: 'List cases' },
  'perm.startCases': { 'zh-Hant': '開立案件', 'zh-Hans': '开立案件', en: 'Start cases' },
  'perm.sendMessages': { 'zh-Hant': '傳送訊息', 'zh-Hans': '发送消息', en: 'Send messages' },
  'perm.administer': { 'zh-Hant': '系統管理', 'zh-Hans': '系统管理', en: 'Administer' },
  'perm.readPersonalData': {
    'zh-Hant': '檢視個資',
    'zh-Hans': '查看个资',
    en: 'Read personal data',
  },
  'perm.skipSteps': {
    'zh-Hant': '略過失敗步驟',
    'zh-Hans': '跳过失败步骤',
    en: 'Skip failed steps',
  },
  'perm.workEveryTask': {
    'zh-Hant': '處理所有任務',
    'zh-Hans': '处理所有任务',
    en: 'Work every task',
  },
  'perm.seeEveryCase': {
    'zh-Hant': '檢視所有案件',
    'zh-Hans': '查看所有案件',
    en: 'See every case',
  },
  'perm.superviseGroups': {
    'zh-Hant': '督導下屬群組',
    'zh-Hans': '督导下属群组',
    en: 'Supervise groups',
  },
  'permHelp.design': {
    'zh-Hant': '檢查、試行、發佈定義與草稿；將案件移轉到其他版本',
    'zh-Hans': '检查、试行、发布定义与草稿；将案件移转到其他版本',
    en: 'check, play and publish definitions and drafts; migrate cases to another version',
  },
  'permHelp.oversee': {
    'zh-Hant': '取消案件、改派任務、處理事件與重試、計時器、時效報表與分析',
    'zh-Hans': '取消案件、改派任务、处理事件与重试、计时器、时效报表与分析',
    en: 'cancel cases, reassign tasks, incidents and retries, timers, SLA reports and analytics',
  },
  'permHelp.listCases': { 'zh-Hant': '案件列表', 'zh-Hans': '案件列表', en: 'the list of cases' },
  'permHelp.startCases': {
    'zh-Hant': '為客戶或內部需求開立案件',
    'zh-Hans': '为客户或内部需求开立案件',
    en: 'open cases for customers or the office',
  },
  'permHelp.sendMessages': {
    'zh-Hant': '傳送訊息給等待中的案件（入口網站、郵件閘道）',
    'zh-Hans': '发送消息给等待中的案件（门户网站、邮件网关）',
    en: 'send messages to waiting cases (a portal, a mail gateway)',
  },
  'permHelp.administer': {
    'zh-Hant': '使用者、群組、角色、所有 API 權杖、外掛與其設定',
    'zh-Hans': '用户、群组、角色、所有 API 令牌、插件与其设置',
    en: 'users, groups, roles, every API token, plugins and their settings',
  },
  'permHelp.readPersonalData': {
    'zh-Hant': '未遮蔽的個資、以身分證號與電話搜尋（每次皆記錄）',
    'zh-Hans': '未屏蔽的个资、以身份证号与电话搜索（每次皆记录）',
    en: 'personal data unmasked, search by ID and phone number (each read recorded)',
  },
  'permHelp.skipSteps': {
    'zh-Hant': '略過案件失敗的步驟，讓案件在沒有其結果下繼續',
    'zh-Hans': '跳过案件失败的步骤，让案件在没有其结果下继续',
    en: 'pass over a failed step so the case moves on without its result',
  },
  'permHelp.workEveryTask': {
    'zh-Hant': '處理與改派任何群組的任務，並可指派給任何人',
    'zh-Hans': '处理与改派任何群组的任务，并可指派给任何人',
    en: 'work and reassign the tasks of every group, and hand work to anyone',
  },
  'permHelp.seeEveryCase': {
    'zh-Hant': '看到所有案件，不只是自己可處理任務的案件',
    'zh-Hans': '看到所有案件，不只是自己可处理任务的案件',
    en: 'see every case, not only those with a task one could work',
  },
  'permHelp.superviseGroups': {
    'zh-Hant': '處理其群組所督導之群組的任務',
    'zh-Hans': '处理其群组所督导之群组的任务',
    en: 'work the tasks of the groups their groups supervise',
  },

  'start.title': { 'zh-Hant': '開立案件', 'zh-Hans': '开立案件', en: 'Start a case' },
  'start.intro': {
    'zh-Hant': '為客戶或內部需求開立新案件。客戶可自行線上申請的流程不在此列，請提供客戶申請網址。',
    'zh-Hans': '为客户或内部需求开立新案件。客户可自行在线申请的流程不在此列，请提供客户申请网址。',
    en: 'Open a new case for a customer or for the office. Processes customers start themselves online are not listed: give the customer their page instead.',
  },
  'start.none': {
    'zh-Hant': '沒有可由您開立的流程。',
    'zh-Hans': '没有可由您开立的流程。',
    en: 'There is no process you can start.',
  },
  'start.open': {
    'zh-Hant': (n: string) => `開立「${n}」`,
    'zh-Hans': (n: string) => `开立「${n}」`,
    en: (n: string) => `Start “${n}”`,
  },
  'start.version': {
    'zh-Hant': (v: string) => `第 ${v} 版`,
    'zh-Hans': (v: string) => `第 ${v} 版`,
    en: (v: string) => `version ${v}`,
  },
  'start.formIntro': {
    'zh-Hant': '填寫開始表單後送出，系統會開立案件並開啟案件頁面。',
    'zh-Hans': '填写开始表单后送出，系统会开立案件并打开案件页面。',
    en: 'Fill in the start form and send it: the case opens and its page is shown.',
  },
  'start.noForm': {
    'zh-Hant': '此流程沒有開始表單，直接開立即可。',
    'zh-Hans': '此流程没有开始表单，直接开立即可。',
    en: 'This process has no start form: start it directly.',
  },
  'start.submit': { 'zh-Hant': '開立案件', 'zh-Hans': '开立案件', en: 'Start the case' },
  'start.submitting': { 'zh-Hant': '開立中…', 'zh-Hans': '开立中…', en: 'Starting…' },
  'start.failed': {
    'zh-Hant': (e: string) => `未能開立案件：${e}`,
    'zh-Hans': (e: string) => `未能开立案件：${e}`,
    en: (e: string) => `The case could not be started: ${e}`,
  },
  'start.public': {
    'zh-Hant': '此流程由客戶線上申請，不能在此開立。',
    'zh-Hans': '此流程由客户在线申请，不能在此开立。',
    en: 'Customers start this process online; it cannot be started here.',
  },
  'start.back': {
    'zh-Hant': '回到流程列表',
    'zh-Hans': '回到流程列表',
    en: 'Back to the processes',
  },
} as const;

export type UsersTextKey = keyof typeof MESSAGES;
export const usersText = messagesOf(MESSAGES);

/** A permission by its name on the roles screen (an unknown one as it is). */
export const permissionName = (lang: Parameters<typeof usersText>[0], p: string): string => {
  const key = `perm.${p}`;
  return key in MESSAGES ? usersText(lang, key as UsersTextKey) : p;
};
