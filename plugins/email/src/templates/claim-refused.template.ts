/** Insurance Law art. 24: a refusal is notified in writing with its reasons (within 3 days). */
import { facts, type Bilingual } from '../notice.ts';
import type { ClaimRefusedParams } from '../types.generated.ts';
import { date } from './format.ts';

export function claimRefused(p: ClaimRefusedParams): Bilingual {
  return {
    'zh-Hant': {
      subject: `拒絕賠付通知（案號 ${p.claimNo}）`,
      blocks: [
        { kind: 'paragraph', text: `${p.customerName} 您好：` },
        {
          kind: 'paragraph',
          text: `經審核，您的理賠申請（案號 ${p.claimNo}）不屬於保險責任範圍，本公司決定拒絕賠付，理由如下：`,
        },
        { kind: 'list', items: p.reasons },
        ...facts(['決定日期', p.decidedOn && date(p.decidedOn, 'zh-Hant')]),
        {
          kind: 'paragraph',
          text: '依《中華人民共和國保險法》第二十四條，特此書面通知並說明理由。如您對本決定有異議，請回覆本郵件或致電本公司客服。',
        },
      ],
    },
    en: {
      subject: `Claim ${p.claimNo} refused`,
      blocks: [
        { kind: 'paragraph', text: `Dear ${p.customerName},` },
        {
          kind: 'paragraph',
          text: `We have assessed your claim ${p.claimNo} and found it outside the cover of your policy, so we refuse to pay it, for these reasons:`,
        },
        { kind: 'list', items: p.reasons },
        ...facts(['Decided on', p.decidedOn && date(p.decidedOn, 'en')]),
        {
          kind: 'paragraph',
          text: "This written notice with its reasons is given under Article 24 of the Insurance Law of the People's Republic of China. If you disagree with the decision, reply to this email or call our customer service.",
        },
      ],
    },
  };
}
