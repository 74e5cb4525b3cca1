/**
 * The documents plugin: `documents/render` draws a notice (claim refusal notice, payment
 * voucher, complaint decision letter) with pdfkit in an embedded CJK font and returns the PDF
 * as base64, so nothing touches the file system besides reading the font.
 *
 * @example
 *   // a service task
 *   { "type": "serviceTask", "action": "documents/render",
 *     "input": { "template": "\"payment-voucher\"", "lang": "\"both\"", "params": "voucher" },
 *     "output": { "voucherPdf": "result" } }
 */
import { readFile } from 'node:fs/promises';
import { PermanentError, definePlugin } from '@caseway/plugin-sdk';
import { checkTimeZone } from './format.ts';
import { noticeOf } from './templates/index.ts';
import type { Types } from './types.generated.ts';
import { RenderError, openWriter, type FontFile } from './writer.ts';

/** Debian's fonts-noto-cjk, and its Traditional Chinese face. */
export const DEFAULT_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const DEFAULT_FONT_NAME = 'NotoSansCJKtc-Regular';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_MAX_BYTES = 2_000_000;

async function fontOf(config: Types['config']): Promise<FontFile> {
  const path = config.fontPath ?? DEFAULT_FONT_PATH;
  try {
    const data = await readFile(path);
    // a face is named in a collection (.ttc); naming one in a single font selects a variation
    const collection = data.subarray(0, 4).toString('latin1') === 'ttcf';
    return { data, name: config.fontName ?? (collection ? DEFAULT_FONT_NAME : undefined) };
  } catch (e) {
    throw new PermanentError(
      `documents: cannot read the font ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); install the Debian package fonts-noto-cjk or set fontPath`,
    );
  }
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

export default definePlugin<Types>({
  actions: {
    async render(input, ctx) {
      const { config } = ctx;
      const lang = input.lang ?? 'both';
      const timeZone = config.timeZone ?? DEFAULT_TIME_ZONE;
      const maxBytes = config.maxBytes ?? DEFAULT_MAX_BYTES;
      try {
        checkTimeZone(timeZone);
      } catch {
        throw new PermanentError(`documents: unknown time zone ${timeZone} in the configuration`);
      }
      const font = await fontOf(config);
      ctx.signal.throwIfAborted();
      const notice = noticeOf(input);
      let rendered;
      try {
        const w = await openWriter({
          font,
          lang,
          title: notice.title,
          companyName: config.companyName,
        });
        notice.write(w, { companyName: config.companyName, timeZone });
        rendered = await w.finish(config.contact);
      } catch (e) {
        if (e instanceof RenderError) throw new PermanentError(`documents: ${e.message}`);
        throw e;
      }
      const { pdf, pages } = rendered;
      if (pdf.length > maxBytes)
        throw new PermanentError(
          `documents: the ${input.template} is ${pdf.length} bytes, more than maxBytes ${maxBytes}`,
        );
      // no parameters in the log: they are personal data
      ctx.logger.info({ template: input.template, lang, size: pdf.length, pages }, 'rendered');
      return {
        fileName: `${input.template}-${safeName(notice.reference)}.pdf`,
        contentType: 'application/pdf',
        size: pdf.length,
        pages,
        base64: pdf.toString('base64'),
      };
    },
  },
});
