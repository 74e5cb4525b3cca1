/**
 * Insurance Law art. 22: when the proof supplied is incomplete, the insurer tells the claimant
 * at once and in ONE notice everything that is still missing. So the template takes the whole
 * list and renders every document in the same mail.
 */
import type { Bilingual } from '../notice.ts';
import type { DocumentsMissingParams } from '../types.generated.ts';
import { date } from './format.ts';

export function documentsMissing(p: DocumentsMissingParams): Bilingual {
  const item = (open: string, close: string) =>
    p.documents.map((d) => (d.note ? `${d.name}${open}${d.note}${close}` : d.name));
  return {
    'zh-Hant': {
      subject: `補充理賠資料通知（案號 ${p.claimNo}）`,
      blocks: [
        { kind: 'paragraph', text: `${p.customerName} 您好：` },
        {
          kind: 'paragraph',
          text: `就您的理賠申請（案號 ${p.claimNo}），依《中華人民共和國保險法》第二十二條，本公司一次性通知您尚需補充的全部資料如下：`,
        },
        { kind: 'list', items: item('（', '）') },
        ...(p.trackingLink
          ? [
              {
                kind: 'link' as const,
                text: '請在您的私人查詢頁逐項上傳（請勿轉發此連結）：',
                href: p.trackingLink,
              },
            ]
          : []),
        {
          kind: 'paragraph',
          text: p.dueDate ? `請於 ${date(p.dueDate, 'zh-Hant')} 前提供。` : '請盡快提供。',
        },
        {
          kind: 'paragraph',
          text: '資料齊全後，本公司將及時核定。如有疑問，請直接回覆本郵件。',
        },
      ],
    },
    en: {
      subject: `Documents needed for your claim ${p.claimNo}`,
      blocks: [
        { kind: 'paragraph', text: `Dear ${p.customerName},` },
        {
          kind: 'paragraph',
          text: `For your claim ${p.claimNo}, under Article 22 of the Insurance Law of the People's Republic of China, this one notice lists every document we still need:`,
        },
        { kind: 'list', items: item(' (', ')') },
        ...(p.trackingLink
          ? [
              {
                kind: 'link' as const,
                text: 'Upload each one on your private tracking page (do not forward this link):',
                href: p.trackingLink,
              },
            ]
          : []),
        {
          kind: 'paragraph',
          text: p.dueDate
            ? `Please send them by ${date(p.dueDate, 'en')}.`
            : 'Please send them as soon as you can.',
        },
        {
          kind: 'paragraph',
          text: 'Once they are complete we will assess your claim promptly. Reply to this email with any question.',
        },
      ],
    },
  };
}
