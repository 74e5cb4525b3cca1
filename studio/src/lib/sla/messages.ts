/** The SLA editor's own texts for its pickers, in Traditional Chinese and English. */
import { messagesOf, type Lang, type Text } from '../i18n/own-messages';

const MESSAGES = {
  unknownProcess: {
    'zh-Hant': (id: string) => `引擎沒有流程 ${id}`,
    en: (id: string) => `The engine has no process ${id}`,
  },
  unknownCalendar: {
    'zh-Hant': (id: string) => `引擎沒有行事曆 ${id}`,
    en: (id: string) => `The engine has no calendar ${id}`,
  },
  unknownVersion: {
    'zh-Hant': (versions: string) => `沒有此版本；現有版本：${versions}`,
    en: (versions: string) => `No such version; there are: ${versions}`,
  },
  versions: {
    'zh-Hant': (list: string) => `版本 ${list}`,
    en: (list: string) => `versions ${list}`,
  },
} satisfies Record<string, Record<Lang, Text>>;

export const slaText = messagesOf(MESSAGES);
