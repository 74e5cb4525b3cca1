/**
 * The notices `documents/render` knows, by template id.
 *
 * @example
 *   const notice = noticeOf(input); // the template input.template names, bound to input.params
 *   notice.write(writer, { companyName, timeZone });
 */
import type { Bilingual, Writer } from '../writer.ts';
import type { RenderInput } from '../types.generated.ts';
import { claimRefusalNotice } from './claim-refusal-notice.ts';
import { complaintDecisionLetter } from './complaint-decision-letter.ts';
import { paymentVoucher } from './payment-voucher.ts';
import type { Template, TemplateContext } from './template.ts';

export type { Template, TemplateContext } from './template.ts';

/** A template bound to its parameters. */
export interface Notice {
  title: Bilingual;
  /** The claim or complaint number the file is named after. */
  reference: string;
  write(w: Writer, ctx: TemplateContext): void;
}

const bind = <P>(template: Template<P>, params: P): Notice => ({
  title: template.title,
  reference: template.reference(params),
  write: (w, ctx) => template.write(params, w, ctx),
});

/** The template an input names, with the input's (already validated) parameters. */
export function noticeOf(input: RenderInput): Notice {
  switch (input.template) {
    case 'claim-refusal-notice':
      return bind(claimRefusalNotice, input.params);
    case 'payment-voucher':
      return bind(paymentVoucher, input.params);
    case 'complaint-decision-letter':
      return bind(complaintDecisionLetter, input.params);
  }
}
