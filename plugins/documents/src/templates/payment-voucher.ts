/**
 * 賠款支付憑證: what was paid on a claim, to whom and when; the amount in yuan and in Chinese
 * capitals, the payee's bank account masked to its first and last characters.
 */
import type { PaymentVoucherParams } from '../types.generated.ts';
import { capitals, dateTime, maskAccount, yuan } from '../format.ts';
import type { Text } from '../writer.ts';
import type { Template } from './template.ts';

export const paymentVoucher: Template<PaymentVoucherParams> = {
  title: { 'zh-Hant': '賠款支付憑證', en: 'Claim Payment Voucher' },
  reference: (p) => p.claimNumber,
  write(p, w, { companyName, timeZone }) {
    const paidAt = dateTime(p.paidAt, timeZone);
    const bank: [Text, Text][] = p.bankName
      ? [[{ 'zh-Hant': '收款銀行', en: 'Bank' }, p.bankName]]
      : [];
    w.rows([
      [{ 'zh-Hant': '賠案編號', en: 'Claim number' }, p.claimNumber],
      [{ 'zh-Hant': '收款人', en: 'Payee' }, p.payee],
      [
        { 'zh-Hant': '支付金額', en: 'Amount paid' },
        { 'zh-Hant': `人民幣 ${yuan(p.amount)} 元`, en: `CNY ${yuan(p.amount)}` },
      ],
      [{ 'zh-Hant': '金額大寫', en: 'In Chinese capitals' }, `人民幣${capitals(p.amount)}`],
      ...bank,
      [{ 'zh-Hant': '收款帳號', en: 'Account number' }, maskAccount(p.bankAccount)],
      [{ 'zh-Hant': '支付時間', en: 'Paid at' }, paidAt],
    ]);
    w.paragraph({
      'zh-Hant': '上述賠款已轉入收款人帳戶。如金額有誤或未收到款項，請與本公司聯絡並提供賠案編號。',
      en: 'The amount above has been transferred to the payee’s account. If it is wrong or has not arrived, please contact us with the claim number.',
    });
    w.sign([companyName, paidAt]);
  },
};
