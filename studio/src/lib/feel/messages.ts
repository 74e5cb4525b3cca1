/** The FEEL input's own texts (its suggestion list), in Traditional Chinese and English. */
import { messagesOf, type Lang, type Text } from '$lib/i18n';

export type { Lang };

const MESSAGES = {
  suggestions: { 'zh-Hant': '建議', 'zh-Hans': '建议', en: 'Suggestions' },
  hint: {
    'zh-Hant': '輸入名稱或按 Ctrl+空白鍵顯示變數與函式；方向鍵選擇，Enter 或 Tab 接受，Esc 關閉。',
    'zh-Hans': '输入名称或按 Ctrl+空白键显示变量与函数；方向键选择，Enter 或 Tab 接受，Esc 关闭。',
    en: 'Type a name or press Ctrl+Space for variables and functions; arrow keys choose, Enter or Tab accepts, Escape closes.',
  },
  count: {
    'zh-Hant': (n: string) => `${n} 個建議`,
    'zh-Hans': (n: string) => `${n} 个建议`,
    en: (n: string) => (n === '1' ? '1 suggestion' : `${n} suggestions`),
  },
} satisfies Record<string, Record<Lang, Text>>;

export const feelText = messagesOf(MESSAGES);
