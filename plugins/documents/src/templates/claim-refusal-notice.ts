/**
 * 拒絕理賠通知書: the refusal of a claim with its reasons (Insurance Law art. 24: sent with
 * reasons within 3 days of the decision) and the claimant's rights to a review, a complaint to
 * the regulator, arbitration or a lawsuit.
 */
import type { ClaimRefusalNoticeParams } from '../types.generated.ts';
import { date } from '../format.ts';
import type { Template } from './template.ts';

export const claimRefusalNotice: Template<ClaimRefusalNoticeParams> = {
  title: { 'zh-Hant': '拒絕理賠通知書', en: 'Notice of Claim Refusal' },
  reference: (p) => p.claimNumber,
  write(p, w, { companyName }) {
    const days = p.reviewWithinDays ?? 30;
    w.rows([
      [{ 'zh-Hant': '賠案編號', en: 'Claim number' }, p.claimNumber],
      [{ 'zh-Hant': '索賠人', en: 'Claimant' }, p.claimant],
      [{ 'zh-Hant': '保單號碼', en: 'Policy number' }, p.policyNumber],
      [{ 'zh-Hant': '決定日期', en: 'Date of decision' }, date(p.decisionDate)],
    ]);
    w.paragraph({
      'zh-Hant': `${p.claimant}：本公司已審核您就上述保單提出的理賠申請，經核定不屬於保險責任，決定拒絕賠付。依《中華人民共和國保險法》第二十四條，現將拒賠理由通知如下。`,
      en: `Dear ${p.claimant}, we have examined your claim under the policy above and found that it is not covered, so we refuse it. As article 24 of the Insurance Law of the PRC requires, we set out our reasons below.`,
    });
    w.heading({ 'zh-Hant': '拒賠理由', en: 'Reasons' });
    w.list(p.reasons);
    w.heading({ 'zh-Hant': '您的權利', en: 'Your rights' });
    w.paragraph({
      'zh-Hant': `如對本決定有異議，您可於收到本通知之日起 ${days} 日內向本公司書面申請複核，並提供補充的證明和資料；亦可向國家金融監督管理總局或其派出機構投訴，或依法申請仲裁、向人民法院提起訴訟。`,
      en: `If you disagree with this decision, you may ask us in writing for a review within ${days} days of receiving this notice, with any further proof and documents. You may also complain to the National Financial Regulatory Administration or its local office, or take the dispute to arbitration or to a people's court as the law provides.`,
    });
    w.sign([companyName, date(p.decisionDate)]);
  },
};
