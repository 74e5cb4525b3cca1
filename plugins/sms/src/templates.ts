/**
 * The named texts, each in Traditional Chinese and English, some also in Simplified Chinese. In
 * zh-Hans a template's own Simplified text wins; a template without one sends its zh-Hant text
 * converted phrase by phrase by the engine's converter (the one definitions are read through:
 * 理賠 → 理赔, 到帳 → 到账), params included, so a name or a document written in Traditional
 * characters reaches a mainland customer in Simplified ones. The sender's signature is the
 * registered one and is never converted. A text is short and carries no
 * reasons or personal details beyond the claim or policy number: the written notice has those. The
 * sender's registered signature leads every text as 【sender】, as mainland gateways require.
 *
 * @example
 *   textFor({ template: 'claim-decision', lang: 'en', mobile, params: { claimNo: 'C-1', decision: 'approved' } }, '安康保險');
 *   // '【安康保險】Your claim C-1 has been approved. The payment will follow shortly.'
 */
import { toSimplified } from '@caseway/plugin-sdk/locale';
import type { SendInput } from './types.generated.ts';

type Lang = SendInput['lang'];
/** zh-Hant and en always; zh-Hans where the converted zh-Hant would not be what a mainland reader expects. */
type Texts<P> = Record<'zh-Hant' | 'en', (p: P) => string> & { 'zh-Hans'?: (p: P) => string };
type ParamsOf<T extends SendInput['template']> = Extract<SendInput, { template: T }>['params'];

/** 123456 fen -> '1,234.56' (integer arithmetic, grouped thousands). */
function yuan(fen: number): string {
  return `${Math.trunc(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** '2026-03-05' -> 2026年3月5日 / 5 Mar 2026. */
function day(iso: string, lang: Lang): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return lang !== 'en' ? `${y}年${m}月${d}日` : `${d} ${MONTHS[m - 1]} ${y}`;
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
  // 批核 is Hong Kong and Taiwan usage; the mainland approves a claim with 批准
  'zh-Hans': (p) =>
    p.decision === 'approved'
      ? `您的理赔申请（案号 ${p.claimNo}）已获批准，赔款将尽快支付。`
      : `您的理赔申请（案号 ${p.claimNo}）未获批准，理由请见寄给您的书面通知。`,
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

/** One template's text in `lang`: its own, or in zh-Hans its zh-Hant text converted. */
function say<P>(texts: Texts<P>, lang: Lang, params: P): string {
  if (lang !== 'zh-Hans') return texts[lang](params);
  return texts['zh-Hans']?.(params) ?? toSimplified(texts['zh-Hant'](params));
}

/** The text to send: the signature, then the template in the input's language. */
export function textFor(input: SendInput, sender: string): string {
  const body = (() => {
    switch (input.template) {
      case 'documents-missing':
        return say(documentsMissing, input.lang, input.params);
      case 'claim-decision':
        return say(claimDecision, input.lang, input.params);
      case 'payment-made':
        return say(paymentMade, input.lang, input.params);
      case 'renewal-reminder':
        return say(renewalReminder, input.lang, input.params);
    }
  })();
  return `【${sender}】${body}`;
}
