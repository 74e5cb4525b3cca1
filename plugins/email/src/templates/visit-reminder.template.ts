/** Announces a follow-up visit (e.g. the new-policy visit inside the cooling-off period). */
import type { Bilingual } from '../notice.ts';
import type { VisitReminderParams } from '../types.generated.ts';
import { dateTime } from './format.ts';

export function visitReminder(p: VisitReminderParams): Bilingual {
  return {
    'zh-Hant': {
      subject: `回訪提醒（保單號 ${p.policyNo}）`,
      blocks: [
        { kind: 'paragraph', text: `${p.customerName} 您好：` },
        {
          kind: 'paragraph',
          text: `本公司將於 ${dateTime(p.visitAt, 'zh-Hant')} 就您的保單（保單號 ${p.policyNo}）與您聯繫回訪${p.purpose ? `：${p.purpose}` : '，確認您已收到並了解保單內容'}。`,
        },
        { kind: 'paragraph', text: '屆時請留意來電。如需改期，請直接回覆本郵件。' },
      ],
    },
    en: {
      subject: `Follow-up visit for policy ${p.policyNo}`,
      blocks: [
        { kind: 'paragraph', text: `Dear ${p.customerName},` },
        {
          kind: 'paragraph',
          text: `We will contact you on ${dateTime(p.visitAt, 'en')} about your policy ${p.policyNo}${p.purpose ? `: ${p.purpose}` : ', to confirm that you received it and understand it'}.`,
        },
        {
          kind: 'paragraph',
          text: 'Please look out for our call. To move the appointment, reply to this email.',
        },
      ],
    },
  };
}
