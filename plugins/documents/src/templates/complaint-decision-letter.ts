/**
 * 投訴處理決定書: the decision on a complaint with its reasons, and the complainant's right to
 * ask for a review (核查) within 30 days, answered within 30 days (CBIRC order 2020 no. 3).
 */
import type { ComplaintDecisionLetterParams } from '../types.generated.ts';
import { date } from '../format.ts';
import type { Template } from './template.ts';

export const complaintDecisionLetter: Template<ComplaintDecisionLetterParams> = {
  title: { 'zh-Hant': '投訴處理決定書', en: 'Complaint Decision Letter' },
  reference: (p) => p.complaintNumber,
  write(p, w, { companyName }) {
    const days = p.reviewWithinDays ?? 30;
    w.rows([
      [{ 'zh-Hant': '投訴編號', en: 'Complaint number' }, p.complaintNumber],
      [{ 'zh-Hant': '投訴人', en: 'Complainant' }, p.complainant],
      [{ 'zh-Hant': '決定日期', en: 'Date of decision' }, date(p.decisionDate)],
    ]);
    w.paragraph({
      'zh-Hant': `${p.complainant}：本公司已就您的投訴進行調查核實，現將處理決定及理由告知如下。`,
      en: `Dear ${p.complainant}, we have looked into your complaint. Our decision and the reasons for it follow.`,
    });
    w.heading({ 'zh-Hant': '處理決定', en: 'Decision' });
    w.paragraph(p.decision);
    w.heading({ 'zh-Hant': '理由', en: 'Reasons' });
    w.list(p.reasons);
    w.heading({ 'zh-Hant': '申請核查的權利', en: 'Your right to a review' });
    w.paragraph({
      'zh-Hant': `如對本處理決定有異議，您可於收到本決定書之日起 ${days} 日內向本公司申請核查，本公司將於收到申請之日起 30 日內答覆；您亦可向銀行保險監督管理機構反映，或向依法設立的調解組織申請調解。`,
      en: `If you disagree with this decision, you may ask us to review it within ${days} days of receiving this letter; we will answer within 30 days of receiving your request. You may also turn to the banking and insurance regulator, or ask a lawfully established mediation body to mediate.`,
    });
    w.sign([companyName, date(p.decisionDate)]);
  },
};
