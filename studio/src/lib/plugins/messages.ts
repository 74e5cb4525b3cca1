/**
 * The UI text of the plugins page (administrators), in both languages.
 *
 * ```ts
 * pluginsText('en', 'pl.actionsOf', 'email'); // 'Actions of email'
 * ```
 */
import { messagesOf } from '$lib/i18n';

const MESSAGES = {
  'nav.plugins': { 'zh-Hant': '外掛', 'zh-Hans': '插件', en: 'Plugins' },
  'pl.title': { 'zh-Hant': '外掛', 'zh-Hans': '插件', en: 'Plugins' },
  'pl.intro': {
    'zh-Hant':
      '引擎載入的外掛、其動作與狀態；在此設定各外掛的組態與密鑰（密鑰只能設定或清除，不會顯示）。',
    'zh-Hans':
      '引擎加载的插件、其动作与状态；在此设置各插件的配置与密钥（密钥只能设置或清除，不会显示）。',
    en: 'The plugins the engine loaded, their actions and state; set each plugin’s configuration and secrets here (secrets can be set or cleared, never shown).',
  },
  'pl.loaded': { 'zh-Hant': '已載入的外掛', 'zh-Hans': '已加载的插件', en: 'Loaded plugins' },
  'pl.name': { 'zh-Hant': '名稱', 'zh-Hans': '名称', en: 'Name' },
  'pl.version': { 'zh-Hant': '版本', 'zh-Hans': '版本', en: 'Version' },
  'pl.state': { 'zh-Hant': '狀態', 'zh-Hans': '状态', en: 'State' },
  'pl.actions': { 'zh-Hant': '動作', 'zh-Hans': '动作', en: 'Actions' },
  'pl.configured': { 'zh-Hant': '已設定', 'zh-Hans': '已设置', en: 'Configured' },
  'pl.notConfigured': { 'zh-Hant': '未設定', 'zh-Hans': '未设置', en: 'Not configured' },
  'pl.open': {
    'zh-Hant': (n: string) => `開啟外掛 ${n}`,
    'zh-Hans': (n: string) => `打开插件 ${n}`,
    en: (n: string) => `Open plugin ${n}`,
  },
  'pl.refused': { 'zh-Hant': '未載入的外掛', 'zh-Hans': '未加载的插件', en: 'Refused plugins' },
  'pl.refusedIntro': {
    'zh-Hant': '以下外掛的清單檔或程式有誤，引擎拒絕載入；其他外掛不受影響。',
    'zh-Hans': '以下插件的清单档或程序有误，引擎拒绝加载；其他插件不受影响。',
    en: 'The engine refused these plugins: their manifest or code is wrong. The others loaded.',
  },
  'pl.file': { 'zh-Hant': '檔案', 'zh-Hans': '文件', en: 'File' },
  'pl.where': { 'zh-Hant': '位置', 'zh-Hans': '位置', en: 'Where' },
  'pl.problem': { 'zh-Hant': '問題', 'zh-Hans': '问题', en: 'Problem' },
  'pl.health': { 'zh-Hant': '健康狀態', 'zh-Hans': '健康状态', en: 'Health' },
  'pl.healthOk': {
    'zh-Hant': '已載入，組態與密鑰完整，可以執行。',
    'zh-Hans': '已加载，配置与密钥完整，可以执行。',
    en: 'Loaded; its configuration and secrets are complete: it can run.',
  },
  'pl.healthMissing': {
    'zh-Hant': '已載入，但組態或密鑰不完整：呼叫它的步驟會成為異常，直到補齊：',
    'zh-Hans': '已加载，但配置或密钥不完整：调用它的步骤会成为异常，直到补齐：',
    en: 'Loaded, but its configuration or secrets are incomplete: steps calling it become incidents until these are fixed:',
  },
  'pl.actionsOf': {
    'zh-Hant': (n: string) => `${n} 的動作`,
    'zh-Hans': (n: string) => `${n} 的动作`,
    en: (n: string) => `Actions of ${n}`,
  },
  'pl.action': {
    'zh-Hant': '動作（服務任務填寫）',
    'zh-Hans': '动作（服务任务填写）',
    en: 'Action (as a service task names it)',
  },
  'pl.description': { 'zh-Hant': '說明', 'zh-Hans': '说明', en: 'Description' },
  'pl.idempotent': { 'zh-Hant': '可安全重試', 'zh-Hans': '可安全重试', en: 'Idempotent' },
  'pl.yes': { 'zh-Hant': '是', 'zh-Hans': '是', en: 'Yes' },
  'pl.no': { 'zh-Hant': '否', 'zh-Hans': '否', en: 'No' },
  'pl.events': { 'zh-Hant': '接收的事件', 'zh-Hans': '接收的事件', en: 'Events it receives' },
  'pl.noEvents': { 'zh-Hant': '無', 'zh-Hans': '无', en: 'None' },
  'pl.config': { 'zh-Hant': '組態', 'zh-Hans': '配置', en: 'Configuration' },
  'pl.noConfig': {
    'zh-Hant': '此外掛沒有組態。',
    'zh-Hans': '此插件没有配置。',
    en: 'This plugin has no configuration.',
  },
  'pl.saveConfig': { 'zh-Hant': '儲存組態', 'zh-Hans': '保存配置', en: 'Save the configuration' },
  'pl.configSaved': {
    'zh-Hant': '組態已儲存。',
    'zh-Hans': '配置已保存。',
    en: 'Configuration saved.',
  },
  'pl.secrets': { 'zh-Hant': '密鑰', 'zh-Hans': '密钥', en: 'Secrets' },
  'pl.secretsIntro': {
    'zh-Hant': '密鑰加密保存，不會顯示；輸入新值以設定，或勾選清除。留空的欄位不變。',
    'zh-Hans': '密钥加密保存，不会显示；输入新值以设置，或勾选清除。留空的字段不变。',
    en: 'Secrets are stored encrypted and never shown: type a new value to set one, or tick Clear. Empty fields stay as they are.',
  },
  'pl.noSecrets': {
    'zh-Hant': '此外掛沒有密鑰。',
    'zh-Hans': '此插件没有密钥。',
    en: 'This plugin has no secrets.',
  },
  'pl.isSet': { 'zh-Hant': '已設定', 'zh-Hans': '已设置', en: 'set' },
  'pl.isNotSet': { 'zh-Hant': '未設定', 'zh-Hans': '未设置', en: 'not set' },
  'pl.clear': { 'zh-Hant': '清除', 'zh-Hans': '清除', en: 'Clear' },
  'pl.saveSecrets': { 'zh-Hant': '儲存密鑰', 'zh-Hans': '保存密钥', en: 'Save the secrets' },
  'pl.secretsSaved': {
    'zh-Hant': '密鑰已更新。',
    'zh-Hans': '密钥已更新。',
    en: 'Secrets updated.',
  },
  'pl.nothingToSave': {
    'zh-Hant': '沒有要變更的密鑰。',
    'zh-Hans': '没有要变更的密钥。',
    en: 'No secret to change.',
  },
  'pl.required': { 'zh-Hant': '必填', 'zh-Hans': '必填', en: 'required' },
  'pl.other': { 'zh-Hant': '其他', 'zh-Hans': '其他', en: 'Other' },
  'pl.invalidJson': {
    'zh-Hant': '不是有效的 JSON。',
    'zh-Hans': '不是有效的 JSON。',
    en: 'Not valid JSON.',
  },
  'pl.refusedSave': {
    'zh-Hant': '引擎拒絕了這些值，請修正標示的欄位。',
    'zh-Hans': '引擎拒绝了这些值，请修正标示的字段。',
    en: 'The engine refused these values: fix the marked fields.',
  },
  'pl.reload': { 'zh-Hant': '重新載入外掛', 'zh-Hans': '重新加载插件', en: 'Reload plugins' },
  'pl.reloadHelp': {
    'zh-Hant':
      '外掛資料夾或套件更新後，不必重新啟動引擎：每部引擎重新讀取外掛，變更的外掛在新的工作執行緒中啟動。',
    'zh-Hans':
      '插件文件夹或套件更新后，不必重新启动引擎：每部引擎重新读取插件，变更的插件在新的工作线程中启动。',
    en: 'After a plugin’s folder or package changed, no restart is needed: every engine reads its plugins again, and a changed plugin starts in a new worker thread.',
  },
  'pl.reloaded': {
    'zh-Hant': (list: string) => `已重新載入：${list}。`,
    'zh-Hans': (list: string) => `已重新加载：${list}。`,
    en: (list: string) => `Reloaded: ${list}.`,
  },
  'pl.test': { 'zh-Hant': '測試連線', 'zh-Hans': '测试连接', en: 'Test connection' },
  'pl.testing': { 'zh-Hant': '測試中…', 'zh-Hans': '测试中…', en: 'Testing…' },
  'pl.testOk': {
    'zh-Hant': (message: string, ms: string) => `連線成功（${ms} 毫秒）：${message}`,
    'zh-Hans': (message: string, ms: string) => `连接成功（${ms} 毫秒）：${message}`,
    en: (message: string, ms: string) => `Connected (${ms} ms): ${message}`,
  },
  'pl.testFailed': {
    'zh-Hant': (message: string) => `連線失敗：${message}`,
    'zh-Hans': (message: string) => `连接失败：${message}`,
    en: (message: string) => `Connection failed: ${message}`,
  },
  'pl.none': {
    'zh-Hant': '引擎沒有載入任何外掛。',
    'zh-Hans': '引擎没有加载任何插件。',
    en: 'The engine loaded no plugin.',
  },
} as const;

export type PluginsTextKey = keyof typeof MESSAGES;
export const pluginsText = messagesOf(MESSAGES);
