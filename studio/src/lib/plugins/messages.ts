/**
 * The UI text of the plugins page (administrators), in both languages.
 *
 * ```ts
 * pluginsText('en', 'pl.actionsOf', 'email'); // 'Actions of email'
 * ```
 */
import { messagesOf } from '$lib/i18n/own-messages';

const MESSAGES = {
  'nav.plugins': { 'zh-Hant': '外掛', en: 'Plugins' },
  'pl.title': { 'zh-Hant': '外掛', en: 'Plugins' },
  'pl.intro': {
    'zh-Hant':
      '引擎載入的外掛、其動作與狀態；在此設定各外掛的組態與密鑰（密鑰只能設定或清除，不會顯示）。',
    en: 'The plugins the engine loaded, their actions and state; set each plugin’s configuration and secrets here (secrets can be set or cleared, never shown).',
  },
  'pl.loaded': { 'zh-Hant': '已載入的外掛', en: 'Loaded plugins' },
  'pl.name': { 'zh-Hant': '名稱', en: 'Name' },
  'pl.version': { 'zh-Hant': '版本', en: 'Version' },
  'pl.state': { 'zh-Hant': '狀態', en: 'State' },
  'pl.actions': { 'zh-Hant': '動作', en: 'Actions' },
  'pl.configured': { 'zh-Hant': '已設定', en: 'Configured' },
  'pl.notConfigured': { 'zh-Hant': '未設定', en: 'Not configured' },
  'pl.open': {
    'zh-Hant': (n: string) => `開啟外掛 ${n}`,
    en: (n: string) => `Open plugin ${n}`,
  },
  'pl.refused': { 'zh-Hant': '未載入的外掛', en: 'Refused plugins' },
  'pl.refusedIntro': {
    'zh-Hant': '以下外掛的清單檔或程式有誤，引擎拒絕載入；其他外掛不受影響。',
    en: 'The engine refused these plugins: their manifest or code is wrong. The others loaded.',
  },
  'pl.file': { 'zh-Hant': '檔案', en: 'File' },
  'pl.where': { 'zh-Hant': '位置', en: 'Where' },
  'pl.problem': { 'zh-Hant': '問題', en: 'Problem' },
  'pl.health': { 'zh-Hant': '健康狀態', en: 'Health' },
  'pl.healthOk': {
    'zh-Hant': '已載入，組態與密鑰完整，可以執行。',
    en: 'Loaded; its configuration and secrets are complete: it can run.',
  },
  'pl.healthMissing': {
    'zh-Hant': '已載入，但組態或密鑰不完整：呼叫它的步驟會成為異常，直到補齊：',
    en: 'Loaded, but its configuration or secrets are incomplete: steps calling it become incidents until these are fixed:',
  },
  'pl.actionsOf': {
    'zh-Hant': (n: string) => `${n} 的動作`,
    en: (n: string) => `Actions of ${n}`,
  },
  'pl.action': { 'zh-Hant': '動作（服務任務填寫）', en: 'Action (as a service task names it)' },
  'pl.description': { 'zh-Hant': '說明', en: 'Description' },
  'pl.idempotent': { 'zh-Hant': '可安全重試', en: 'Idempotent' },
  'pl.yes': { 'zh-Hant': '是', en: 'Yes' },
  'pl.no': { 'zh-Hant': '否', en: 'No' },
  'pl.events': { 'zh-Hant': '接收的事件', en: 'Events it receives' },
  'pl.noEvents': { 'zh-Hant': '無', en: 'None' },
  'pl.config': { 'zh-Hant': '組態', en: 'Configuration' },
  'pl.noConfig': { 'zh-Hant': '此外掛沒有組態。', en: 'This plugin has no configuration.' },
  'pl.saveConfig': { 'zh-Hant': '儲存組態', en: 'Save the configuration' },
  'pl.configSaved': { 'zh-Hant': '組態已儲存。', en: 'Configuration saved.' },
  'pl.secrets': { 'zh-Hant': '密鑰', en: 'Secrets' },
  'pl.secretsIntro': {
    'zh-Hant': '密鑰加密保存，不會顯示；輸入新值以設定，或勾選清除。留空的欄位不變。',
    en: 'Secrets are stored encrypted and never shown: type a new value to set one, or tick Clear. Empty fields stay as they are.',
  },
  'pl.noSecrets': { 'zh-Hant': '此外掛沒有密鑰。', en: 'This plugin has no secrets.' },
  'pl.isSet': { 'zh-Hant': '已設定', en: 'set' },
  'pl.isNotSet': { 'zh-Hant': '未設定', en: 'not set' },
  'pl.clear': { 'zh-Hant': '清除', en: 'Clear' },
  'pl.saveSecrets': { 'zh-Hant': '儲存密鑰', en: 'Save the secrets' },
  'pl.secretsSaved': { 'zh-Hant': '密鑰已更新。', en: 'Secrets updated.' },
  'pl.nothingToSave': { 'zh-Hant': '沒有要變更的密鑰。', en: 'No secret to change.' },
  'pl.required': { 'zh-Hant': '必填', en: 'required' },
  'pl.other': { 'zh-Hant': '其他', en: 'Other' },
  'pl.invalidJson': { 'zh-Hant': '不是有效的 JSON。', en: 'Not valid JSON.' },
  'pl.refusedSave': {
    'zh-Hant': '引擎拒絕了這些值，請修正標示的欄位。',
    en: 'The engine refused these values: fix the marked fields.',
  },
  'pl.reload': { 'zh-Hant': '重新載入外掛', en: 'Reload plugins' },
  'pl.reloadHelp': {
    'zh-Hant':
      '外掛資料夾或套件更新後，不必重新啟動引擎：每部引擎重新讀取外掛（只重新匯入主模組）。',
    en: 'After a plugin’s folder or package changed, no restart is needed: every engine reads its plugins again (only their main module is imported afresh).',
  },
  'pl.reloaded': {
    'zh-Hant': (list: string) => `已重新載入：${list}。`,
    en: (list: string) => `Reloaded: ${list}.`,
  },
  'pl.none': { 'zh-Hant': '引擎沒有載入任何外掛。', en: 'The engine loaded no plugin.' },
} as const;

export type PluginsTextKey = keyof typeof MESSAGES;
export const pluginsText = messagesOf(MESSAGES);
