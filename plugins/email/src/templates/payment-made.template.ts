/** The claim is paid: the amount (from fen), the date and, if given, the account's last digits. */
import { facts, type Bilingual } from '../notice.ts';
import type { PaymentMadeParams } from '../types.generated.ts';
import { date, money } from './format.ts';

export function paymentMade(p: PaymentMadeParams): Bilingual {
  return {
    'zh-Hant': {
      subject: `賠款已支付（案號 ${p.claimNo}）`,
      blocks: [
        { kind: 'paragraph', text: `${p.customerName} 您好：` },
        { kind: 'paragraph', text: `您的理賠案件（案號 ${p.claimNo}）賠款已支付：` },
        ...facts(
          ['賠付金額', money(p.amountFen, 'zh-Hant')],
          ['支付日期', date(p.paidOn, 'zh-Hant')],
          ['收款帳戶', p.accountLast4 && `尾號 ${p.accountLast4}`],
        ),
        { kind: 'paragraph', text: '到帳時間以銀行為準。如有疑問，請直接回覆本郵件。' },
      ],
    },
    en: {
      subject: `Claim ${p.claimNo} paid`,
      blocks: [
        { kind: 'paragraph', text: `Dear ${p.customerName},` },
        { kind: 'paragraph', text: `We have paid your claim ${p.claimNo}:` },
        ...facts(
          ['Amount', money(p.amountFen, 'en')],
          ['Paid on', date(p.paidOn, 'en')],
          ['To account', p.accountLast4 && `ending ${p.accountLast4}`],
        ),
        {
          kind: 'paragraph',
          text: 'When it reaches your account depends on your bank. Reply to this email with any question.',
        },
      ],
    },
  };
}
