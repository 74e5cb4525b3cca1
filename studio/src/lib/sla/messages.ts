/** The SLA editor's own texts for its pickers, in Traditional Chinese and English. */
import { messagesOf, type Lang, type Text } from '$lib/i18n';

const MESSAGES = {
  unknownProcess: {
    'zh-Hant': (id: string) => `引擎沒有流程 ${id}`,
    'zh-Hans': (id: string) => `引擎没有流程 ${id}`,
    en: (id: string) => `The engine has no process ${id}`,
  },
  unknownCalendar: {
    'zh-Hant': (id: string) => `引擎沒有行事曆 ${id}`,
    'zh-Hans': (id: string) => `引擎没有日历 ${id}`,
    en: (id: string) => `The engine has no calendar ${id}`,
  },
  unknownVersion: {
    'zh-Hant': (versions: string) => `沒有此版本；現有版本：${versions}`,
    'zh-Hans': (versions: string) => `没有此版本；现有版本：${versions}`,
    en: (versions: string) => `No such version; there are: ${versions}`,
  },
  badRange: {
    'zh-Hant': (range: string) => `無法讀取「${range}」；請寫 4、>=4、>=4 <7 或 2 || >=4`,
    'zh-Hans': (range: string) => `无法读取「${range}」；请写 4、>=4、>=4 <7 或 2 || >=4`,
    en: (range: string) => `“${range}” is not a range; write 4, >=4, >=4 <7 or 2 || >=4`,
  },
  noVersionCovered: {
    'zh-Hant': (versions: string) => `不涵蓋任何現有版本；現有版本：${versions}`,
    'zh-Hans': (versions: string) => `不涵盖任何现有版本；现有版本：${versions}`,
    en: (versions: string) => `Measures none of the versions there are: ${versions}`,
  },
  rangeHint: {
    'zh-Hant': () => '例如 4（僅第4版）、>=4（第4版及之後各版）、>=4 <7、2 || >=4；留空為所有版本',
    'zh-Hans': () => '例如 4（仅第4版）、>=4（第4版及之后各版）、>=4 <7、2 || >=4；留空为所有版本',
    en: () =>
      'e.g. 4 (version 4 only), >=4 (4 and every later one), >=4 <7, 2 || >=4; empty: every version',
  },
  versions: {
    'zh-Hant': (list: string) => `版本 ${list}`,
    'zh-Hans': (list: string) => `版本 ${list}`,
    en: (list: string) => `versions ${list}`,
  },
} satisfies Record<string, Record<Lang, Text>>;

export const slaText = messagesOf(MESSAGES);
