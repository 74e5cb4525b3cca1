/**
 * The named texts, each in Traditional Chinese and English. A text is short and carries no
 * reasons or personal details beyond the claim or policy number: the written notice has those. The
 * sender's registered signature leads every text as 【sender】, as mainland gateways require.
 *
 * @example
 *   textFor({ template: 'claim-decision', lang: 'en', mobile, params: { claimNo: 'C-1', decision: 'approved' } }, '安康保險');
 *   // '【安康保險】Your claim C-1 has been approved. The payment will follow shortly.'
 */
import type { SendInput } from './types.generated.ts';

type Lang = SendInput['lang'];
type Texts<P> = Record<Lang, (p: P) => string>;
type ParamsOf<T extends SendInput['template']> = Extract<SendInput, { template: T }>['params'];

/** 123456 fen -> '1,234.56' (integer arithmetic, grouped thousands). */
function yuan(fen: number): string {
  return `${Math.trunc(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** '2026-03-05' -> 2026年3月5日 / 5 Mar 2026. */
function day(iso: string, lang: Lang): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return lang === 'zh-Hant' ? `${y}年${m}月${d}日` : `${d} ${MONTHS[m - 1]} ${y}`;
}

const documentsMissing: Texts<ParamsOf<'documents-missing'>> = {
  'zh-Hant': (p) =>
    `您的理賠申請（案號 ${p.claimNo}）尚欠以下文件：${p.documents.join('、')}。` +
    `${p.dueDate ? `請於${day(p.dueDate, 'zh-Hant')}前補交。` : '請盡快補交。'}` +
    `${p.trackingLink ? `請在此逐項上傳：${p.trackingLink}` : ''}`,
  en: (p) =>
    `Your claim ${p.claimNo} is missing: ${p.documents.join(', ')}. ` +
    `${p.dueDate ? `Please send them by ${day(p.dueDate, 'en')}.` : 'Please send them soon.'}` +
    `${p.trackingLink ? ` Upload each one here: ${p.trackingLink}` : ''}`,
};

const claimDecision: Texts<ParamsOf<'claim-decision'>> = {
  'zh-Hant': (p) =>
    p.decision === 'approved'
      ? `您的理賠申請（案號 ${p.claimNo}）已獲批核，賠款將盡快支付。`
      : `您的理賠申請（案號 ${p.claimNo}）未獲批核，理由請見寄給您的書面通知。`,
  en: (p) =>
    p.decision === 'approved'
      ? `Your claim ${p.claimNo} has been approved. The payment will follow shortly.`
      : `Your claim ${p.claimNo} was not approved. The written notice sent to you gives the reasons.`,
};

const paymentMade: Texts<ParamsOf<'payment-made'>> = {
  'zh-Hant': (p) =>
    `您的理賠（案號 ${p.claimNo}）賠款人民幣 ${yuan(p.amountFen)} 元已於${day(p.paidOn, 'zh-Hant')}支付，到帳時間以銀行為準。`,
  en: (p) =>
    `We paid CNY ${yuan(p.amountFen)} for your claim ${p.claimNo} on ${day(p.paidOn, 'en')}. When it arrives depends on your bank.`,
};

const renewalReminder: Texts<ParamsOf<'renewal-reminder'>> = {
  'zh-Hant': (p) =>
    `您的${p.productName ? `「${p.productName}」` : ''}保單（保單號碼 ${p.policyNo}）將於${day(p.expiryDate, 'zh-Hant')}到期。` +
    `如需續保或不再續保，請經客戶服務平台答覆，或致電客服熱線。`,
  en: (p) =>
    `Your ${p.productName ? `${p.productName} ` : ''}policy ${p.policyNo} expires on ${day(p.expiryDate, 'en')}. ` +
    `Please tell us through the customer portal or our hotline whether you wish to renew.`,
};

/** The text to send: the signature, then the template in the input's language. */
export function textFor(input: SendInput, sender: string): string {
  const body = (() => {
    switch (input.template) {
      case 'documents-missing':
        return documentsMissing[input.lang](input.params);
      case 'claim-decision':
        return claimDecision[input.lang](input.params);
      case 'payment-made':
        return paymentMade[input.lang](input.params);
      case 'renewal-reminder':
        return renewalReminder[input.lang](input.params);
    }
  })();
  return `【${sender}】${body}`;
}
