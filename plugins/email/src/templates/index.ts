/**
 * The named templates. Each is a plain function from its params (typed from plugin.json) to the
 * notice in both languages; `noticeFor` picks one by the input's `template`.
 *
 * @example
 *   render(noticeFor({ template: 'claim-refused', params, to, lang: 'en' }), 'en');
 */
import type { Bilingual } from '../notice.ts';
import type { SendInput } from '../types.generated.ts';
import { claimRefused } from './claim-refused.template.ts';
import { complaintDecision } from './complaint-decision.template.ts';
import { documentsMissing } from './documents-missing.template.ts';
import { paymentMade } from './payment-made.template.ts';
import { visitReminder } from './visit-reminder.template.ts';

export function noticeFor(input: SendInput): Bilingual {
  switch (input.template) {
    case 'documents-missing':
      return documentsMissing(input.params);
    case 'claim-refused':
      return claimRefused(input.params);
    case 'payment-made':
      return paymentMade(input.params);
    case 'complaint-decision':
      return complaintDecision(input.params);
    case 'visit-reminder':
      return visitReminder(input.params);
  }
}
