/**
 * The decision on a complaint (within 15 days of receipt), with the complainant's right to ask
 * for a review (核查), answered within 30 days (銀行保險機構消費投訴處理管理辦法).
 */
import { facts, type Bilingual, type Block } from '../notice.ts';
import type { ComplaintDecisionParams } from '../types.generated.ts';
import { date } from './format.ts';

export function complaintDecision(p: ComplaintDecisionParams): Bilingual {
  const reasons = (intro: string): Block[] =>
    p.reasons?.length
      ? [
          { kind: 'paragraph', text: intro },
          { kind: 'list', items: p.reasons },
        ]
      : [];
  return {
    'zh-Hant': {
      subject: `投訴處理決定（編號 ${p.complaintNo}）`,
      blocks: [
        { kind: 'paragraph', text: `${p.customerName} 您好：` },
        { kind: 'paragraph', text: `關於您的投訴（編號 ${p.complaintNo}），本公司處理決定如下：` },
        { kind: 'paragraph', text: p.decision },
        ...reasons('理由：'),
        ...facts(['決定日期', p.decidedOn && date(p.decidedOn, 'zh-Hant')]),
        {
          kind: 'paragraph',
          text: '如您對處理決定有異議，可向本公司申請核查，本公司將於 30 日內答覆。',
        },
      ],
    },
    en: {
      subject: `Decision on your complaint ${p.complaintNo}`,
      blocks: [
        { kind: 'paragraph', text: `Dear ${p.customerName},` },
        { kind: 'paragraph', text: `We have decided on your complaint ${p.complaintNo}:` },
        { kind: 'paragraph', text: p.decision },
        ...reasons('Reasons:'),
        ...facts(['Decided on', p.decidedOn && date(p.decidedOn, 'en')]),
        {
          kind: 'paragraph',
          text: 'If you disagree with this decision you may ask us for a review; we will answer within 30 days.',
        },
      ],
    },
  };
}
